package org.halodse.hw.timing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.halodse.hw.liberty.BoolExpr;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.Port;

/**
 * Sweeps every weight value through case analysis: the weight port's bits are held at the two's
 * complement of the value, constants are propagated, and the timer finds the worst arrival of each
 * stage. Weight values are independent, so they run in parallel; results land by index, so the
 * profile does not depend on the thread count.
 */
public final class WeightSweep {
    private WeightSweep() {
    }

    public static WeightDelayProfile run(StaticTimer timer, String weightPort, boolean throughRegisters) {
        Netlist n = timer.netlist();
        Port port = n.port(weightPort);
        if (port == null || port.direction() != Port.Direction.INPUT) {
            List<String> inputs = new ArrayList<>();
            for (Port p : n.ports(Port.Direction.INPUT)) inputs.add(p.name() + (p.isBus() ? "[" + p.msb() + ":" + p.lsb() + "]" : ""));
            throw new InputException("--weight-port " + weightPort + ": module " + n.name() + " has no input port of that name (inputs: " + String.join(", ", inputs) + ")");
        }
        int bits = port.width();
        if (bits < 1 || bits > 16) throw new InputException("--weight-port " + weightPort + ": " + bits + " bits, expected 1 to 16");
        int min = -(1 << (bits - 1));
        int count = 1 << bits;
        int stages = timer.stages().size();
        double[][] stageDelays = new double[count][];
        double[] delays = new double[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            int w = min + i;
            int[] values = CaseAnalysis.unconstrained(n);
            for (int b = 0; b < bits; b++) {
                int net = port.nets()[b];
                if (net > Netlist.CONST1) values[net] = ((w >> b) & 1) == 1 ? BoolExpr.ONE : BoolExpr.ZERO;
            }
            CaseAnalysis.propagate(n, values, throughRegisters);
            TimingResult r = timer.analyze(values);
            double[] sd = new double[stages];
            for (int s = 0; s < stages; s++) sd[s] = r.stageDelay(s);
            stageDelays[i] = sd;
            delays[i] = r.worstDelay();
        });
        TimingResult free = timer.analyze(CaseAnalysis.propagate(n, CaseAnalysis.unconstrained(n), throughRegisters));
        double[] fs = new double[stages];
        for (int s = 0; s < stages; s++) fs[s] = free.stageDelay(s);
        return new WeightDelayProfile(weightPort, bits, timer.stages(), stageDelays, delays, fs, free.worstDelay(), free.criticalPath());
    }
}
