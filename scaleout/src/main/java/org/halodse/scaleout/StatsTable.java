package org.halodse.scaleout;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.proxy.ChannelStats;

/**
 * The calibration statistics a profile task needs, read on the driver and shipped to the executors
 * once (a Spark broadcast): per layer, E[x^2] of every input channel and the per-weight
 * sensitivity when the statistics have one. Small next to the weights (K values per layer), which
 * never leave the executors.
 */
record StatsTable(String identity, Map<String, double[]> meanSquare, Map<String, float[]> sensitivity) implements ChannelStats, Serializable {
    static StatsTable of(List<LinearLayer> layers, ChannelStats stats) {
        Map<String, double[]> ms = new LinkedHashMap<>();
        Map<String, float[]> sens = new LinkedHashMap<>();
        for (LinearLayer l : layers) {
            ms.put(l.name(), stats.meanSquare(l.name(), l.inFeatures()));
            float[] s = stats.sensitivity(l.name(), l.inFeatures(), l.outFeatures());
            if (s != null) sens.put(l.name(), s);
        }
        return new StatsTable(stats.identity(), ms, sens);
    }

    @Override
    public double[] meanSquare(String layer, int inFeatures) {
        double[] m = meanSquare.get(layer);
        if (m == null) throw new IllegalArgumentException("no calibration statistics for layer " + layer);
        return m;
    }

    @Override
    public float[] sensitivity(String layer, int inFeatures, int outFeatures) {
        return sensitivity.get(layer);
    }
}
