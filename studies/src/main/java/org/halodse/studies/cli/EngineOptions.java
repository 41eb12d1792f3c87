package org.halodse.studies.cli;

import org.halodse.hw.liberty.InputException;
import org.halodse.studies.run.ProfileEngine;
import picocli.CommandLine.Option;

/** Where a profile is computed: {@code --engine} and {@code --master}, shared by {@code profile} and {@code run}. */
final class EngineOptions {
    @Option(names = "--engine", defaultValue = "plain", paramLabel = "NAME",
        description = "Where the profile is computed: plain (this process) or spark (Apache Spark: local mode on this machine's cores, or --master); same tables either way (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for --engine spark, e.g. spark://HOST:7077 (default: local[cores]). Executors read the model from its path themselves.")
    String master;

    /** The engine named, checked with its master; an input error names the flag. */
    ProfileEngine resolve() {
        ProfileEngine eng = ProfileEngine.named(engine).orElseThrow(() -> new InputException("--engine " + engine
            + ": unknown or not on the classpath; expected plain" + ("spark".equals(engine) ? " (spark needs the scaleout module: run ./halo, not the studies jar alone)" : " or spark")));
        if (master != null && eng == ProfileEngine.PLAIN) throw new InputException("--master " + master + ": needs --engine spark");
        return eng;
    }
}
