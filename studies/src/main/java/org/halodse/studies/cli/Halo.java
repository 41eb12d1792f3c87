package org.halodse.studies.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import org.halodse.hw.liberty.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code halo} command line. Exit codes: 0 success, 1 failure, 2 usage or input error. Input
 * errors print one line naming the file and line (or flag) and what was expected; a stack trace
 * only with {@code --debug}.
 */
@Command(name = "halo", mixinStandardHelpOptions = true, versionProvider = Halo.Version.class,
    description = "HALO-DSE: design-space exploration for hardware-aware LLM quantization.",
    subcommands = {RunCommand.class, ReportCommand.class, PickCommand.class, CharacterizeCommand.class, NetlistCommand.class, SchemaCommand.class, ValidateCommand.class, BenchmarkSearchCommand.class, EnergyCommand.class, VoltageFitCommand.class, ChipsCommand.class, ProfileCommand.class, ProxyCheckCommand.class, CommandLine.HelpCommand.class})
public final class Halo implements Runnable {
    public static final int OK = 0, FAILURE = 1, USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line in-process (tests call this); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Halo());
        for (HaloPlugin plugin : java.util.ServiceLoader.load(HaloPlugin.class)) cl.addSubcommand(plugin);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof InputException ? USAGE : FAILURE);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("halo: " + ex.getMessage());
            err.println("Try 'halo " + (ex.getCommandLine().getCommandName().equals("halo") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            if (ex instanceof InputException) {
                err.println("halo: " + ex.getMessage());
                if (debug) ex.printStackTrace(err);
                return USAGE;
            }
            err.println("halo: internal error: " + ex + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) ex.printStackTrace(err);
            return FAILURE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The version from the build. */
    public static String version() {
        try (InputStream in = Halo.class.getResourceAsStream("/halo-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"halo " + version() + " (HALO-DSE, Java " + System.getProperty("java.version") + ")"};
        }
    }
}
