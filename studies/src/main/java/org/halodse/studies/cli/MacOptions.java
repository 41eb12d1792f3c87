package org.halodse.studies.cli;

import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.netlist.Netlist;
import picocli.CommandLine.Option;

/** Options that choose a generated MAC: architecture, tree, adder, pipeline and widths. */
final class MacOptions {
    @Option(names = "--arch", paramLabel = "array|booth", description = "Generate the MAC: Baugh-Wooley array or radix-4 Booth multiplier.")
    String arch;

    @Option(names = "--tree", defaultValue = "dadda", paramLabel = "wallace|dadda", description = "Booth partial-product tree (default: ${DEFAULT-VALUE}).")
    String tree;

    @Option(names = "--adder", defaultValue = "ripple", paramLabel = "ripple|kogge-stone|brent-kung", description = "Accumulator adder (default: ${DEFAULT-VALUE}).")
    String adder;

    @Option(names = "--pipeline", defaultValue = "fused", paramLabel = "fused|registered-product", description = "Fused multiply-accumulate, or the product registered before the adder (default: ${DEFAULT-VALUE}).")
    String pipeline;

    @Option(names = "--weight-bits", defaultValue = "8", paramLabel = "4|8", description = "Weight width (default: ${DEFAULT-VALUE}).")
    int weightBits;

    @Option(names = "--activation-bits", defaultValue = "8", paramLabel = "4|8", description = "Activation width (default: ${DEFAULT-VALUE}).")
    int activationBits;

    @Option(names = "--acc-bits", defaultValue = "24", paramLabel = "N", description = "Accumulator width (default: ${DEFAULT-VALUE}).")
    int accBits;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    boolean weightBitsGiven() {
        return mixee != null && mixee.commandLine() != null
            && mixee.commandLine().getParseResult() != null
            && mixee.commandLine().getParseResult().hasMatchedOption("--weight-bits");
    }

    Netlist generate(LibertyLibrary lib) {
        throw new InputException("--arch: MAC generators are not built yet");
    }
}
