package org.halodse.studies.cli;

import java.nio.file.Path;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.VerilogReader;

/**
 * The circuit a command works on: a structural Verilog netlist (--netlist, --top) or a generated
 * MAC (--arch and its options), linked to a library. Exactly one of the two is given.
 */
record MacCircuit(Path netlist, String top, MacOptions mac) {

    Netlist load(LibertyLibrary lib) {
        if (netlist != null) {
            if (mac.arch != null) throw new InputException("--netlist and --arch: give one of them, not both");
            if (top == null) throw new InputException("--netlist needs --top MODULE");
            return VerilogReader.read(netlist, lib, top);
        }
        if (mac.arch == null) throw new InputException("give --netlist FILE.v --top MODULE, or --arch array|booth");
        return mac.generate(lib);
    }

    String source(Netlist n) {
        return netlist != null ? netlist.toString() : "generated: " + n.name();
    }
}
