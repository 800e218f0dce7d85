package io.cnnstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.GoldenFiles;

import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.Sha256;
import io.cnnstream.engine.weights.TensorFile;
import io.cnnstream.engine.weights.WeightsFiles;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    @TempDir
    Path dir;

    static Path checkpoint(String name) {
        return GoldenFiles.of("checkpoints/" + name);
    }

    @Test
    void aCheckpointBecomesSafetensorsWithTheSameTensorsAndLogits() throws Exception {
        Path pth = checkpoint("lenet5-wrapped.pth"), out = dir.resolve("lenet5.safetensors");
        CliRun run = CliRun.of("convert", pth.toString(), out.toString(), "--model", "lenet5");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("wrote 10 tensors of lenet5 from PyTorch checkpoint " + pth + " to " + out
                + " (sha256 " + Sha256.of(out) + ")"), run.out());
        try (TensorFile from = WeightsFiles.open(pth); SafetensorsFile to = SafetensorsFile.open(out)) {
            assertEquals(from.tensors().keySet(), to.tensors().keySet());
            for (String name : from.tensors().keySet()) {
                assertArrayEquals(from.readFloats(name), to.readFloats(name), name);
            }
            assertEquals("lenet5-wrapped.pth", to.metadata().get("converted_from"));
            assertEquals(Sha256.of(pth), to.metadata().get("converted_from_sha256"));
        }

        Path input = dir.resolve("in.f32");
        Files.write(input, new byte[4 * 32 * 32]);
        CliRun fromPth = CliRun.of("infer", "--model", "lenet5", "--weights", pth.toString(), "--input", input.toString(),
                "--batch", "1", "--output", dir.resolve("a.f32").toString());
        CliRun fromSafetensors = CliRun.of("infer", "--model", "lenet5", "--weights", out.toString(), "--input",
                input.toString(), "--batch", "1", "--output", dir.resolve("b.f32").toString());
        assertEquals(0, fromPth.status(), fromPth.err());
        assertEquals(0, fromSafetensors.status(), fromSafetensors.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.f32")), Files.readAllBytes(dir.resolve("b.f32")));
    }

    @Test
    void anOnnxExportBecomesTheSameSafetensorsAsItsCheckpoint() throws Exception {
        Path onnx = GoldenFiles.of("onnx/lenet5-opset17.onnx");
        Path fromOnnx = dir.resolve("onnx.safetensors"), fromPth = dir.resolve("pth.safetensors");
        assertEquals(0, CliRun.of("convert", onnx.toString(), fromOnnx.toString(), "--model", "lenet5").status());
        assertEquals(0, CliRun.of("convert", checkpoint("lenet5.pth").toString(), fromPth.toString(), "--model", "lenet5")
                .status());
        try (SafetensorsFile a = SafetensorsFile.open(fromOnnx); SafetensorsFile b = SafetensorsFile.open(fromPth)) {
            for (String name : b.tensors().keySet()) {
                assertArrayEquals(b.readFloats(name), a.readFloats(name), name);
            }
        }
    }

    @Test
    void aFileThatDoesNotFitTheModelIsRefusedWithEveryMismatch() {
        CliRun run = CliRun.of("convert", checkpoint("zoo.pth").toString(), dir.resolve("x.safetensors").toString(),
                "--model", "lenet5");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("does not fit model lenet5") && run.err().contains("missing tensor features.0.weight"),
                run.err());
        assertTrue(Files.notExists(dir.resolve("x.safetensors")), "nothing written");
        CliRun evil = CliRun.of("convert", checkpoint("evil.pth").toString(), dir.resolve("y.safetensors").toString(),
                "--model", "lenet5");
        assertEquals(2, evil.status());
        assertTrue(evil.err().startsWith("cnn: checkpoint ") && evil.err().contains("global 'posix.system'"), evil.err());
    }
}
