package org.halodse.studies.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCatalog;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.VerilogWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code halo netlist}: writes a generated MAC as flat structural Verilog over the library's
 * cells, so Yosys, OpenSTA and Icarus read exactly the circuit that characterize times.
 */
@Command(name = "netlist", mixinStandardHelpOptions = true,
    description = "Write a generated MAC netlist (structural Verilog over the library's cells).")
final class NetlistCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--liberty", required = true, paramLabel = "FILE|NAME", description = "Liberty file or known name (osu018, nangate45-typ, ...).")
    String liberty;

    @CommandLine.Mixin
    MacOptions mac = new MacOptions();

    @Option(names = "--out", paramLabel = "FILE.v", description = "Write here (atomically) instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        if (mac.arch == null) throw new InputException("--arch is required: array or booth");
        LibertyLibrary lib = LibertyReader.read(LibertyCatalog.resolve(liberty, "--liberty"));
        Netlist n = mac.generate(lib);
        String text = VerilogWriter.write(n);
        AtomicFiles.printOrWrite(spec, out, text);
        if (out != null) {
            spec.commandLine().getErr().println("halo: wrote " + out + " (module " + n.name() + ", " + n.instances().size() + " cells, area " + Math.round(n.area()) + ")");
        }
        return Halo.OK;
    }
}
