package org.halodse.hw.sim;

import java.util.Arrays;
import java.util.List;
import org.halodse.hw.liberty.BoolExpr;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.netlist.Instance;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.Port;

/**
 * Zero-delay, bit-parallel logic simulation of a {@link Netlist}: pattern p lives in bit p % 64 of
 * word p / 64 of every net, so one pass over the cells evaluates 64 input patterns per word.
 *
 * <p>{@link #evaluate()} settles the combinational logic in {@link Netlist#combinationalOrder()},
 * each output pin by its Liberty function ({@link BoolExpr#evalBits}); flip-flops and latches show
 * their stored state. {@link #clock()} is one active clock edge on every storage cell (a flip-flop's
 * state takes next_state; a latch takes data_in where enabled), then settles. {@link #settle()}
 * repeats edges with the inputs held until no state changes: the steady state a pipelined circuit
 * reaches, e.g. a registered MAC's y = acc + w * a.
 *
 * <p>Net values after an evaluation are in {@link #netValues()} (net n, word k at n * words + k), for
 * toggle counting. Undriven nets read 0.
 */
public final class LogicSimulator {
    private final Netlist netlist;
    private final int patterns;
    private final int words;
    private final long[] values;
    private final int[] order;
    // per instance: its storage state (null for combinational cells), words long
    private final long[][] state;
    private final long[] scratch;

    /** A simulator for {@code patterns} input patterns (at least 1). */
    public LogicSimulator(Netlist netlist, int patterns) {
        if (patterns < 1) throw new IllegalArgumentException("patterns must be at least 1, got " + patterns);
        this.netlist = netlist;
        this.patterns = patterns;
        this.words = (patterns + 63) / 64;
        this.values = new long[netlist.netCount() * words];
        this.order = netlist.combinationalOrder();
        List<Instance> insts = netlist.instances();
        this.state = new long[insts.size()][];
        int maxVars = 0;
        for (int i = 0; i < insts.size(); i++) {
            LibertyCell cell = insts.get(i).cell();
            maxVars = Math.max(maxVars, cell.pins().size() + 2);
            if (cell.isSequential()) state[i] = new long[words];
        }
        this.scratch = new long[maxVars];
        Arrays.fill(values, Netlist.CONST1 * words, (Netlist.CONST1 + 1) * words, -1L);
    }

    public Netlist netlist() { return netlist; }
    public int patterns() { return patterns; }
    /** 64-bit words per net. */
    public int words() { return words; }

    /**
     * Sets input port {@code port} to {@code perPattern[p]} for each pattern p (the low port-width
     * bits, two's complement for negative numbers).
     */
    public void setInput(String port, long[] perPattern) {
        Port p = port(port);
        if (perPattern.length != patterns) {
            throw new IllegalArgumentException("port " + port + ": " + perPattern.length + " values given for " + patterns + " patterns");
        }
        int[] nets = p.nets();
        for (int b = 0; b < nets.length; b++) {
            if (nets[b] <= Netlist.CONST1) continue;
            int base = nets[b] * words;
            Arrays.fill(values, base, base + words, 0L);
            for (int q = 0; q < patterns; q++) {
                if (((perPattern[q] >>> b) & 1) != 0) values[base + (q >>> 6)] |= 1L << (q & 63);
            }
        }
    }

    /** Sets every pattern of input port {@code port} to {@code value}. */
    public void setInput(String port, long value) {
        Port p = port(port);
        int[] nets = p.nets();
        for (int b = 0; b < nets.length; b++) {
            if (nets[b] <= Netlist.CONST1) continue;
            Arrays.fill(values, nets[b] * words, (nets[b] + 1) * words, ((value >>> b) & 1) != 0 ? -1L : 0L);
        }
    }

    /** Sets the words of one net directly (for an input net). */
    public void setNet(int net, long[] netWords) {
        System.arraycopy(netWords, 0, values, net * words, words);
    }

    /** Settles the combinational logic; flip-flops keep their state. */
    public void evaluate() {
        evaluate(order);
    }

    /**
     * Evaluates only the instances {@code instances}, in that order (which must follow the drivers
     * of their inputs, e.g. a subsequence of {@link Netlist#combinationalOrder()}).
     */
    public void evaluate(int[] instances) {
        List<Instance> insts = netlist.instances();
        long[] v = scratch;
        for (int idx : instances) {
            Instance inst = insts.get(idx);
            LibertyCell cell = inst.cell();
            int[] pinNets = inst.pinNets();
            List<LibertyPin> pins = cell.pins();
            int np = pins.size();
            long[] st = state[idx];
            for (LibertyPin out : pins) {
                int outNet = pinNets[out.index()];
                if (!out.isOutput() || out.function() == null || outNet <= Netlist.CONST1) continue;
                BoolExpr f = out.function();
                int ob = outNet * words;
                for (int k = 0; k < words; k++) {
                    for (int p = 0; p < np; p++) {
                        int net = pinNets[p];
                        v[p] = net < 0 || p == out.index() ? 0L : values[net * words + k];
                    }
                    if (st != null) { v[np] = st[k]; v[np + 1] = ~st[k]; }
                    values[ob + k] = f.evalBits(v);
                }
            }
        }
    }

