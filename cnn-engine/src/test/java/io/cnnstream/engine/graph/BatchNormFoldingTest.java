package io.cnnstream.engine.graph;

import static io.cnnstream.engine.tensor.TensorAssert.assertCloseToScale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.TensorAssert;
import io.cnnstream.engine.weights.SeededInit;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Folding batch norm into the preceding convolution changes nothing but rounding. */
class BatchNormFoldingTest {
    private static final Kernels KERNELS = TestKernels.SCALAR;


    @Test
    void foldedConvolutionEqualsConvolutionThenBatchNorm() {
        Sequential net = Sequential.named()
                .add("conv", new Conv2d(3, 8, 3, 2, 1))
                .add("bn", new BatchNorm2d(8, 1e-3))
                .add("relu", new ReLU())
                .add("flatten", new Flatten())
                .build();
        Model model = new Model("tiny", "conv-bn-relu", Shape.of(3, 9, 9), null, net);
        SeededInit.apply(model, 11);
        Tensor x = TensorAssert.random(new SplittableRandom(5), 2, 3, 9, 9);
        Tensor unfolded = model.forward(x, KERNELS);
        assertEquals(1, BatchNormFolding.fold(net));
        assertTrue(((BatchNorm2d) net.children().get("bn")).isFolded());
        assertCloseToScale(unfolded, model.forward(x, KERNELS), 1e-6, "folded conv-bn-relu");
        assertEquals(0, BatchNormFolding.fold(net), "folding twice folds nothing more");
    }

    @Test
    void foldingEveryBatchNormOfGoogLeNetKeepsItsLogits() {
        Model model = ModelRegistry.create("googlenet");
        SeededInit.apply(model, 3);
        Shape shape = model.inputShape().withBatch(1);
        Tensor x = Tensor.of(shape, SeededInit.values("input", shape.intSize(), 1f, 0));
        Tensor unfolded = model.forward(x, KERNELS);
        assertEquals(57, BatchNormFolding.fold(model.network()));
        assertCloseToScale(unfolded, model.forward(x, KERNELS), 1e-5, "googlenet folded");
    }
}
