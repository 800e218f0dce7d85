package io.cnnstream.engine.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads shared by every kernel of one engine. {@link #parallelFor} splits
 * an index range over the workers and the calling thread, hands out indices one at a time (so
 * uneven items balance themselves) and returns when all are done, rethrowing the first failure.
 * A parallelFor called from inside another runs on the calling thread: kernels parallelise one
 * level only, which keeps the pool free of nested waits. Several threads may call parallelFor at
 * once; their loops share the workers.
 *
 * <p>A forward pass is a few dozen parallel loops, each often well under a millisecond at batch 1.
 * Waking a parked thread costs 10-25 us here (measured: a loop of tiny items took that long), so
 * idle workers, and a caller waiting for them, spin for up to {@value #SPIN_MICROS} us before they
 * park: back-to-back layers find them awake, and an idle engine costs no CPU.
 */
public final class WorkerPool implements AutoCloseable {
    /** System property that sizes the pool when no size is given; defaults to the number of cores. */
    public static final String THREADS_PROPERTY = "cnnstream.threads";

    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private static final int SPIN_MICROS = 50;

    private final int threads;
    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final List<Thread> helpers = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean closed;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("worker threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        for (int i = 1; i < threads; i++) {
            Thread t = new Thread(this::serve, "cnn-worker-" + i);
            t.setDaemon(true);
            t.start();
            helpers.add(t);
        }
    }

    /** A helper's life: run the loops' shares handed to it until {@link #close} interrupts it. */
    private void serve() {
        try {
            while (!closed) {
                Runnable share = work.poll();
                long until = System.nanoTime() + SPIN_MICROS * 1000L;
                while (share == null && System.nanoTime() < until) {
                    Thread.onSpinWait();
                    share = work.poll();
                }
                (share != null ? share : work.take()).run();
            }
        } catch (InterruptedException e) {
            // close() interrupts idle helpers; a loop still running finishes its queued shares itself
        }
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
        CountDownLatch helpersDone = new CountDownLatch(parts - 1);
        Throwable[] failure = new Throwable[1]; // guarded by itself
        IntConsumer drain = helper -> {
            INSIDE.set(true);
            busy.incrementAndGet();
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    body.accept(i);
                }
            } catch (RuntimeException | Error e) {
                next.set(n); // stop handing out work
                synchronized (failure) {
                    failure[0] = merge(failure[0], e);
                }
            } finally {
                busy.decrementAndGet();
                INSIDE.set(false);
                if (helper == 1) {
                    helpersDone.countDown();
                }
            }
        };
        for (int p = 1; p < parts; p++) {
            work.add(() -> drain.accept(1));
        }
        drain.accept(0);
        long until = System.nanoTime() + SPIN_MICROS * 1000L;
        try {
            while (helpersDone.getCount() > 0) {
                Runnable share = closed ? work.poll() : null; // helpers gone: run the shares left here
                if (share != null) {
                    share.run();
                } else if (System.nanoTime() < until) {
                    Thread.onSpinWait();
                } else {
                    helpersDone.await(1, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (failure) {
                failure[0] = merge(failure[0], new IllegalStateException("interrupted while waiting for workers", e));
            }
        }
        // every helper has finished (unless this thread was interrupted) before the first failure is rethrown
        synchronized (failure) {
            if (failure[0] instanceof RuntimeException r) {
                throw r;
            }
            if (failure[0] instanceof Error err) {
                throw err;
            }
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
        closed = true;
        helpers.forEach(Thread::interrupt);
    }

    @Override
    public String toString() {
        return "WorkerPool[" + threads + " threads]";
    }
}
