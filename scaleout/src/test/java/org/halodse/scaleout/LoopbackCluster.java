package org.halodse.scaleout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and workers (1 core each) as separate
 * JVMs from this test's classpath. Workers launch executor JVMs the way Spark does (classpath from
 * SPARK_HOME/jars, here an empty folder, plus spark.executor.extraClassPath, which the halo driver
 * sets to its own classpath). Logs go to the cluster folder.
 */
final class LoopbackCluster implements AutoCloseable {
    private final Path home;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    final String url;

    private LoopbackCluster(Path home, Process master, String url) {
        this.home = home;
        this.master = master;
        this.url = url;
    }

    static LoopbackCluster start(Path dir, int workers) throws IOException, InterruptedException {
        Path sparkHome = dir.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("RELEASE"), "halo test cluster: Spark from the test classpath\n");
        int port = freePort();
        Process m = launch(dir, "master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
            "--webui-port", Integer.toString(freePort())), sparkHome);
        LoopbackCluster c = new LoopbackCluster(dir, m, "spark://127.0.0.1:" + port);
        awaitPort(port, m, dir.resolve("master.log"));
        for (int i = 0; i < workers; i++) {
            Path work = dir.resolve("work-" + i);
            Files.createDirectories(work);
            c.workers.add(launch(dir, "worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString(), c.url), sparkHome));
        }
        return c;
    }

    private static Process launch(Path dir, String name, List<String> mainAndArgs, Path sparkHome) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the JDK opens Spark needs, as this JVM got them from surefire's argLine
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access") || a.startsWith("-Dio.netty") || a.startsWith("-Djdk.reflect")
                || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) cmd.add(a);
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process p, Path log) throws InterruptedException, IOException {
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            if (!p.isAlive()) throw new IllegalStateException("Spark master exited: " + Files.readString(log));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(300);
            }
        }
        throw new IllegalStateException("Spark master did not open port " + port + " within 120 s");
    }

    /** The worker that launched the executor with this id, if any. */
    Optional<Integer> workerOfExecutor(String executorId) {
        for (int i = 0; i < workers.size(); i++) {
            boolean has = workers.get(i).descendants().anyMatch(ph -> ph.info().arguments().map(a -> {
                for (int j = 0; j + 1 < a.length; j++) if (a[j].equals("--executor-id") && a[j + 1].equals(executorId)) return true;
                return false;
            }).orElse(false));
            if (has) return Optional.of(i);
        }
        return Optional.empty();
    }

    /** Kills worker {@code i} and the executors it launched, at once (SIGKILL): a machine lost. */
    void killWorker(int i) {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
    }

    Path logs() {
        return home;
    }

    @Override
    public void close() {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
        }
        master.descendants().forEach(ProcessHandle::destroyForcibly);
        master.destroyForcibly();
        for (Process w : workers) waitQuietly(w);
        waitQuietly(master);
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
