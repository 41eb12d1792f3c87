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
 * like the batch, so the outcome does not depend on the thread count or the scheduling.
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

    public Evaluation[] evaluate(List<Candidate> batch) {
        int n = batch.size();
        Evaluation[] out = new Evaluation[n];
        if (pool == null || n < 2) {
            for (int i = 0; i < n; i++) out[i] = problem.evaluate(batch.get(i));
            return out;
        }
        int chunks = Math.min(n, threads * 4);
        List<Future<?>> fs = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            final int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            fs.add(pool.submit(() -> {
                for (int i = from; i < to; i++) out[i] = problem.evaluate(batch.get(i));
            }));
        }
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
