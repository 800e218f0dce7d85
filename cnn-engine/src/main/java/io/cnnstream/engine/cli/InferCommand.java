package io.cnnstream.engine.cli;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.weights.BoundModel;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code cnn infer}: raw float32 NCHW in, raw float32 logits out, for comparison with any implementation. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Raw little-endian float32 NxCxHxW in, raw little-endian float32 N x classes logits out.")
final class InferCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or an ONNX file")
    private String model;

    @Option(names = "--weights", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "the registry model's weights: a PyTorch checkpoint or safetensors (an ONNX model has its own)")
    private Path weights;

    @Option(names = "--input", required = true, paramLabel = "IN.f32", converter = Converters.ReadableFile.class,
            description = "the batch, float32 NxCxHxW, little-endian")
    private Path input;

    @Option(names = "--batch", required = true, paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "images in the input")
    private int batch;

    @Option(names = "--output", required = true, paramLabel = "OUT.f32", description = "where the logits go")
    private Path output;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "worker threads (default: the machine's cores)")
    private Integer threads;

    @Override
    public void run() {
        if (weights == null && !BoundModel.isModelFile(model)) {
            throw new UsageException("infer: registry model " + model + " needs --weights (untrained logits mean nothing)");
        }
        try (Engine engine = Engine.start(threads == null ? WorkerPool.defaultThreads() : threads)) {
            long loading = System.nanoTime();
            Classifier classifier = engine.open(model, weights);
            double loadSeconds = (System.nanoTime() - loading) / 1e9;
            Shape shape = classifier.inputShape().withBatch(batch);
            Tensor logits = classifier.logits(Tensor.of(shape, readFloats(input, shape)));
            writeFloats("infer", output, logits.data());
            spec.commandLine().getOut().println("wrote " + logits.shape() + " logits of " + model + " to " + output
                    + " (weights " + classifier.weightsDescription() + String.format(java.util.Locale.ROOT,
                    ", loaded in %.2f s)", loadSeconds));
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
            throw new UsageException("infer: cannot read input " + file + ": " + FileErrors.describe(e));
        }
    }

    /** Writes {@code values} as little-endian float32; {@code command} names the command in the error. */
    static void writeFloats(String command, Path file, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        try {
            Files.write(file, bytes.array());
        } catch (IOException e) {
            throw new UsageException(command + ": cannot write output " + file + ": " + FileErrors.describe(e));
        }
    }
}
