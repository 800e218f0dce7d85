package io.cnnstream.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.tensor.Tensor;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Every layer's backward pass (the oracle) against central differences of its own forward pass:
 * with {@code L = sum(y * dy)}, {@code dL/dv ~ (L(v + h) - L(v - h)) / 2h} for 12 seeded coordinates
 * of the input and of each parameter. The forward passes are float32 (the engine's only precision),
 * L is summed in double, h is 1e-2 (1e-3 where a max or a kink could be crossed), so the agreement
 * asked is 2e-2 relative: a wrong index or a missing term misses it by far more.
 */
class FiniteDifferenceTest {
    @Test
    void everyBackwardPassAgreesWithCentralDifferences() {
        for (GradientCases.Case c : GradientCases.layers()) {
            Tensor input = copy(c.get("input")), dy = c.get("dy");
            Tape tape = new Tape(0, 0, true);
            TrainStep step = TrainSteps.of(c.layer(), 0, TestKernels.SCALAR, new ScalarGradKernels());
            step.forward(input, tape);
            Tensor dx = tape.backward(dy);
            double h = c.op().contains("max") || c.op().contains("relu") || c.op().equals("elu") ? 1e-3 : 1e-2;
            check(c, "input", input.data(), dx.data(), step, input, dy, h);
            for (Parameter p : c.layer().parameters()) {
                if (!p.isBuffer()) {
                    float[] values = p.value().data().clone();
                    p.bind(Tensor.of(p.shape(), values));
                    check(c, p.name(), values, tape.gradient(p), step, input, dy, h);
                }
            }
        }
    }

    private static void check(GradientCases.Case c, String what, float[] values, float[] analytic, TrainStep step,
                              Tensor input, Tensor dy, double h) {
        SplittableRandom random = new SplittableRandom(values.length);
        for (int k = 0; k < 12; k++) {
            int i = random.nextInt(values.length);
            float original = values[i];
            values[i] = (float) (original + h);
            double plus = objective(step, input, dy);
            values[i] = (float) (original - h);
            double minus = objective(step, input, dy);
            values[i] = original;
            double numeric = (plus - minus) / (2 * h);
            assertTrue(Math.abs(numeric - analytic[i]) <= 2e-2 * Math.max(1, Math.abs(numeric)),
                    c + " d" + what + "[" + i + "]: backward " + analytic[i] + ", central difference " + numeric);
        }
    }

    private static double objective(TrainStep step, Tensor input, Tensor dy) {
        float[] y = step.forward(input, new Tape(0, 0, true)).data(), g = dy.data();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * g[i];
        }
        return sum;
    }

    private static Tensor copy(Tensor t) {
        return Tensor.of(t.shape(), t.data().clone());
    }
}
