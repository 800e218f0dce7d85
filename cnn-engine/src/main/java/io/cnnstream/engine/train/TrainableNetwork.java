package io.cnnstream.engine.train;

import io.cnnstream.engine.graph.Sequential;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain model (nested {@code Sequential}s of trainable layers: LeNet-5, the AlexNets, VGG-16)
 * in training mode. Graph models (Inception's branches, ResNet's residuals) are refused by name.
 */
public final class TrainableNetwork {
    private final Model model;
    private final List<TrainStep> steps;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    private TrainableNetwork(Model model, List<TrainStep> steps) {
        this.model = model;
        this.steps = steps;
        model.parameters().forEach((name, p) -> {
            if (!p.isBuffer()) {
                parameters.put(name, p);
            }
        });
    }

    /** {@code model} with its weights bound, ready to train on {@code kernels} (forward) and {@code grads} (backward). */
    public static TrainableNetwork of(Model model, Kernels kernels, GradKernels grads) {
        List<TrainStep> steps = new ArrayList<>();
        flatten("", model.network(), model, kernels, grads, steps);
        return new TrainableNetwork(model, steps);
    }

    private static void flatten(String name, Layer layer, Model model, Kernels kernels, GradKernels grads, List<TrainStep> out) {
        if (layer instanceof Sequential) {
            layer.children().forEach((child, sub) -> flatten(name.isEmpty() ? child : name + "." + child, sub, model, kernels, grads, out));
            return;
        }
        TrainStep step = TrainSteps.of(layer, out.size(), kernels, grads);
        if (step == null) {
            throw new IllegalArgumentException("cannot train " + model.name() + ": layer " + name + " (" + layer.type()
                    + ") has no backward pass; training covers chains of " + TrainSteps.TRAINABLE);
        }
        out.add(step);
    }

    public Model model() {
        return model;
    }

    /** The learned parameters by state-dict name (batch norm's running statistics excluded). */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** The training-mode forward pass, recording its backward pass on {@code tape}. */
    public Tensor forward(Tensor input, Tape tape) {
        input.requireBatchOf(model.inputShape(), model.name() + " input");
        Tensor x = input;
        for (TrainStep step : steps) {
            x = step.forward(x, tape);
        }
        return x;
    }
}
