package org.halodse.scaleout;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.halodse.studies.cli.Halo;

/** Runs the halo command line in-process and keeps what it printed. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Halo.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Cli(code, o.toString(), e.toString());
    }
}
