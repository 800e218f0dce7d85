package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.parallel.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A fully connected layer, {@code y[n, o] = b[o] + sum_k x[n, k] * W[o, k]}, as a matrix product over
 * the whole batch: blocks of 4 weight rows x 4 images share every vector load (8 loads for 16
 * fused multiply-adds; 6 x 4 measured slower: too many vectors for the registers), so a weight row is read once per 4 images instead of once per image, and at
 * batch 1 the weights stream through memory once (the layer is bound by memory bandwidth there,
 * not by arithmetic). Very deep inputs are cut into even depth blocks of at most {@value #DEPTH_BLOCK}
 * (a block of 4 weight rows stays in L2 while every image passes, and the images' block stays in L2
 * while the task's rows pass); AlexNet's 9216 features measured best in one piece or two (a 9216 to
 * 4096 layer, 2 threads: batch 8 6.7 ms with blocks of 2048, 6.3 with 4096 or none; batch 32 18.5, 17.2).
 * The weights are used in PyTorch's {@code [out, in]} layout as they are: rows are already
 * contiguous along k, so nothing is packed or copied. Workers take blocks of output features.
 */
final class DenseProduct {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int L = MicroKernel.L;
    private static final int ROWS = 4;
    private static final int IMAGES = 4;
    private static final int ROWS_PER_TASK = 32;
    static final int DEPTH_BLOCK = 8192;

    private DenseProduct() {
    }

    static void run(WorkerPool pool, float[] x, int n, int features, float[] wt, int outputs, float[] bias,
                    float[] y, boolean relu) {
        int tasks = ConvolutionGemm.ceilDiv(outputs, ROWS_PER_TASK);
        pool.parallelFor(tasks, task -> {
            int o0 = task * ROWS_PER_TASK, o1 = Math.min(outputs, o0 + ROWS_PER_TASK);
            for (int image = 0; image < n; image++) {
                for (int o = o0; o < o1; o++) {
                    y[image * outputs + o] = bias == null ? 0f : bias[o];
                }
            }
            int depthBlock = n < IMAGES ? features : evenBlock(features);
            for (int k0 = 0; k0 < features; k0 += depthBlock) {
                int k1 = Math.min(features, k0 + depthBlock);
                int o = o0;
                for (; o + ROWS <= o1; o += ROWS) {
                    int image = 0;
                    for (; image + IMAGES <= n; image += IMAGES) {
                        block4x4(x, image, features, wt, o, k0, k1, y, outputs);
                    }
                    for (; image < n; image++) {
                        block4x1(x, image, features, wt, o, k0, k1, y, outputs);
                    }
                }
                for (; o < o1; o++) {
                    for (int image = 0; image < n; image++) {
                        y[image * outputs + o] += dot(x, image * features + k0, wt, o * features + k0, k1 - k0);
                    }
                }
            }
            if (relu) {
                for (int image = 0; image < n; image++) {
                    for (int oo = o0; oo < o1; oo++) {
                        int i = image * outputs + oo;
                        y[i] = !(y[i] > 0f) && !Float.isNaN(y[i]) ? 0f : y[i];
                    }
                }
            }
        });
    }

    /** The depth in even blocks of at most {@value #DEPTH_BLOCK}, whole vectors each but the last. */
    private static int evenBlock(int features) {
        int blocks = ConvolutionGemm.ceilDiv(features, DEPTH_BLOCK);
        return ConvolutionGemm.ceilDiv(ConvolutionGemm.ceilDiv(features, blocks), L) * L;
    }

    /** Adds depth {@code [k0, k1)} of rows {@code o..o+3} x images {@code image..image+3} to {@code y}. */
    private static void block4x4(float[] x, int image, int f, float[] w, int o, int k0, int k1, float[] y, int outputs) {
        int x0 = image * f, x1 = x0 + f, x2 = x1 + f, x3 = x2 + f, w0 = o * f, w1 = w0 + f, w2 = w1 + f, w3 = w2 + f;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int k = k0, bound = k0 + S.loopBound(k1 - k0);
        for (; k < bound; k += L) {
            FloatVector a0 = FloatVector.fromArray(S, w, w0 + k), a1 = FloatVector.fromArray(S, w, w1 + k);
            FloatVector a2 = FloatVector.fromArray(S, w, w2 + k), a3 = FloatVector.fromArray(S, w, w3 + k);
            FloatVector v = FloatVector.fromArray(S, x, x0 + k);
            s00 = a0.fma(v, s00);
            s10 = a1.fma(v, s10);
            s20 = a2.fma(v, s20);
            s30 = a3.fma(v, s30);
            v = FloatVector.fromArray(S, x, x1 + k);
            s01 = a0.fma(v, s01);
            s11 = a1.fma(v, s11);
            s21 = a2.fma(v, s21);
            s31 = a3.fma(v, s31);
            v = FloatVector.fromArray(S, x, x2 + k);
            s02 = a0.fma(v, s02);
            s12 = a1.fma(v, s12);
            s22 = a2.fma(v, s22);
            s32 = a3.fma(v, s32);
            v = FloatVector.fromArray(S, x, x3 + k);
            s03 = a0.fma(v, s03);
            s13 = a1.fma(v, s13);
            s23 = a2.fma(v, s23);
            s33 = a3.fma(v, s33);
        }
        int y0 = image * outputs + o, y1 = y0 + outputs, y2 = y1 + outputs, y3 = y2 + outputs;
        y[y0] += s00.reduceLanes(VectorOperators.ADD);
        y[y1] += s01.reduceLanes(VectorOperators.ADD);
        y[y2] += s02.reduceLanes(VectorOperators.ADD);
        y[y3] += s03.reduceLanes(VectorOperators.ADD);
        y[y0 + 1] += s10.reduceLanes(VectorOperators.ADD);
        y[y1 + 1] += s11.reduceLanes(VectorOperators.ADD);
        y[y2 + 1] += s12.reduceLanes(VectorOperators.ADD);
        y[y3 + 1] += s13.reduceLanes(VectorOperators.ADD);
        y[y0 + 2] += s20.reduceLanes(VectorOperators.ADD);
        y[y1 + 2] += s21.reduceLanes(VectorOperators.ADD);
        y[y2 + 2] += s22.reduceLanes(VectorOperators.ADD);
        y[y3 + 2] += s23.reduceLanes(VectorOperators.ADD);
        y[y0 + 3] += s30.reduceLanes(VectorOperators.ADD);
        y[y1 + 3] += s31.reduceLanes(VectorOperators.ADD);
        y[y2 + 3] += s32.reduceLanes(VectorOperators.ADD);
        y[y3 + 3] += s33.reduceLanes(VectorOperators.ADD);
        for (; k < k1; k++) { // features that do not fill a vector
            for (int i = 0; i < IMAGES; i++) {
                for (int r = 0; r < ROWS; r++) {
                    y[y0 + i * outputs + r] += w[w0 + r * f + k] * x[x0 + i * f + k];
                }
            }
        }
    }

    /** Adds depth {@code [k0, k1)} of rows {@code o..o+3} for one image to {@code y}. */
    private static void block4x1(float[] x, int image, int f, float[] w, int o, int k0, int k1, float[] y, int outputs) {
        int x0 = image * f, w0 = o * f, w1 = w0 + f, w2 = w1 + f, w3 = w2 + f;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int k = k0, bound = k0 + S.loopBound(k1 - k0);
        for (; k < bound; k += L) {
            FloatVector v = FloatVector.fromArray(S, x, x0 + k);
            s0 = FloatVector.fromArray(S, w, w0 + k).fma(v, s0);
            s1 = FloatVector.fromArray(S, w, w1 + k).fma(v, s1);
            s2 = FloatVector.fromArray(S, w, w2 + k).fma(v, s2);
            s3 = FloatVector.fromArray(S, w, w3 + k).fma(v, s3);
        }
        int y0 = image * outputs + o;
        y[y0] += s0.reduceLanes(VectorOperators.ADD);
        y[y0 + 1] += s1.reduceLanes(VectorOperators.ADD);
        y[y0 + 2] += s2.reduceLanes(VectorOperators.ADD);
        y[y0 + 3] += s3.reduceLanes(VectorOperators.ADD);
        for (; k < k1; k++) {
            float v = x[x0 + k];
            for (int r = 0; r < ROWS; r++) {
                y[y0 + r] += w[w0 + r * f + k] * v;
            }
        }
    }

    static float dot(float[] x, int xOff, float[] w, int wOff, int f) {
        FloatVector s = FloatVector.zero(S);
        int k = 0, bound = S.loopBound(f);
        for (; k < bound; k += L) {
            s = FloatVector.fromArray(S, w, wOff + k).fma(FloatVector.fromArray(S, x, xOff + k), s);
        }
        float sum = s.reduceLanes(VectorOperators.ADD);
        for (; k < f; k++) {
            sum += w[wOff + k] * x[xOff + k];
        }
        return sum;
    }
}
