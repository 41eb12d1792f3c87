package org.halodse.objectives.profile;

import java.util.List;
import org.halodse.objectives.proxy.CalibrationCurve;
import org.halodse.objectives.quant.QuantOption;

/**
 * The profile of a model: {@code layers} linear layers times {@code options} options, with the
 * option list, the delay profile's worst delay (the nominal clock's bound), the calibration curve
 * of the proxy when one was fitted, and the per-layer tables. {@code synthetic} models say so.
 */
public record ModelProfile(int format, String key, String model, boolean synthetic, String calibration, int layers, int options,
                           List<QuantOption> optionList, double worstDelayPs, CalibrationCurve curve, double seconds,
                           List<LayerProfile> tables) {
    public static final int FORMAT = 1;

    public ModelProfile withCurve(CalibrationCurve c) {
        return new ModelProfile(format, key, model, synthetic, calibration, layers, options, optionList, worstDelayPs, c, seconds, tables);
    }

    /** The model's proxy for a choice of option index per layer: the sum of the layers' entries. */
    public double proxy(int[] optionPerLayer) {
        double s = 0;
        for (int i = 0; i < tables.size(); i++) s += tables.get(i).options().get(optionPerLayer[i]).proxy();
        return s;
    }
}
