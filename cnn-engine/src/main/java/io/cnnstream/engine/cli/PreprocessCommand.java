package io.cnnstream.engine.cli;

import io.cnnstream.engine.image.ImageDecoder;
import io.cnnstream.engine.image.ImageLimits;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.image.ImageRejectedException;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.weights.BoundModel;
import io.cnnstream.engine.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code cnn preprocess IMAGE --model MODEL --output OUT.f32}: the exact tensor {@code classify} feeds the model. */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = "The model's input for IMAGE (raw little-endian float32 CxHxW), exactly what classify feeds it.")
final class PreprocessCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "JPEG, PNG, BMP, GIF, WebP or TIFF")
    private Path image;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or an ONNX file")
    private String modelName;

    @Option(names = "--output", required = true, paramLabel = "OUT.f32", description = "where the tensor goes")
    private Path output;

    @Option(names = "--apply-exif", description = "turn the image upright by its EXIF orientation first")
    private boolean applyExif;

    @Override
    public void run() {
        Model model = BoundModel.network(modelName);
        if (!model.acceptsImages()) {
            throw new UsageException("preprocess: model " + model.name() + " takes raw " + model.inputShape() + " tensors, not images");
        }
        byte[] encoded;
        try {
            encoded = Files.readAllBytes(image);
        } catch (IOException e) {
            throw new UsageException("preprocess: cannot read image " + image + ": " + FileErrors.describe(e));
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.transform(), new ImageDecoder(ImageLimits.defaults()),
                applyExif);
        Tensor tensor;
        try {
            tensor = preprocessor.tensor(encoded);
        } catch (ImageRejectedException e) {
            throw new UsageException("preprocess: image " + image + " " + e.getMessage());
        }
        InferCommand.writeFloats("preprocess", output, tensor.data());
        spec.commandLine().getOut().println("wrote " + tensor.shape().withoutBatch() + " float32 input of " + model.name() + " (" + model.transform()
                + ") to " + output);
    }
}
