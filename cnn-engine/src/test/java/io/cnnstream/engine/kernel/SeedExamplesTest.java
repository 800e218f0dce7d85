package io.cnnstream.engine.kernel;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import org.junit.jupiter.api.Test;

/** The worked examples of the seeds, computed by hand. */
class SeedExamplesTest {
    private static final Kernels KERNELS = TestKernels.SCALAR;


    @Test
    void outputSizeFormulaMatchesTheSeedsCases() {
        // seed 000/001: conv1 of the 227 AlexNet, 11x11 stride 4 -> 55; its 3x3 stride 2 pooling -> 27
        assertEquals(55, Conv2dSpec.outputSize("width", 227, 11, 4, 0));
        assertEquals(27, Pool2dSpec.outputSize("width", 55, 3, 2, 0, false));
        // seed 004: 32x32x3 input, ten 5x5x3 filters -> 28x28x10; 6x6 with 3x3 -> 4x4
        assertEquals(Shape.of(10, 28, 28), Conv2dSpec.of(3, 10, 5, 1, 0).outputShape(Shape.of(3, 32, 32)));
        assertEquals(Shape.of(1, 4, 4), Conv2dSpec.of(1, 1, 3, 1, 0).outputShape(Shape.of(1, 6, 6)));
        // torchvision's conv1, padding 2: (224 + 4 - 11) / 4 + 1 = 55
        assertEquals(55, Conv2dSpec.outputSize("width", 224, 11, 4, 2));
    }

    @Test
    void sixBySixImageWithThreeByThreeFilterGivesFourByFour() {
        // seed 004's 6x6 example (its numbers are in a picture; these are the classic vertical-edge ones)
        Tensor image = Tensor.of(Shape.of(1, 1, 6, 6), new float[] {
                3, 0, 1, 2, 7, 4,
                1, 5, 8, 9, 3, 1,
                2, 7, 2, 5, 1, 3,
                0, 1, 3, 1, 7, 8,
                4, 2, 1, 6, 2, 8,
                2, 4, 5, 2, 3, 9});
        Tensor filter = Tensor.of(Shape.of(1, 1, 3, 3), new float[] {1, 0, -1, 1, 0, -1, 1, 0, -1});
        Tensor out = KERNELS.conv2d(image, filter, null, Conv2dSpec.of(1, 1, 3, 1, 0).withoutBias());
        // top-left: (3 + 1 + 2) - (1 + 8 + 2) = -5, the element-wise product summed over the highlighted 3x3
        assertClose(Tensor.of(Shape.of(1, 1, 4, 4), new float[] {
                -5, -4, 0, 8,
                -10, -2, 2, 3,
                0, -2, -4, -7,
                -3, -2, -3, -16}), out, 0, "6x6 conv");
    }

    @Test
    void twoByTwoPoolingOfFourByFour() {
        Tensor x = Tensor.of(Shape.of(1, 1, 4, 4), new float[] {
                1, 1, 2, 4,
                5, 6, 7, 8,
                3, 2, 1, 0,
                1, 2, 3, 4});
        assertClose(Tensor.of(Shape.of(1, 1, 2, 2), new float[] {6, 8, 3, 4}),
                KERNELS.maxPool2d(x, Pool2dSpec.of(2, 2)), 0, "max pool");
        assertClose(Tensor.of(Shape.of(1, 1, 2, 2), new float[] {3.25f, 5.25f, 2, 2}),
                KERNELS.avgPool2d(x, Pool2dSpec.of(2, 2)), 0, "average pool");
    }

    @Test
    void lrnOfSeed002WithKN0Alpha1Beta1() {
        // Seed 002 (Krizhevsky's form): b_i = a_i / (k + alpha * sum_{j=i-n/2}^{i+n/2} a_j^2)^beta with
        // (k, n, alpha, beta) = (0, 2, 1, 1): the window is channels i-1..i+1. In PyTorch's form that is
        // size n+1 = 3 and alpha = 1 * 3 (PyTorch divides alpha by the size).
        Tensor a = Tensor.of(Shape.of(1, 3, 1, 2), new float[] {1, 2, 3, 4, 5, 6});
        Tensor b = KERNELS.localResponseNorm(a, new LrnSpec(3, 3.0, 1.0, 0.0));
        float[] expected = {
                1f / (1 + 9), 2f / (4 + 16),            // channel 0: neighbours 0..1
                3f / (1 + 9 + 25), 4f / (4 + 16 + 36),  // channel 1: neighbours 0..2
                5f / (9 + 25), 6f / (16 + 36)};         // channel 2: neighbours 1..2
        assertClose(Tensor.of(Shape.of(1, 3, 1, 2), expected), b, 1e-6, "LRN (0, 2, 1, 1)");
    }

    @Test
    void convolutionSumsOverAllInputChannels() {
        // seed 004: a filter spans the full depth of its input; one output value adds all three channels
        Tensor x = Tensor.of(Shape.of(1, 3, 1, 1), new float[] {1, 2, 3});
        Tensor w = Tensor.of(Shape.of(2, 3, 1, 1), new float[] {1, 1, 1, 0.5f, -1, 2});
        Tensor out = KERNELS.conv2d(x, w, Tensor.of(Shape.of(2), new float[] {10, 0}), Conv2dSpec.of(3, 2, 1, 1, 0));
        assertClose(Tensor.of(Shape.of(1, 2, 1, 1), new float[] {16, 4.5f}), out, 0, "1x1 conv over channels");
    }
}
