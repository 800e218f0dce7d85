package io.cnnstream.engine.cli;

import io.cnnstream.engine.image.ImageDecoder;
import io.cnnstream.engine.image.ImageLimits;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.image.ImageRejectedException;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code cnn preprocess IMAGE --model MODEL --output OUT.f32}: the exact tensor {@code classify} feeds the model. */
final class PreprocessCommand {
    private PreprocessCommand() {
    }

    static void run(List<String> argv, PrintStream out) {
        Args args = Args.parse("preprocess", argv, Set.of("--model", "--output"), Set.of("--apply-exif"));
        if (args.positional().size() != 1) {
            throw new UsageException("preprocess: expected one IMAGE, got " + args.positional().size());
        }
        Path image = Path.of(args.positional().get(0));
        Model model = ModelRegistry.create(args.required("--model"));
        if (!model.acceptsImages()) {
            throw new UsageException("preprocess: model " + model.name() + " takes raw " + model.inputShape() + " tensors, not images");
        }
        Path output = Path.of(args.required("--output"));
        byte[] encoded;
        try {
            encoded = Files.readAllBytes(image);
        } catch (IOException e) {
            throw new UsageException("preprocess: cannot read image " + image + ": " + e);
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.transform(), new ImageDecoder(ImageLimits.defaults()),
                args.flag("--apply-exif"));
        Tensor tensor;
        try {
            tensor = preprocessor.tensor(encoded);
        } catch (ImageRejectedException e) {
            throw new UsageException("preprocess: image " + image + " " + e.getMessage());
        }
        try {
            InferCommand.writeFloats(output, tensor.data());
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
        out.println("wrote " + tensor.shape().withoutBatch() + " float32 input of " + model.name() + " (" + model.transform()
                + ") to " + output);
    }
}
