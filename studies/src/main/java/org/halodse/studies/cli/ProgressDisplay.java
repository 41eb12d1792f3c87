package org.halodse.studies.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows the progress of long work: a redrawn bar (rate, ETA) on a terminal, plain lines at every
 * tenth of the way otherwise (logs and CI keep them readable).
 */
public final class ProgressDisplay implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintWriter plain;
    private final String task;
    private final long total;
    private long lastDecile = -1;

    private ProgressDisplay(String task, long total, PrintWriter err, boolean terminal) {
        this.task = task;
        this.total = Math.max(1, total);
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(this.total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).continuousUpdate().build();
            plain = null;
        } else {
            bar = null;
            plain = err;
        }
    }

    /**
     * Set in threads whose progress must go to their own log, never to the terminal: a sweep's cells
     * run as Spark tasks, several at once in one JVM in local mode, each logging to its run folder.
     */
    private static final ThreadLocal<Boolean> PLAIN = ThreadLocal.withInitial(() -> false);

    /** Runs {@code work} with every display it starts in this thread as plain lines to its writer. */
    public static <T> T plainLines(java.util.function.Supplier<T> work) {
        boolean was = PLAIN.get();
        PLAIN.set(true);
        try {
            return work.get();
        } finally {
            PLAIN.set(was);
        }
    }

    /** A bar when standard error is a terminal, plain lines to {@code err} otherwise. */
    public static ProgressDisplay start(String task, long total, PrintWriter err) {
        return new ProgressDisplay(task, total, err, !PLAIN.get() && System.console() != null && System.getenv("HALO_PLAIN_PROGRESS") == null);
    }

    /** Progress is {@code done} of the total; {@code extra} (e.g. "hv 0.83") is shown beside it. */
    public synchronized void update(long done, String extra) {
        if (bar != null) {
            bar.stepTo(Math.min(done, total));
            if (extra != null) bar.setExtraMessage(extra);
            return;
        }
        long decile = Math.min(10, done * 10 / total);
        if (decile != lastDecile) {
            lastDecile = decile;
            plain.println(task + ": " + (decile * 10) + "% (" + done + "/" + total + ")" + (extra == null ? "" : " " + extra));
            plain.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
    }
}
