package io.cnnstream.engine.cli;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsWriter;
import io.cnnstream.engine.weights.Sha256;
import io.cnnstream.engine.weights.WeightsFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code cnn convert IN OUT.safetensors --model NAME}: any weights file the engine reads, checked
 * against the model, written as the safetensors file it loads fastest (memory-mapped, no parsing).
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Weights in any format the engine reads (safetensors, PyTorch checkpoint, ONNX export), checked against "
                + "MODEL, written as safetensors with torchvision's names.")
final class ConvertCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", converter = Converters.ReadableFile.class,
            description = "the weights: safetensors, a torch.save checkpoint or an ONNX export (told apart by content)")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT.safetensors", description = "where the safetensors file goes")
    private Path output;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}")
    private String modelName;

    @Override
    public void run() {
        Model model = ModelRegistry.create(modelName);
        String format = WeightsFiles.bind(model, input);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : model.parameters().entrySet()) {
            tensors.put(p.getKey(), p.getValue().value());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt"); // what safetensors' PyTorch loader expects
        metadata.put("model", model.name());
        metadata.put("converted_from", input.getFileName().toString());
        metadata.put("converted_from_sha256", Sha256.of(input));
        SafetensorsWriter.write(output, tensors, metadata);
        spec.commandLine().getOut().println("wrote " + tensors.size() + " tensors of " + model.name() + " from " + format
                + " " + input + " to " + output + " (sha256 " + Sha256.of(output) + ")");
    }
}
