package org.halodse.studies.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.halodse.hw.liberty.InputException;

/** Writes a file whole or not at all: a temp file in the same folder, then a rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, String text, String flag) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new InputException(flag + " " + target + ": cannot write (" + e.getMessage() + ")");
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
