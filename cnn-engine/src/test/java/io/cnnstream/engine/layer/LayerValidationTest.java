package io.cnnstream.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.tensor.Shape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad hyperparameters and bad input shapes fail at construction or shape inference, naming the value. */
class LayerValidationTest {

    @Test
    void rejectsBadConvolutionHyperparameters() {
        assertMessage("groups=2 must divide inChannels=3 and outChannels=4",
                () -> Conv2dSpec.of(3, 4, 3, 1, 1).withGroups(2));
        assertMessage("strideH must be >= 1, got 0", () -> new Conv2dSpec(3, 4, 3, 3, 0, 1, 0, 0, 1, true));
        assertMessage("padding must be >= 0, got -1x0", () -> new Conv2dSpec(3, 4, 3, 3, 1, 1, -1, 0, 1, true));
        assertMessage("convolution expects 3xHxW input, got 1x32x32",
                () -> new Conv2d(3, 8, 3, 1, 1).outputShape(Shape.of(1, 32, 32)));
        assertMessage("input height 4 (padded by 0) is smaller than the kernel 5",
                () -> new Conv2d(3, 8, 5, 1, 0).outputShape(Shape.of(3, 4, 9)));
    }

    @Test
    void rejectsBadPoolingHyperparameters() {
        assertMessage("pool padding must be between 0 and half the kernel, got padding 2x2 for kernel 3x3",
                () -> Pool2dSpec.of(3, 2, 2, false));
        assertMessage("pool kernel and stride must be >= 1, got kernel 0x0 stride 1x1", () -> Pool2dSpec.of(0, 1));
    }

    @Test
    void rejectsBadLrnAndLinearAndDropout() {
        assertMessage("LRN size must be >= 1, got 0", () -> new LrnSpec(0, 1e-4, 0.75, 2));
        assertMessage("LRN alpha must be a finite value >= 0, got -1.0", () -> new LrnSpec(5, -1, 0.75, 2));
        assertMessage("Linear features must be >= 1, got in=0 out=3", () -> new Linear(0, 3));
        assertMessage("Linear expects 9216 input features, got 9215", () -> new Linear(9216, 10).outputShape(Shape.of(9215)));
        assertMessage("dropout probability must be in [0, 1), got 1.0", () -> new Dropout(1.0));
    }

    @Test
    void ceilModeKeepsTheLastWindowThatStartsInsideTheInput() {
        // GoogLeNet's MaxPool2d(3, 2, ceil_mode=True): 112 -> 56, 56 -> 28 (floor would give 55 and 27)
        assertEquals(Shape.of(64, 56, 56), Pool2dSpec.of(3, 2, 0, true).outputShape(Shape.of(64, 112, 112)));
        assertEquals(Shape.of(64, 28, 28), Pool2dSpec.of(3, 2, 0, true).outputShape(Shape.of(64, 56, 56)));
        assertEquals(Shape.of(64, 55, 55), Pool2dSpec.of(3, 2, 0, false).outputShape(Shape.of(64, 112, 112)));
        // a window that would start in the right padding is dropped: 5 with k2 s2 p1 ceil -> 3, not 4
        assertEquals(3, Pool2dSpec.outputSize("h", 5, 2, 2, 1, true));
    }

    private static void assertMessage(String expected, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(expected, e.getMessage());
    }
}
