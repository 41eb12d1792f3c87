package org.halodse.dse.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.halodse.dse.search.Nsga2;
import org.halodse.dse.search.SearchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM runs a checkpointed search and is killed with SIGKILL (destroyForcibly) at random
 * moments, several times, then resumed to the end: its front must be exactly the uninterrupted one.
 */
class KillResumeTest {
    @TempDir Path tmp;

    @Test
    void killedAndResumedRunEndsWithTheUninterruptedFront() throws Exception {
        String expected = KillChild.describe(new Nsga2(KillChild.slowZdt1(false), KillChild.config(null)).run());
        Path cp = tmp.resolve("checkpoint.bin");
        Path out = tmp.resolve("front.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), KillChild.class.getName(), cp.toString(), out.toString());
        Random r = new Random(20260101L);
        List<Long> generationsAtKill = new ArrayList<>();
        int kills = 0;
        for (int attempt = 0; attempt < 12 && !Files.exists(out); attempt++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child" + attempt + ".log").toFile()).start();
            boolean last = kills >= 4;
            if (!last) {
                // Kill by progress, not by wall time (CI machines differ and may be loaded): wait
                // until the checkpoint is a few generations further on, then a random few
                // milliseconds more, so the kill lands at an arbitrary moment after it.
                long target = lastGeneration(cp) + 3 + 3L * r.nextInt(5);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && lastGeneration(cp) < target && System.nanoTime() < deadline) Thread.sleep(5);
                Thread.sleep(r.nextInt(30));
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(20, TimeUnit.SECONDS);
                    kills++;
                    generationsAtKill.add(lastGeneration(cp));
                }
            } else {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
                assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("child" + attempt + ".log")));
            }
        }
        assertTrue(kills >= 4, "killed " + kills + " times");
        assertTrue(generationsAtKill.stream().anyMatch(g -> g > 0), "some kill came after a checkpoint: " + generationsAtKill);
        assertTrue(generationsAtKill.stream().distinct().count() >= 2, "kills at several points: " + generationsAtKill);
        assertEquals(expected, Files.readString(out), "front after kills at checkpoint generations " + generationsAtKill);
        System.out.println("KillResumeTest: killed at checkpoint generations " + generationsAtKill);
    }

    private static long lastGeneration(Path cp) {
        try {
            return Files.exists(cp) ? CheckpointFile.read(cp).generation() : -1;
        } catch (RuntimeException e) {
            return -1; // being replaced right now: read again on the next poll
        }
    }

    @Test
    void damagedCheckpointIsRefused() throws Exception {
        Path cp = tmp.resolve("c.bin");
        new Nsga2(KillChild.slowZdt1(false), KillChild.config(cp).maxEvaluations(1000)).run();
        byte[] b = Files.readAllBytes(cp);
        b[b.length / 2] ^= 1;
        Files.write(cp, b);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> CheckpointFile.read(cp));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }
}
