package io.cnnstream.engine.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        return alternately(List.of(work), 1).get(0);
    }

    /**
     * Times several pieces of work taking turns: each is warmed up, then each in turn runs for a
     * {@code rounds}-th of the measuring time, round after round, so that a slow spell of a shared
     * machine (they last seconds) falls on all of them alike and their ratio stays meaningful.
     * Each gets at least {@code minRuns} runs in all; the timings are in the order of {@code works}.
     */
    public List<Timing> alternately(List<Runnable> works, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        for (Runnable work : works) {
            long warmEnd = System.nanoTime() + warmup.toNanos();
            for (int i = 0; i < 3 || System.nanoTime() < warmEnd; i++) {
                work.run();
            }
        }
        List<Samples> samples = works.stream().map(w -> new Samples()).toList();
        long turn = measure.toNanos() / rounds;
        int runsPerTurn = (minRuns + rounds - 1) / rounds;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < works.size(); i++) {
                samples.get(i).take(works.get(i), turn, runsPerTurn);
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (Samples s : samples) {
            timings.add(s.timing());
        }
        return timings;
    }

    /** Run times and allocation of one piece of work, gathered over its turns. */
    private static final class Samples {
        private double[] millis = new double[16];
        private int runs;
        private long allocated;

        void take(Runnable work, long nanos, int minRuns) {
            long allocatedBefore = allocatedBytes();
            long end = System.nanoTime() + nanos;
            for (int i = 0; i < minRuns || System.nanoTime() < end; i++) {
                long start = System.nanoTime();
                work.run();
                if (runs == millis.length) {
                    millis = Arrays.copyOf(millis, runs * 2);
                }
                millis[runs++] = (System.nanoTime() - start) / 1e6;
            }
            allocated += allocatedBytes() - allocatedBefore;
        }

        Timing timing() {
            double[] sorted = Arrays.copyOf(millis, runs);
            Arrays.sort(sorted);
            double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
            return new Timing(runs, median, sorted[0], allocated / (double) runs);
        }
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
