package io.cnnstream.engine.cli;

import static io.cnnstream.engine.cli.SummaryCommandTest.assertError;
import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.SeededInit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code cnn infer} end to end against PyTorch: the seeded weights and inputs that
 * {@code tools/golden/make_golden.py} fed torchvision are regenerated here bit for bit, written as a
 * real safetensors file and a raw float32 file, and the logits {@code infer} writes must equal
 * PyTorch's ({@code golden/alexnets.safetensors}) within 1e-4 (relative above 1).
 */
class InferCommandTest {
    static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"alexnet", "alexnet-2012", "alexnet-seed"})
    void logitsMatchPyTorch(String name) throws Exception {
        Model model = ModelRegistry.create(name);
        Path weights = SeededWeightsFile.write(dir, name);
        Shape batch = model.inputShape().withBatch(2);
        Path input = dir.resolve("input.f32");
        InferCommand.writeFloats("test", input, SeededInit.values("input", batch.intSize(), 1f, 0));
        Path output = dir.resolve("logits.f32");

        CliRun run = CliRun.of("infer", "--model", name, "--weights", weights.toString(), "--input", input.toString(),
                "--batch", "2", "--output", output.toString(), "--threads", "2");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("wrote 2x1000 logits of " + name), run.out());

        Tensor actual = Tensor.of(Shape.of(2, 1000), InferCommand.readFloats(output, Shape.of(2, 1000)));
        Tensor expected;
        try (SafetensorsFile golden = SafetensorsFile.open(
                Path.of(getClass().getResource("/golden/alexnets.safetensors").toURI()))) {
            expected = Tensor.of(Shape.of(2, 1000), golden.readFloats(name + ".logits"));
        }
        double maxDiff = assertClose(expected, actual, TOLERANCE, name + " logits vs PyTorch");
        System.out.printf("%s: infer vs PyTorch maxdiff %.3g over logits up to %.3g%n", name, maxDiff, maxAbs(expected));
    }

    @Test
    void refusesInputOfTheWrongSize() throws IOException {
        Path weights = SeededWeightsFile.write(dir, "alexnet");
        Path input = dir.resolve("short.f32");
        Files.write(input, new byte[3 * 224 * 224 * 4]);
        assertError(CliRun.of("infer", "--model", "alexnet", "--weights", weights.toString(), "--input", input.toString(),
                        "--batch", "2", "--output", dir.resolve("o.f32").toString()),
                "cnn: infer: input " + input + " has 602112 bytes; batch 2x3x224x224 of float32 needs 1204224");
    }

    @Test
    void refusesWeightsOfAnotherModel() throws IOException {
        Path weights = SeededWeightsFile.write(dir, "alexnet-seed");
        Path input = dir.resolve("in.f32");
        Files.write(input, new byte[3 * 224 * 224 * 4]);
        CliRun run = CliRun.of("infer", "--model", "alexnet", "--weights", weights.toString(), "--input", input.toString(),
                "--batch", "1", "--output", dir.resolve("o.f32").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("cnn: weights file " + weights + " does not fit model alexnet (8 problems)"), run.err());
        assertTrue(run.err().contains("tensor features.0.weight has shape [96, 3, 11, 11], model needs [64, 3, 11, 11]"), run.err());
    }

    @Test
    void namesMissingAndUnreadableArguments() throws IOException {
        Path input = dir.resolve("in.f32");
        Files.write(input, new byte[4]);
        assertError(CliRun.of("infer", "--weights", input.toString(), "--input", input.toString(), "--output", "o",
                "--batch", "1"), "cnn: infer: Missing required option: '--model=MODEL' (see 'cnn infer --help')");
        assertError(CliRun.of("infer", "--model", "alexnet", "--weights", dir.resolve("none").toString()),
                "cnn: infer: Invalid value for option '--weights': no such file " + dir.resolve("none")
                        + " (see 'cnn infer --help')");
        assertError(CliRun.of("infer", "--model", "alexnet", "--weights", dir.toString()),
                "cnn: infer: Invalid value for option '--weights': " + dir + " is a directory, not a file"
                        + " (see 'cnn infer --help')");
        assertError(CliRun.of("infer", "--model", "alexnet", "--weights", input.toString(), "--input", input.toString(),
                "--output", "o", "--batch", "two"),
                "cnn: infer: Invalid value for option '--batch': 'two' is not a positive integer (see 'cnn infer --help')");
        assertError(CliRun.of("infer", "--model", "alexnet", "--weights", input.toString(), "--input", input.toString(),
                "--output", "o", "--batch", "1"), "cnn: weights file " + input
                + " is 4 bytes long, too short for the 8-byte header length");
        assertError(CliRun.of("infer", "--model"),
                "cnn: infer: Missing required parameter for option '--model' (MODEL) (see 'cnn infer --help')");
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
