package io.cnnstream.engine.cli;

import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsWriter;
import io.cnnstream.engine.weights.SeededInit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a model's seeded weights (those the PyTorch golden files were made with) as a real safetensors file. */
final class SeededWeightsFile {
    private SeededWeightsFile() {
    }

    static Path write(Path dir, String modelName) {
        Model model = ModelRegistry.create(modelName);
        SeededInit.apply(model, 0);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.parameters().forEach((n, p) -> tensors.put(n, p.value()));
        Path file = dir.resolve(modelName + ".safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
        return file;
    }
}
