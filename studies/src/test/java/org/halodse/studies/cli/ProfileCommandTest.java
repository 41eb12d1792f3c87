package org.halodse.studies.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.halodse.objectives.model.LayerRole;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.model.ModelCatalog;
import org.halodse.objectives.model.ModelSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code halo profile} on a tiny test-only synthetic model. */
class ProfileCommandTest {
    @TempDir Path tmp;

    @BeforeAll
    static void needOsu() {
        assumeTrue(Files.isRegularFile(Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib")), "qflow-tech-osu018 not installed");
    }

    @AfterEach
    void restore() {
        ProfileCommand.models = ModelCatalog::resolve;
    }

    /** Two blocks of q (64x64) and up (64x256), Gaussian weights: synthetic. */
    static ModelSource tiny() {
        List<LinearLayer> ls = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            for (LayerRole role : new LayerRole[] {LayerRole.QUERY, LayerRole.FFN_UP}) {
                int k = 64, n = role == LayerRole.FFN_UP ? 256 : 64;
                long seed = b * 10L + role.ordinal();
                ls.add(new LinearLayer("b" + b + "." + role, b, role, k, n, () -> {
                    Random r = new Random(seed);
                    float[] w = new float[k * n];
                    for (int i = 0; i < w.length; i++) w[i] = (float) (0.02 * r.nextGaussian());
                    return w;
                }));
            }
        }
        return new ModelSource() {
            public String name() { return "tiny-test"; }
            public boolean synthetic() { return true; }
            public List<LinearLayer> layers() { return ls; }
        };
    }

    record Run(int code, String out, String err) {
    }

    static Run halo(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Halo.run(args, new PrintWriter(o), new PrintWriter(e));
        return new Run(code, o.toString(), e.toString());
    }

    @Test
    void writesProfileJsonWithCountsAndIsCached() throws Exception {
        Function<String, ModelSource> m = s -> s.equals("tiny") ? tiny() : ModelCatalog.resolve(s);
        ProfileCommand.models = m;
        Path out = tmp.resolve("p");
        Run r = halo("profile", "--model", "tiny", "--out", out.toString(), "--arch", "array");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("profile.json").toFile());
        assertEquals(4, j.get("layers").asInt());
        assertEquals(26, j.get("options").asInt());
        assertTrue(j.get("synthetic").asBoolean());
        assertEquals(4, j.get("tables").size());
        assertEquals(26, j.get("tables").get(0).get("options").size());
        assertTrue(r.out().contains("synthetic"), r.out());
        assertTrue(r.err().contains("profile: 100% (4/4)"), "plain progress lines when not a terminal: " + r.err());
        List<String> csv = Files.readAllLines(out.resolve("profile.csv"));
        assertEquals(1 + 4 * 26, csv.size());
        Run again = halo("profile", "--model", "tiny", "--out", out.toString(), "--arch", "array");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(from cache)"), again.out());
    }

    @Test
    void unknownModelIsAOneLineError() {
        Run r = halo("profile", "--model", "no-such-model", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("halo: --model no-such-model:"), r.err());
        assertTrue(!r.err().contains("\tat "));
        assertTrue(!Files.exists(tmp.resolve("x").resolve("profile.json")));
    }
}
