package org.halodse.hw.netlist;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.halodse.hw.liberty.LibertyCell;
import org.halodse.hw.liberty.LibertyLibrary;

/**
 * Builds a {@link Netlist}. Nets are created by name; {@link #connect} merges two nets (a Verilog
 * {@code assign}), including with the constants {@link Netlist#CONST0} and {@link Netlist#CONST1}.
 * Unknown cells and pins are rejected with {@link NetlistException} naming them.
 */
public final class NetlistBuilder {
    private record PendingPort(String name, Port.Direction dir, int msb, int lsb, boolean isBus, int[] nets) { }
    private record PendingInstance(String name, LibertyCell cell, int[] pinNets, int line) { }

    private final String moduleName;
    private final LibertyLibrary library;
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private final List<Integer> parent = new ArrayList<>();
    private final List<PendingPort> ports = new ArrayList<>();
    private final List<PendingInstance> instances = new ArrayList<>();
    private final Set<String> instanceNames = new HashSet<>();
    private int anon;

    public NetlistBuilder(String moduleName, LibertyLibrary library) {
        this.moduleName = moduleName;
        this.library = library;
        addNet("1'b0");
        addNet("1'b1");
    }

    public LibertyLibrary library() { return library; }

    private int addNet(String name) {
        int id = names.size();
        names.add(name);
        byName.put(name, id);
        parent.add(id);
        return id;
    }

    /** The net called {@code name}, created if new. */
    public int net(String name) {
        Integer id = byName.get(name);
        return id != null ? id : addNet(name);
    }

    /** Whether a net of that name exists. */
    public boolean hasNet(String name) { return byName.containsKey(name); }

    /** A new net with a fresh name starting with {@code prefix}. */
    public int newNet(String prefix) {
        String n;
        do { n = prefix + "_" + (anon++); } while (byName.containsKey(n));
        return addNet(n);
    }

    /** Declares a port; creates its bit nets {@code name[i]} (or {@code name}). Returns the bit nets, low bit first. */
    public int[] port(String name, Port.Direction dir, int msb, int lsb, boolean isBus) {
        int lo = Math.min(msb, lsb), hi = Math.max(msb, lsb);
        int[] nets = new int[hi - lo + 1];
        for (int i = 0; i < nets.length; i++) nets[i] = net(isBus ? name + "[" + (lo + i) + "]" : name);
        ports.add(new PendingPort(name, dir, msb, lsb, isBus, nets));
        return nets.clone();
    }

    public int[] input(String name, int width) {
        return width == 1 ? port(name, Port.Direction.INPUT, 0, 0, false) : port(name, Port.Direction.INPUT, width - 1, 0, true);
    }

    public int[] output(String name, int width) {
        return width == 1 ? port(name, Port.Direction.OUTPUT, 0, 0, false) : port(name, Port.Direction.OUTPUT, width - 1, 0, true);
    }

    /**
     * Adds an instance of {@code cellName}; {@code pins} maps pin names to nets.
     *
     * @throws NetlistException for an unknown cell or pin, or a duplicate instance name
     */
    public void instance(String name, String cellName, Map<String, Integer> pins, int line) {
        LibertyCell cell = library.cell(cellName);
        if (cell == null) throw new NetlistException("unknown cell '" + cellName + "' (instance " + name + "), not in library " + library.name(), line);
        instance(name, cell, pins, line);
    }

    public void instance(String name, LibertyCell cell, Map<String, Integer> pins, int line) {
        if (!instanceNames.add(name)) throw new NetlistException("duplicate instance name '" + name + "'", line);
        int[] pinNets = new int[cell.pins().size()];
        java.util.Arrays.fill(pinNets, -1);
        for (Map.Entry<String, Integer> e : pins.entrySet()) {
            int p = cell.pinIndex(e.getKey());
            if (p < 0) {
                List<String> pinNames = new ArrayList<>();
                cell.pins().forEach(x -> pinNames.add(x.name()));
                throw new NetlistException("cell " + cell.name() + " has no pin '" + e.getKey() + "' (instance " + name + "; pins: " + String.join(", ", pinNames) + ")", line);
            }
            pinNets[p] = e.getValue();
        }
        instances.add(new PendingInstance(name, cell, pinNets, line));
    }

    /** Convenience for generators: pins given as name, net, name, net, ... */
    public void instance(String name, LibertyCell cell, Object... pinNetPairs) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pinNetPairs.length; i += 2) m.put((String) pinNetPairs[i], (Integer) pinNetPairs[i + 1]);
        instance(name, cell, m, 0);
    }

    /** Merges two nets (assign). */
    public void connect(int a, int b) {
        int ra = find(a), rb = find(b);
        if (ra == rb) return;
        if (ra <= Netlist.CONST1 && rb <= Netlist.CONST1) throw new NetlistException("assign connects constant 0 to constant 1", 0);
        // constants and port nets win as representatives, so names stay meaningful
        if (rb <= Netlist.CONST1 || (ra > Netlist.CONST1 && isPortNet(rb) && !isPortNet(ra))) { int t = ra; ra = rb; rb = t; }
        parent.set(rb, ra);
    }

    private boolean isPortNet(int net) {
        for (PendingPort p : ports) for (int n : p.nets()) if (n == net) return true;
        return false;
    }

    private int find(int x) {
        while (parent.get(x) != x) {
            parent.set(x, parent.get(parent.get(x)));
            x = parent.get(x);
        }
        return x;
    }

    public Netlist build() {
        int n = names.size();
        int[] newId = new int[n];
        java.util.Arrays.fill(newId, -1);
        List<String> newNames = new ArrayList<>();
        newId[0] = 0; newNames.add(names.get(0));
        newId[1] = 1; newNames.add(names.get(1));
        for (int i = 2; i < n; i++) {
            int r = find(i);
            if (r <= Netlist.CONST1) { newId[i] = r; continue; }
            if (newId[r] < 0) { newId[r] = newNames.size(); newNames.add(names.get(r)); }
            newId[i] = newId[r];
        }
        List<Port> ps = new ArrayList<>();
        for (PendingPort p : ports) {
            int[] nets = new int[p.nets().length];
            for (int i = 0; i < nets.length; i++) nets[i] = newId[p.nets()[i]];
            ps.add(new Port(p.name(), p.dir(), p.msb(), p.lsb(), p.isBus(), nets));
        }
        List<Instance> is = new ArrayList<>();
        for (PendingInstance pi : instances) {
            int[] nets = new int[pi.pinNets().length];
            for (int i = 0; i < nets.length; i++) nets[i] = pi.pinNets()[i] < 0 ? -1 : newId[pi.pinNets()[i]];
            is.add(new Instance(pi.name(), pi.cell(), nets, pi.line()));
        }
        return new Netlist(moduleName, library, newNames.toArray(new String[0]), ps, is);
    }
}
