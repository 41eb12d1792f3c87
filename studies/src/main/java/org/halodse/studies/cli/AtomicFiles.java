package org.halodse.studies.cli;

import java.nio.file.Path;
import org.halodse.hw.liberty.InputException;

/** Writes a file whole or not at all: a temp file in the same folder, then a rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, String text, String flag) {
        try {
            org.halodse.studies.run.ArtifactCache.writeAtomically(target, text);
        } catch (InputException e) {
            throw new InputException(flag + " " + e.getMessage());
        }
    }

    /** Prints {@code text} to the command's standard output, or writes it atomically to {@code out}. */
    static void printOrWrite(picocli.CommandLine.Model.CommandSpec spec, Path out, String text) {
        if (out == null) {
            java.io.PrintWriter w = spec.commandLine().getOut();
            w.print(text);
            w.flush();
        } else {
            write(out, text, "--out");
        }
    }
}
