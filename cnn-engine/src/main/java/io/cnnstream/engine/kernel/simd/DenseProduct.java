package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.parallel.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

import static io.cnnstream.engine.kernel.simd.ConvolutionGemm.ceilDiv;
import static io.cnnstream.engine.kernel.simd.MicroKernel.NR;
import static io.cnnstream.engine.kernel.simd.MicroKernel.load;

/**
 * A fully connected layer, {@code y[n, o] = b[o] + sum_k x[n, k] * W[o, k]}, as one matrix product
 * over the batch, {@code Y = X W^T}, on a register block whose rows are images: the weights come
 * transposed and cut into panels of NR outputs ({@link FilterColumns}, packed once), each image's
 * value is broadcast against them, and a panel streams through once per block of {@link #ROWS}
 * images. At batch 8 on AVX-512 that is exactly once, with no reduction across vector lanes.
 *
 * <p>Measured against the form it replaced (blocks of 4 weight rows x 4 images over PyTorch's
 * {@code [out, in]} rows, with a sum across lanes at the end), AlexNet's 9216 to 4096 layer on 2
 * threads: batch 8 4.1-4.6 ms instead of 5.9-6.7, batch 32 13-14.5 instead of 17-20, batch 1 the
 * same (bound by memory bandwidth: 151 MB of weights). The same panels read with 6 image rows (the
 * convolutions' micro-kernel) gave nothing at batch 8 (two passes), and leaving the weights
 * unpacked with 2 rows x 8 images was slower (9-10 ms: 8 loads of the images per 16 products).
 * The price is memory: the packed panels are a second copy of the layer's weights.
 *
 * <p>Workers take panels; each keeps its panel's block of C in scratch over the depth, which is cut
 * into even blocks whose slices of the panel and of every block of images fit in {@value #L2_BUDGET}
 * bytes, so that the panel's slice stays in L2 while every block of images passes (with one block
 * of 8192, batch 32's four image blocks pushed it out: AlexNet's 9216 to 4096 at batch 32 on 2
 * threads took 12.5-14 ms, 12-13 in blocks of 2048, alternating in one process).
 */
final class DenseProduct {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int L = MicroKernel.L;
    /**
     * Images per register block: 8 x 2 vectors is 16 accumulators plus 3, which fits AVX-512's 32 vector
     * registers; AVX2 has 16, so with 256-bit vectors the block is the convolutions' {@link MicroKernel}
     * ({@value MicroKernel#MR} images, the same operand layouts).
     */
    static final int ROWS = L >= 16 ? 8 : MicroKernel.MR;
    /**
     * Bytes of L2 a depth block's operands may take: one panel's slice of weights and every image
     * block's slice of input, so that the weights are read from memory once per pass whatever the batch.
     */
    static final int L2_BUDGET = 512 * 1024;
    /** Depth per task when transposing the input. */
    private static final int PACK_CHUNK = 1024;

    private DenseProduct() {
    }

    /** {@code x} is {@code [n, features]}, {@code w} the weights' panels, {@code y} {@code [n, w.rows()]}, written whole. */
    static void run(WorkerPool pool, float[] x, int n, int features, FilterColumns w, float[] bias, float[] y,
                    boolean relu) {
        int blocks = ceilDiv(n, ROWS), outputs = w.rows(), chunks = ceilDiv(features, PACK_CHUNK);
        // the input transposed per block of images, [block][k][ROWS], rows past the batch zero
        float[] a = Scratch.get().shared(blocks * features * ROWS);
        pool.parallelFor(blocks * chunks, job -> {
            int block = job / chunks, k0 = job % chunks * PACK_CHUNK, k1 = Math.min(features, k0 + PACK_CHUNK);
            for (int r = 0; r < ROWS; r++) {
                int image = block * ROWS + r, dst = (block * features + k0) * ROWS + r;
                for (int k = k0; k < k1; k++, dst += ROWS) {
                    a[dst] = image < n ? x[image * features + k] : 0f;
                }
            }
        });
        int maxDepth = Math.max(256, L2_BUDGET / (Float.BYTES * (NR + blocks * ROWS)));
        int depthBlock = ceilDiv(features, ceilDiv(features, maxDepth));
        pool.parallelFor(w.panels(), panel -> {
            float[] c = Scratch.get().panels(blocks * ROWS * NR);
            Arrays.fill(c, 0, blocks * ROWS * NR, 0f);
            for (int k0 = 0; k0 < features; k0 += depthBlock) {
                int kc = Math.min(depthBlock, features - k0), bOff = w.offset(0, panel) + k0 * NR;
                for (int block = 0; block < blocks; block++) {
                    int aOff = (block * features + k0) * ROWS, cOff = block * ROWS * NR;
                    if (ROWS == 8) {
                        multiplyAdd8(a, aOff, w.data(), bOff, kc, c, cOff);
                    } else {
                        MicroKernel.multiplyAdd(a, aOff, w.data(), bOff, kc, c, cOff, NR, false);
                    }
                }
            }
            store(c, n, panel * NR, outputs, bias, y, relu);
        });
    }