    /**
     * One clock edge on every storage cell (inputs as last evaluated), then {@link #evaluate()}.
     *
     * @return whether any stored bit changed
     */
    public boolean clock() {
        List<Instance> insts = netlist.instances();
        boolean changed = false;
        long[][] next = new long[insts.size()][];
        long[] v = scratch;
        for (int idx = 0; idx < insts.size(); idx++) {
            if (state[idx] == null) continue;
            Instance inst = insts.get(idx);
            LibertyCell.Sequential seq = inst.cell().sequential();
            int[] pinNets = inst.pinNets();
            int np = pinNets.length;
            long[] n = new long[words];
            for (int k = 0; k < words; k++) {
                for (int p = 0; p < np; p++) v[p] = pinNets[p] < 0 ? 0L : values[pinNets[p] * words + k];
                v[np] = state[idx][k];
                v[np + 1] = ~state[idx][k];
                long d = seq.nextState().evalBits(v);
                if (seq.isLatch() && seq.clockedOn() != null) {
                    long en = seq.clockedOn().evalBits(v);
                    d = (en & d) | (~en & state[idx][k]);
                }
                n[k] = d;
            }
            next[idx] = n;
        }
        // all storage cells capture at once, as on a shared clock edge
        for (int idx = 0; idx < insts.size(); idx++) {
            if (next[idx] == null) continue;
            if (!Arrays.equals(next[idx], state[idx])) changed = true;
            state[idx] = next[idx];
        }
        evaluate();
        return changed;
    }

    /**
     * One clock edge per pattern, as if the patterns were consecutive clock cycles: each flip-flop
     * of pattern p takes the next state computed from the current values of pattern p - 1
     * (pattern 0 from its own). No evaluation follows. Flip-flops only (latches are refused).
     */
    public void clockShifted() {
        List<Instance> insts = netlist.instances();
        long[] v = scratch;
        for (int idx = 0; idx < insts.size(); idx++) {
            if (state[idx] == null) continue;
            Instance inst = insts.get(idx);
            LibertyCell.Sequential seq = inst.cell().sequential();
            if (seq.isLatch()) throw new IllegalStateException(inst.name() + ": clockShifted handles flip-flops only");
            int[] pinNets = inst.pinNets();
            int np = pinNets.length;
            long[] n = new long[words];
            long carry = 0;
            for (int k = 0; k < words; k++) {
                for (int p = 0; p < np; p++) v[p] = pinNets[p] < 0 ? 0L : values[pinNets[p] * words + k];
                v[np] = state[idx][k];
                v[np + 1] = ~state[idx][k];
                long d = seq.nextState().evalBits(v);
                if (k == 0) carry = d & 1L;
                n[k] = d << 1 | carry;
                carry = d >>> 63;
            }
            state[idx] = n;
        }
    }

    /**
     * Evaluates, then applies clock edges with the inputs held until the stored state is stable
     * (at most one edge per storage cell plus one).
     *
     * @throws IllegalStateException when the state still changes after that many edges (a loop through flip-flops that oscillates)
     */
    public void settle() {
        evaluate();
        int limit = 1;
        for (long[] s : state) if (s != null) limit++;
        for (int edge = 0; edge < limit; edge++) {
            if (!clock()) return;
        }
        throw new IllegalStateException(netlist.name() + ": flip-flop state does not settle after " + limit + " clock edges with inputs held");
    }

    /** All net values: net n, word k at {@code n * words() + k}. Live array; do not modify. */
    public long[] netValues() { return values; }

    /** The words of one net (a copy). */
    public long[] net(int net) { return Arrays.copyOfRange(values, net * words, (net + 1) * words); }

    /** Port bits read as an unsigned integer per pattern (ports up to 64 bits). */
    public long[] outputs(String port) {
        Port p = port(port);
        int[] nets = p.nets();
        if (nets.length > 64) throw new IllegalArgumentException("port " + port + " is " + nets.length + " bits wide; outputs() reads at most 64");
        long[] out = new long[patterns];
        for (int b = 0; b < nets.length; b++) {
            int base = nets[b] * words;
            for (int q = 0; q < patterns; q++) out[q] |= ((values[base + (q >>> 6)] >>> (q & 63)) & 1L) << b;
        }
        return out;
    }

    /** Port bits read as a two's complement integer per pattern. */
    public long[] signedOutputs(String port) {
        long[] out = outputs(port);
        int width = port(port).width();
        if (width < 64) {
            int shift = 64 - width;
            for (int q = 0; q < out.length; q++) out[q] = (out[q] << shift) >> shift;
        }
        return out;
    }

    private Port port(String name) {
        Port p = netlist.port(name);
        if (p == null) throw new IllegalArgumentException("netlist " + netlist.name() + " has no port '" + name + "'");
        return p;
    }
}
