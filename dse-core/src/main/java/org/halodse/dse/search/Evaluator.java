package org.halodse.dse.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.halodse.dse.space.Candidate;
import org.halodse.dse.space.Evaluation;
import org.halodse.dse.space.Problem;

/**
 * Evaluates a batch of candidates, in parallel when threads > 1. Results land in an array indexed
 * like the batch, so the outcome does not depend on the thread count or the scheduling. Cheap
 * evaluations (a running estimate of their cost, times the batch size, under 0.2 ms) are done in
 * the calling thread: handing them to the pool would cost more than they do. That choice depends
 * on timing but never changes a result, since each candidate's evaluation is deterministic.
 */
public final class Evaluator implements AutoCloseable {
    private final Problem problem;
    private final int threads;
    private final ExecutorService pool;

    public Evaluator(Problem problem, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.problem = problem;
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dse-eval");
            t.setDaemon(true);
            return t;
        });
    }

    /** Below this estimated cost of a whole batch (ns) the calling thread evaluates it alone: a handoff costs more. */
    private static final long SERIAL_BELOW_NS = 200_000;
    /** Running estimate of the cost of one evaluation, ns (timing only: it never changes a result). */
    private double nsPerEval = -1;

    public Evaluation[] evaluate(List<Candidate> batch) {
        int n = batch.size();
        Evaluation[] out = new Evaluation[n];
        if (pool == null || n < 2) {
            for (int i = 0; i < n; i++) out[i] = problem.evaluate(batch.get(i));
            return out;
        }
        // Evaluate a few in this thread to estimate the cost; if the rest is cheap, finish here.
        int probe = Math.min(n, 4);
        long t0 = System.nanoTime();
        for (int i = 0; i < probe; i++) out[i] = problem.evaluate(batch.get(i));
        double per = (System.nanoTime() - t0) / (double) probe;
        nsPerEval = nsPerEval < 0 ? per : 0.8 * nsPerEval + 0.2 * per;
        int rest = n - probe;
        if (rest == 0 || nsPerEval * rest < SERIAL_BELOW_NS) {
            for (int i = probe; i < n; i++) out[i] = problem.evaluate(batch.get(i));
            return out;
        }
        int chunks = Math.min(rest, threads * 4);
        List<Future<?>> fs = new ArrayList<>(chunks);
        for (int c = 1; c < chunks; c++) {
            final int from = probe + (int) ((long) rest * c / chunks), to = probe + (int) ((long) rest * (c + 1) / chunks);
            fs.add(pool.submit(() -> {
                for (int i = from; i < to; i++) out[i] = problem.evaluate(batch.get(i));
            }));
        }
        int firstEnd = probe + (int) ((long) rest / chunks);
        for (int i = probe; i < firstEnd; i++) out[i] = problem.evaluate(batch.get(i)); // the caller works too
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
