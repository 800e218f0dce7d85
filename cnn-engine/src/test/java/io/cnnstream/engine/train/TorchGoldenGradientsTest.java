package io.cnnstream.engine.train;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.tensor.Tensor;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backward pass against PyTorch autograd on the same input, weights and upstream gradient
 * ({@code golden/train/grads.safetensors}), within 1e-4 (relative above 1): the oracle, and the fast
 * gradient kernels on both forward kernels.
 */
class TorchGoldenGradientsTest {
    static final double TOLERANCE = 1e-4;

    static Stream<Arguments> kernels() {
        return Stream.of(
                Arguments.of(TestKernels.SCALAR, new ScalarGradKernels()),
                Arguments.of(TestKernels.VECTOR, new FastGradKernels(TestKernels.VECTOR)),
                Arguments.of(TestKernels.SCALAR, new FastGradKernels(TestKernels.SCALAR)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("kernels")
    void everyLayersGradientsMatchPyTorchAutograd(Kernels kernels, GradKernels grads) {
        List<GradientCases.Case> cases = GradientCases.layers();
        for (GradientCases.Case c : cases) {
            Tape tape = new Tape(0, 0, true);
            TrainSteps.of(c.layer(), 0, kernels, grads).forward(c.get("input"), tape);
            Tensor dx = tape.backward(c.get("dy"));
            assertClose(c.get("dx"), dx, TOLERANCE, grads.name() + " dx of " + c);
            for (Parameter p : c.layer().parameters()) {
                if (!p.isBuffer()) {
                    assertClose(c.get("d" + p.name()), Tensor.of(p.shape(), tape.gradient(p)), TOLERANCE,
                            grads.name() + " d" + p.name() + " of " + c);
                }
            }
            if (c.layer() instanceof BatchNorm2d norm) {
                Trainer.updateRunningStatistics(new Tape[] {tape});
                assertClose(c.get("running_mean_after"), norm.runningMean().value(), TOLERANCE, "running mean of " + c);
                assertClose(c.get("running_var_after"), norm.runningVar().value(), TOLERANCE, "running var of " + c);
                norm.runningMean().bind(copy(c.get("running_mean")));
                norm.runningVar().bind(copy(c.get("running_var")));
            }
        }
        assertEquals(18, cases.size(), "layer cases in the golden file");
    }

    @Test
    void crossEntropyWithAndWithoutLabelSmoothingMatchesPyTorch() {
        for (int i = 0; i < 2; i++) {
            GradientCases.Case c = GradientCases.loss("crossentropy", i);
            Tensor z = c.get("input");
            int[] labels = new int[z.batch()];
            for (int r = 0; r < labels.length; r++) {
                labels[r] = (int) c.get("labels").data()[r];
            }
            float[] grad = new float[z.data().length];
            double loss = Loss.crossEntropy(((Number) c.meta().get("smoothing")).doubleValue())
                    .shareAndGradient(z, Targets.labels(labels), 0, z.batch(), grad);
            assertEquals(c.get("loss").data()[0], loss, 1e-5, "loss of " + c);
            assertClose(c.get("dx"), Tensor.of(z.shape(), grad), TOLERANCE, "gradient of " + c);
        }
    }

    @Test
    void meanSquaredErrorMatchesPyTorch() {
        GradientCases.Case c = GradientCases.loss("mse", 0);
        Tensor z = c.get("input");
        float[] grad = new float[z.data().length];
        double loss = Loss.meanSquaredError().shareAndGradient(z, Targets.values(c.get("target").data()), 0, z.batch(), grad);
        assertEquals(c.get("loss").data()[0], loss, 1e-6);
        assertClose(c.get("dx"), Tensor.of(z.shape(), grad), TOLERANCE, "gradient of " + c);
    }

    @Test
    void aShardsLossAndGradientAreItsPartOfTheBatchMean() {
        GradientCases.Case c = GradientCases.loss("crossentropy", 1);
        Tensor z = c.get("input");
        int n = z.batch(), classes = z.shape().dim(1);
        int[] labels = {3, 0, 9, 3};
        Loss loss = Loss.crossEntropy(0.1);
        float[] whole = new float[n * classes], first = new float[2 * classes], second = new float[2 * classes];
        double all = loss.shareAndGradient(z, Targets.labels(labels), 0, n, whole);
        double a = loss.shareAndGradient(Tensor.of(io.cnnstream.engine.tensor.Shape.of(2, classes),
                java.util.Arrays.copyOfRange(z.data(), 0, 2 * classes)), Targets.labels(labels), 0, n, first);
        double b = loss.shareAndGradient(Tensor.of(io.cnnstream.engine.tensor.Shape.of(2, classes),
                java.util.Arrays.copyOfRange(z.data(), 2 * classes, 4 * classes)), Targets.labels(labels), 2, n, second);
        assertEquals(all, a + b, 1e-12);
        assertEquals(whole[2 * classes + 3], second[3]);
    }

    private static Tensor copy(Tensor t) {
        return Tensor.of(t.shape(), t.data().clone());
    }
}
