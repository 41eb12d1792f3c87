package org.halodse.hw.power;

import java.util.Arrays;
import java.util.List;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.liberty.LookupTable;
import org.halodse.hw.liberty.TimingArc;
import org.halodse.hw.netlist.Instance;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.sim.LogicSimulator;
import org.halodse.hw.timing.StaticTimer;
import org.halodse.hw.timing.TimingResult;

/**
 * Glitch-aware (timed, event-driven) transition counting for a MAC with its weight held: the
 * optional mode beside the zero-delay {@link ToggleSimulator}, counting every transition of every
 * net, glitches included, so its energy is at least the zero-delay baseline.
 *
 * <p><b>Delays.</b> Each combinational cell output has, per input pin and output transition
 * (rise/fall), the delay of the Liberty arc(s) from that pin (the largest when several, e.g.
 * state-dependent ones) looked up at the output net's load as {@link StaticTimer} computes it and
 * at the input net's unconstrained slew (mean of its worst rise and fall slews, as
 * {@link EnergyModel} uses). When several inputs of a cell change in the same instant, the output
 * is evaluated once and takes the largest of their delays. Sources launch as the timer launches
 * them: input ports and flip-flop outputs change at their unconstrained arrival time (the
 * load-dependent part of the driver's delay) for the direction of the change.
 *
 * <p><b>Delay model: transport (default), with VHDL's preemption rule.</b> Every evaluation
 * schedules the new output value at now + delay and deletes every transaction already pending on
 * that net at or after that time; pulses of any width propagate (no inertial filtering), so the
 * count is the pessimistic (upper) end of what a real gate passes. <b>Inertial</b> (as a Verilog
 * continuous assignment or gate delay): every evaluation cancels the output's pending change, and
 * schedules the new value only if it differs from the present one, so a pulse narrower than the
 * gate's delay is swallowed: the optimistic end. Events of the same instant are applied
 * together before any cell is evaluated (delta cycles), so simultaneous input changes never make
 * a zero-width pulse.
 *
 * <p><b>Stimulus.</b> The same as {@link ToggleSimulator}: the weight held, the activation stream
 * and the dot product's partial sums (lagging one step for a registered product). Step 0 is
 * settled without delay; each later step is one clock edge (flip-flops take their settled data
 * input) followed by the new inputs, simulated until quiet. The clock period is taken as long
 * enough for everything to settle. Flip-flops only (no latches).
 *
 * <p>Immutable and thread-safe: each {@link #run} allocates its own state.
 */
public final class GlitchSimulator {
    /** How a gate treats pulses narrower than its delay (see the class comment). */
    public enum DelayModel { TRANSPORT, INERTIAL }

    private final DelayModel delayModel;
    private final Netlist netlist;
    private final MacStimulus ports;
    private final boolean registered;
    private final int accBits;
    private final int activationBits;
    private final int nets;
    // per instance
    private final boolean[] seq;
    private final int[][] outPin;        // output pin indices (connected, non-constant)
    private final long[][] truth;        // per output: truth table over pin-index bits (combinational)
    private final double[][] delay;      // per instance: [(outIdx * pins + pin) * 2 + rf]
    private final int[] pinCount;
    // per net: fanout instances (combinational) and the pin bit masks they read it on
    private final int[][] fanInst;
    private final int[][] fanMask;
    // source launch times per net and direction (input ports, flip-flop outputs)
    private final double[][] launch;

    /** Transport delay. */
    public GlitchSimulator(StaticTimer timer, MacStimulus ports) {
        this(timer, ports, DelayModel.TRANSPORT);
    }

