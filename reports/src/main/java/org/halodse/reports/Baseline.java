package org.halodse.reports;

import java.util.Arrays;
import java.util.Objects;

/** A baseline (e.g. INT8 RTN, halo-bal) on the same chip and workload, in the report's objective order. */
public record Baseline(String name, String description, double[] objectives) {
    public Baseline {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        objectives = Objects.requireNonNull(objectives, "objectives").clone();
    }

    @Override
    public double[] objectives() {
        return objectives.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Baseline b && b.name.equals(name) && b.description.equals(description) && Arrays.equals(b.objectives, objectives);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, Arrays.hashCode(objectives));
    }

    @Override
    public String toString() {
        return "Baseline[name=" + name + ", objectives=" + Arrays.toString(objectives) + "]";
    }
}
