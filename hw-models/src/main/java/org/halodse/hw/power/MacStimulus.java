package org.halodse.hw.power;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.Port;

/**
 * Which ports of a MAC take the weight, the activation and the partial sum. The partial-sum input
 * follows a real dot product, {@code acc += w * a} wrapped to the port width, so its high bits
 * switch as they do in use rather than as random noise would make them. When the product is
 * registered ({@code latency} 1) the adder sees the product of the previous step, so the partial
 * sum lags one step: acc at step p is the sum of w * a[j] for j &lt; p - 1, and y = acc + w * a[p-1]
 * is again the running sum.
 *
 * @param accPort partial-sum port, or null for a circuit without one (a bare multiplier)
 */
public record MacStimulus(String weightPort, String activationPort, String accPort) {

    /** The ports of {@link org.halodse.hw.netlist.mac.MacGenerator}'s MACs. */
    public static MacStimulus generated() {
        return new MacStimulus("w", "a", "acc");
    }

    /** Checks the ports exist as inputs; the partial-sum port may be absent only when not named explicitly. */
    public MacStimulus resolve(Netlist n, boolean accRequired) {
        Port w = input(n, weightPort, "--weight-port");
        if (w.width() > 16) throw new InputException("--weight-port " + weightPort + ": " + w.width() + " bits, expected 1 to 16");
        Port a = input(n, activationPort, "--activation-port");
        if (a.width() > 32) throw new InputException("--activation-port " + activationPort + ": " + a.width() + " bits, expected at most 32");
        String acc = accPort;
        if (acc != null && n.port(acc) == null && !accRequired) acc = null;
        if (acc != null) {
            Port p = input(n, acc, "--acc-port");
            if (p.width() > 63) throw new InputException("--acc-port " + acc + ": " + p.width() + " bits, expected at most 63");
        }
        return new MacStimulus(weightPort, activationPort, acc);
    }

    private static Port input(Netlist n, String name, String flag) {
        Port p = n.port(name);
        if (p == null || p.direction() != Port.Direction.INPUT) {
            List<String> inputs = new ArrayList<>();
            for (Port q : n.ports(Port.Direction.INPUT)) inputs.add(q.name() + (q.isBus() ? "[" + q.msb() + ":" + q.lsb() + "]" : ""));
            throw new InputException(flag + " " + name + ": module " + n.name() + " has no input port of that name (inputs: " + String.join(", ", inputs) + ")");
        }
        return p;
    }

    /**
     * The partial sum at each step for weight {@code w} and activations {@code a}, in the low
     * {@code bits} bits (two's complement wrap, as the hardware adder does).
     */
    static long[] partialSums(long w, long[] a, int bits, int latency) {
        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
        long[] acc = new long[a.length];
        long sum = 0;
        for (int p = 0; p < a.length; p++) {
            acc[p] = sum & mask;
            int j = p - latency; // the product that enters the adder at this step
            if (j >= 0) sum += w * a[j];
        }
        return acc;
    }
}
