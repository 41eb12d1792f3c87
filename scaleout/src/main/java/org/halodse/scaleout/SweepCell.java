package org.halodse.scaleout;

import java.io.Serializable;

/**
 * One cell of a sweep, as shipped to the executor that runs it: its folder name, the axis values
 * that made it, the resolved study as JSON (every default written out) and the hash of that study,
 * which its completion marker must carry for the cell to count as done.
 */
public record SweepCell(String name, String chip, String mac, String model, String studyJson, String studyHash) implements Serializable {
}
