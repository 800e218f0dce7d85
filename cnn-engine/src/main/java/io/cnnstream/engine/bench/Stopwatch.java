package io.cnnstream.engine.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;

/**
 * Times repeated runs of one piece of work: warm-up first (until {@code warmup} has passed and at
 * least 3 runs, enough for the JIT to settle), then runs until {@code measure} has passed and at
 * least {@code minRuns}. Reports the median (robust on a shared, noisy machine), the fastest run,
 * and the heap allocated per run by all threads.
 */
public final class Stopwatch {
    private final Duration warmup;
    private final Duration measure;
    private final int minRuns;

    public Stopwatch(Duration warmup, Duration measure, int minRuns) {
        if (minRuns < 1) {
            throw new IllegalArgumentException("minRuns must be >= 1, got " + minRuns);
        }
        this.warmup = warmup;
        this.measure = measure;
        this.minRuns = minRuns;
    }

    /** What one measured piece of work took. */
    public record Timing(int runs, double medianMs, double minMs, double allocatedBytesPerRun) {
    }

    public Timing time(Runnable work) {
        long warmEnd = System.nanoTime() + warmup.toNanos();
        for (int i = 0; i < 3 || System.nanoTime() < warmEnd; i++) {
            work.run();
        }
        long allocatedBefore = allocatedBytes();
        double[] millis = new double[16];
        int runs = 0;
        long end = System.nanoTime() + measure.toNanos();
        while (runs < minRuns || System.nanoTime() < end) {
            long start = System.nanoTime();
            work.run();
            if (runs == millis.length) {
                millis = Arrays.copyOf(millis, runs * 2);
            }
            millis[runs++] = (System.nanoTime() - start) / 1e6;
        }
        double allocated = (allocatedBytes() - allocatedBefore) / (double) runs;
        double[] sorted = Arrays.copyOf(millis, runs);
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        return new Timing(runs, median, sorted[0], allocated);
    }

    /** Heap bytes allocated so far by every live thread (HotSpot's per-thread counters). */
    static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
