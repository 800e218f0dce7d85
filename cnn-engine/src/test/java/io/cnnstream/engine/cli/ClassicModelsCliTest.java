package io.cnnstream.engine.cli;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.SeededInit;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code infer} and {@code classify} with the seeds' other architectures. */
class ClassicModelsCliTest {
    @TempDir
    Path dir;

    @Test
    void inferRunsLenet5FromAWeightsFileLikePyTorch() throws Exception {
        Path weights = SeededWeightsFile.write(dir, "lenet5");
        Shape batch = Shape.of(2, 1, 32, 32);
        Path input = dir.resolve("digits.f32");
        InferCommand.writeFloats("test", input, SeededInit.values("input", batch.intSize(), 1f, 0));
        Path output = dir.resolve("logits.f32");
        CliRun run = CliRun.of("infer", "--model", "lenet5", "--weights", weights.toString(), "--input", input.toString(),
                "--batch", "2", "--output", output.toString());
        assertEquals(0, run.status(), run.err());
        try (SafetensorsFile golden = SafetensorsFile.open(Path.of(getClass().getResource("/golden/classics.safetensors").toURI()))) {
            assertClose(Tensor.of(Shape.of(2, 10), golden.readFloats("lenet5.logits")),
                    Tensor.of(Shape.of(2, 10), InferCommand.readFloats(output, Shape.of(2, 10))), 1e-5, "lenet5 via infer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"googlenet", "resnet50", "vgg16"})
    void classifyWorksForTheImagenetModels(String model) {
        CliRun run = CliRun.of("classify", "--model", model, "--top", "3", ClassifyCommandTest.SAMPLES.resolve("coffee.png").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("model " + model + ", weights UNTRAINED"), run.out());
        assertEquals(5, run.out().strip().lines().count(), run.out());
    }

    @Test
    void lenet5ReadsTestDigitsWithItsShippedWeights(@TempDir Path dir) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("classify", "--model", "lenet5", "--top", "1"));
        int[] digits = {8000, 8001, 8002, 8003, 8004, 8005};
        for (int i : digits) {
            Path file = dir.resolve("digit-" + i + ".png");
            java.nio.file.Files.write(file, io.cnnstream.engine.train.Mnist.png(i));
            args.add(file.toString());
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        for (int i : digits) {
            assertTrue(run.out().contains("digit-" + i + ".png") , run.out());
        }
        String[] lines = run.out().split("\n");
        int right = 0;
        for (int l = 0; l + 1 < lines.length; l++) {
            for (int i : digits) {
                if (lines[l].endsWith("digit-" + i + ".png")
                        && lines[l + 1].trim().split("\\s+")[1].equals(Integer.toString(io.cnnstream.engine.train.Mnist.label(i)))) {
                    right++;
                }
            }
        }
        assertTrue(right >= 5, "digits read right: " + right + "\n" + run.out());
        assertTrue(run.out().contains("shipped:lenet5-mnist.safetensors"), run.out());
    }
}
