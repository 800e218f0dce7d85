package io.cnnstream.engine.train;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsWriter;
import io.cnnstream.engine.weights.Sha256;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trained model's state dict (parameters and batch norm buffers, torchvision's names) as safetensors. */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** Writes {@code model}'s weights to {@code file} and returns the file's SHA-256. */
    public static String save(Model model, Path file, Map<String, String> metadata) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            tensors.put(e.getKey(), e.getValue().value());
        }
        SafetensorsWriter.write(file, tensors, metadata);
        return Sha256.of(file);
    }
}
