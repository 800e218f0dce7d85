package io.cnnstream.engine.weights;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Binds a tensor file (safetensors, PyTorch checkpoint, ...) to a model by PyTorch {@code state_dict} names. The file is checked
 * against the model before any value is read: all problems are reported together. Bookkeeping
 * tensors ({@code num_batches_tracked}) are accepted and ignored.
 */
public final class WeightsBinder {
    private WeightsBinder() {
    }

    public static void bind(Model model, TensorFile file) {
        List<String> problems = check(model, file);
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(file.path().toString(), model.name(), problems);
        }
        for (Map.Entry<String, Parameter> p : model.parameters().entrySet()) {
            Parameter parameter = p.getValue();
            parameter.bind(Tensor.of(parameter.shape(), file.readFloats(p.getKey())));
        }
    }

    /** Every mismatch between file and model, one line each; empty when the file fits. */
    public static List<String> check(Model model, TensorFile file) {
        List<String> problems = new ArrayList<>();
        Map<String, TensorInfo> entries = file.tensors();
        for (Map.Entry<String, Parameter> p : model.parameters().entrySet()) {
            TensorInfo e = entries.get(p.getKey());
            int[] expected = p.getValue().shape().toArray();
            if (e == null) {
                problems.add("missing tensor " + p.getKey() + " " + Arrays.toString(expected));
            } else if (!Arrays.equals(e.shape(), expected)) {
                problems.add("tensor " + p.getKey() + " has shape " + Arrays.toString(e.shape())
                        + ", model needs " + Arrays.toString(expected));
            } else if (!e.dtype().isFloat()) {
                problems.add("tensor " + p.getKey() + " has dtype " + e.dtype() + ", model needs F32, F16 or BF16");
            }
        }
        for (String name : entries.keySet()) {
            if (!model.parameters().containsKey(name) && !isBookkeeping(name) && !model.ignoresTensor(name)) {
                problems.add("unexpected tensor " + name + " " + Arrays.toString(entries.get(name).shape()));
            }
        }
        return problems;
    }

    private static boolean isBookkeeping(String name) {
        return name.equals("num_batches_tracked") || name.endsWith(".num_batches_tracked");
    }
}
