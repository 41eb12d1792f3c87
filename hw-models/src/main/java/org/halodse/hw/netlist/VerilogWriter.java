package org.halodse.hw.netlist;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.halodse.hw.liberty.LibertyPin;

/**
 * Writes a {@link Netlist} as flat structural Verilog that Yosys, OpenSTA and Icarus accept: ports,
 * one wire per internal net (escaped when not a plain identifier), one line per instance with
 * named pins, and {@code assign} for port bits that are constants or share a net with another port.
 * Output depends only on the netlist, so it can be diffed and cached.
 */
public final class VerilogWriter {
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    // Verilog-2005 plus SystemVerilog words Icarus reserves in its default mode
    private static final Set<String> KEYWORDS = Set.of("always", "and", "assign", "automatic", "begin", "buf",
        "bufif0", "bufif1", "case", "casex", "casez", "cell", "cmos", "config", "deassign", "default", "defparam",
        "design", "disable", "edge", "else", "end", "endcase", "endconfig", "endfunction", "endgenerate",
        "endmodule", "endprimitive", "endspecify", "endtable", "endtask", "event", "for", "force", "forever", "fork",
        "function", "generate", "genvar", "highz0", "highz1", "if", "ifnone", "incdir", "include", "initial",
        "inout", "input", "instance", "integer", "join", "large", "liblist", "library", "localparam", "macromodule",
        "medium", "module", "nand", "negedge", "nmos", "nor", "noshowcancelled", "not", "notif0", "notif1", "or",
        "output", "parameter", "pmos", "posedge", "primitive", "pull0", "pull1", "pulldown", "pullup",
        "pulsestyle_ondetect", "pulsestyle_onevent", "rcmos", "real", "realtime", "reg", "release", "repeat",
        "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "scalared", "showcancelled", "signed", "small", "specify",
        "specparam", "strong0", "strong1", "supply0", "supply1", "table", "task", "time", "tran", "tranif0",
        "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg", "unsigned", "use", "uwire", "vectored",
        "wait", "wand", "weak0", "weak1", "while", "wire", "wor", "xnor", "xor", "logic", "bit", "byte", "int",
        "shortint", "longint", "string", "type", "typedef", "enum", "struct", "union", "packed", "class",
        "interface", "endinterface", "package", "endpackage", "import", "export", "var", "void", "return",
        "break", "continue", "do", "final", "const", "static", "virtual", "extern", "bind", "assert", "property");

    private VerilogWriter() { }

    /** A Verilog identifier for {@code name}: as is when plain, else escaped ({@code \name} plus the terminating space). */
    static String id(String name) {
        return SIMPLE.matcher(name).matches() && !KEYWORDS.contains(name) ? name : "\\" + name + " ";
    }

    public static String write(Netlist n) {
        StringBuilder out = new StringBuilder();
        Set<String> taken = new HashSet<>(); // nets, ports and instances share one Verilog name space
        List<Port> ports = n.ports();
        StringBuilder header = new StringBuilder();
        for (Port p : ports) {
            header.append(header.isEmpty() ? "" : ", ").append(id(p.name()));
            taken.add(p.name());
        }
        out.append("module ").append(id(n.name())).append('(').append(header).append(");\n");
        for (Port p : ports) {
            String dir = p.direction() == Port.Direction.INPUT ? "input" : p.direction() == Port.Direction.OUTPUT ? "output" : "inout";
            out.append("  ").append(dir).append(p.isBus() ? " [" + p.msb() + ":" + p.lsb() + "] " : " ").append(id(p.name())).append(";\n");
        }

        // a net named after the port bit it belongs to is written as that bit; all others become wires
        String[] ref = new String[n.netCount()];
        ref[Netlist.CONST0] = "1'b0";
        ref[Netlist.CONST1] = "1'b1";
        Map<String, String> portBitRef = new HashMap<>();
        for (Port p : ports) {
            for (int i = 0; i < p.width(); i++) {
                String r = p.isBus() ? id(p.name()) + "[" + (Math.min(p.msb(), p.lsb()) + i) + "]" : id(p.name());
                if (n.netName(p.nets()[i]).equals(p.bitName(i))) ref[p.nets()[i]] = r;
                portBitRef.put(p.name() + "#" + i, r);
            }
        }
        for (int net = 2; net < n.netCount(); net++) {
            if (ref[net] != null) continue;
            ref[net] = id(unique(n.netName(net), taken));
            out.append("  wire ").append(ref[net]).append(";\n");
        }

        for (Instance inst : n.instances()) {
            out.append("  ").append(id(inst.cell().name())).append(' ').append(id(unique(inst.name(), taken))).append(" (");
            boolean first = true;
            List<LibertyPin> pins = inst.cell().pins();
            for (int k = 0; k < pins.size(); k++) {
                int net = inst.pinNets()[k];
                if (net < 0) continue;
                out.append(first ? "" : ", ").append('.').append(id(pins.get(k).name())).append('(').append(ref[net]).append(')');
                first = false;
            }
            out.append(");\n");
        }

        for (Port p : ports) {
            for (int i = 0; i < p.width(); i++) {
                int net = p.nets()[i];
                String bit = portBitRef.get(p.name() + "#" + i);
                if (ref[net].equals(bit)) continue;
                if (p.direction() != Port.Direction.INPUT) out.append("  assign ").append(bit).append(" = ").append(ref[net]).append(";\n");
                // an input tied to a constant has nothing Verilog can express; it simply stays unused
                else if (net > Netlist.CONST1) out.append("  assign ").append(ref[net]).append(" = ").append(bit).append(";\n");
            }
        }
        return out.append("endmodule\n").toString();
    }

    /** {@code name}, or with a numeric suffix if a port, net or instance already uses it. */
    private static String unique(String name, Set<String> taken) {
        String n = name;
        for (int k = 1; !taken.add(n); k++) n = name + "_" + k;
        return n;
    }

    /** Writes to a temporary file next to {@code file} and renames it, so readers never see half a netlist. */
    public static void write(Netlist n, Path file) {
        org.halodse.hw.io.AtomicFiles.write(file, write(n).getBytes(StandardCharsets.ISO_8859_1));
    }
}
