package org.halodse.dse.space;

import java.util.Objects;

/** A named objective with its unit. Every objective is minimized (negate a quantity to maximize it). */
public record Objective(String name, String unit) {
    public Objective {
        Objects.requireNonNull(name, "name");
        unit = unit == null ? "" : unit;
    }
}
