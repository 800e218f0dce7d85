package io.cnnstream.engine.cli;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code cnn infer}: raw float32 NCHW in, raw float32 logits out, for comparison with any implementation. */
final class InferCommand {
    private InferCommand() {
    }

    static void run(List<String> argv, PrintStream out) {
        Args args = Args.parse("infer", argv,
                Set.of("--model", "--weights", "--input", "--batch", "--output", "--threads"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new UsageException("infer: unexpected argument '" + args.positional().get(0) + "'");
        }
        String model = args.required("--model");
        Path weights = args.readableFile("--weights");
        Path input = args.readableFile("--input");
        Path output = Path.of(args.required("--output"));
        int batch = args.positiveInt("--batch", 0);
        if (batch == 0) {
            throw new UsageException("infer: missing required option --batch");
        }
        try (Engine engine = Engine.start(args.positiveInt("--threads", WorkerPool.defaultThreads()))) {
            Classifier classifier = engine.open(model, weights);
            Shape shape = classifier.inputShape().withBatch(batch);
            Tensor logits = classifier.logits(Tensor.of(shape, readFloats(input, shape)));
            writeFloats(output, logits.data());
            out.println("wrote " + logits.shape() + " logits of " + model + " to " + output
                    + " (weights " + classifier.weightsDescription() + ")");
        }
    }

    static float[] readFloats(Path file, Shape shape) {
        try {
            long size = Files.size(file);
            if (size != shape.size() * 4) {
                throw new UsageException("infer: input " + file + " has " + size + " bytes; batch " + shape
                        + " of float32 needs " + shape.size() * 4);
            }
            float[] values = new float[shape.intSize()];
            ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("infer: cannot read input " + file + ": " + e, e);
        }
    }

    static void writeFloats(Path file, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        try {
            Files.write(file, bytes.array());
        } catch (IOException e) {
            throw new UncheckedIOException("infer: cannot write output " + file + ": " + e, e);
        }
    }
}
