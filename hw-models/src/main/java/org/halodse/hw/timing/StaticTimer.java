package org.halodse.hw.timing;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.liberty.BoolExpr;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.liberty.LookupTable;
import org.halodse.hw.liberty.TimingArc;
import org.halodse.hw.netlist.Instance;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.Port;

/**
 * Static timing analysis of a gate-level netlist with NLDM delay calculation: rise and fall
 * arrivals and slews propagate in topological order through the Liberty arcs; the load of a net is
 * the sum of its fanout pin capacitances (rise or fall capacitance by the output transition) plus
 * the boundary load on output ports; no wire parasitics. Paths start at input ports and flip-flop
 * outputs (without clock-to-Q: time 0 plus the load-dependent part of the driver's delay) and end
 * at output ports and flip-flop data inputs, grouped into stages by that endpoint kind.
 *
 * <p>Case analysis follows OpenSTA: a constant net never switches; an arc from a constant pin does
 * not propagate; a constant output drops out; a state-dependent arc whose {@code when} is false
 * under the constants is disabled; and the transitions through an arc are limited to the sense the
 * cell's function still has in that input under the constants. The timer is immutable and
 * thread-safe: {@link #analyze} allocates its own state.
 */
public final class StaticTimer {
    static final int RISE = 0, FALL = 1;
    private static final double NONE = Double.NEGATIVE_INFINITY;

    /** Endpoint groups: paths ending at register inputs, and at output ports. */
    public static final String STAGE_REGISTERS = "to-registers";
    public static final String STAGE_OUTPUTS = "to-outputs";

    private final Netlist netlist;
    private final BoundaryConditions boundary;
    private final double[][] load;          // [rf][net] fF
    private final double[][] launchArrival; // [rf][net] for input ports and register outputs, else NaN
    private final double[][] launchSlew;
    private final int[] endpointStage;      // per net: -1, or index into stages
    private final List<String> stages;
    private final int[] order;
    private final java.util.IdentityHashMap<LibertyCell, TimingArc[][]> delayArcs = new java.util.IdentityHashMap<>();

    public StaticTimer(Netlist netlist, BoundaryConditions boundary) {
        this.netlist = netlist;
        this.boundary = boundary;
        int n = netlist.netCount();
        load = new double[2][n];
        for (Instance inst : netlist.instances()) {
            for (LibertyPin p : inst.cell().pins()) {
                int net = inst.pinNets()[p.index()];
                if (net < 0 || p.direction() == LibertyPin.Direction.OUTPUT) continue;
                load[RISE][net] += p.riseCapacitance();
                load[FALL][net] += p.fallCapacitance();
            }
        }
        for (Port port : netlist.ports(Port.Direction.OUTPUT)) {
            for (int net : port.nets()) {
                load[RISE][net] += boundary.outputLoad();
                load[FALL][net] += boundary.outputLoad();
            }
        }
        launchArrival = new double[2][n];
        launchSlew = new double[2][n];
        for (int rf = 0; rf < 2; rf++) {
            java.util.Arrays.fill(launchArrival[rf], Double.NaN);
            java.util.Arrays.fill(launchSlew[rf], Double.NaN);
        }
        for (Port port : netlist.ports()) {
            if (port.direction() == Port.Direction.OUTPUT) continue;
            for (int net : port.nets()) {
                if (net <= Netlist.CONST1) continue;
                if (boundary.drivingCell() == null) {
                    for (int rf = 0; rf < 2; rf++) { launchArrival[rf][net] = 0; launchSlew[rf][net] = boundary.inputSlew(); }
                } else {
                    LibertyCell dc = boundary.drivingCell();
                    launchFromDriver(dc, dc.pinIndex(boundary.drivingPin()), net, boundary.driverInputSlew());
                }
            }
        }
        // Register outputs start paths the same way, from their own clock arc.
        for (Instance inst : netlist.instances()) {
            if (!inst.cell().isSequential()) continue;
            for (LibertyPin p : inst.cell().outputs()) {
                int net = inst.pinNets()[p.index()];
                if (net > Netlist.CONST1) launchFromDriver(inst.cell(), p.index(), net, 0);
            }
        }
        stages = new ArrayList<>();
        endpointStage = new int[n];
        java.util.Arrays.fill(endpointStage, -1);
        boolean hasRegisterEndpoints = false;
        for (Instance inst : netlist.instances()) {
            if (!inst.cell().isSequential()) continue;
            for (LibertyPin p : inst.cell().inputs()) {
                int net = inst.pinNets()[p.index()];
                if (net > Netlist.CONST1 && inst.cell().sequential().nextState().uses(p.index())) {
                    endpointStage[net] = 0;
                    hasRegisterEndpoints = true;
                }
            }
        }
        if (hasRegisterEndpoints) stages.add(STAGE_REGISTERS);
        int outStage = stages.size();
        stages.add(STAGE_OUTPUTS);
        for (Port port : netlist.ports(Port.Direction.OUTPUT)) {
            for (int net : port.nets()) if (net > Netlist.CONST1 && endpointStage[net] < 0) endpointStage[net] = outStage;
        }
        order = netlist.combinationalOrder();
        // Delay arcs per cell and output pin, filtered once: the sweep's inner loop reads these.
        for (Instance inst : netlist.instances()) {
            delayArcs.computeIfAbsent(inst.cell(), c -> {
                TimingArc[][] a = new TimingArc[c.pins().size()][];
                for (int p = 0; p < a.length; p++) a[p] = c.arcsTo(p).stream().filter(TimingArc::isDelayArc).toArray(TimingArc[]::new);
                return a;
            });
        }
    }

