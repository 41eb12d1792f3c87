package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/** Runs the reference tools (Yosys, OpenSTA) through tools/reference and halo in-process. */
final class ReferenceTools {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path REFERENCE = REPO.resolve("tools/reference");

    private ReferenceTools() {
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    static Path nangate(String corner) {
        Path dir = Path.of(System.getenv().getOrDefault("HALO_PDK_DIR", REPO.resolveSibling("shared").resolve("pdk").toString()));
        return dir.resolve("nangate45_" + corner + ".lib.gz");
    }

    /** OpenSTA 2019 and Yosys 0.23 read only uncompressed Liberty. */
    static Path uncompressed(Path lib, Path tmp) throws IOException {
        if (!lib.toString().endsWith(".gz")) return lib;
        Path out = tmp.resolve(lib.getFileName().toString().replace(".gz", ""));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(lib))) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    static String run(Path workDir, String... cmd) throws IOException, InterruptedException {
        return runEnv(workDir, java.util.Map.of(), cmd);
    }

    static String runEnv(Path workDir, java.util.Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "tool", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }

    /** OpenSTA's per-weight worst arrival in ps; key Integer.MIN_VALUE holds the unconstrained one. */
    static TreeMap<Integer, Double> openStaSweep(Path workDir, Path lib, Path netlist, String top, String dff, String wport, int bits)
        throws IOException, InterruptedException {
        return openStaSweep(workDir, lib, netlist, top, dff, wport, bits, null);
    }

    /** As above, with the endpoints given as OpenSTA TCL (null: all outputs). */
    static TreeMap<Integer, Double> openStaSweep(Path workDir, Path lib, Path netlist, String top, String dff, String wport, int bits, String endpoints)
        throws IOException, InterruptedException {
        String out = runEnv(workDir, endpoints == null ? java.util.Map.of() : java.util.Map.of("STA_TO", endpoints), "bash", REFERENCE.resolve("sta_sweep.sh").toString(), lib.toString(), netlist.toString(), top, dff, wport, Integer.toString(bits));
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length != 2) continue;
            if (f[0].equals("none")) m.put(Integer.MIN_VALUE, Double.parseDouble(f[1]));
            else if (f[0].matches("-?\\d+")) m.put(Integer.parseInt(f[0]), Double.parseDouble(f[1]));
        }
        return m;
    }

    record HaloRun(int code, String out, String err) { }

    static HaloRun halo(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Halo.run(args, new PrintWriter(out), new PrintWriter(err));
        return new HaloRun(code, out.toString(), err.toString());
    }

    /** Parses `weight,delay_ps` CSV. */
    static TreeMap<Integer, Double> csv(String text) {
        String[] lines = text.split("\n");
        assertEquals("weight,delay_ps", lines[0]);
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            m.put(Integer.parseInt(f[0]), Double.parseDouble(f[1]));
        }
        return m;
    }

    static List<Double> values(TreeMap<Integer, Double> m, int min, int max) {
        List<Double> l = new ArrayList<>();
        for (int w = min; w <= max; w++) l.add(m.get(w));
        return l;
    }
}
