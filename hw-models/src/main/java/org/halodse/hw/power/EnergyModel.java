package org.halodse.hw.power;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.liberty.InternalPower;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyPin;
import org.halodse.hw.liberty.LookupTable;
import org.halodse.hw.netlist.Instance;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.timing.StaticTimer;
import org.halodse.hw.timing.TimingResult;

/**
 * Turns transitions into energy, the way OpenSTA's power analysis splits it:
 * <ul>
 *   <li><b>switching</b>: C * V^2 / 2 per transition of a net, C the net's load as the timer sees it
 *       (fanout pin rise/fall capacitance plus the boundary load on output ports; no wire model).
 *       Input-port nets count too: their upstream register charges the MAC's input pins.</li>
 *   <li><b>internal</b>: per transition of a cell output, the output pin's internal_power table at
 *       (input slew, output load). Which arc: the groups whose related pin toggled in the same step;
 *       when several inputs toggled, the average of their groups; when none did (a flip-flop output,
 *       whose clock is not simulated), the average of all the pin's groups. Several groups for one
 *       related pin (state-dependent {@code when}) are averaged, not resolved per step. Input pins'
 *       own groups (no related pin, e.g. a flip-flop's clock pin) are charged per transition of the
 *       input net.</li>
 *   <li><b>leakage</b>: the cells' cell_leakage_power times the clock period.</li>
 *   <li><b>clock</b>: nets on clock pins are not simulated; they are charged one rise and one fall per
 *       step (net switching plus clock-pin internal power), counted as switching and internal.</li>
 * </ul>
 * Slews for the table lookups are the unconstrained analysis's worst slews, the mean of the rise
 * and fall slews of the input (the arc's unateness is not followed). Immutable and thread-safe.
 */
public final class EnergyModel {
    /** Per cell output pin: the net it drives, its related inputs, and energies per subset of toggled inputs. */
    private record OutputArc(int outNet, int[] inNets, int[] inPins, double[] riseFj, double[] fallFj) { }

    /** An input pin with its own internal power: per rise and per fall of its net. */
    private record InputPinPower(int net, double riseFj, double fallFj) { }

    private final Netlist netlist;
    private final double voltage;
    private final double periodPs;
    private final double[] halfCv2Rise; // fJ per rising transition, per net
    private final double[] halfCv2Fall;
    private final List<OutputArc> arcs;
    private final List<InputPinPower> pinPower;
    private final double clockFjPerStep;
    private final double clockInternalFjPerStep;
    private final double leakageNw;

    /**
     * @param voltage  supply (V) for C * V^2 / 2; the Liberty internal power tables are used as
     *                 characterized, so give the library's nominal voltage
     * @param periodPs clock period for the leakage energy per operation
     */
    public EnergyModel(StaticTimer timer, double voltage, double periodPs) {
        if (!(voltage > 0)) throw new IllegalArgumentException("voltage must be positive, got " + voltage);
        if (!(periodPs > 0)) throw new IllegalArgumentException("period must be positive, got " + periodPs);
        this.netlist = timer.netlist();
        this.voltage = voltage;
        this.periodPs = periodPs;
        int nets = netlist.netCount();
        TimingResult free = timer.analyze();
        double[] slew = new double[nets];
        for (int n = 0; n < nets; n++) {
            double r = free.slew(n, 0), f = free.slew(n, 1);
            double s = Double.isNaN(r) ? f : Double.isNaN(f) ? r : (r + f) / 2;
            slew[n] = Double.isNaN(s) ? 0 : s;
        }
        halfCv2Rise = new double[nets];
        halfCv2Fall = new double[nets];
        double v2 = voltage * voltage / 2; // fF * V^2 = fJ
        for (int n = 2; n < nets; n++) {
            halfCv2Rise[n] = timer.load(n, 0) * v2;
            halfCv2Fall[n] = timer.load(n, 1) * v2;
        }
        List<OutputArc> oa = new ArrayList<>();
        List<InputPinPower> ip = new ArrayList<>();
        boolean[] isClockNet = new boolean[nets];
        double leak = 0;
        for (Instance inst : netlist.instances()) {
            LibertyCell cell = inst.cell();
            leak += cell.leakagePower();
            for (LibertyPin pin : cell.pins()) {
                int net = inst.pinNets()[pin.index()];
                if (net <= Netlist.CONST1) continue;
                if (pin.isOutput()) {
                    OutputArc a = outputArc(cell, pin, inst, net, slew, timer);
                    if (a != null) oa.add(a);
                } else {
                    if (pin.isClock()) isClockNet[net] = true;
                    InputPinPower p = inputPinPower(cell, pin, net, slew[net]);
                    if (p != null) ip.add(p);
                }
            }
        }
        double clk = 0, clkInt = 0;
        List<InputPinPower> dataPins = new ArrayList<>();
        for (InputPinPower p : ip) {
            if (isClockNet[p.net()]) clkInt += p.riseFj() + p.fallFj();
            else dataPins.add(p);
        }
        for (int n = 2; n < nets; n++) if (isClockNet[n]) clk += halfCv2Rise[n] + halfCv2Fall[n];
        this.arcs = List.copyOf(oa);
        this.pinPower = List.copyOf(dataPins);
        this.clockFjPerStep = clk;
        this.clockInternalFjPerStep = clkInt;
        this.leakageNw = leak;
    }