    /** Launch at a driver pin: only the load-dependent part of the driver's delay, as OpenSTA does. */
    private void launchFromDriver(LibertyCell cell, int pin, int net, double inSlew) {
        for (TimingArc arc : cell.arcsTo(pin)) {
            if (!arc.isDelayArc()) continue;
            for (int rf = 0; rf < 2; rf++) {
                LookupTable d = rf == RISE ? arc.cellRise() : arc.cellFall();
                LookupTable s = rf == RISE ? arc.riseTransition() : arc.fallTransition();
                if (d == null || s == null) continue;
                double l = load[rf][net];
                double a = d.lookup(inSlew, l) - d.lookup(inSlew, 0);
                double sl = s.lookup(inSlew, l);
                if (Double.isNaN(launchArrival[rf][net]) || a > launchArrival[rf][net]) launchArrival[rf][net] = a;
                if (Double.isNaN(launchSlew[rf][net]) || sl > launchSlew[rf][net]) launchSlew[rf][net] = sl;
            }
        }
    }

    public Netlist netlist() { return netlist; }
    public BoundaryConditions boundary() { return boundary; }
    /** Stage names, in the order of {@link TimingResult#stageDelay(int)}. */
    public List<String> stages() { return List.copyOf(stages); }

    /** Load in fF on {@code net} for a rising (0) or falling (1) output. */
    public double load(int net, int rf) { return load[rf][net]; }

    /** Analysis without case analysis. */
    public TimingResult analyze() {
        return analyze(CaseAnalysis.propagate(netlist, CaseAnalysis.unconstrained(netlist), true));
    }

