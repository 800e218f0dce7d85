package io.cnnstream.engine.kernel.simd;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static io.cnnstream.engine.tensor.TensorAssert.assertCloseToScale;
import static io.cnnstream.engine.tensor.TensorAssert.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.graph.BatchNormFolding;
import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SeededInit;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernels against the scalar oracle over parameter sweeps chosen to hit every edge
 * of the blocking: channel counts that do not fill a 6-row panel, plane sizes that do not fill a
 * 16-column panel or an 8-float vector, depths beyond one depth block, groups, strides, paddings,
 * fused ReLU, and pools of 1 and 3 threads (different task splits). Tolerance: 1e-5 of the output's
 * scale; the sums are the same, only their order differs.
 */
class VectorKernelsMatchScalarTest {
    private static final Kernels SCALAR = TestKernels.SCALAR;
    private static final Kernels VECTOR = TestKernels.VECTOR;
    private static final double TOLERANCE = 1e-5;

    /** kernel x stride x padding x groups: 135 cases, each reported on its own when it fails. */
    static Stream<Arguments> convolutionCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (int kernel : new int[] {1, 2, 3, 5, 11}) {
            for (int stride : new int[] {1, 2, 4}) {
                for (int pad : new int[] {0, 1, 2}) {
                    for (int groups : new int[] {1, 2, 3}) {
                        cases.add(Arguments.of(kernel, stride, pad, groups));
                    }
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "kernel {0} stride {1} pad {2} groups {3}")
    @MethodSource("convolutionCases")
    void convolutionEqualsTheOracleAcrossShapesStridesPaddingsAndGroups(int kernel, int stride, int pad, int groups) {
        // the other dimensions are drawn from a seed of the case, so every case is reproducible alone
        SplittableRandom random = new SplittableRandom(((kernel * 31L + stride) * 31 + pad) * 31 + groups);
        int h = kernel + random.nextInt(14), w = kernel + random.nextInt(19);
        int inPer = 1 + random.nextInt(5), outPer = 1 + random.nextInt(13);
        Conv2dSpec spec = new Conv2dSpec(inPer * groups, outPer * groups, kernel, kernel,
                stride, stride, Math.min(pad, kernel - 1), Math.min(pad, kernel - 1), groups,
                random.nextBoolean());
        checkConv(random, VECTOR, spec, 1 + random.nextInt(3), h, w, random.nextBoolean());
    }

    @Test
    void convolutionBlocksDeepInputsWideOutputsAndAnyPoolSize() {
        SplittableRandom random = new SplittableRandom(6);
        for (int threads : new int[] {1, 3}) {
            Kernels kernels = new VectorKernels(new WorkerPool(threads));
            // depth 64*9 = 576: three depth blocks, the last partial; 40 outputs: a partial row panel
            checkConv(random, kernels, Conv2dSpec.of(64, 40, 3, 1, 1), 2, 13, 13, true);
            // pointwise (copied, not gathered) with a plane of 17x19 = 323 columns
            checkConv(random, kernels, Conv2dSpec.of(300, 20, 1, 1, 0), 1, 17, 19, false);
            // a strided 1x1 (ResNet's downsample) and AlexNet's first layer shape on a small image
            checkConv(random, kernels, Conv2dSpec.of(8, 16, 1, 2, 0), 2, 15, 15, false);
            checkConv(random, kernels, Conv2dSpec.of(3, 64, 11, 4, 2), 1, 63, 63, true);
            // AlexNet 2012's grouped layer shape, scaled down
            checkConv(random, kernels, Conv2dSpec.of(48, 64, 5, 1, 2).withGroups(2), 2, 9, 9, true);
        }
    }

    @Test
    void directConvolutionSplitsPositionsChannelsAndDepthAtEveryEdge() {
        SplittableRandom random = new SplittableRandom(7);
        for (int threads : new int[] {1, 3}) {
            Kernels kernels = new VectorKernels(new WorkerPool(threads));
            // 70 filters: several channel panels, the last partial; depth 24*25 = 600: three depth blocks;
            // 23x23 = 529 positions: six position blocks, the last not a multiple of the micro-kernel's rows
            Conv2dSpec wide = Conv2dSpec.of(24, 70, 5, 1, 2);
            assertTrue(DirectConvolution.applies(wide, 23, 23, 23));
            checkConv(random, kernels, wide, 1, 23, 23, true);
            checkConv(random, kernels, wide, 2, 23, 23, false);
            // strided, uneven padding per axis, groups of 35 filters
            checkConv(random, kernels, new Conv2dSpec(12, 70, 7, 5, 2, 3, 3, 1, 2, true), 2, 30, 26, true);
            // four-vector panels (with 512-bit vectors): 40 filters, one partial panel; groups of 128, strided
            Conv2dSpec fourVectors = Conv2dSpec.of(24, 40, 5, 1, 2);
            assertEquals(MicroKernel.L >= 16 ? MicroKernel.WIDE : MicroKernel.NR, DirectConvolution.width(fourVectors));
            checkConv(random, kernels, fourVectors, 2, 23, 23, true);
            checkConv(random, kernels, new Conv2dSpec(16, 256, 3, 3, 2, 2, 1, 1, 2, true), 2, 17, 15, false);
        }
    }

    @Test
    void matrixProductConvolutionEqualsTheOracleOnConvolutionsTheDirectOneLeavesToIt() {
        SplittableRandom random = new SplittableRandom(8);
        for (int threads : new int[] {1, 3}) {
            WorkerPool pool = new WorkerPool(threads);
            for (Conv2dSpec s : new Conv2dSpec[] {Conv2dSpec.of(3, 64, 11, 4, 2), Conv2dSpec.of(24, 40, 5, 1, 2),
                    new Conv2dSpec(12, 18, 3, 5, 2, 1, 1, 2, 3, true), Conv2dSpec.of(300, 20, 1, 1, 0)}) {
                int n = 2, h = 29, w = 31, oh = Conv2dSpec.outputSize("height", h, s.kernelH(), s.strideH(), s.padH());
                int ow = Conv2dSpec.outputSize("width", w, s.kernelW(), s.strideW(), s.padW());
                Tensor x = random(random, n, s.inChannels(), h, w);
                Tensor weight = random(random, s.weightShape().toArray());
                Tensor bias = random(random, s.outChannels());
                Tensor expected = SCALAR.conv2d(x, weight, bias, s, Activation.relu());
                Tensor actual = Tensor.zeros(expected.shape());
                ConvolutionGemm.run(pool, x.data(), n, h, w, PackedFilters.pack(weight.data(), s), bias.data(), s,
                        oh, ow, actual.data(), true);
                assertCloseToScale(expected, actual, TOLERANCE, s.toString());
            }
        }
    }

    private static void checkConv(SplittableRandom random, Kernels kernels, Conv2dSpec s, int n, int h, int w,
                                  boolean relu) {
        Tensor x = random(random, n, s.inChannels(), h, w);
        Tensor weight = random(random, s.weightShape().toArray());
        Tensor bias = s.bias() ? random(random, s.outChannels()) : null;
        Activation then = relu ? Activation.relu() : null;
        Tensor expected = SCALAR.conv2d(x, weight, bias, s, then);
        assertCloseToScale(expected, kernels.conv2d(x, weight, bias, s, then), TOLERANCE, s + " relu=" + relu + " on " + x.shape());
        // a second call reuses the packed filters
        assertCloseToScale(expected, kernels.conv2d(x, weight, bias, s, then), TOLERANCE, "again: " + s);
    }

    @Test
    void winogradThreeByThreeConvolutionsEqualTheOracle() {
        SplittableRandom random = new SplittableRandom(12);
        int cases = 0;
        for (int threads : new int[] {1, 3}) {
            Kernels kernels = new VectorKernels(new WorkerPool(threads));
            for (int pad = 0; pad <= 2; pad++) {
                for (int[] hw : new int[][] {{3, 3}, {4, 7}, {13, 13}, {9, 20}, {28, 17}}) {
                    int in = 1 + random.nextInt(20), out = 1 + random.nextInt(40);
                    Conv2dSpec spec = new Conv2dSpec(in, out, 3, 3, 1, 1, pad, pad, 1, random.nextBoolean());
                    assertTrue(WinogradConvolution.applies(spec));
                    checkConv(random, kernels, spec, 1 + random.nextInt(3), hw[0], hw[1], random.nextBoolean());
                    cases++;
                }
            }
            // a depth over several blocks (300 input channels) and AlexNet's 13x13 layers, scaled down
            checkConv(random, kernels, Conv2dSpec.of(300, 14, 3, 1, 1), 2, 13, 13, true);
            // groups (AlexNet 2012's 3x3 layers, scaled down)
            checkConv(random, kernels, Conv2dSpec.of(12, 18, 3, 1, 1).withGroups(2), 2, 13, 13, true);
            checkConv(random, kernels, Conv2dSpec.of(9, 15, 3, 1, 2).withGroups(3), 1, 7, 10, false);
        }
        assertEquals(30, cases);
    }

    /**
     * Batches around blocks of 4 and 8 images; 8201 features: two depth blocks of different depths;
     * outputs around panels of 16 and 32 (256- and 512-bit vectors), 70: three panels, the last narrow.
     */
    static Stream<Arguments> fullyConnectedCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 17}) {
            for (int features : new int[] {1, 7, 8, 9, 33, 300, 4100, 8201}) {
                for (int outputs : new int[] {1, 3, 5, 16, 17, 32, 33, 70}) {
                    cases.add(Arguments.of(n, features, outputs));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "batch {0}, {1} features -> {2}")
    @MethodSource("fullyConnectedCases")
    void fullyConnectedEqualsTheOracleForEveryBatchAndWidth(int n, int features, int outputs) {
        SplittableRandom random = new SplittableRandom((n * 8209L + features) * 71 + outputs);
        Tensor x = random(random, n, features), weight = random(random, outputs, features);
        Tensor bias = random.nextBoolean() ? random(random, outputs) : null;
        Activation then = random.nextBoolean() ? Activation.relu() : null;
        assertCloseToScale(SCALAR.linear(x, weight, bias, then), VECTOR.linear(x, weight, bias, then),
                TOLERANCE, n + "x" + features + " -> " + outputs + " " + then);
    }

    @ParameterizedTest(name = "[{0}, {2}] x [{1}, {2}]^T")
    @org.junit.jupiter.params.provider.CsvSource({"6,25,12544", "16,150,1600", "4,3,16", "5,7,33", "1,1,1", "9,10,100"})
    void rowDotsEqualTheOracleAtEveryBlockAndTailSize(int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k);
        Tensor a = random(random, m, k), b = random(random, n, k);
        assertCloseToScale(SCALAR.rowDots(a, b), VECTOR.rowDots(a, b), 1e-4, m + "x" + n + " over " + k);
    }

    /** kernel x stride x padding (at most half the kernel) x ceil mode x count-include-pad. */
    static Stream<Arguments> poolingCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (int kernel = 1; kernel <= 3; kernel++) {
            for (int stride = 1; stride <= 3; stride++) {
                for (int pad = 0; pad <= kernel / 2; pad++) {
                    for (boolean ceil : new boolean[] {false, true}) {
                        for (boolean includePad : new boolean[] {false, true}) {
                            cases.add(Arguments.of(kernel, stride, pad, ceil, includePad));
                        }
                    }
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "kernel {0}x({0}+1) stride {1} pad {2} ceil {3} includePad {4}")
    @MethodSource("poolingCases")
    void poolingEqualsTheOracleWithPaddingCeilModeAndOddWidths(int kernel, int stride, int pad, boolean ceil,
                                                               boolean includePad) {
        SplittableRandom random = new SplittableRandom(((kernel * 7L + stride) * 7 + pad) * 4 + (ceil ? 2 : 0) + (includePad ? 1 : 0));
        Pool2dSpec spec = new Pool2dSpec(kernel, kernel + 1, stride, stride, pad, pad, ceil, includePad);
        Tensor x = random(random, 2, 3, kernel + 1 + random.nextInt(12), kernel + 2 + random.nextInt(21));
        assertClose(SCALAR.maxPool2d(x, spec), VECTOR.maxPool2d(x, spec), 0, "max " + spec + x.shape());
        assertClose(SCALAR.avgPool2d(x, spec), VECTOR.avgPool2d(x, spec), TOLERANCE, "avg " + spec + x.shape());
    }

    @Test
    void adaptiveAveragePoolingEqualsTheOracleWhetherWindowsAreOneValueEvenOrUneven() {
        SplittableRandom random = new SplittableRandom(10);
        int[][] sizes = {{6, 6, 6, 6}, {7, 7, 1, 1}, {14, 21, 7, 7}, {13, 9, 6, 4}, {5, 5, 3, 2}};
        for (int[] s : sizes) {
            Tensor x = random(random, 2, 19, s[0], s[1]);
            assertClose(SCALAR.adaptiveAvgPool2d(x, s[2], s[3]), VECTOR.adaptiveAvgPool2d(x, s[2], s[3]), TOLERANCE,
                    s[0] + "x" + s[1] + " to " + s[2] + "x" + s[3]);
        }
    }

    @Test
    void lrnEqualsTheOracleForAlexNetsAndOtherExponents() {
        SplittableRandom random = new SplittableRandom(9);
        for (LrnSpec spec : new LrnSpec[] {LrnSpec.alexNet2012(), new LrnSpec(3, 1e-2, 0.5, 1.0), new LrnSpec(1, 1e-4, 0.75, 2.0)}) {
            for (int plane : new int[] {1, 7, 8, 23}) {
                Tensor x = random(random, 2, 9, 1, plane);
                assertClose(SCALAR.localResponseNorm(x, spec), VECTOR.localResponseNorm(x, spec), TOLERANCE, spec + " plane " + plane);
            }
        }
    }

    @Test
    void softmaxAndElementwiseOpsEqualTheOracle() {
        SplittableRandom random = new SplittableRandom(10);
        for (int k : new int[] {1, 7, 8, 1000}) {
            Tensor logits = random(random, 3, k);
            logits.data()[0] = 80f; // large logits must not overflow
            assertClose(SCALAR.softmax(logits), VECTOR.softmax(logits), 1e-6, "softmax " + k);
        }
        Tensor x = random(random, 2, 3, 5, 7), z = random(random, 2, 3, 5, 7);
        x.data()[3] = Float.NaN;
        Tensor relu = VECTOR.relu(x);
        assertTrue(Float.isNaN(relu.data()[3]), "ReLU keeps NaN");
        relu.data()[3] = 0;
        x.data()[3] = 0;
        assertClose(SCALAR.relu(x), relu, 0, "relu");
        assertClose(SCALAR.add(x, z), VECTOR.add(x, z), 0, "add");
        float[] scale = {0.5f, -2f, 3f}, shift = {1f, 0f, -1f};
        assertClose(SCALAR.channelAffine(x, scale, shift), VECTOR.channelAffine(x, scale, shift), 1e-6, "affine");
    }

    @Test
    void wholeModelsGiveTheOraclesLogitsWithConvolutionAndReluFused() {
        // googlenet: 1x1 convolutions, batch norms folded and fused with ReLU, concatenations;
        // alexnet-2012: groups and LRN
        for (String name : new String[] {"googlenet", "alexnet-2012"}) {
            Model model = ModelRegistry.create(name);
            SeededInit.apply(model, 0);
            BatchNormFolding.fold(model.network());
            Tensor x = random(new SplittableRandom(11), model.inputShape().withBatch(2).toArray());
            assertCloseToScale(model.forward(x, SCALAR), model.forward(x, VECTOR), TOLERANCE, name);
        }
    }

    @Test
    void maxPoolingPropagatesNaNAsTheOracleDoes() {
        Tensor x = Tensor.of(Shape.of(1, 1, 2, 9), new float[18]);
        x.data()[4] = Float.NaN;
        Tensor pooled = VECTOR.maxPool2d(x, Pool2dSpec.of(2, 2));
        assertTrue(Float.isNaN(pooled.data()[2]), "NaN in the window gives NaN: " + pooled);
        assertEquals(0f, pooled.data()[0]);
    }
}
