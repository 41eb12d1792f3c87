package org.halodse.hw.perf;

/**
 * An LLM workload's time (s) and energy (J), split into the quantized linear layers, the
 * attention matrix products and the other operations (norms, softmax, activations, residuals,
 * RoPE), all counted; and the DVFS switches.
 */
public record WorkloadCost(double seconds, double energyJ, double linearSeconds, double linearJ,
                           double attentionSeconds, double attentionJ, double otherSeconds, double otherJ,
                           long switches, double prefillSeconds, double decodeSeconds) {
    public double edp() {
        return seconds * energyJ;
    }
}
