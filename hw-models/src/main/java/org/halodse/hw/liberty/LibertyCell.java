package org.halodse.hw.liberty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A library cell: pins, delay arcs, internal power, leakage (nW) and, for flip-flops and latches,
 * the state behaviour. Functions of outputs may read the state variables, which follow the pins in
 * the variable list ({@code pins().size()} is IQ, the next one IQN).
 */
public final class LibertyCell {
    /** Flip-flop ({@code ff}) or latch ({@code latch}) behaviour; expressions over the pins. */
    public record Sequential(boolean isLatch, String stateVar, String stateVarInverted,
                             BoolExpr nextState, BoolExpr clockedOn) {
    }

    private final String name;
    private final double area;
    private final List<LibertyPin> pins;
    private final List<TimingArc> arcs;
    private final List<List<TimingArc>> arcsTo;
    private final List<List<InternalPower>> internalPower;
    private final double leakagePower;
    private final Sequential sequential;
    private final boolean dontUse;

    LibertyCell(String name, double area, List<LibertyPin> pins, List<TimingArc> arcs,
                List<List<InternalPower>> internalPower, double leakagePower, Sequential sequential,
                boolean dontUse) {
        this.name = name;
        this.area = area;
        this.pins = List.copyOf(pins);
        this.arcs = List.copyOf(arcs);
        List<List<TimingArc>> to = new ArrayList<>();
        for (int i = 0; i < pins.size(); i++) to.add(new ArrayList<>());
        for (TimingArc a : arcs) to.get(a.toPin()).add(a);
        List<List<TimingArc>> frozen = new ArrayList<>();
        for (List<TimingArc> l : to) frozen.add(List.copyOf(l));
        this.arcsTo = Collections.unmodifiableList(frozen);
        List<List<InternalPower>> ip = new ArrayList<>();
        for (List<InternalPower> l : internalPower) ip.add(List.copyOf(l));
        this.internalPower = Collections.unmodifiableList(ip);
        this.leakagePower = leakagePower;
        this.sequential = sequential;
        this.dontUse = dontUse;
    }

    public String name() { return name; }
    public double area() { return area; }
    public List<LibertyPin> pins() { return pins; }
    public List<TimingArc> arcs() { return arcs; }
    /** Arcs that end at pin {@code pinIndex}. */
    public List<TimingArc> arcsTo(int pinIndex) { return arcsTo.get(pinIndex); }
    /** Internal power groups of pin {@code pinIndex}. */
    public List<InternalPower> internalPower(int pinIndex) { return internalPower.get(pinIndex); }
    /** Cell leakage power in nW. */
    public double leakagePower() { return leakagePower; }
    public Sequential sequential() { return sequential; }
    public boolean isSequential() { return sequential != null; }
    public boolean dontUse() { return dontUse; }

    public int pinIndex(String pinName) {
        for (LibertyPin p : pins) if (p.name().equals(pinName)) return p.index();
        return -1;
    }

    public LibertyPin pin(String pinName) {
        int i = pinIndex(pinName);
        return i < 0 ? null : pins.get(i);
    }

    public List<LibertyPin> inputs() {
        List<LibertyPin> l = new ArrayList<>();
        for (LibertyPin p : pins) if (p.direction() == LibertyPin.Direction.INPUT) l.add(p);
        return l;
    }

    public List<LibertyPin> outputs() {
        List<LibertyPin> l = new ArrayList<>();
        for (LibertyPin p : pins) if (p.isOutput()) l.add(p);
        return l;
    }

    @Override
    public String toString() { return name; }
}
