package io.cnnstream.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Files graph import must refuse at load, each with a message naming the defect; and a bounded mutation fuzz. */
class BadOnnxFilesTest {
    private static final WorkerPool POOL = new WorkerPool(1);

    @AfterAll
    static void stop() {
        POOL.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bad-cycle.onnx|the graph has a cycle through node loop",
            "bad-missing-initializer.onnx|value 'w' is read but no node writes it and it is no initializer",
            "bad-unsupported-op.onnx|node swish is operator HardSwish, which graph import does not support",
            "bad-shape.onnx|node fc (Linear) on input [32]: Linear expects 31 input features, got 32",
            "bad-asymmetric-pads.onnx|node conv has asymmetric pads [1, 0, 0, 1]",
            "bad-opset9.onnx|opset 9 of the default domain; opsets 11 to 21 are read"})
    void refusedAtLoadNamingTheDefect(String file, String message) {
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImporter.load(OnnxImportTest.golden(file)));
        assertTrue(e.getMessage().startsWith("ONNX model " + OnnxImportTest.golden(file) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"smallnet.onnx", "matmul.onnx", "lrn.onnx"})
    void mutantsLoadAndRunOrAreRefusedAtLoad(String seedName) throws IOException {
        byte[] seed = Files.readAllBytes(OnnxImportTest.golden(seedName));
        Path file = Files.createTempFile("mutant", ".onnx");
        SplittableRandom random = new SplittableRandom(seedName.hashCode());
        int rounds = Integer.getInteger("fuzz.rounds", 300);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                int ran = 0, refused = 0;
                for (int round = 0; round < rounds; round++) {
                    byte[] mutant = random.nextInt(4) == 0 ? Arrays.copyOf(seed, random.nextInt(seed.length)) : seed.clone();
                    for (int flips = random.nextInt(1, 4); flips > 0 && mutant.length > 0; flips--) {
                        mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
                    }
                    Files.write(file, mutant);
                    Model model;
                    try {
                        model = OnnxImporter.load(file);
                    } catch (OnnxFormatException e) {
                        refused++;
                        continue;
                    } catch (Throwable t) {
                        fail(seedName + " round " + round + ": untyped failure at load " + t, t);
                        return;
                    }
                    try {
                        Tensor out = model.forward(Tensor.zeros(model.inputShape().withBatch(2)), Kernels.select(POOL));
                        assertEquals(2 * model.classes(), out.data().length);
                        ran++;
                    } catch (Throwable t) {
                        fail(seedName + " round " + round + ": loaded, then failed at run time " + t, t);
                    }
                }
                System.out.printf("%s: %d mutants ran, %d refused at load%n", seedName, ran, refused);
            });
        } finally {
            Files.delete(file);
        }
    }
}
