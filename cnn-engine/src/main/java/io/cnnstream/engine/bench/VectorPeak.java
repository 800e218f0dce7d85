package io.cnnstream.engine.bench;

import io.cnnstream.engine.kernel.simd.VectorKernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link PeakFlops.Loop} in the kernels' vectors: what the micro-kernels would reach with nothing to load. */
final class VectorPeak {
    private static final VectorSpecies<Float> SPECIES = VectorKernels.species();
    private static final int L = SPECIES.length();

    private VectorPeak() {
    }

    static long flopsUntil(long deadline) {
        long rounds = 0;
        float sum = 0;
        do {
            sum += steps();
            rounds++;
        } while (System.nanoTime() < deadline);
        PeakFlops.keep(sum);
        return rounds * PeakFlops.STEPS * 12 * 2 * L;
    }

    /**
     * {@link PeakFlops#STEPS} steps of twelve independent multiply-add chains (enough for two FMA units
     * of four cycles' latency), each converging to 1. A method of its own with no call inside, and
     * long enough that the loop calling it is never hot enough to be compiled with it inlined:
     * measured, a clock read inside this loop boxed its vectors (0.1-5 GFLOPS instead of 110 on one
     * core), and this loop inlined into a compiled caller ran at half speed.
     */
    private static float steps() {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999f), b = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector c0 = FloatVector.broadcast(SPECIES, 0f), c1 = FloatVector.broadcast(SPECIES, 1f);
        FloatVector c2 = FloatVector.broadcast(SPECIES, 2f), c3 = FloatVector.broadcast(SPECIES, 3f);
        FloatVector c4 = FloatVector.broadcast(SPECIES, 4f), c5 = FloatVector.broadcast(SPECIES, 5f);
        FloatVector c6 = FloatVector.broadcast(SPECIES, 6f), c7 = FloatVector.broadcast(SPECIES, 7f);
        FloatVector c8 = FloatVector.broadcast(SPECIES, 8f), c9 = FloatVector.broadcast(SPECIES, 9f);
        FloatVector c10 = FloatVector.broadcast(SPECIES, 10f), c11 = FloatVector.broadcast(SPECIES, 11f);
        for (int i = 0; i < PeakFlops.STEPS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).lane(0);
    }
}
