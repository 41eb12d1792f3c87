package org.halodse.dse.space;

import java.util.List;
import java.util.Objects;

/**
 * A categorical gene: a name and a number of choices {@code 0 .. choices-1}, optionally labelled.
 * {@code ordered} says the choices have a natural order (a discretized number, a level), which lets
 * mutation also take small steps; categorical genes are only ever reset at random.
 */
public record Gene(String name, int choices, boolean ordered, List<String> labels) {
    public Gene {
        Objects.requireNonNull(name, "name");
        if (choices < 1) throw new IllegalArgumentException("gene " + name + ": choices must be >= 1, got " + choices);
        labels = labels == null ? List.of() : List.copyOf(labels);
        if (!labels.isEmpty() && labels.size() != choices) {
            throw new IllegalArgumentException("gene " + name + ": " + labels.size() + " labels for " + choices + " choices");
        }
    }

    public static Gene categorical(String name, int choices) {
        return new Gene(name, choices, false, List.of());
    }

    public static Gene ordered(String name, int choices) {
        return new Gene(name, choices, true, List.of());
    }

    public String label(int choice) {
        return labels.isEmpty() ? Integer.toString(choice) : labels.get(choice);
    }
}
