package org.halodse.objectives.profile;

import java.util.List;

/** The profile table of one linear layer: one row per option, in the profile's option order. */
public record LayerProfile(String name, int block, String role, int inFeatures, int outFeatures, int sampledRows,
                           List<OptionRow> options) {
}
