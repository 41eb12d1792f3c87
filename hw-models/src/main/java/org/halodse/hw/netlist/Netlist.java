package org.halodse.hw.netlist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyPin;

/**
 * A flat gate-level netlist linked to a cell library: nets (ints; 0 and 1 are the constants),
 * ports and cell instances, with each net's driver and fanout. Immutable; build one with
 * {@link NetlistBuilder}. Sequential cells (flip-flops, latches) split it into combinational
 * stages; {@link #combinationalOrder()} orders the instances so every cell comes after the
 * drivers of its inputs, flip-flop outputs counting as sources.
 */
public final class Netlist {
    public static final int CONST0 = 0;
    public static final int CONST1 = 1;

    private final String name;
    private final LibertyLibrary library;
    private final String[] netNames;
    private final List<Port> ports;
    private final List<Instance> instances;
    // driver of each net: instance index and pin, or -1 (-2 for an input port, -3 for a constant)
    private final int[] driverInst;
    private final int[] driverPin;
    // fanout in CSR form: instance pins (inst, pin) reading each net
    private final int[] fanoutStart;
    private final int[] fanoutInst;
    private final int[] fanoutPin;
    private final int[] order;

    Netlist(String name, LibertyLibrary library, String[] netNames, List<Port> ports, List<Instance> instances) {
        this.name = name;
        this.library = library;
        this.netNames = netNames;
        this.ports = Collections.unmodifiableList(new ArrayList<>(ports));
        this.instances = Collections.unmodifiableList(new ArrayList<>(instances));
        int n = netNames.length;
        driverInst = new int[n];
        driverPin = new int[n];
        Arrays.fill(driverInst, -1);
        driverInst[CONST0] = -3;
        driverInst[CONST1] = -3;
        for (Port p : ports) {
            if (p.direction() == Port.Direction.OUTPUT) continue;
            for (int net : p.nets()) {
                if (net <= CONST1) continue;
                if (driverInst[net] != -1) throw new NetlistException("net " + netNames[net] + " is driven by input port " + p.name() + " and another driver", 0);
                driverInst[net] = -2;
            }
        }
        int[] count = new int[n + 1];
        for (int i = 0; i < instances.size(); i++) {
            Instance inst = instances.get(i);
            List<LibertyPin> pins = inst.cell().pins();
            for (int p = 0; p < pins.size(); p++) {
                int net = inst.pinNets()[p];
                if (net < 0) continue;
                LibertyPin pin = pins.get(p);
                if (pin.direction() == LibertyPin.Direction.OUTPUT) {
                    if (driverInst[net] != -1) {
                        String other = driverInst[net] >= 0 ? "instance " + instances.get(driverInst[net]).name()
                            : driverInst[net] == -2 ? "an input port" : "a constant";
                        throw new NetlistException("net " + netNames[net] + " has two drivers: instance " + inst.name() + " pin " + pin.name() + " and " + other, inst.line());
                    }
                    driverInst[net] = i;
                    driverPin[net] = p;
                } else {
                    count[net]++;
                }
            }
        }
        fanoutStart = new int[n + 1];
        for (int k = 0; k < n; k++) fanoutStart[k + 1] = fanoutStart[k] + count[k];
        fanoutInst = new int[fanoutStart[n]];
        fanoutPin = new int[fanoutStart[n]];
        int[] fill = Arrays.copyOf(fanoutStart, n);
        for (int i = 0; i < instances.size(); i++) {
            Instance inst = instances.get(i);
            List<LibertyPin> pins = inst.cell().pins();
            for (int p = 0; p < pins.size(); p++) {
                int net = inst.pinNets()[p];
                if (net < 0 || pins.get(p).direction() == LibertyPin.Direction.OUTPUT) continue;
                fanoutInst[fill[net]] = i;
                fanoutPin[fill[net]] = p;
                fill[net]++;
            }
        }
        order = levelize();
    }

    public String name() { return name; }
    public LibertyLibrary library() { return library; }
    public int netCount() { return netNames.length; }
    public String netName(int net) { return netNames[net]; }
    public List<Port> ports() { return ports; }
    public List<Instance> instances() { return instances; }

    public Port port(String portName) {
        for (Port p : ports) if (p.name().equals(portName)) return p;
        return null;
    }

    public List<Port> ports(Port.Direction dir) {
        List<Port> l = new ArrayList<>();
        for (Port p : ports) if (p.direction() == dir) l.add(p);
        return l;
    }

    /** Driving instance of {@code net}, or -1 undriven, -2 input port, -3 constant. */
    public int driverInstance(int net) { return driverInst[net]; }
    /** Pin index on the driving instance's cell (valid when {@link #driverInstance} >= 0). */
    public int driverPin(int net) { return driverPin[net]; }
    public int fanoutCount(int net) { return fanoutStart[net + 1] - fanoutStart[net]; }
    public int fanoutInstance(int net, int k) { return fanoutInst[fanoutStart[net] + k]; }
    public int fanoutPin(int net, int k) { return fanoutPin[fanoutStart[net] + k]; }

    /**
     * Instance indices in an order where each combinational cell follows the drivers of its
     * inputs; sequential cells come first (their outputs start paths).
     */
    public int[] combinationalOrder() { return order.clone(); }

    private int[] levelize() {
        int m = instances.size();
        int[] pending = new int[m];
        int[] out = new int[m];
        int head = 0, tail = 0;
        for (int i = 0; i < m; i++) {
            Instance inst = instances.get(i);
            if (inst.cell().isSequential()) { out[tail++] = i; continue; }
            int c = 0;
            for (LibertyPin p : inst.cell().pins()) {
                int net = inst.pinNets()[p.index()];
                if (p.isInput() && p.direction() != LibertyPin.Direction.OUTPUT && net >= 0 && driverInst[net] >= 0
                    && !instances.get(driverInst[net]).cell().isSequential()) c++;
            }
            pending[i] = c;
            if (c == 0) out[tail++] = i;
        }
        while (head < tail) {
            int i = out[head++];
            Instance inst = instances.get(i);
            if (inst.cell().isSequential()) continue; // its outputs are sources, already counted out
            for (LibertyPin p : inst.cell().pins()) {
                if (p.direction() != LibertyPin.Direction.OUTPUT) continue;
                int net = inst.pinNets()[p.index()];
                if (net < 0) continue;
                for (int k = fanoutStart[net]; k < fanoutStart[net + 1]; k++) {
                    int j = fanoutInst[k];
                    if (instances.get(j).cell().isSequential()) continue;
                    if (--pending[j] == 0) out[tail++] = j;
                }
            }
        }
        if (tail < m) {
            for (int i = 0; i < m; i++) {
                if (pending[i] > 0) {
                    Instance inst = instances.get(i);
                    throw new NetlistException("combinational loop through instance " + inst.name() + " (" + inst.cell().name() + ")", inst.line());
                }
            }
        }
        return out;
    }

    /** Number of instances of each cell, for reports. */
    public java.util.Map<String, Integer> cellCounts() {
        java.util.Map<String, Integer> m = new java.util.TreeMap<>();
        for (Instance i : instances) m.merge(i.cell().name(), 1, Integer::sum);
        return m;
    }

    public double area() {
        double a = 0;
        for (Instance i : instances) a += i.cell().area();
        return a;
    }

    /** The cell a net's driving instance uses, or null. */
    public LibertyCell driverCell(int net) {
        return driverInst[net] >= 0 ? instances.get(driverInst[net]).cell() : null;
    }
}
