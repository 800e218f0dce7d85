package io.cnnstream.engine.cli;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.SeededInit;

import java.nio.file.Path;

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
    void lenet5TakesTensorsNotImages() {
        SummaryCommandTest.assertError(CliRun.of("classify", "--model", "lenet5", ClassifyCommandTest.SAMPLES.resolve("coffee.png").toString()),
                "cnn: classify: model lenet5 takes raw 1x32x32 tensors, not images");
    }
}
