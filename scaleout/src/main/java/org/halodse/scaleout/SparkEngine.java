package org.halodse.scaleout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.halodse.hw.liberty.InputException;

/**
 * One Spark application for one command: local mode on this machine's cores unless a master URL is
 * given. Opening it checks what would otherwise hang or fail deep inside a job: a standalone
 * master that does not answer (a bounded TCP connect, then a bounded wait for executors), and, with
 * {@link #probe}, paths the executors cannot read or folders they cannot write.
 */
public final class SparkEngine implements AutoCloseable {
    /** How long to wait for a master to answer a connect. */
    static final int CONNECT_MILLIS = Integer.getInteger("halo.spark.connectMillis", 5000);
    /** How long to wait for the first executors of a cluster (free cores and memory on the workers). */
    static final int REGISTER_SECONDS = Integer.getInteger("halo.spark.registerSeconds", 90);

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?");

    private final JavaSparkContext jsc;
    private final String master;

    private SparkEngine(JavaSparkContext jsc, String master) {
        this.jsc = jsc;
        this.master = master;
    }

    /** The default master: Spark's local mode on every core of this machine. */
    public static String localMaster() {
        return "local[" + Runtime.getRuntime().availableProcessors() + "]";
    }

    public static boolean isLocal(String master) {
        return master == null || LOCAL.matcher(master).matches();
    }

    /**
     * Starts the application. {@code master}: null for local mode; {@code conf}: extra Spark settings
     * (they win over ours); {@code minExecutors}: on a cluster, how many executors to wait for
     * (at least 1) before work starts, so the work is spread from the first task.
     */
    public static SparkEngine open(String master, Map<String, String> conf, int minExecutors) {
        String m = master == null ? localMaster() : master.strip();
        checkMaster(m);
        SparkConf c = new SparkConf().setAppName("halo").setMaster(m)
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            // a task that fails on a live executor is a bug or bad input: fail after 2 tries, not 4;
            // a task lost with its executor is re-run regardless (not counted as a failure)
            .set("spark.task.maxFailures", "2");
        if (isLocal(m) || loopback(m)) {
            // on one machine: never depend on how the host name resolves
            c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!isLocal(m)) {
            // executors need the halo classes: where the workers see the same install (a shared
            // folder, like the weights), this classpath; on other clusters give --conf
            // spark.jars=... or spark.executor.extraClassPath=...
            c.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        conf.forEach(c::set);
        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(c);
        } catch (RuntimeException e) {
            throw new InputException("--master " + m + ": cannot start a Spark application (" + firstLine(e.getMessage()) + ")");
        }
        SparkEngine e = new SparkEngine(jsc, m);
        if (!isLocal(m)) e.awaitExecutors(Math.max(1, minExecutors));
        return e;
    }

    public JavaSparkContext context() {
        return jsc;
    }

    public String master() {
        return master;
    }

    /** Task slots of the application (local threads or the executors' cores). */
    public int slots() {
        return jsc.sc().defaultParallelism();
    }

    private static boolean loopback(String m) {
        return m.startsWith("spark://127.") || m.startsWith("spark://localhost:");
    }

    /** A URL Spark would take: local modes, standalone masters that answer, or a cluster manager. */
    static void checkMaster(String m) {
        if (LOCAL.matcher(m).matches()) return;
        if (m.startsWith("spark://")) {
            List<String> problems = new ArrayList<>();
            for (String hp : m.substring("spark://".length()).split(",")) {
                URI u;
                try {
                    u = URI.create("spark://" + hp);
                } catch (IllegalArgumentException ex) {
                    throw new InputException("--master " + m + ": not a valid master URL; expected spark://HOST:PORT");
                }
                if (u.getHost() == null || u.getPort() < 0) throw new InputException("--master " + m + ": not a valid master URL; expected spark://HOST:PORT");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(u.getHost(), u.getPort()), CONNECT_MILLIS);
                    return; // one master of the list answers: Spark takes it from here
                } catch (IOException ex) {
                    problems.add(u.getHost() + ":" + u.getPort() + " (" + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()) + ")");
                }
            }
            throw new InputException("--master " + m + ": unreachable: " + String.join(", ", problems) + "; expected a running Spark master");
        }
        if (m.equals("yarn") || m.startsWith("k8s://") || m.startsWith("mesos://")) return;
        throw new InputException("--master " + m + ": not a Spark master URL; expected local[N], spark://HOST:PORT, yarn or k8s://...");
    }

    private void awaitExecutors(int want) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(REGISTER_SECONDS);
        while (System.nanoTime() < end) {
            // the status tracker lists the driver too
            if (jsc.statusTracker().getExecutorInfos().length - 1 >= want) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int have = jsc.statusTracker().getExecutorInfos().length - 1;
        close();
        throw new InputException("--master " + master + ": " + have + " executor(s) registered within " + REGISTER_SECONDS
            + " s, expected " + want + " (is a worker attached, with free cores and memory?)");
    }

    /**
     * Runs a small job on every task slot that checks, where the executors run, that each of
     * {@code readable} can be read and each of {@code writable} written (a file created and
     * deleted). Throws the first problem as one line naming the path.
     */
    public void probe(List<String> readable, List<String> writable) {
        if (readable.isEmpty() && writable.isEmpty()) return;
        int n = Math.max(1, slots());
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(i);
        List<String> r = List.copyOf(readable), w = List.copyOf(writable);
        List<String> problems;
        try {
            problems = jsc.parallelize(ids, n).flatMap(i -> Probe.check(r, w).iterator()).collectAsync()
                .get(REGISTER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new InputException("--master " + master + ": the executors did not run a probe task within " + REGISTER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("probe job failed: " + firstLine(String.valueOf(e.getCause())), e);
        }
        if (!problems.isEmpty()) throw new InputException(problems.get(0));
    }

    /** What the probe does on an executor. */
    static final class Probe {
        private Probe() {
        }

        static List<String> check(List<String> readable, List<String> writable) {
            List<String> out = new ArrayList<>();
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "an executor";
            }
            for (String p : readable) {
                Path f = Path.of(p);
                if (!Files.isReadable(f)) out.add(p + ": not readable on executor host " + host + "; expected a path every executor sees (a shared folder)");
            }
            for (String d : writable) {
                Path dir = Path.of(d);
                try {
                    Files.createDirectories(dir);
                    Path t = Files.createTempFile(dir, ".probe-", ".tmp");
                    Files.delete(t);
                } catch (IOException | RuntimeException e) {
                    out.add(d + ": not writable on executor host " + host + " (" + e.getMessage() + "); expected a folder every executor can write (a shared folder)");
                }
            }
            return out;
        }
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).strip();
    }

    /** The innermost {@link InputException} of a failed job, so bad input stays one line and exit code 2. */
    static RuntimeException unwrap(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof InputException ie) return ie;
        String msg = String.valueOf(e.getMessage());
        int i = msg.indexOf("InputException: ");
        if (i >= 0) return new InputException(firstLine(msg.substring(i + "InputException: ".length())));
        return e;
    }

    @Override
    public void close() {
        jsc.stop();
    }

    @Override
    public String toString() {
        return "spark " + master.toLowerCase(Locale.ROOT);
    }
}
