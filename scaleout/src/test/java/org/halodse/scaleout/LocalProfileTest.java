package org.halodse.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code halo profile --engine spark} in Spark's local mode gives the plain path's profile bit for
 * bit: the same profile.csv bytes and the same profile.json but for the wall time.
 */
class LocalProfileTest {
    @TempDir
    Path dir;

    @Test
    void sparkLocalProfileIsThePlainProfile() throws Exception {
        Path model = TestModelFiles.llama(dir.resolve("tiny.safetensors"), 2, 128, 344, 7);
        // layers above 30000 weights are row-sampled (the RowLoader path), the others profiled whole
        String[] common = {"profile", "--model", model.toString(), "--sample-above", "30000", "--sample-rows", "64"};
        Cli plain = Cli.run(concat(common, "--out", dir.resolve("plain").toString()));
        assertEquals(0, plain.code(), plain.err());
        Cli spark = Cli.run(concat(common, "--out", dir.resolve("spark").toString(), "--engine", "spark", "--master", "local[2]"));
        assertEquals(0, spark.code(), spark.err());
        assertSameProfile(dir.resolve("plain"), dir.resolve("spark"), 14);
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Same CSV bytes, same JSON but for the "seconds" line (wall time), and {@code layers} layers with sampled ones among them. */
    static void assertSameProfile(Path a, Path b, int layers) throws Exception {
        String csvA = Files.readString(a.resolve("profile.csv")), csvB = Files.readString(b.resolve("profile.csv"));
        assertEquals(csvA, csvB);
        String jsonA = Files.readString(a.resolve("profile.json")), jsonB = Files.readString(b.resolve("profile.json"));
        assertEquals(withoutSeconds(jsonA), withoutSeconds(jsonB));
        assertTrue(jsonA.contains("\"layers\" : " + layers + ","), "expected " + layers + " layers");
        assertTrue(jsonA.contains("\"ciLow\" : 0."), "expected some row-sampled layers (with a confidence interval)");
        assertTrue(csvA.lines().count() > layers, "one row per layer and option");
    }

    static String withoutSeconds(String json) {
        String s = json.replaceAll("(?m)^\\s*\"seconds\" : [0-9.Ee+-]+,\\n", "");
        assertTrue(s.length() < json.length(), "the seconds line is there to drop");
        return s;
    }
}