    public Netlist netlist() { return netlist; }
    public double voltage() { return voltage; }
    public double periodPs() { return periodPs; }
    /** Total cell leakage power (nW). */
    public double leakageNw() { return leakageNw; }

    /** Energy per step (one MAC operation) of a simulated stream. */
    public MacEnergy energy(Toggles t) {
        long[] val = t.values();
        long[] tog = t.toggleWords();
        int words = t.words();
        double sw = 0;
        for (int n = 2; n < netlist.netCount(); n++) {
            if (netlist.driverInstance(n) == -1 || netlist.driverInstance(n) == -3) continue; // undriven or constant
            long rise = 0, fall = 0;
            for (int k = n * words, end = k + words; k < end; k++) {
                rise += Long.bitCount(tog[k] & val[k]);
                fall += Long.bitCount(tog[k] & ~val[k]);
            }
            sw += rise * halfCv2Rise[n] + fall * halfCv2Fall[n];
        }
        double in = 0;
        for (OutputArc a : arcs) in += arcEnergy(a, val, tog, words);
        for (InputPinPower p : pinPower) {
            long rise = 0, fall = 0;
            for (int k = p.net() * words, end = k + words; k < end; k++) {
                rise += Long.bitCount(tog[k] & val[k]);
                fall += Long.bitCount(tog[k] & ~val[k]);
            }
            in += rise * p.riseFj() + fall * p.fallFj();
        }
        int ops = t.intervals();
        sw = sw / ops + clockFjPerStep;
        in = in / ops + clockInternalFjPerStep;
        double leak = leakageNw * periodPs * 1e-6; // nW * ps = 1e-21 J = 1e-6 fJ
        return new MacEnergy(in, sw, leak);
    }

    /**
     * Energy per step of a glitch-aware (timed) stream: the same charges per transition, every
     * transition counted, glitches included. An output transition's internal energy is that of the
     * related inputs whose change caused it (the cell's inputs that changed in the instant it was
     * evaluated), so a single-input cause uses that arc's table.
     */
    public MacEnergy energy(TimedToggles t) {
        long[] rise = t.rises(), fall = t.falls();
        double sw = 0;
        for (int n = 2; n < netlist.netCount(); n++) {
            if (netlist.driverInstance(n) == -1 || netlist.driverInstance(n) == -3) continue;
            sw += rise[n] * halfCv2Rise[n] + fall[n] * halfCv2Fall[n];
        }
        double in = 0;
        for (OutputArc a : arcs) {
            long[] bm = t.byCause(a.outNet());
            if (bm == null) continue;
            for (int m = 0; m < bm.length / 2; m++) {
                long r = bm[2 * m], f = bm[2 * m + 1];
                if ((r | f) == 0) continue;
                int s = 0;
                for (int j = 0; j < a.inPins().length; j++) if (((m >>> a.inPins()[j]) & 1) != 0) s |= 1 << j;
                in += r * a.riseFj()[s] + f * a.fallFj()[s];
            }
        }
        for (InputPinPower p : pinPower) in += rise[p.net()] * p.riseFj() + fall[p.net()] * p.fallFj();
        int ops = t.intervals();
        sw = sw / ops + clockFjPerStep;
        in = in / ops + clockInternalFjPerStep;
        double leak = leakageNw * periodPs * 1e-6;
        return new MacEnergy(in, sw, leak);
    }

