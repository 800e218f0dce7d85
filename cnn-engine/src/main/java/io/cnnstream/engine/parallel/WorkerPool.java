package io.cnnstream.engine.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads shared by every kernel of one engine. {@link #parallelFor} splits
 * an index range over the workers and the calling thread, hands out runs of consecutive indices
 * as threads ask for them (so uneven items balance themselves) and returns when all are done,
 * rethrowing the first failure. A run is about a {@value #RUNS_PER_THREAD}th of a thread's share:
 * handing out small items (a pooled plane takes a microsecond) one at a time made the threads
 * fight over the counter's cache line, and 2 threads measured slower than one.
 * A parallelFor called from inside another runs on the calling thread: kernels parallelise one
 * level only, which keeps the pool free of nested waits.
 */
public final class WorkerPool implements AutoCloseable {
    /** System property that sizes the pool when no size is given; defaults to the number of cores. */
    public static final String THREADS_PROPERTY = "cnnstream.threads";

    private static final int RUNS_PER_THREAD = 8;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final ExecutorService helpers;
    private final AtomicInteger busy = new AtomicInteger();

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("worker threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        AtomicInteger counter = new AtomicInteger();
        this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "cnn-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool sized by {@value #THREADS_PROPERTY}, or one thread per available core. */
    public static WorkerPool fromSystemProperties() {
        return new WorkerPool(defaultThreads());
    }

    public static int defaultThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be an integer, got '" + value + "'", e);
        }
    }

    public int threads() {
        return threads;
    }

    /** Threads inside a parallel loop right now (a gauge of pool use; serial loops are not counted). */
    public int busyThreads() {
        return busy.get();
    }

    /** Runs {@code body.accept(i)} for every i in [0, n), in any order, on up to {@link #threads()} threads. */
    public void parallelFor(int n, IntConsumer body) {
        if (n <= 0) {
            return;
        }
        int parts = Math.min(threads, n);
        if (parts == 1 || INSIDE.get()) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int run = Math.max(1, n / (RUNS_PER_THREAD * parts));
        Runnable drain = () -> {
            INSIDE.set(true);
            busy.incrementAndGet();
            try {
                for (int first = next.getAndAdd(run); first < n; first = next.getAndAdd(run)) {
                    for (int i = first, end = Math.min(n, first + run); i < end; i++) {
                        body.accept(i);
                    }
                }
            } finally {
                busy.decrementAndGet();
                INSIDE.set(false);
            }
        };
        List<Future<?>> helping = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            helping.add(helpers.submit(drain));
        }
        Throwable failure = null;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(n); // stop handing out work
        }
        for (Future<?> f : helping) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = merge(failure, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = merge(failure, new IllegalStateException("interrupted while waiting for workers", e));
            }
        }
        // every helper has finished before the first failure is rethrown
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static Throwable merge(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "WorkerPool[" + threads + " threads]";
    }
}
