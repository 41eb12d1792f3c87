package org.halodse.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on loopback (master and two 1-core workers as separate JVMs):
 * the profile of a synthetic checkpoint and a 2-cell sweep run on it equal the plain and local
 * results bit for bit; then one worker is killed (with its executor) after the first task of a
 * profile finished, and the profile still equals the plain one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    Path dir;
    LoopbackCluster cluster;

    @BeforeAll
    void startCluster(@TempDir Path tmp) throws Exception {
        dir = tmp;
        cluster = LoopbackCluster.start(dir.resolve("cluster"), 2);
        // both workers' executors registered before a job's first task, so the work is spread
        System.setProperty("spark.cores.max", "2");
        System.setProperty("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        System.setProperty("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
        System.setProperty("spark.executor.memory", "768m");
    }

    @AfterAll
    void stopCluster() {
        for (String p : List.of("spark.cores.max", "spark.scheduler.minRegisteredResourcesRatio", "spark.scheduler.maxRegisteredResourcesWaitingTime",
            "spark.executor.memory", "spark.extraListeners")) System.clearProperty(p);
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void clusterProfileIsThePlainProfile() throws Exception {
        Path model = TestModelFiles.llama(dir.resolve("m1/tiny.safetensors"), 2, 128, 344, 21);
        String[] common = {"profile", "--model", model.toString(), "--sample-above", "30000", "--sample-rows", "64"};
        Cli plain = Cli.run(LocalProfileTest.concat(common, "--out", dir.resolve("p-plain").toString()));
        assertEquals(0, plain.code(), plain.err());
        Cli onCluster = Cli.run(LocalProfileTest.concat(common, "--out", dir.resolve("p-cluster").toString(), "--engine", "spark", "--master", cluster.url));
        assertEquals(0, onCluster.code(), onCluster.err() + logs());
        LocalProfileTest.assertSameProfile(dir.resolve("p-plain"), dir.resolve("p-cluster"), 14);
    }

    @Test
    @Order(2)
    void clusterSweepEqualsLocalSweep() throws Exception {
        Path sweep = SweepFiles.write(dir.resolve("s"), "[edge-npu, tpu-v1]", "[{name: booth, arch: booth}]");
        Cli local = Cli.run("sweep", sweep.toString(), "--out", dir.resolve("s-local").toString(), "--master", "local[2]");
        assertEquals(0, local.code(), local.err());
        Cli onCluster = Cli.run("sweep", sweep.toString(), "--out", dir.resolve("s-cluster").toString(), "--master", cluster.url);
        assertEquals(0, onCluster.code(), onCluster.err() + logs());
        assertTrue(onCluster.out().contains("2 cells (2 ran, 0 already complete)"), onCluster.out());
        List<String> cells = List.of("edge-npu_booth_tiny", "tpu-v1_booth_tiny");
        Map<String, String> a = LocalSweepTest.results(dir.resolve("s-local"), cells), b = LocalSweepTest.results(dir.resolve("s-cluster"), cells);
        assertEquals(a, b);
        assertEquals(Files.readString(dir.resolve("s-local/sweep.csv")), Files.readString(dir.resolve("s-cluster/sweep.csv")));
    }

    @Test
    @Order(3)
    void killingAWorkerMidJobGivesTheSameProfile() throws Exception {
        Path model = TestModelFiles.llama(dir.resolve("m2/tiny4.safetensors"), 4, 128, 344, 33);
        String[] common = {"profile", "--model", model.toString(), "--sample-above", "30000", "--sample-rows", "64"};
        Cli plain = Cli.run(LocalProfileTest.concat(common, "--out", dir.resolve("k-plain").toString()));
        assertEquals(0, plain.code(), plain.err());
        KillOnFirstTask.fired.set(0);
        KillOnFirstTask.executorsRemoved.set(0);
        KillOnFirstTask.failedTasks.set(0);
        KillOnFirstTask.onFirstTask = exec -> cluster.killWorker(cluster.workerOfExecutor(exec).orElse(0));
        System.setProperty("spark.extraListeners", KillOnFirstTask.class.getName());
        Cli onCluster;
        try {
            onCluster = Cli.run(LocalProfileTest.concat(common, "--out", dir.resolve("k-cluster").toString(), "--engine", "spark", "--master", cluster.url));
        } finally {
            System.clearProperty("spark.extraListeners");
            KillOnFirstTask.onFirstTask = null;
        }
        assertEquals(0, onCluster.code(), onCluster.err() + logs());
        assertEquals(1, KillOnFirstTask.fired.get(), "the worker was killed once, after the first task");
        assertTrue(KillOnFirstTask.executorsRemoved.get() >= 1, "the driver lost an executor");
        System.out.println("worker kill: executors lost " + KillOnFirstTask.executorsRemoved.get() + ", failed task attempts " + KillOnFirstTask.failedTasks.get());
        LocalProfileTest.assertSameProfile(dir.resolve("k-plain"), dir.resolve("k-cluster"), 28);
    }

    private String logs() {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.walk(cluster.logs())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".log") || p.getFileName().toString().equals("stderr")).toList()) {
                String t = Files.readString(p);
                sb.append("\n--- ").append(p).append('\n').append(t.length() > 3000 ? t.substring(t.length() - 3000) : t);
            }
        } catch (Exception e) {
            sb.append(e);
        }
        return sb.toString();
    }
}
