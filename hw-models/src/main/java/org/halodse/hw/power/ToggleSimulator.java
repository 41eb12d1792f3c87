package org.halodse.hw.power;

import java.util.ArrayDeque;
import java.util.List;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.netlist.Instance;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.sim.LogicSimulator;

/**
 * Zero-delay transition counting for a MAC with its weight held: step p of the stream is pattern p
 * of a bit-parallel {@link LogicSimulator}, so 64 consecutive vectors share one word per net and a
 * net's transitions are the popcount of v ^ (v shifted by one step).
 *
 * <p>A registered-product MAC is simulated exactly as clocked once per step: its flip-flops hold
 * the product of the previous step. Because every pattern is simulated at once, this is done by
 * evaluating with the previous step's inputs, clocking (each pattern's register takes the value its
 * predecessor step would have given it), then evaluating with the current inputs. That is exact
 * only when the registers' data inputs do not depend on register outputs (one feed-forward register
 * stage, as the generated MACs have); other sequential circuits are refused. The clock nets are
 * held at 0 here; {@link EnergyModel} charges them one rise and one fall per step.
 *
 * <p>Immutable and thread-safe: each {@link #run} builds its own simulator.
 */
public final class ToggleSimulator {
    private final Netlist netlist;
    private final MacStimulus ports;
    private final int accBits;
    private final int activationBits;
    private final boolean registered;
    // fast registered path: the register data-input cone (input-only) and the rest, both in topological order
    private final int[] coneOrder;
    private final int[] restOrder;

    public ToggleSimulator(Netlist netlist, MacStimulus ports) {
        this.netlist = netlist;
        this.ports = ports;
        this.accBits = ports.accPort() == null ? 0 : netlist.port(ports.accPort()).width();
        this.activationBits = netlist.port(ports.activationPort()).width();
        this.registered = netlist.instances().stream().anyMatch(i -> i.cell().isSequential());
        if (registered) checkFeedForward(netlist);
        int[][] split = registered ? splitAtRegisters(netlist, ports) : null;
        this.coneOrder = split == null ? null : split[0];
        this.restOrder = split == null ? null : split[1];
    }

    /**
     * For a feed-forward register stage whose data inputs depend on the weight and activation
     * ports only (not the partial sum, as in a registered product), the register state of step p
     * is the data input of step p - 1: one evaluation of that cone, a shifted capture, and one
     * evaluation of the rest replace evaluate-clock-evaluate. Null when that does not apply.
     */
    private static int[][] splitAtRegisters(Netlist n, MacStimulus ports) {
        List<Instance> insts = n.instances();
        boolean[] inCone = new boolean[insts.size()];
        boolean[] seen = new boolean[n.netCount()];
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (Instance inst : insts) {
            if (!inst.cell().isSequential()) continue;
            if (inst.cell().sequential().isLatch()) return null;
            for (LibertyPin p : inst.cell().inputs()) {
                int net = inst.pinNets()[p.index()];
                if (net > Netlist.CONST1 && !p.isClock() && !seen[net]) { seen[net] = true; todo.add(net); }
            }
        }
        java.util.Set<Integer> accNets = new java.util.HashSet<>();
        if (ports.accPort() != null) for (int net : n.port(ports.accPort()).nets()) accNets.add(net);
        while (!todo.isEmpty()) {
            int net = todo.poll();
            if (accNets.contains(net)) return null;
            int d = n.driverInstance(net);
            if (d < 0) continue;
            inCone[d] = true;
            Instance drv = insts.get(d);
            for (LibertyPin p : drv.cell().inputs()) {
                int in = drv.pinNets()[p.index()];
                if (in > Netlist.CONST1 && !seen[in]) { seen[in] = true; todo.add(in); }
            }
        }
        int[] order = n.combinationalOrder();
        int c = 0;
        for (int i : order) if (inCone[i]) c++;
        int[] cone = new int[c], rest = new int[order.length - c];
        int ci = 0, ri = 0;
        for (int i : order) {
            if (inCone[i]) cone[ci++] = i;
            else rest[ri++] = i;
        }
        return new int[][] {cone, rest};
    }

    public Netlist netlist() { return netlist; }
    public MacStimulus ports() { return ports; }
    public boolean registered() { return registered; }
    public int weightBits() { return netlist.port(ports.weightPort()).width(); }
    public int activationBits() { return activationBits; }
    /** Smallest and largest activation (two's complement of the activation port). */
    public long activationMin() { return -(1L << (activationBits - 1)); }
    public long activationMax() { return (1L << (activationBits - 1)) - 1; }

    /** Simulates the stream {@code activations} against weight {@code w}; at least two steps. */
    public Toggles run(long w, long[] activations) {
        return run(w, activations, true);
    }

    /** As {@link #run(long, long[])}; {@code fast} false forces evaluate-clock-evaluate (for tests). */
    Toggles run(long w, long[] activations, boolean fast) {
        int steps = activations.length;
        if (steps < 2) throw new IllegalArgumentException("need at least 2 steps to count transitions, got " + steps);
        LogicSimulator sim = new LogicSimulator(netlist, steps);
        sim.setInput(ports.weightPort(), w);
        long[] acc = ports.accPort() == null ? null : MacStimulus.partialSums(w, activations, accBits, registered ? 1 : 0);
        if (registered && coneOrder != null && fast) {
            sim.setInput(ports.activationPort(), activations);
            if (acc != null) sim.setInput(ports.accPort(), acc);
            sim.evaluate(coneOrder);
            sim.clockShifted();
            sim.evaluate(restOrder);
            return Toggles.of(sim.netValues(), netlist.netCount(), steps); // sim is discarded: no copy
        }
        if (registered) {
            long[] previous = new long[steps];
            previous[0] = activations[0];
            System.arraycopy(activations, 0, previous, 1, steps - 1);
            sim.setInput(ports.activationPort(), previous);
            if (acc != null) sim.setInput(ports.accPort(), acc);
            sim.evaluate();
            sim.clock();
        }
        sim.setInput(ports.activationPort(), activations);
        if (acc != null) sim.setInput(ports.accPort(), acc);
        sim.evaluate();
        return Toggles.of(sim.netValues().clone(), netlist.netCount(), steps);
    }

    /** Refuses circuits whose register inputs depend on register outputs (see the class comment). */
    private static void checkFeedForward(Netlist n) {
        List<Instance> insts = n.instances();
        boolean[] seen = new boolean[n.netCount()];
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (Instance inst : insts) {
            if (!inst.cell().isSequential()) continue;
            for (LibertyPin p : inst.cell().inputs()) {
                int net = inst.pinNets()[p.index()];
                if (net > Netlist.CONST1 && !p.isClock() && !seen[net]) { seen[net] = true; todo.add(net); }
            }
        }
        while (!todo.isEmpty()) {
            int net = todo.poll();
            int d = n.driverInstance(net);
            if (d < 0) continue;
            Instance drv = insts.get(d);
            if (drv.cell().isSequential()) {
                throw new InputException("netlist " + n.name() + ": register " + drv.name() + " feeds another register's input;"
                    + " the energy profiler handles one feed-forward register stage (e.g. a registered product), not state machines or accumulators in registers");
            }
            for (LibertyPin p : drv.cell().inputs()) {
                int in = drv.pinNets()[p.index()];
                if (in > Netlist.CONST1 && !seen[in]) { seen[in] = true; todo.add(in); }
            }
        }
    }
}
