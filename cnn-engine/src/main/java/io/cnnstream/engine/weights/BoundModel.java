package io.cnnstream.engine.weights;

import io.cnnstream.engine.graph.BatchNormFolding;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.onnx.OnnxImporter;

import java.nio.file.Path;

/** A registry model with its weights bound and its batch norms folded: the inference graph, and where its weights came from. */
public record BoundModel(Model model, WeightsSource source) {
    /** Seed of the He initialisation used when no weights file is given. */
    public static final int UNTRAINED_SEED = 0;

    /**
     * Creates {@code name} and binds its weights from {@code weights} (safetensors, a PyTorch
     * checkpoint, or an ONNX export of the same model, told apart by content, validated whole first), or,
     * when {@code weights} is null, from the weights shipped in the jar ({@link ShippedWeights}: LeNet-5's)
     * or, for models that ship none, from the seeded He initialisation: an untrained model.
     */
    public static BoundModel load(String name, Path weights) {
        if (isModelFile(name)) {
            Path file = Path.of(name);
            if (weights != null) {
                throw new IllegalArgumentException("model " + name + " is an ONNX graph with its own weights; "
                        + "a weights file is for registry models");
            }
            return new BoundModel(OnnxImporter.load(file), WeightsSource.file(file, Sha256.of(file)));
        }
        Model model = ModelRegistry.create(name);
        WeightsSource source;
        ShippedWeights.Shipped shipped = weights == null ? ShippedWeights.of(name) : null;
        if (shipped != null) {
            WeightsFiles.bind(model, ShippedWeights.file(name));
            source = WeightsSource.file(Path.of("shipped:" + shipped.resource()), shipped.sha256());
        } else if (weights == null) {
            SeededInit.apply(model, UNTRAINED_SEED);
            source = WeightsSource.untrained(UNTRAINED_SEED);
        } else {
            WeightsFiles.bind(model, weights);
            source = WeightsSource.file(weights, Sha256.of(weights));
        }
        BatchNormFolding.fold(model.network()); // inference graph: batch norms folded into their convolutions
        return new BoundModel(model, source);
    }

    /** A registry model by name, or the graph of an ONNX file, weights bound; for summaries and checks. */
    public static Model network(String name) {
        return isModelFile(name) ? OnnxImporter.load(Path.of(name)) : ModelRegistry.create(name);
    }

    /** A model named by a file ({@code resnet50.onnx}, {@code models/net}) rather than a registry name. */
    public static boolean isModelFile(String name) {
        return name.endsWith(".onnx") || name.contains("/") || name.contains(java.io.File.separator);
    }
}
