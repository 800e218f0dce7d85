package io.cnnstream.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bounded mutation fuzz of each weights format: truncations and byte flips of files made by the real
 * tools either open and read every tensor, or fail with the format's typed exception; nothing else
 * escapes (no StackOverflowError, OutOfMemoryError, index or cast exceptions).
 */
class MutatedWeightsFilesTest {
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 300);

    @ParameterizedTest
    @ValueSource(strings = {"zoo.pth", "lenet5-wrapped.pth", "evil.pth", "scripted.pt", "zoo.safetensors"})
    void mutantsReadWhollyOrFailWithAFormatError(String seedName) throws IOException {
        byte[] seed = Files.readAllBytes(PyTorchCheckpointTest.golden(seedName));
        Path file = Files.createTempFile("mutant", ".bin");
        SplittableRandom random = new SplittableRandom(seedName.hashCode());
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                int read = 0, refused = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    byte[] mutant = random.nextInt(4) == 0 ? Arrays.copyOf(seed, random.nextInt(seed.length)) : seed.clone();
                    // flips land in the structure (pickle, zip records, header) as often as in the data
                    int region = Math.min(mutant.length, random.nextBoolean() ? 4096 : mutant.length);
                    for (int flips = random.nextInt(1, 5); flips > 0 && mutant.length > 0; flips--) {
                        int at = random.nextBoolean() ? random.nextInt(Math.max(1, region))
                                : mutant.length - 1 - random.nextInt(Math.min(mutant.length, 1024));
                        mutant[at] = (byte) random.nextInt(256);
                    }
                    Files.write(file, mutant);
                    try (TensorFile opened = WeightsFiles.open(file)) {
                        for (TensorInfo t : opened.tensors().values()) {
                            if (t.dtype().isFloat()) {
                                assertEquals(t.elements(), opened.readFloats(t.name()).length, t.name());
                            }
                        }
                        read++;
                    } catch (WeightsFormatException e) {
                        refused++;
                    } catch (Throwable t) {
                        fail(seedName + " round " + round + ": untyped failure " + t, t);
                    }
                }
                assertEquals(ROUNDS, read + refused);
                System.out.printf("%s: %d mutants read, %d refused%n", seedName, read, refused);
            });
        } finally {
            Files.delete(file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zoo.pth", "zoo.safetensors"})
    void everyTruncationIsAFormatError(String seedName) throws IOException {
        byte[] seed = Files.readAllBytes(PyTorchCheckpointTest.golden(seedName));
        Path file = Files.createTempFile("truncated", ".bin");
        try {
            for (int length : List.of(0, 1, 4, 8, 9, 64, seed.length / 2, seed.length - 22, seed.length - 1)) {
                Files.write(file, Arrays.copyOf(seed, length));
                try (TensorFile opened = WeightsFiles.open(file)) {
                    fail(seedName + " cut to " + length + " bytes opened with " + opened.tensors().size() + " tensors");
                } catch (WeightsFormatException expected) {
                    // the message names the file and what is wrong
                } catch (UncheckedIOException e) {
                    fail(seedName + " cut to " + length + ": " + e, e);
                }
            }
        } finally {
            Files.delete(file);
        }
    }
}
