package io.cnnstream.engine.kernel;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static io.cnnstream.engine.tensor.TensorAssert.random;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The scalar kernels against direct computations written from the definitions (output element by
 * output element, padding made explicit), over sweeps of sizes, strides, paddings and groups.
 */
class ScalarKernelsSweepTest {
    private static final Kernels KERNELS = TestKernels.SCALAR;


    @Test
    void convolutionEqualsTheDefinition() {
        SplittableRandom random = new SplittableRandom(1);
        int cases = 0;
        for (int kernel : new int[] {1, 2, 3, 5}) {
            for (int stride : new int[] {1, 2, 3}) {
                for (int pad = 0; pad <= Math.min(2, kernel); pad++) {
                    for (int groups : new int[] {1, 2}) {
                        for (boolean bias : new boolean[] {true, false}) {
                            int h = 5 + random.nextInt(6), w = 5 + random.nextInt(7);
                            Conv2dSpec spec = new Conv2dSpec(2 * groups, 3 * groups, kernel, kernel + (w % 2),
                                    stride, stride + (h % 2), pad, pad / 2 + (w % 2), groups, bias);
                            if (h + 2 * spec.padH() < spec.kernelH() || w + 2 * spec.padW() < spec.kernelW()) {
                                continue;
                            }
                            checkConv(random, spec, 2, h, w);
                            cases++;
                        }
                    }
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(cases > 100, "swept " + cases + " cases");
    }

    private static void checkConv(SplittableRandom random, Conv2dSpec s, int n, int h, int w) {
        Tensor x = random(random, n, s.inChannels(), h, w);
        Tensor weight = random(random, s.weightShape().toArray());
        Tensor bias = s.bias() ? random(random, s.outChannels()) : null;
        Tensor actual = KERNELS.conv2d(x, weight, bias, s);
        assertClose(naiveConv(x, weight, bias, s), actual, 1e-5, s + " on " + x.shape());
    }

    static Tensor naiveConv(Tensor x, Tensor weight, Tensor bias, Conv2dSpec s) {
        Shape in = x.shape();
        Shape outShape = s.outputShape(in.withoutBatch()).withBatch(in.dim(0));
        float[] out = new float[outShape.intSize()];
        int h = in.dim(2), w = in.dim(3), oh = outShape.dim(2), ow = outShape.dim(3);
        int inPerGroup = s.inChannels() / s.groups(), outPerGroup = s.outChannels() / s.groups();
        int i = 0;
        for (int b = 0; b < in.dim(0); b++) {
            for (int oc = 0; oc < s.outChannels(); oc++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bias == null ? 0 : bias.data()[oc];
                        for (int ic = 0; ic < inPerGroup; ic++) {
                            int channel = oc / outPerGroup * inPerGroup + ic;
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int iy = oy * s.strideH() - s.padH() + ky, ix = ox * s.strideW() - s.padW() + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        sum += x.data()[((b * s.inChannels() + channel) * h + iy) * w + ix]
                                                * weight.data()[((oc * inPerGroup + ic) * s.kernelH() + ky) * s.kernelW() + kx];
                                    }
                                }
                            }
                        }
                        out[i++] = (float) sum;
                    }
                }
            }
        }
        return Tensor.of(outShape, out);
    }

    @Test
    void poolingEqualsTheDefinitionOnAnExplicitlyPaddedImage() {
        SplittableRandom random = new SplittableRandom(2);
        for (int kernel : new int[] {1, 2, 3, 4}) {
            for (int stride : new int[] {1, 2, 3}) {
                for (int pad = 0; pad <= kernel / 2; pad++) {
                    for (boolean ceil : new boolean[] {false, true}) {
                        for (boolean includePad : new boolean[] {true, false}) {
                            int h = kernel + random.nextInt(8), w = kernel + random.nextInt(8);
                            Pool2dSpec spec = new Pool2dSpec(kernel, kernel, stride, stride, pad, pad, ceil, includePad);
                            Tensor x = random(random, 2, 3, h, w);
                            String context = spec + " on " + x.shape();
                            assertClose(naivePool(x, spec, true), KERNELS.maxPool2d(x, spec), 0, "max " + context);
                            assertClose(naivePool(x, spec, false), KERNELS.avgPool2d(x, spec), 1e-6, "avg " + context);
                        }
                    }
                }
            }
        }
    }

    static Tensor naivePool(Tensor x, Pool2dSpec s, boolean max) {
        Shape in = x.shape();
        int h = in.dim(2), w = in.dim(3), ph = h + 2 * s.padH(), pw = w + 2 * s.padW();
        Shape outShape = s.outputShape(in.withoutBatch()).withBatch(in.dim(0));
        int oh = outShape.dim(2), ow = outShape.dim(3);
        float[] out = new float[outShape.intSize()];
        int i = 0;
        for (int plane = 0; plane < in.dim(0) * in.dim(1); plane++) {
            // the image with its padding as real cells: NaN marks a padding cell
            float[][] padded = new float[ph + s.kernelH() * 2][pw + s.kernelW() * 2];
            for (float[] row : padded) {
                java.util.Arrays.fill(row, Float.NaN);
            }
            boolean[][] inPaddedImage = new boolean[padded.length][padded[0].length];
            for (int y = 0; y < ph; y++) {
                for (int xx = 0; xx < pw; xx++) {
                    inPaddedImage[y][xx] = true;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    padded[y + s.padH()][xx + s.padW()] = x.data()[(plane * h + y) * w + xx];
                }
            }
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int real = 0, cells = 0;
                    for (int ky = 0; ky < s.kernelH(); ky++) {
                        for (int kx = 0; kx < s.kernelW(); kx++) {
                            int y = oy * s.strideH() + ky, xx = ox * s.strideW() + kx;
                            if (inPaddedImage[y][xx]) {
                                cells++;
                            }
                            float v = padded[y][xx];
                            if (!Float.isNaN(v)) {
                                real++;
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                    }
                    out[i++] = (float) (max ? acc : acc / (s.countIncludePad() ? cells : real));
                }
            }
        }
        return Tensor.of(outShape, out);
    }

    @Test
    void adaptiveAveragePoolingCoversTheInputWithOverlappingWindows() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] c : new int[][] {{13, 13, 6, 6}, {6, 6, 6, 6}, {5, 7, 3, 2}, {4, 4, 6, 6}, {7, 9, 1, 1}}) {
            Tensor x = random(random, 1, 2, c[0], c[1]);
            Tensor y = KERNELS.adaptiveAvgPool2d(x, c[2], c[3]);
            for (int ch = 0; ch < 2; ch++) {
                for (int oy = 0; oy < c[2]; oy++) {
                    for (int ox = 0; ox < c[3]; ox++) {
                        int y0 = (int) Math.floor((double) oy * c[0] / c[2]), y1 = (int) Math.ceil((oy + 1.0) * c[0] / c[2]);
                        int x0 = (int) Math.floor((double) ox * c[1] / c[3]), x1 = (int) Math.ceil((ox + 1.0) * c[1] / c[3]);
                        double sum = 0;
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                sum += x.data()[(ch * c[0] + yy) * c[1] + xx];
                            }
                        }
                        float expected = (float) (sum / ((y1 - y0) * (x1 - x0)));
                        float actual = y.data()[(ch * c[2] + oy) * c[3] + ox];
                        org.junit.jupiter.api.Assertions.assertEquals(expected, actual, 1e-6,
                                java.util.Arrays.toString(c) + " at " + ch + "," + oy + "," + ox);
                    }
                }
            }
        }
    }

    @Test
    void lrnEqualsPyTorchsFormula() {
        SplittableRandom random = new SplittableRandom(4);
        for (int size : new int[] {1, 2, 3, 4, 5, 7}) {
            for (int channels : new int[] {1, 3, 8}) {
                LrnSpec spec = new LrnSpec(size, 0.5, 0.75, 1.5);
                Tensor x = random(random, 2, channels, 3, 2);
                Tensor y = KERNELS.localResponseNorm(x, spec);
                float[] expected = new float[x.data().length];
                int plane = 6;
                for (int b = 0; b < 2; b++) {
                    for (int c = 0; c < channels; c++) {
                        for (int p = 0; p < plane; p++) {
                            double sum = 0;
                            for (int j = c - size / 2; j <= c + (size - 1) / 2; j++) {
                                if (j >= 0 && j < channels) {
                                    double v = x.data()[(b * channels + j) * plane + p];
                                    sum += v * v;
                                }
                            }
                            int at = (b * channels + c) * plane + p;
                            expected[at] = (float) (x.data()[at] / Math.pow(1.5 + 0.5 * sum / size, 0.75));
                        }
                    }
                }
                assertClose(Tensor.of(x.shape(), expected), y, 1e-6, spec + " over " + channels + " channels");
            }
        }
    }

    @Test
    void linearEqualsTheMatrixProduct() {
        SplittableRandom random = new SplittableRandom(5);
        for (int[] c : new int[][] {{1, 1, 1}, {3, 17, 5}, {4, 64, 33}}) {
            Tensor x = random(random, c[0], c[1]), w = random(random, c[2], c[1]), b = random(random, c[2]);
            float[] expected = new float[c[0] * c[2]];
            for (int n = 0; n < c[0]; n++) {
                for (int o = 0; o < c[2]; o++) {
                    double sum = b.data()[o];
                    for (int f = 0; f < c[1]; f++) {
                        sum += x.data()[n * c[1] + f] * w.data()[o * c[1] + f];
                    }
                    expected[n * c[2] + o] = (float) sum;
                }
            }
            assertClose(Tensor.of(Shape.of(c[0], c[2]), expected), KERNELS.linear(x, w, b), 1e-5,
                    "linear " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void softmaxRowsSumToOneAndSurviveLargeLogits() {
        Tensor p = KERNELS.softmax(Tensor.of(Shape.of(2, 3), new float[] {1000, 1000, 1000, 0, (float) Math.log(2), 0}));
        assertClose(Tensor.of(Shape.of(2, 3), new float[] {1 / 3f, 1 / 3f, 1 / 3f, 0.25f, 0.5f, 0.25f}), p, 1e-6, "softmax");
    }

    @Test
    void reluZeroesNegativesOnly() {
        Tensor y = KERNELS.relu(Tensor.of(Shape.of(1, 4), new float[] {-1, 0, 2.5f, -0f}));
        assertClose(Tensor.of(Shape.of(1, 4), new float[] {0, 0, 2.5f, 0}), y, 0, "relu");
    }
}
