package io.cnnstream.engine.kernel;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static io.cnnstream.engine.tensor.TensorAssert.random;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Seed 003's descriptions of transposed convolution and unpooling, checked literally. */
class Seed003Test {
    private static final Kernels KERNELS = TestKernels.SCALAR;


    @Test
    void transposedConvolutionIsZeroInsertionPaddingAndAFlippedConvolution() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] c : new int[][] {{3, 2, 0}, {3, 2, 1}, {4, 2, 1}, {3, 1, 0}, {2, 3, 0}}) {
            int k = c[0], s = c[1], p = c[2];
            Tensor x = random(random, 1, 2, 4, 5);
            Tensor w = random(random, 2, 3, k, k); // [in, out, k, k]
            Tensor direct = KERNELS.convTranspose2d(x, w, null, new ConvTranspose2dSpec(2, 3, k, k, s, s, p, p, 0, 0, 1, false));

            // insert s-1 zeros between input pixels, pad by k-1-p on every side
            int h = (4 - 1) * s + 1 + 2 * (k - 1 - p), wd = (5 - 1) * s + 1 + 2 * (k - 1 - p);
            float[] spread = new float[2 * h * wd];
            for (int ch = 0; ch < 2; ch++) {
                for (int y = 0; y < 4; y++) {
                    for (int xx = 0; xx < 5; xx++) {
                        spread[(ch * h + y * s + k - 1 - p) * wd + xx * s + k - 1 - p] = x.data()[(ch * 4 + y) * 5 + xx];
                    }
                }
            }
            // the kernel flipped in both axes, in and out channels swapped: [out, in, k, k]
            float[] flipped = new float[3 * 2 * k * k];
            for (int in = 0; in < 2; in++) {
                for (int out = 0; out < 3; out++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            flipped[((out * 2 + in) * k + (k - 1 - ky)) * k + (k - 1 - kx)] = w.data()[((in * 3 + out) * k + ky) * k + kx];
                        }
                    }
                }
            }
            Tensor viaConvolution = KERNELS.conv2d(Tensor.of(Shape.of(1, 2, h, wd), spread), Tensor.of(Shape.of(3, 2, k, k), flipped),
                    null, Conv2dSpec.of(2, 3, k, 1, 0).withoutBias());
            assertClose(viaConvolution, direct, 1e-5, "kernel " + k + " stride " + s + " padding " + p);
        }
    }

    @Test
    void unpoolingPutsEachMaximumBackWhereItCameFrom() {
        Tensor x = Tensor.of(Shape.of(1, 1, 4, 4), new float[] {
                1, 5, 2, 0,
                3, 4, 8, 1,
                0, 2, 1, 1,
                7, 1, 3, 6});
        Kernels.PooledWithIndices pooled = KERNELS.maxPool2dWithIndices(x, Pool2dSpec.of(2, 2));
        assertClose(Tensor.of(Shape.of(1, 1, 2, 2), new float[] {5, 8, 7, 6}), pooled.output(), 0, "pooled");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 6, 12, 15}, pooled.indices());
        Tensor unpooled = KERNELS.maxUnpool2d(pooled.output(), pooled.indices(), 4, 4);
        assertClose(Tensor.of(Shape.of(1, 1, 4, 4), new float[] {
                0, 5, 0, 0,
                0, 0, 8, 0,
                0, 0, 0, 0,
                7, 0, 0, 6}), unpooled, 0, "unpooled");
    }
}
