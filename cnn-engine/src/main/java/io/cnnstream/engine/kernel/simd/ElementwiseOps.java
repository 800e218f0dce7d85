package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.parallel.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise operations and softmax over whole vectors, with a scalar loop for the tail. */
final class ElementwiseOps {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES; // one width everywhere: see VectorWidth
    private static final int CHUNK = 1 << 16;

    private ElementwiseOps() {
    }

    /** {@code max(x, 0)}, NaN kept, in chunks spread over the pool. */
    static void relu(WorkerPool pool, float[] x, float[] y) {
        pool.parallelFor(ConvolutionGemm.ceilDiv(x.length, CHUNK), chunk -> {
            int from = chunk * CHUNK, to = Math.min(x.length, from + CHUNK);
            int i = from, bound = from + S.loopBound(to - from);
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
            }
            for (; i < to; i++) {
                y[i] = x[i] > 0f || Float.isNaN(x[i]) ? x[i] : 0f;
            }
        });
    }

    static void add(WorkerPool pool, float[] a, float[] b, float[] y) {
        pool.parallelFor(ConvolutionGemm.ceilDiv(a.length, CHUNK), chunk -> {
            int from = chunk * CHUNK, to = Math.min(a.length, from + CHUNK);
            int i = from, bound = from + S.loopBound(to - from);
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(y, i);
            }
            for (; i < to; i++) {
                y[i] = a[i] + b[i];
            }
        });
    }

    /** {@code y = x * scale[c] + shift[c]} for each plane of {@code [N, C, H, W]}. */
    static void channelAffine(WorkerPool pool, float[] x, int planes, int c, int plane, float[] scale,
                              float[] shift, float[] y) {
        int bound = S.loopBound(plane);
        pool.parallelFor(planes, job -> {
            int ch = job % c, base = job * plane;
            float a = scale[ch], b = shift[ch];
            int i = 0;
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, x, base + i).fma(a, b).intoArray(y, base + i);
            }
            for (; i < plane; i++) {
                y[base + i] = x[base + i] * a + b;
            }
        });
    }

    /** Softmax of each of {@code rows} rows of length {@code k}: subtract the maximum, exponentiate, normalise. */
    static void softmax(float[] x, int rows, int k, float[] y) {
        int bound = S.loopBound(k);
        for (int row = 0; row < rows; row++) {
            int base = row * k, i = 0;
            FloatVector maxes = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += S.length()) {
                maxes = maxes.max(FloatVector.fromArray(S, x, base + i));
            }
            float max = maxes.reduceLanes(VectorOperators.MAX);
            for (; i < k; i++) {
                max = Math.max(max, x[base + i]);
            }
            FloatVector sums = FloatVector.zero(S);
            for (i = 0; i < bound; i += S.length()) {
                FloatVector e = FloatVector.fromArray(S, x, base + i).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(y, base + i);
                sums = sums.add(e);
            }
            double sum = sums.reduceLanes(VectorOperators.ADD);
            for (; i < k; i++) {
                y[base + i] = (float) Math.exp(x[base + i] - max);
                sum += y[base + i];
            }
            float inverse = (float) (1.0 / sum);
            for (i = 0; i < bound; i += S.length()) {
                FloatVector.fromArray(S, y, base + i).mul(inverse).intoArray(y, base + i);
            }
            for (; i < k; i++) {
                y[base + i] *= inverse;
            }
        }
    }
}