    /** Analysis under the propagated constants {@code values} (per net: 0, 1 or X). */
    public TimingResult analyze(int[] values) {
        int n = netlist.netCount();
        double[][] arr = new double[2][n];
        double[][] slew = new double[2][n];
        int[][] from = new int[2][n]; // predecessor net*2+rf, for the critical path
        for (int rf = 0; rf < 2; rf++) {
            java.util.Arrays.fill(arr[rf], NONE);
            java.util.Arrays.fill(from[rf], -1);
        }
        for (int net = 2; net < n; net++) {
            if (values[net] != BoolExpr.X) continue;
            for (int rf = 0; rf < 2; rf++) {
                if (!Double.isNaN(launchArrival[rf][net])) {
                    arr[rf][net] = launchArrival[rf][net];
                    slew[rf][net] = launchSlew[rf][net];
                }
            }
        }
        List<Instance> insts = netlist.instances();
        int[] pv = new int[16];
        for (int idx : order) {
            Instance inst = insts.get(idx);
            LibertyCell cell = inst.cell();
            if (cell.isSequential()) continue;
            pv = CaseAnalysis.pinValues(inst, values, pv);
            TimingArc[][] arcsTo = delayArcs.get(cell);
            for (LibertyPin out : cell.pins()) {
                if (!out.isOutput()) continue;
                int onet = inst.pinNets()[out.index()];
                if (onet <= Netlist.CONST1 || values[onet] != BoolExpr.X) continue; // constant output drops out
                for (TimingArc arc : arcsTo[out.index()]) {
                    int inet = inst.pinNets()[arc.fromPin()];
                    if (inet < 0 || values[inet] != BoolExpr.X) continue; // constant pin never switches
                    if (arc.when() != null && arc.when().eval3(pv) == BoolExpr.ZERO) continue; // cond disabled
                    int allowed = transitions(arc, out, pv);
                    if (allowed == 0) continue;
                    for (int rfIn = 0; rfIn < 2; rfIn++) {
                        double aIn = arr[rfIn][inet];
                        if (aIn == NONE) continue;
                        for (int rfOut = 0; rfOut < 2; rfOut++) {
                            if ((allowed & (1 << (rfIn * 2 + rfOut))) == 0) continue;
                            LookupTable dt = rfOut == RISE ? arc.cellRise() : arc.cellFall();
                            LookupTable st = rfOut == RISE ? arc.riseTransition() : arc.fallTransition();
                            if (dt == null) continue;
                            double s = slew[rfIn][inet];
                            double l = load[rfOut][onet];
                            double a = aIn + dt.lookup(s, l);
                            double so = st == null ? s : st.lookup(s, l);
                            if (a > arr[rfOut][onet]) {
                                arr[rfOut][onet] = a;
                                from[rfOut][onet] = inet * 2 + rfIn;
                            }
                            if (so > slew[rfOut][onet]) slew[rfOut][onet] = so; // worst slew, as OpenSTA merges
                        }
                    }
                }
            }
        }
        double[] stageDelay = new double[stages.size()];
        int[] stageEnd = new int[stages.size()];
        java.util.Arrays.fill(stageDelay, NONE);
        java.util.Arrays.fill(stageEnd, -1);
        for (int net = 2; net < n; net++) {
            int s = endpointStage[net];
            if (s < 0) continue;
            for (int rf = 0; rf < 2; rf++) {
                if (arr[rf][net] > stageDelay[s]) { stageDelay[s] = arr[rf][net]; stageEnd[s] = net * 2 + rf; }
            }
        }
        return new TimingResult(this, stageDelay, stageEnd, arr, slew, from);
    }

    /**
     * Which (input, output) transitions an arc carries under the constants: the arc's own sense
     * intersected with the sense the output function still has in this input. A bit mask, bit
     * rfIn*2+rfOut; 0 when none.
     */
    private static int transitions(TimingArc arc, LibertyPin out, int[] pv) {
        boolean pos, neg;
        switch (arc.sense()) {
            case POSITIVE_UNATE -> { pos = true; neg = false; }
            case NEGATIVE_UNATE -> { pos = false; neg = true; }
            default -> { pos = true; neg = true; }
        }
        if (arc.isClockArc()) return 0b1111;
        if (out.function() != null && out.function().hasTruthTable()) {
            BoolExpr.Sense s = out.function().sense(arc.fromPin(), pv);
            switch (s) {
                case POSITIVE_UNATE -> neg = false;
                case NEGATIVE_UNATE -> pos = false;
                case NONE -> { pos = false; neg = false; }
                default -> { }
            }
        }
        // bits: rise->rise, rise->fall, fall->rise, fall->fall
        return (pos ? 0b1001 : 0) | (neg ? 0b0110 : 0);
    }

    static String rfName(int rf) { return rf == RISE ? "rise" : "fall"; }

}