    public GlitchSimulator(StaticTimer timer, MacStimulus ports, DelayModel delayModel) {
        this.delayModel = delayModel;
        this.netlist = timer.netlist();
        this.ports = ports;
        this.nets = netlist.netCount();
        this.accBits = ports.accPort() == null ? 0 : netlist.port(ports.accPort()).width();
        this.activationBits = netlist.port(ports.activationPort()).width();
        List<Instance> insts = netlist.instances();
        this.registered = insts.stream().anyMatch(i -> i.cell().isSequential());
        new ToggleSimulator(netlist, ports); // the same refusal of non-feed-forward register stages
        TimingResult free = timer.analyze();
        double[] slew = new double[nets];
        for (int n = 0; n < nets; n++) {
            double r = free.slew(n, 0), f = free.slew(n, 1);
            double s = Double.isNaN(r) ? f : Double.isNaN(f) ? r : (r + f) / 2;
            slew[n] = Double.isNaN(s) ? 0 : s;
        }
        int ni = insts.size();
        seq = new boolean[ni];
        outPin = new int[ni][];
        truth = new long[ni][];
        delay = new double[ni][];
        pinCount = new int[ni];
        launch = new double[2][nets];
        for (int rf = 0; rf < 2; rf++) {
            for (int n = 0; n < nets; n++) {
                double a = free.arrival(n, rf);
                launch[rf][n] = a == Double.NEGATIVE_INFINITY || Double.isNaN(a) ? 0 : a;
            }
        }
        for (int i = 0; i < ni; i++) {
            Instance inst = insts.get(i);
            LibertyCell cell = inst.cell();
            List<LibertyPin> pins = cell.pins();
            int np = pins.size();
            pinCount[i] = np;
            seq[i] = cell.isSequential();
            if (seq[i] && cell.sequential().isLatch()) {
                throw new IllegalArgumentException("netlist " + netlist.name() + ": latch " + inst.name() + "; the glitch-aware simulation handles flip-flops only");
            }
            int[] outs = pins.stream().filter(p -> p.isOutput() && p.function() != null && inst.pinNets()[p.index()] > Netlist.CONST1)
                .mapToInt(LibertyPin::index).toArray();
            outPin[i] = outs;
            if (seq[i]) continue;
            if (np > 6) throw new IllegalArgumentException("cell " + cell.name() + ": " + np + " pins; the glitch-aware simulation handles at most 6");
            long[] v = new long[np + 2];
            for (int p = 0; p < np; p++) {
                long w = 0;
                for (int x = 0; x < 64; x++) if (((x >>> p) & 1) != 0) w |= 1L << x;
                v[p] = w;
            }
            v[np + 1] = -1L;
            truth[i] = new long[outs.length];
            delay[i] = new double[outs.length * np * 2];
            for (int j = 0; j < outs.length; j++) {
                LibertyPin out = pins.get(outs[j]);
                long[] vv = v.clone();
                vv[out.index()] = 0;
                truth[i][j] = out.function().evalBits(vv);
                int onet = inst.pinNets()[out.index()];
                for (TimingArc arc : cell.arcsTo(out.index())) {
                    if (!arc.isDelayArc()) continue;
                    int inet = inst.pinNets()[arc.fromPin()];
                    double s = inet >= 0 ? slew[inet] : 0;
                    for (int rf = 0; rf < 2; rf++) {
                        LookupTable t = rf == 0 ? arc.cellRise() : arc.cellFall();
                        if (t == null) continue;
                        double d = t.lookup(s, timer.load(onet, rf));
                        int k = (j * np + arc.fromPin()) * 2 + rf;
                        delay[i][k] = Math.max(delay[i][k], d);
                    }
                }
            }
        }
        int[] cnt = new int[nets];
        for (int n = 0; n < nets; n++) cnt[n] = netlist.fanoutCount(n);
        fanInst = new int[nets][];
        fanMask = new int[nets][];
        for (int n = 0; n < nets; n++) {
            int[] fi = new int[cnt[n]], fm = new int[cnt[n]];
            int c = 0;
            for (int k = 0; k < cnt[n]; k++) {
                int inst = netlist.fanoutInstance(n, k);
                if (seq[inst]) continue;
                int bit = 1 << netlist.fanoutPin(n, k);
                int found = -1;
                for (int q = 0; q < c; q++) if (fi[q] == inst) found = q;
                if (found >= 0) fm[found] |= bit;
                else { fi[c] = inst; fm[c] = bit; c++; }
            }
            fanInst[n] = Arrays.copyOf(fi, c);
            fanMask[n] = Arrays.copyOf(fm, c);
        }
    }

    /** The delay (ps) this simulation uses from input pin {@code inPin} to output pin {@code outPin} of a combinational instance, rf 0 rise, 1 fall of the output. */
    public double arcDelay(int instance, int outPinIndex, int inPin, int rf) {
        int j = 0;
        while (outPin[instance][j] != outPinIndex) j++;
        return delay[instance][(j * pinCount[instance] + inPin) * 2 + rf];
    }

    public Netlist netlist() { return netlist; }
    public MacStimulus ports() { return ports; }
    public DelayModel delayModel() { return delayModel; }
    public boolean registered() { return registered; }
    public int weightBits() { return netlist.port(ports.weightPort()).width(); }
    public long activationMin() { return -(1L << (activationBits - 1)); }
    public long activationMax() { return (1L << (activationBits - 1)) - 1; }

    /** Simulates the stream {@code activations} against weight {@code w}; at least two steps. */
    public TimedToggles run(long w, long[] activations) {
        int steps = activations.length;
        if (steps < 2) throw new IllegalArgumentException("need at least 2 steps to count transitions, got " + steps);
        long[] acc = ports.accPort() == null ? null : MacStimulus.partialSums(w, activations, accBits, registered ? 1 : 0);
        return new Run(w, activations, acc).go();
    }

