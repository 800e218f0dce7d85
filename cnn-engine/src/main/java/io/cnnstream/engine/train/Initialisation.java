package io.cnnstream.engine.train;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SeededInit;

import java.util.Map;

/**
 * The starting point of training: PyTorch's default initialisation of {@code Conv2d} and
 * {@code Linear} (weight and bias uniform in {@code +-1/sqrt(fan_in)}, what
 * {@code kaiming_uniform_(a=sqrt(5))} amounts to), batch norm at weight 1, bias 0, running mean 0,
 * running variance 1. The uniform values come from {@link SeededInit#values}, reproducible in numpy.
 */
public final class Initialisation {
    private Initialisation() {
    }

    public static void pytorchDefault(Model model, int seed) {
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            Parameter p = e.getValue();
            int count = p.shape().intSize();
            float[] v = switch (p.kind()) {
                case WEIGHT, BIAS -> SeededInit.values(e.getKey(), count, (float) (1 / Math.sqrt(p.fanIn())), seed);
                case NORM_WEIGHT, RUNNING_VAR -> filled(count, 1f);
                case NORM_BIAS, RUNNING_MEAN -> new float[count];
            };
            p.bind(Tensor.of(p.shape(), v));
        }
    }

    private static float[] filled(int count, float value) {
        float[] v = new float[count];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