    /** Rows {@code [0, n)} of a panel's C (outputs from {@code o0}) to {@code y}, plus bias, ReLU'd when fused. */
    private static void store(float[] c, int n, int o0, int outputs, float[] bias, float[] y, boolean relu) {
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY; // max(v, floor) keeps NaN, as the scalar ReLU does
        if (o0 + NR <= outputs && bias != null) { // (no branch inside: two paths that merge a vector box it)
            for (int image = 0; image < n; image++) {
                for (int lane = 0; lane < NR; lane += L) {
                    FloatVector.fromArray(S, c, image * NR + lane).add(FloatVector.fromArray(S, bias, o0 + lane))
                            .max(floor).intoArray(y, image * outputs + o0 + lane);
                }
            }
            return;
        }
        for (int image = 0; image < n; image++) { // no bias, or the last panel, narrower than NR
            for (int o = o0; o < Math.min(outputs, o0 + NR); o++) {
                float v = c[image * NR + o - o0] + (bias == null ? 0f : bias[o]);
                y[image * outputs + o] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * {@code C[0..8)[0..NR) += A * B}, A {@code [kc][8]} (images), B {@code [kc][NR]} (a weight panel),
     * C at {@code c[cOff]} with rows NR apart. As {@link MicroKernel#multiplyAdd}, every vector a local,
     * except that the accumulators start from C rather than adding it after the loop: with that
     * 48-operation tail, C2 on JDK 17 failed to intrinsify the last four stores and boxed their
     * vectors (1.6-2.7 MB per pass at batch 32 for the first 10 s or so of a process, AlexNet's
     * classifier.1 at 19-21 ms instead of 14). Over depths of thousands, the loads' latency at the
     * start measured nothing.
     */
    private static void multiplyAdd8(float[] a, int aOff, float[] b, int bOff, int kc, float[] c, int cOff) {
        FloatVector c00 = load(c, cOff), c01 = load(c, cOff + L), c10 = load(c, cOff + NR), c11 = load(c, cOff + NR + L);
        FloatVector c20 = load(c, cOff + 2 * NR), c21 = load(c, cOff + 2 * NR + L);
        FloatVector c30 = load(c, cOff + 3 * NR), c31 = load(c, cOff + 3 * NR + L);
        FloatVector c40 = load(c, cOff + 4 * NR), c41 = load(c, cOff + 4 * NR + L);
        FloatVector c50 = load(c, cOff + 5 * NR), c51 = load(c, cOff + 5 * NR + L);
        FloatVector c60 = load(c, cOff + 6 * NR), c61 = load(c, cOff + 6 * NR + L);
        FloatVector c70 = load(c, cOff + 7 * NR), c71 = load(c, cOff + 7 * NR + L);
        for (int ai = aOff, bi = bOff, end = aOff + kc * 8; ai < end; ai += 8, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v = FloatVector.broadcast(S, a[ai]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[ai + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[ai + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[ai + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[ai + 4]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[ai + 5]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
            v = FloatVector.broadcast(S, a[ai + 6]);
            c60 = v.fma(b0, c60);
            c61 = v.fma(b1, c61);
            v = FloatVector.broadcast(S, a[ai + 7]);
            c70 = v.fma(b0, c70);
            c71 = v.fma(b1, c71);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + NR);
        c11.intoArray(c, cOff + NR + L);
        c20.intoArray(c, cOff + 2 * NR);
        c21.intoArray(c, cOff + 2 * NR + L);
        c30.intoArray(c, cOff + 3 * NR);
        c31.intoArray(c, cOff + 3 * NR + L);
        c40.intoArray(c, cOff + 4 * NR);
        c41.intoArray(c, cOff + 4 * NR + L);
        c50.intoArray(c, cOff + 5 * NR);
        c51.intoArray(c, cOff + 5 * NR + L);
        c60.intoArray(c, cOff + 6 * NR);
        c61.intoArray(c, cOff + 6 * NR + L);
        c70.intoArray(c, cOff + 7 * NR);
        c71.intoArray(c, cOff + 7 * NR + L);
    }
}
