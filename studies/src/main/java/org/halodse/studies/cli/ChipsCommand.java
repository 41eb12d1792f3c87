package org.halodse.studies.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.halodse.hw.chip.ChipPresets;
import org.halodse.hw.chip.ChipSpec;
import org.halodse.hw.chip.ChipSpecReader;
import org.halodse.hw.liberty.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code halo chips}: the built-in chip presets; {@code halo chips show NAME|FILE}: one resolved. */
@Command(name = "chips", mixinStandardHelpOptions = true,
    description = "List the built-in chips; 'chips show NAME|FILE' prints one resolved.",
    subcommands = ChipsCommand.Show.class)
final class ChipsCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%-12s %-8s %-16s %-18s %-40s %s%n", "name", "kind", "array", "nominal", "DVFS levels", "off-chip");
        for (ChipSpec c : ChipPresets.all()) {
            String levels = c.levels().stream().map(l -> fmt(l.voltage()) + "V/" + fmt(l.frequencyGHz()) + "GHz").collect(Collectors.joining(" "));
            w.printf("%-12s %-8s %-16s %-18s %-40s %s%n", c.name(), c.kind().key(),
                c.array().rows() + "x" + c.array().cols() + "x" + c.array().count(),
                fmt(c.nominalVoltage()) + " V, " + fmt(c.nominalFrequencyGHz()) + " GHz", levels,
                fmt(c.offChip().bandwidthGBs()) + " GB/s " + c.offChip().technology());
        }
        w.println("Show one with: halo chips show NAME (or a chip file path) [--format yaml|json]");
        w.flush();
        return Halo.OK;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one chip resolved (every value written out, with its sources).")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME|FILE", description = "A preset (${COMPLETION-CANDIDATES}) or a chip file (YAML or JSON).",
            completionCandidates = Names.class)
        String chip;

        @Option(names = "--format", defaultValue = "yaml", paramLabel = "yaml|json", description = "Output format (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            if (!format.equals("yaml") && !format.equals("json")) throw new InputException("--format " + format + ": expected yaml or json");
            ChipSpec c = ChipPresets.resolve(chip, "chip");
            PrintWriter w = spec.commandLine().getOut();
            w.print(format.equals("json") ? ChipSpecReader.toJson(c) : ChipSpecReader.toYaml(c));
            w.flush();
            return Halo.OK;
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ChipPresets.NAMES.iterator();
        }
    }
}
