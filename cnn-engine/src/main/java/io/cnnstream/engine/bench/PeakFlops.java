package io.cnnstream.engine.bench;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.parallel.WorkerPool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured FP32 peak that layers are judged against: every thread of a pool runs independent
 * fused multiply-adds in registers (nothing loaded or stored) until a deadline, and the multiply-adds
 * of all of them (two FLOPs each) are divided by the time from the start to the last one's end.
 * A thread that starts late only lowers the figure, so it never flatters a layer's share of it.
 * Measured beside the layers, in the same run, because this machine's clock, shared with other
 * machines, moves by 10-40 % from one minute to the next.
 */
public final class PeakFlops {
    /** Steps of every chain between looks at the clock: 0.1-0.3 ms. */
    public static final int STEPS = 1 << 16;

    /** One thread's multiply-add loop: rounds of {@link #STEPS} steps until {@code deadline}; returns the FLOPs done. */
    @FunctionalInterface
    public interface Loop {
        long flopsUntil(long deadline);
    }

    private PeakFlops() {
    }

    /**
     * The FP32 peak of {@code kernels} on their pool, measured now over {@code nanos}: independent
     * multiply-adds in registers, in the vectors of the vector kernels or in scalar FMAs.
     */
    public static double of(Kernels kernels, long nanos) {
        // the vector loop's class links against jdk.incubator.vector: only touched for the vector kernels
        Loop loop = kernels.name().equals("vector") ? VectorPeak::flopsUntil : PeakFlops::scalarFlopsUntil;
        return measure(kernels.pool(), nanos, loop);
    }

    /** GFLOPS of {@code loop} on every thread of {@code pool} at once for {@code nanos}. */
    public static double measure(WorkerPool pool, long nanos, Loop loop) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("a peak is measured over a positive time, got " + nanos + " ns");
        }
        AtomicLong flops = new AtomicLong(), lastEnd = new AtomicLong();
        long start = System.nanoTime(), deadline = start + nanos;
        pool.parallelFor(pool.threads(), thread -> {
            flops.addAndGet(loop.flopsUntil(deadline));
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
        });
        return flops.get() / (double) (lastEnd.get() - start);
    }

    /** {@link Loop} in scalar float multiply-adds ({@link Math#fma}, one instruction where the CPU has FMA). */
    public static long scalarFlopsUntil(long deadline) {
        long rounds = 0;
        float sum = 0;
        do {
            sum += scalarSteps();
            rounds++;
        } while (System.nanoTime() < deadline);
        keep(sum);
        return rounds * STEPS * 12 * 2;
    }

    /** Twelve independent chains (they hide the multiply-add's latency), each converging to 1: no overflow or subnormal. */
    private static float scalarSteps() {
        float a = 0.999f, b = 0.001f;
        float c0 = 0, c1 = 1, c2 = 2, c3 = 3, c4 = 4, c5 = 5, c6 = 6, c7 = 7, c8 = 8, c9 = 9, c10 = 10, c11 = 11;
        for (int i = 0; i < STEPS; i++) {
            c0 = Math.fma(c0, a, b);
            c1 = Math.fma(c1, a, b);
            c2 = Math.fma(c2, a, b);
            c3 = Math.fma(c3, a, b);
            c4 = Math.fma(c4, a, b);
            c5 = Math.fma(c5, a, b);
            c6 = Math.fma(c6, a, b);
            c7 = Math.fma(c7, a, b);
            c8 = Math.fma(c8, a, b);
            c9 = Math.fma(c9, a, b);
            c10 = Math.fma(c10, a, b);
            c11 = Math.fma(c11, a, b);
        }
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }

    private static volatile float sink;

    /** Publishes a loop's result so that the JIT cannot drop the loop as dead code. */
    public static void keep(float result) {
        sink = result;
    }
}