    /** The state of one run. */
    private final class Run {
        final long w;
        final long[] a, acc;
        final byte[] val = new byte[nets];
        final long[] rise = new long[nets], fall = new long[nets];
        final long[][] byMask = new long[nets][];
        // per-net pending transactions (a FIFO by time): time, value, id, cause mask
        final double[][] pT = new double[nets][];
        final byte[][] pV = new byte[nets][];
        final int[][] pId = new int[nets][];
        final int[][] pMask = new int[nets][];
        final int[] head = new int[nets], tail = new int[nets];
        // event heap: time, net, id
        double[] hT = new double[1024];
        int[] hN = new int[1024], hId = new int[1024];
        int hSize;
        int nextId = 1;
        final int[] dirtyMask = new int[netlist.instances().size()];
        final int[] dirty = new int[netlist.instances().size()];
        final int[] changed = new int[nets];
        final int[] ffState;

        Run(long w, long[] a, long[] acc) {
            this.w = w;
            this.a = a;
            this.acc = acc;
            ffState = new int[netlist.instances().size()];
            for (int n = 0; n < nets; n++) {
                int d = netlist.driverInstance(n);
                if (d >= 0 && !seq[d]) byMask[n] = new long[(1 << pinCount[d]) * 2];
                else if (d >= 0) byMask[n] = new long[2];
            }
        }

        TimedToggles go() {
            // step 0 settled without delay, exactly as ToggleSimulator's step 0
            LogicSimulator s = new LogicSimulator(netlist, 1);
            s.setInput(ports.weightPort(), w);
            s.setInput(ports.activationPort(), a[0]);
            if (acc != null) s.setInput(ports.accPort(), acc[0]);
            s.evaluate();
            if (registered) s.clock();
            long[] v0 = s.netValues();
            for (int n = 0; n < nets; n++) val[n] = (byte) (v0[n] & 1);
            List<Instance> insts = netlist.instances();
            for (int i = 0; i < insts.size(); i++) if (seq[i]) ffState[i] = nextState(insts.get(i), i) ? 1 : 0;
            // ffState now equals what the flip-flops hold (they captured step 0's data input)
            for (int p = 1; p < a.length; p++) {
                // clock edge: flip-flops take their settled data inputs
                for (int i = 0; i < insts.size(); i++) {
                    if (!seq[i]) continue;
                    Instance inst = insts.get(i);
                    int ns = nextState(inst, i) ? 1 : 0;
                    ffState[i] = ns;
                    for (int o : outPin[i]) {
                        int net = inst.pinNets()[o];
                        int nv = outputOfFlop(inst, o, ns);
                        if (nv != val[net]) schedule(net, nv, launch[nv == 1 ? 0 : 1][net], 0);
                    }
                }
                drive(ports.activationPort(), a[p]);
                if (acc != null) drive(ports.accPort(), acc[p]);
                simulate();
            }
            return new TimedToggles(a.length, rise, fall, byMask);
        }

        private void drive(String port, long value) {
            int[] pn = netlist.port(port).nets();
            for (int b = 0; b < pn.length; b++) {
                int net = pn[b];
                if (net <= Netlist.CONST1) continue;
                int nv = (int) ((value >>> b) & 1);
                if (nv != val[net]) schedule(net, nv, launch[nv == 1 ? 0 : 1][net], 0);
            }
        }

        private boolean nextState(Instance inst, int idx) {
            LibertyCell.Sequential sq = inst.cell().sequential();
            int[] pinNets = inst.pinNets();
            int np = pinNets.length;
            long[] v = new long[np + 2];
            for (int p = 0; p < np; p++) v[p] = pinNets[p] < 0 ? 0 : -(long) val[pinNets[p]];
            v[np] = -(long) ffState[idx];
            v[np + 1] = ~v[np];
            return (sq.nextState().evalBits(v) & 1) != 0;
        }

        private int outputOfFlop(Instance inst, int outPinIndex, int state) {
            int[] pinNets = inst.pinNets();
            int np = pinNets.length;
            long[] v = new long[np + 2];
            for (int p = 0; p < np; p++) v[p] = pinNets[p] < 0 || p == outPinIndex ? 0 : -(long) val[pinNets[p]];
            v[np] = -(long) state;
            v[np + 1] = ~v[np];
            return (int) (inst.cell().pins().get(outPinIndex).function().evalBits(v) & 1);
        }

