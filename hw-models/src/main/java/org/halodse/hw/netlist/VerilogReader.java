package org.halodse.hw.netlist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.netlist.VerilogParser.Assign;
import org.halodse.hw.netlist.VerilogParser.CellInst;
import org.halodse.hw.netlist.VerilogParser.Const;
import org.halodse.hw.netlist.VerilogParser.Decl;
import org.halodse.hw.netlist.VerilogParser.DeclKind;
import org.halodse.hw.netlist.VerilogParser.Module;
import org.halodse.hw.netlist.VerilogParser.Range;
import org.halodse.hw.netlist.VerilogParser.Ref;
import org.halodse.hw.netlist.VerilogParser.Term;

/**
 * Reads a flat gate-level Verilog netlist (as written by Yosys {@code write_verilog -noattr
 * -noexpr}) into a {@link Netlist} linked to a Liberty library. Bit {@code i} of bus {@code w} is
 * the net {@code "w[i]"}, matching {@link NetlistBuilder#port}. Every problem, including the
 * structural ones {@link Netlist} finds, is an {@link InputException} with file and line.
 */
public final class VerilogReader {
    private final String source;
    private final Module mod;
    private final Set<String> moduleNames;
    private final NetlistBuilder b;
    private final Map<String, Decl> decls = new HashMap<>();

    private VerilogReader(String source, Module mod, Set<String> moduleNames, LibertyLibrary lib) {
        this.source = source;
        this.mod = mod;
        this.moduleNames = moduleNames;
        this.b = new NetlistBuilder(mod.name(), lib);
    }

