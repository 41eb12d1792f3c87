package org.halodse.hw.power;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.halodse.hw.liberty.InputException;

/**
 * The distribution of the activations that stream past a held weight. LLM activations are
 * centred and heavy-tailed, so besides uniform INT8 there are Gaussian and Laplacian shapes of a
 * given spread (in activation LSBs) and measured histograms. Samples are integers in the
 * activation port's two's complement range; continuous shapes are rounded to the nearest integer
 * and clipped to that range, as a quantizer with that scale would.
 */
public sealed interface ActivationModel {

    /** {@code n} samples in [min, max], a function of {@code seed} only. */
    long[] sample(int n, long seed, long min, long max);

    /** The spec this model was parsed from, e.g. {@code gaussian:20}. */
    String spec();

    /** Every value of the range equally likely. */
    record Uniform() implements ActivationModel {
        @Override
        public long[] sample(int n, long seed, long min, long max) {
            SplittableRandom r = new SplittableRandom(seed);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) out[i] = r.nextLong(min, max + 1);
            return out;
        }

        @Override
        public String spec() { return "uniform"; }
    }

    /** Normal with mean 0 and standard deviation {@code sigma} LSBs. */
    record Gaussian(double sigma) implements ActivationModel {
        @Override
        public long[] sample(int n, long seed, long min, long max) {
            java.util.Random r = new java.util.Random(seed); // nextGaussian: same stream on every JDK
            long[] out = new long[n];
            for (int i = 0; i < n; i++) out[i] = clip(Math.round(sigma * r.nextGaussian()), min, max);
            return out;
        }

        @Override
        public String spec() { return "gaussian:" + fmt(sigma); }
    }

    /** Laplace with location 0 and scale {@code b} LSBs (standard deviation b * sqrt 2). */
    record Laplace(double b) implements ActivationModel {
        @Override
        public long[] sample(int n, long seed, long min, long max) {
            SplittableRandom r = new SplittableRandom(seed);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                double u = r.nextDouble() - 0.5; // inverse CDF of the Laplace distribution
                double x = -b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
                out[i] = clip(Math.round(x), min, max);
            }
            return out;
        }

        @Override
        public String spec() { return "laplace:" + fmt(b); }
    }

    /** Values drawn in proportion to their counts, read from a file of {@code value,count} lines. */
    record Histogram(String source, long[] values, long[] counts) implements ActivationModel {
        public Histogram {
            values = values.clone();
            counts = counts.clone();
        }

        @Override
        public long[] sample(int n, long seed, long min, long max) {
            for (long v : values) {
                if (v < min || v > max) {
                    throw new InputException("--activations " + source + ": value " + v + " is outside the activation range " + min + ".." + max);
                }
            }
            long[] cum = new long[counts.length];
            long total = 0;
            for (int i = 0; i < counts.length; i++) cum[i] = total += counts[i];
            SplittableRandom r = new SplittableRandom(seed);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                long u = r.nextLong(total);
                int k = Arrays.binarySearch(cum, u + 1);
                if (k < 0) k = -k - 1;
                out[i] = values[k];
            }
            return out;
        }

        @Override
        public String spec() { return source; }
    }

    /**
     * Parses {@code uniform}, {@code gaussian:SIGMA}, {@code laplace:B} or a histogram file path.
     *
     * @throws InputException naming {@code --activations} (and the file line) on a bad spec
     */
    static ActivationModel parse(String spec) {
        if (spec == null || spec.isBlank()) throw new InputException("--activations: empty; expected uniform, gaussian:SIGMA, laplace:B or a histogram file");
        String s = spec.trim();
        if (s.equals("uniform")) return new Uniform();
        int colon = s.indexOf(':');
        String head = colon < 0 ? s : s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (head.equals("gaussian") || head.equals("laplace")) {
            String arg = colon < 0 ? "" : s.substring(colon + 1);
            double v;
            try {
                v = Double.parseDouble(arg);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new InputException("--activations " + spec + ": expected " + head + ":" + (head.equals("gaussian") ? "SIGMA" : "B")
                    + " with a positive number of LSBs, e.g. " + head + ":20");
            }
            return head.equals("gaussian") ? new Gaussian(v) : new Laplace(v);
        }
        Path file = Path.of(s);
        if (!Files.isRegularFile(file)) {
            throw new InputException("--activations " + spec + ": not uniform, gaussian:SIGMA, laplace:B, or a readable histogram file");
        }
        return readHistogram(file);
    }

    /** Reads {@code value,count} lines; blank lines and {@code #} comments are skipped. */
    static Histogram readHistogram(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InputException("--activations " + file + ": cannot read (" + e.getMessage() + ")");
        }
        List<long[]> rows = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split(",");
            long v, c;
            try {
                if (parts.length != 2) throw new NumberFormatException();
                v = Long.parseLong(parts[0].trim());
                c = Long.parseLong(parts[1].trim());
            } catch (NumberFormatException e) {
                // a header line such as "value,count" is allowed only first
                if (rows.isEmpty() && total == 0 && i == firstContentLine(lines) && !line.matches(".*\\d.*")) continue;
                throw InputException.at(file.toString(), i + 1, "expected 'value,count' with integers, found '" + line + "'");
            }
            if (c < 0) throw InputException.at(file.toString(), i + 1, "count " + c + " is negative");
            if (c == 0) continue;
            total = Math.addExact(total, c);
            rows.add(new long[] {v, c});
        }
        if (total == 0) throw new InputException("--activations " + file + ": no value with a positive count");
        long[] values = new long[rows.size()];
        long[] counts = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) { values[i] = rows.get(i)[0]; counts[i] = rows.get(i)[1]; }
        return new Histogram(file.toString(), values, counts);
    }

    private static int firstContentLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (!l.isEmpty() && !l.startsWith("#")) return i;
        }
        return -1;
    }

    private static long clip(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