        /** VHDL transport: delete pending transactions at or after t, then add (t, v) if it changes the projected value. */
        private void schedule(int net, int v, double t, int mask) {
            if (pT[net] == null) {
                pT[net] = new double[4];
                pV[net] = new byte[4];
                pId[net] = new int[4];
                pMask[net] = new int[4];
            }
            int tl = tail[net];
            if (delayModel == DelayModel.INERTIAL) tl = head[net]; // the pending change is cancelled
            while (tl > head[net] && pT[net][tl - 1] >= t) tl--;
            int projected = tl > head[net] ? pV[net][tl - 1] : val[net];
            tail[net] = tl;
            if (projected == v) {
                if (tl == head[net]) { head[net] = 0; tail[net] = 0; }
                return;
            }
            if (tl == pT[net].length) {
                int len = tl * 2;
                pT[net] = Arrays.copyOf(pT[net], len);
                pV[net] = Arrays.copyOf(pV[net], len);
                pId[net] = Arrays.copyOf(pId[net], len);
                pMask[net] = Arrays.copyOf(pMask[net], len);
            }
            int id = nextId++;
            pT[net][tl] = t;
            pV[net][tl] = (byte) v;
            pId[net][tl] = id;
            pMask[net][tl] = mask;
            tail[net] = tl + 1;
            push(t, net, id);
        }

        private void simulate() {
            List<Instance> insts = netlist.instances();
            while (hSize > 0) {
                double t = hT[0];
                int nc = 0;
                while (hSize > 0 && hT[0] == t) {
                    int net = hN[0], id = hId[0];
                    pop();
                    int h = head[net];
                    if (h >= tail[net] || pId[net][h] != id) continue; // deleted by a later schedule
                    int v = pV[net][h];
                    int mask = pMask[net][h];
                    head[net] = h + 1;
                    if (head[net] == tail[net]) { head[net] = 0; tail[net] = 0; }
                    if (v == val[net]) continue;
                    val[net] = (byte) v;
                    int rf = v == 1 ? 0 : 1;
                    if (rf == 0) rise[net]++;
                    else fall[net]++;
                    if (byMask[net] != null) byMask[net][Math.min(mask, byMask[net].length / 2 - 1) * 2 + rf]++;
                    changed[nc++] = net;
                }
                int nd = 0;
                for (int c = 0; c < nc; c++) {
                    int net = changed[c];
                    int[] fi = fanInst[net], fm = fanMask[net];
                    for (int k = 0; k < fi.length; k++) {
                        if (dirtyMask[fi[k]] == 0) dirty[nd++] = fi[k];
                        dirtyMask[fi[k]] |= fm[k];
                    }
                }
                for (int d = 0; d < nd; d++) {
                    int i = dirty[d];
                    int mask = dirtyMask[i];
                    dirtyMask[i] = 0;
                    Instance inst = insts.get(i);
                    int[] pinNets = inst.pinNets();
                    int np = pinCount[i];
                    int idx = 0;
                    for (int p = 0; p < np; p++) if (pinNets[p] >= 0 && val[pinNets[p]] != 0) idx |= 1 << p;
                    int[] outs = outPin[i];
                    for (int j = 0; j < outs.length; j++) {
                        int onet = pinNets[outs[j]];
                        int nv = (int) ((truth[i][j] >>> (idx & ~(1 << outs[j]))) & 1);
                        int rf = nv == 1 ? 0 : 1;
                        double dl = 0;
                        for (int m = mask; m != 0; m &= m - 1) {
                            int p = Integer.numberOfTrailingZeros(m);
                            dl = Math.max(dl, delay[i][(j * np + p) * 2 + rf]);
                        }
                        schedule(onet, nv, t + dl, mask);
                    }
                }
            }
        }

        private void push(double t, int net, int id) {
            if (hSize == hT.length) {
                hT = Arrays.copyOf(hT, hSize * 2);
                hN = Arrays.copyOf(hN, hSize * 2);
                hId = Arrays.copyOf(hId, hSize * 2);
            }
            int i = hSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(t, id, hT[parent], hId[parent])) break;
                hT[i] = hT[parent]; hN[i] = hN[parent]; hId[i] = hId[parent];
                i = parent;
            }
            hT[i] = t; hN[i] = net; hId[i] = id;
        }

        private void pop() {
            int last = --hSize;
            if (last == 0) return;
            double t = hT[last];
            int net = hN[last], id = hId[last];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= last) break;
                if (c + 1 < last && less(hT[c + 1], hId[c + 1], hT[c], hId[c])) c++;
                if (!less(hT[c], hId[c], t, id)) break;
                hT[i] = hT[c]; hN[i] = hN[c]; hId[i] = hId[c];
                i = c;
            }
            hT[i] = t; hN[i] = net; hId[i] = id;
        }

        private boolean less(double t1, int id1, double t2, int id2) {
            return t1 < t2 || (t1 == t2 && id1 < id2);
        }
    }
}
