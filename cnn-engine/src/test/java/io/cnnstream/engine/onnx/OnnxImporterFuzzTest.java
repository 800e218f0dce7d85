package io.cnnstream.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.model.Model;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;

/**
 * Untrusted ONNX files are imported into a model whose output is a vector of logits, or refused
 * with an {@link OnnxFormatException}: any other exception, error or hang is a finding. Seeds in
 * {@code OnnxImporterFuzzTestInputs}; {@code bin/fuzz onnx MINUTES} fuzzes.
 */
class OnnxImporterFuzzTest {
    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "10m")
    void importsOrFailsWithAFormatError(byte[] data) throws IOException {
        Files.write(FILE, data);
        Model model;
        try {
            model = OnnxImporter.load(FILE);
        } catch (OnnxFormatException refused) {
            return;
        }
        assertTrue(model.inputShape().intSize() > 0, model.inputShape().toString());
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("fuzzed-model", ".onnx");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the fuzz target's file", e);
        }
    }
}
