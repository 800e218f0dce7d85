package io.cnnstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.tensor.Shape;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheModelsInputTensor() throws Exception {
        Path out = dir.resolve("chelsea.f32");
        CliRun run = CliRun.of("preprocess", ClassifyCommandTest.SAMPLES.resolve("chelsea.png").toString(),
                "--model", "alexnet-2012", "--output", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("wrote 3x227x227 float32 input of alexnet-2012"), run.out());
        float[] values = InferCommand.readFloats(out, Shape.of(3, 227, 227));
        // every value is a normalised grey level: (v/255 - mean) / std within ImageNet's range
        for (float v : values) {
            assertTrue(v >= -2.2f && v <= 2.7f, "value " + v);
        }
    }

    @Test
    void refusesABadImageWithItsReason() throws Exception {
        Path bad = dir.resolve("bad.png");
        Files.write(bad, new byte[] {1, 2, 3});
        SummaryCommandTest.assertError(CliRun.of("preprocess", bad.toString(), "--model", "alexnet", "--output",
                        dir.resolve("o.f32").toString()),
                "cnn: preprocess: image " + bad + " unknown-format: the first bytes (01 02 03) match no JPEG, PNG, GIF, BMP, WebP or TIFF signature");
    }

    @Test
    void namesItselfAndTheReasonWhenTheOutputCannotBeWritten() {
        Path output = dir.resolve("nonexistent").resolve("x.f32");
        SummaryCommandTest.assertError(CliRun.of("preprocess", ClassifyCommandTest.SAMPLES.resolve("chelsea.png").toString(),
                        "--model", "alexnet", "--output", output.toString()),
                "cnn: preprocess: cannot write output " + output + ": no such file or directory");
        SummaryCommandTest.assertError(CliRun.of("preprocess", dir.resolve("none.png").toString(), "--model", "alexnet",
                        "--output", output.toString()),
                "cnn: preprocess: cannot read image " + dir.resolve("none.png") + ": no such file or directory");
    }
}