    /** Internal energy of one output over the stream: output transitions grouped by which related inputs toggled with them. */
    private static double arcEnergy(OutputArc a, long[] val, long[] tog, int words) {
        int k = a.inNets().length;
        int subsets = 1 << k;
        int ob = a.outNet() * words;
        double e = 0;
        long[] ti = new long[k];
        for (int w = 0; w < words; w++) {
            long t = tog[ob + w];
            if (t == 0) continue;
            long r = t & val[ob + w];
            long f = t & ~val[ob + w];
            if (k == 0) {
                e += Long.bitCount(r) * a.riseFj()[0] + Long.bitCount(f) * a.fallFj()[0];
                continue;
            }
            for (int j = 0; j < k; j++) ti[j] = tog[a.inNets()[j] * words + w];
            for (int s = 0; s < subsets; s++) {
                long m = -1L;
                for (int j = 0; j < k; j++) m &= ((s >>> j) & 1) != 0 ? ti[j] : ~ti[j];
                long mr = r & m, mf = f & m;
                if ((mr | mf) == 0) continue;
                e += Long.bitCount(mr) * a.riseFj()[s] + Long.bitCount(mf) * a.fallFj()[s];
            }
        }
        return e;
    }

    private static OutputArc outputArc(LibertyCell cell, LibertyPin out, Instance inst, int outNet, double[] slew, StaticTimer timer) {
        List<InternalPower> groups = cell.internalPower(out.index());
        if (groups.isEmpty()) return null;
        double loadR = timer.load(outNet, 0), loadF = timer.load(outNet, 1);
        // related input pins (connected, non-constant), each with its groups' mean energies
        List<Integer> related = new ArrayList<>();
        for (InternalPower g : groups) {
            int rp = g.relatedPin();
            if (rp >= 0 && !related.contains(rp) && inst.pinNets()[rp] > Netlist.CONST1 && !cell.pins().get(rp).isClock()) related.add(rp);
        }
        int k = related.size();
        double[] pinRise = new double[k], pinFall = new double[k];
        for (int j = 0; j < k; j++) {
            int rp = related.get(j);
            double s = slew[inst.pinNets()[rp]];
            double sr = 0, sf = 0;
            int c = 0;
            for (InternalPower g : groups) {
                if (g.relatedPin() != rp) continue;
                sr += lookup(g.risePower(), s, loadR);
                sf += lookup(g.fallPower(), s, loadF);
                c++;
            }
            pinRise[j] = sr / c;
            pinFall[j] = sf / c;
        }
        // no related input toggled (a register output): the mean of all groups
        double allR = 0, allF = 0;
        for (InternalPower g : groups) {
            double s = g.relatedPin() >= 0 && inst.pinNets()[g.relatedPin()] >= 0 ? slew[inst.pinNets()[g.relatedPin()]] : 0;
            allR += lookup(g.risePower(), s, loadR);
            allF += lookup(g.fallPower(), s, loadF);
        }
        allR /= groups.size();
        allF /= groups.size();
        int[] inNets = new int[k];
        int[] inPins = new int[k];
        for (int j = 0; j < k; j++) {
            inNets[j] = inst.pinNets()[related.get(j)];
            inPins[j] = related.get(j);
        }
        double[] rise = new double[1 << k], fall = new double[1 << k];
        rise[0] = allR;
        fall[0] = allF;
        for (int s = 1; s < (1 << k); s++) {
            double r = 0, f = 0;
            int c = 0;
            for (int j = 0; j < k; j++) {
                if (((s >>> j) & 1) == 0) continue;
                r += pinRise[j];
                f += pinFall[j];
                c++;
            }
            rise[s] = r / c;
            fall[s] = f / c;
        }
        return new OutputArc(outNet, inNets, inPins, rise, fall);
    }

    private static InputPinPower inputPinPower(LibertyCell cell, LibertyPin pin, int net, double slew) {
        double r = 0, f = 0;
        int c = 0;
        for (InternalPower g : cell.internalPower(pin.index())) {
            if (g.relatedPin() >= 0 && g.relatedPin() != pin.index()) continue;
            r += lookup(g.risePower(), slew, 0);
            f += lookup(g.fallPower(), slew, 0);
            c++;
        }
        return c == 0 ? null : new InputPinPower(net, r / c, f / c);
    }

    private static double lookup(LookupTable t, double slew, double load) {
        return t == null ? 0 : t.lookup(slew, load);
    }
}
