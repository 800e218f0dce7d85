package io.cnnstream.engine.cli;

import static io.cnnstream.engine.cli.SummaryCommandTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.weights.SafetensorsFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cnn train} and {@code cnn eval} as a user runs them. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void oneEpochLearnsTheDigitsAndEvalReportsItsConfusionMatrix() {
        Path weights = dir.resolve("w.safetensors");
        CliRun train = CliRun.of("train", "--model", "lenet5", "--data", "mnist", "--epochs", "1", "--batch", "64",
                "--lr", "0.1", "--output", weights.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("epoch 1/1 loss "), train.out());
        assertTrue(train.out().contains("trained lenet5 on 8000 mnist digits"), train.out());
        assertTrue(Files.isRegularFile(weights));
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            assertEquals(10, file.entries().size());
            assertTrue(file.entries().containsKey("features.0.weight") && file.entries().containsKey("classifier.4.bias"));
            assertTrue(file.metadata().get("trained_by").startsWith("cnn train --model lenet5"), file.metadata().toString());
        }

        CliRun eval = CliRun.of("eval", "--model", "lenet5", "--weights", weights.toString(), "--data", "mnist", "--json");
        assertEquals(0, eval.status(), eval.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) Json.parse(eval.out());
        assertEquals(2000, ((Number) result.get("samples")).intValue());
        assertTrue(((Number) result.get("accuracy")).doubleValue() > 0.9, eval.out());
        @SuppressWarnings("unchecked")
        List<List<Number>> confusion = (List<List<Number>>) result.get("confusion");
        assertEquals(10, confusion.size());
        int total = 0, diagonal = 0;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                total += confusion.get(t).get(p).intValue();
                diagonal += t == p ? confusion.get(t).get(p).intValue() : 0;
            }
        }
        assertEquals(2000, total);
        assertEquals(((Number) result.get("correct")).intValue(), diagonal);
    }

    @Test
    void evalWithoutWeightsUsesTheShippedLeNet5AndPrintsTheMatrix() {
        CliRun eval = CliRun.of("eval", "--model", "lenet5", "--data", "mnist");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().startsWith("lenet5 on mnist test: accuracy 98.60% (1972/2000), weights shipped:lenet5-mnist.safetensors"),
                eval.out());
        assertTrue(eval.out().contains("true\\pred     0     1"), eval.out());
    }

    @Test
    void badTrainingArgumentsNameWhatIsWrong() {
        String out = dir.resolve("w.safetensors").toString();
        assertError(CliRun.of("train", "--model", "lenet5", "--data", "cifar10", "--output", out),
                "cnn: train: unknown --data 'cifar10'; known: mnist (shipped in the jar)");
        assertError(CliRun.of("train", "--model", "lenet5", "--data", "mnist", "--schedule", "linear", "--output", out),
                "cnn: train: unknown --schedule 'linear'; known: cosine, step, constant");
        assertError(CliRun.of("train", "--model", "lenet5", "--data", "mnist", "--lr", "-1", "--output", out),
                "cnn: train: --lr must be a finite value > 0, got -1.0");
        assertError(CliRun.of("train", "--model", "lenet5", "--data", "mnist", "--momentum", "1.5", "--output", out),
                "cnn: train: momentum must be in [0, 1), got 1.5");
        assertError(CliRun.of("train", "--model", "alexnet", "--data", "mnist", "--output", out),
                "cnn: train: model alexnet takes 3x224x224 inputs; mnist train samples are 1x32x32");
        assertError(CliRun.of("eval", "--model", "alexnet", "--data", "mnist"),
                "cnn: eval: registry model alexnet ships no weights and needs --weights (an untrained model scores by chance)");
        assertError(CliRun.of("eval", "--model", "lenet5", "--data", "mnist", "--split", "validation"),
                "cnn: eval: unknown --split 'validation'; known: test, train");
    }
}
