package io.cnnstream.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;

/**
 * Untrusted weights files (safetensors, PyTorch zip checkpoints, TorchScript archives, by their
 * magic) are read whole, every tensor, or refused with a {@link WeightsFormatException}: any other
 * exception, error or hang is a finding. Seeds in {@code WeightsFileFuzzTestInputs};
 * {@code bin/fuzz weights MINUTES} fuzzes.
 */
class WeightsFileFuzzTest {
    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "10m")
    void readsWhollyOrFailsWithAFormatError(byte[] data) throws IOException {
        Files.write(FILE, data);
        try (TensorFile opened = WeightsFiles.open(FILE)) {
            for (TensorInfo t : opened.tensors().values()) {
                if (t.dtype().isFloat()) {
                    assertEquals(t.elements(), opened.readFloats(t.name()).length, t.name());
                }
            }
        } catch (WeightsFormatException refused) {
            // the one declared refusal: the message names the file and the defect
        }
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("fuzzed-weights", ".bin");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the fuzz target's file", e);
        }
    }
}