    public static Netlist read(Path file, LibertyLibrary lib, String top) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such Verilog file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return read(file.toString(), text, lib, top);
    }

    public static Netlist read(String source, String text, LibertyLibrary lib, String top) {
        List<Module> mods = VerilogParser.parse(source, text);
        Set<String> names = new LinkedHashSet<>();
        Module found = null;
        for (Module m : mods) {
            if (!names.add(m.name())) throw InputException.at(source, m.line(), "module " + m.name() + " is defined twice");
            if (m.name().equals(top)) found = m;
        }
        if (found == null) {
            throw InputException.at(source, 0, "top module '" + top + "' not found (modules in file: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        return new VerilogReader(source, found, names, lib).build();
    }

    private InputException error(int line, String msg) { return InputException.at(source, line, msg); }

    private Netlist build() {
        declare();
        for (Assign a : mod.assigns()) assign(a);
        for (CellInst c : mod.cells()) cell(c);
        try {
            return b.build();
        } catch (NetlistException e) {
            throw error(e.line(), e.getMessage());
        }
    }

    /** Merges port and wire declarations of a name (Yosys writes both), then creates ports and nets. */
    private void declare() {
        for (Decl d : mod.decls()) {
            Decl old = decls.putIfAbsent(d.name(), d);
            if (old == null) continue;
            if (old.kind() != DeclKind.WIRE && d.kind() != DeclKind.WIRE) throw error(d.line(), "'" + d.name() + "' is declared as a port twice (first on line " + old.line() + ")");
            if (!Objects.equals(old.range(), d.range())) {
                throw error(d.line(), "'" + d.name() + "' is declared " + show(d.range()) + " here but " + show(old.range()) + " on line " + old.line());
            }
            if (old.kind() == DeclKind.WIRE) decls.put(d.name(), d);
        }
        Set<String> inHeader = new HashSet<>();
        for (String name : mod.ports()) {
            Decl d = decls.get(name);
            if (!inHeader.add(name)) throw error(mod.line(), "port '" + name + "' is listed twice in the header of module " + mod.name());
            if (d == null || d.kind() == DeclKind.WIRE) throw error(mod.line(), "port '" + name + "' of module " + mod.name() + " has no input/output/inout declaration");
            Port.Direction dir = d.kind() == DeclKind.INPUT ? Port.Direction.INPUT : d.kind() == DeclKind.OUTPUT ? Port.Direction.OUTPUT : Port.Direction.INOUT;
            Range r = d.range();
            b.port(name, dir, r == null ? 0 : r.msb(), r == null ? 0 : r.lsb(), r != null);
        }
        // an escaped scalar like \acc[3] would silently become bit 3 of a bus acc: refuse instead
        Map<String, Decl> bitOwner = new HashMap<>();
        for (Decl d : mod.decls()) {
            if (d.kind() != DeclKind.WIRE && !inHeader.contains(d.name())) throw error(d.line(), "'" + d.name() + "' is declared " + d.kind().name().toLowerCase() + " but is not in the port list of module " + mod.name());
            if (decls.get(d.name()) != d) continue;
            for (String bit : bitNames(d)) {
                Decl other = bitOwner.putIfAbsent(bit, d);
                if (other != null) throw error(d.line(), "net name '" + bit + "' of '" + d.name() + "' clashes with '" + other.name() + "' declared on line " + other.line());
                b.net(bit);
            }
        }
    }

    private static List<String> bitNames(Decl d) {
        if (d.range() == null) return List.of(d.name());
        List<String> l = new ArrayList<>();
        int step = d.range().msb() >= d.range().lsb() ? -1 : 1;
        for (int i = d.range().msb(); ; i += step) {
            l.add(d.name() + "[" + i + "]");
            if (i == d.range().lsb()) return l;
        }
    }

    private static String show(Range r) { return r == null ? "scalar" : "[" + r.msb() + ":" + r.lsb() + "]"; }

    private void assign(Assign a) {
        for (Term t : a.lhs()) if (t instanceof Const c) throw error(a.line(), "constant " + c.text() + " on the left side of assign (expected nets)");
        int[] l = nets(a.lhs());
        int[] r = nets(a.rhs());
        if (l.length != r.length) throw error(a.line(), "width mismatch in assign: left side is " + l.length + " bits, right side is " + r.length + " bits");
        try {
            for (int i = 0; i < l.length; i++) b.connect(l[i], r[i]);
        } catch (NetlistException e) {
            throw error(a.line(), e.getMessage());
        }
    }

    private void cell(CellInst c) {
        if (moduleNames.contains(c.type())) {
            throw error(c.line(), "instance " + c.name() + " of module " + c.type() + ": hierarchical netlists are not supported, flatten with yosys 'flatten' first");
        }
        Map<String, Integer> pins = new LinkedHashMap<>();
        for (Map.Entry<String, List<Term>> e : c.pins().entrySet()) {
            if (e.getValue() == null) continue; // .A() is unconnected
            int[] n = nets(e.getValue());
            if (n.length != 1) throw error(c.line(), "pin ." + e.getKey() + " of instance " + c.name() + " is connected to " + n.length + " bits (expected 1)");
            pins.put(e.getKey(), n[0]);
        }
        try {
            b.instance(c.name(), c.type(), pins, c.line());
        } catch (NetlistException e) {
            throw error(c.line(), e.getMessage());
        }
    }

    /** The nets of an expression, MSB first. */
    private int[] nets(List<Term> terms) {
        List<Integer> out = new ArrayList<>();
        for (Term t : terms) {
            if (t instanceof Const c) {
                for (boolean bit : c.bits()) out.add(bit ? Netlist.CONST1 : Netlist.CONST0);
                continue;
            }
            Ref r = (Ref) t;
            Decl d = decls.get(r.name());
            if (d == null) throw error(r.line(), "undeclared net '" + r.name() + "' (expected a wire, input or output declaration for it)");
            Range range = d.range();
            if (!r.selected()) {
                for (String bit : bitNames(d)) out.add(b.net(bit));
                continue;
            }
            String sel = "[" + r.from() + (r.from() == r.to() ? "" : ":" + r.to()) + "]";
            if (range == null) throw error(r.line(), "bit select " + r.name() + sel + " of scalar net '" + r.name() + "'");
            int lo = Math.min(range.msb(), range.lsb()), hi = Math.max(range.msb(), range.lsb());
            if (Math.min(r.from(), r.to()) < lo || Math.max(r.from(), r.to()) > hi) {
                throw error(r.line(), r.name() + sel + " is outside the declared range " + show(range) + " of '" + r.name() + "'");
            }
            if (r.from() != r.to() && (r.from() > r.to()) != (range.msb() > range.lsb())) {
                throw error(r.line(), "part select " + r.name() + sel + " runs against the declared range " + show(range));
            }
            int step = r.from() >= r.to() ? -1 : 1;
            for (int i = r.from(); ; i += step) {
                out.add(b.net(r.name() + "[" + i + "]"));
                if (i == r.to()) break;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
