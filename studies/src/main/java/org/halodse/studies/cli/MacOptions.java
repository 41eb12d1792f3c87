package org.halodse.studies.cli;

import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.mac.MacGenerator;
import org.halodse.hw.netlist.mac.MacSpec;
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

    /** The spec these options name; one-line errors name the flag. */
    MacSpec spec() {
        MacSpec.Multiplier m = switch (arch == null ? "" : arch) {
            case "array" -> MacSpec.Multiplier.ARRAY;
            case "booth" -> MacSpec.Multiplier.BOOTH;
            default -> throw new InputException("--arch " + arch + ": expected array or booth");
        };
        MacSpec.Tree t = switch (tree) {
            case "wallace" -> MacSpec.Tree.WALLACE;
            case "dadda" -> MacSpec.Tree.DADDA;
            default -> throw new InputException("--tree " + tree + ": expected wallace or dadda");
        };
        MacSpec.Adder a = switch (adder) {
            case "ripple" -> MacSpec.Adder.RIPPLE;
            case "kogge-stone" -> MacSpec.Adder.KOGGE_STONE;
            case "brent-kung" -> MacSpec.Adder.BRENT_KUNG;
            default -> throw new InputException("--adder " + adder + ": expected ripple, kogge-stone or brent-kung");
        };
        MacSpec.Pipeline p = switch (pipeline) {
            case "fused" -> MacSpec.Pipeline.FUSED;
            case "registered-product" -> MacSpec.Pipeline.REGISTERED_PRODUCT;
            default -> throw new InputException("--pipeline " + pipeline + ": expected fused or registered-product");
        };
        if (weightBits != 4 && weightBits != 8) throw new InputException("--weight-bits " + weightBits + ": expected 4 or 8");
        if (activationBits != 4 && activationBits != 8) throw new InputException("--activation-bits " + activationBits + ": expected 4 or 8");
        if (accBits < weightBits + activationBits || accBits > MacSpec.MAX_ACCUMULATOR_BITS) {
            throw new InputException("--acc-bits " + accBits + ": expected " + (weightBits + activationBits) + " to " + MacSpec.MAX_ACCUMULATOR_BITS
                + " (at least weight bits + activation bits)");
        }
        try {
            return m == MacSpec.Multiplier.ARRAY
                ? MacSpec.array(weightBits, activationBits, accBits, a, p)
                : MacSpec.booth(weightBits, activationBits, accBits, t, a, p);
        } catch (IllegalArgumentException e) {
            throw new InputException("--arch " + arch + ": " + e.getMessage());
        }
    }

    Netlist generate(LibertyLibrary lib) {
        return MacGenerator.generate(spec(), lib);
    }
}
