package org.halodse.reports;

import java.util.Arrays;
import java.util.Objects;
import org.halodse.dse.pareto.Hypervolume;
import org.halodse.dse.pareto.Normalization;

/**
 * The front's hypervolume with what it was measured against: the reference point (in objective
 * units) and the normalization bounds, in the report's objective order.
 */
public record HypervolumeFigure(double value, double[] referencePoint, double[] normalizationLower, double[] normalizationUpper, String note) {
    public HypervolumeFigure {
        referencePoint = Objects.requireNonNull(referencePoint, "referencePoint").clone();
        normalizationLower = Objects.requireNonNull(normalizationLower, "normalizationLower").clone();
        normalizationUpper = Objects.requireNonNull(normalizationUpper, "normalizationUpper").clone();
        if (referencePoint.length != normalizationLower.length || normalizationLower.length != normalizationUpper.length) {
            throw new IllegalArgumentException("reference point and normalization bounds of different lengths");
        }
        note = note == null ? "" : note;
    }

    /** From dse-core's figure. */
    public static HypervolumeFigure of(Hypervolume.Result r, String note) {
        Normalization n = r.normalization();
        return new HypervolumeFigure(r.value(), r.referencePoint(), n.lower(), n.upper(), note);
    }

    public Normalization normalization() {
        return new Normalization(normalizationLower, normalizationUpper);
    }

    @Override
    public double[] referencePoint() {
        return referencePoint.clone();
    }

    @Override
    public double[] normalizationLower() {
        return normalizationLower.clone();
    }

    @Override
    public double[] normalizationUpper() {
        return normalizationUpper.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HypervolumeFigure h && Double.compare(h.value, value) == 0 && Arrays.equals(h.referencePoint, referencePoint)
                && Arrays.equals(h.normalizationLower, normalizationLower) && Arrays.equals(h.normalizationUpper, normalizationUpper) && h.note.equals(note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, Arrays.hashCode(referencePoint), Arrays.hashCode(normalizationLower), Arrays.hashCode(normalizationUpper), note);
    }

    @Override
    public String toString() {
        return "HypervolumeFigure[value=" + value + ", ref=" + Arrays.toString(referencePoint) + ", lower=" + Arrays.toString(normalizationLower)
                + ", upper=" + Arrays.toString(normalizationUpper) + ", note=" + note + "]";
    }
}
