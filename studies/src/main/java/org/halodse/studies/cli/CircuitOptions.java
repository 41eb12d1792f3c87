package org.halodse.studies.cli;

import java.nio.file.Path;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCatalog;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.VerilogReader;
import picocli.CommandLine.Option;

/**
 * The circuit a command works on and the library it is linked to: --liberty, and either a
 * structural Verilog netlist (--netlist, --top) or a generated MAC (--arch and the options of the
 * command's {@link MacOptions}), plus the weight port. Shared by characterize and energy.
 */
final class CircuitOptions {
    @Option(names = "--liberty", required = true, paramLabel = "FILE|NAME",
        description = "Liberty file (.lib or .lib.gz) or a known name: osu018, osu035, osu050, nangate45-typ, nangate45-slow, nangate45-fast.")
    String liberty;

    @Option(names = "--netlist", paramLabel = "FILE.v", description = "Flat structural Verilog (as Yosys write_verilog -noattr writes it).")
    Path netlist;

    @Option(names = "--top", paramLabel = "MODULE", description = "Top module of --netlist.")
    String top;

    @Option(names = "--weight-port", required = true, paramLabel = "PORT", description = "Input port that holds the weight (two's complement).")
    String weightPort;

    /** The Liberty file --liberty names (a path or a known short name). */
    Path libraryPath() {
        return LibertyCatalog.resolve(liberty, "--liberty");
    }

    /** The netlist, or the MAC generated from {@code mac}; exactly one of the two must be given. */
    Netlist load(org.halodse.hw.liberty.LibertyLibrary lib, MacOptions mac) {
        return load(netlist, top, mac, lib);
    }

    /** The same rule for commands with their own --liberty (voltage-fit links one circuit to several corners). */
    static Netlist load(Path netlist, String top, MacOptions mac, org.halodse.hw.liberty.LibertyLibrary lib) {
        if (netlist != null) {
            if (mac.arch != null) throw new InputException("--netlist and --arch: give one of them, not both");
            if (top == null) throw new InputException("--netlist needs --top MODULE");
            return VerilogReader.read(netlist, lib, top);
        }
        if (mac.arch == null) throw new InputException("give --netlist FILE.v --top MODULE, or --arch array|booth");
        return mac.generate(lib);
    }

    /** Where the circuit came from, for reports. */
    String source(Netlist n) {
        return netlist != null ? netlist.toString() : "generated: " + n.name();
    }
}
