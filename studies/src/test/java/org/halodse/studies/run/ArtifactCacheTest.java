package org.halodse.studies.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {
    @TempDir Path tmp;

    record Table(String name, double[] values) { }

    @Test
    void computesOnceAndReadsBackTheSameValue() {
        ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"));
        AtomicInteger calls = new AtomicInteger();
        String key = ArtifactCache.key("characterize", "osu018", "booth");
        Table a = cache.computeIfAbsent("characterize", key, Table.class, () -> { calls.incrementAndGet(); return new Table("t", new double[] {1.5, 2.25}); });
        Table b = cache.computeIfAbsent("characterize", key, Table.class, () -> { calls.incrementAndGet(); return new Table("x", new double[0]); });
        assertEquals(1, calls.get());
        assertEquals("t", b.name());
        assertArrayEquals(a.values(), b.values());
    }

    @Test
    void keysAreLengthPrefixed() {
        assertNotEquals(ArtifactCache.key("ab", "c"), ArtifactCache.key("a", "bc"));
        // SHA-256 of "2:ab1:c" computed independently: sha256sum <<< printf '2:ab1:c'
        assertEquals("430fb1b4ac43316eca81fab27a1930ab8eff8fef6a1dc7903dce44bbc2790dc5", ArtifactCache.key("ab", "c"));
    }

    @Test
    void tornArtifactIsRecomputed() throws Exception {
        ArtifactCache cache = new ArtifactCache(tmp);
        String key = ArtifactCache.key("k");
        Files.writeString(cache.path("stage", key), "{\"name\": \"t\", \"values\": [1.0,");
        Table t = cache.computeIfAbsent("stage", key, Table.class, () -> new Table("fresh", new double[] {3}));
        assertEquals("fresh", t.name());
        assertEquals("fresh", cache.computeIfAbsent("stage", key, Table.class, () -> new Table("again", new double[0])).name());
    }
}
