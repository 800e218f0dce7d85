package io.cnnstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.GoldenFiles;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model FILE.onnx} through the commands, and the messages around it. */
class OnnxCliTest {
    @TempDir
    Path dir;

    static String golden(String name) {
        return GoldenFiles.of("onnx/" + name).toString();
    }

    @Test
    void summaryListsTheGraphsNodes() {
        CliRun run = CliRun.of("summary", golden("smallnet.onnx"));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("smallnet.onnx: ONNX graph of 16 nodes, opset 13, made by pytorch"), run.out());
        assertTrue(run.out().contains("/right/right.1/Conv Conv2d             6x16x16"), run.out());
        assertTrue(run.out().strip().lines().reduce((a, b) -> b).orElseThrow().matches("total\\s+953\\s+223,282"), run.out());
    }

    @Test
    void anOnnxModelNeedsNoWeightsButARegistryModelDoes() throws Exception {
        Path input = dir.resolve("in.f32");
        Files.write(input, new byte[4 * 32 * 32]);
        CliRun onnx = CliRun.of("infer", "--model", golden("lenet5-opset17.onnx"), "--input", input.toString(),
                "--batch", "1", "--output", dir.resolve("out.f32").toString());
        assertEquals(0, onnx.status(), onnx.err());
        assertTrue(onnx.out().startsWith("wrote 1x10 logits of " + golden("lenet5-opset17.onnx")), onnx.out());
        assertEquals(40, Files.size(dir.resolve("out.f32")));
        SummaryCommandTest.assertError(CliRun.of("infer", "--model", "lenet5", "--input", input.toString(), "--batch", "1",
                "--output", dir.resolve("x.f32").toString()), "cnn: infer: registry model lenet5 needs --weights "
                + "(untrained logits mean nothing)");
        CliRun both = CliRun.of("infer", "--model", golden("lenet5-opset17.onnx"), "--weights", golden("lenet5-opset17.onnx"),
                "--input", input.toString(), "--batch", "1", "--output", dir.resolve("y.f32").toString());
        assertEquals(2, both.status());
        assertTrue(both.err().contains("is an ONNX graph with its own weights"), both.err());
    }

    @Test
    void aSquareRgbGraphClassifiesImages() {
        CliRun run = CliRun.of("classify", "--model", golden("smallnet.onnx"), "--top", "2", "--labels", labels(),
                ClassifyCommandTest.SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("model smallnet.onnx, weights " + golden("smallnet.onnx") + " (sha256 "), run.out());
        assertEquals(4, run.out().strip().lines().count(), run.out()); // model, image, two labels
    }

    @Test
    void anUnsupportedGraphIsOneLineNamingTheNode() {
        SummaryCommandTest.assertError(CliRun.of("summary", golden("bad-unsupported-op.onnx")), "cnn: ONNX model "
                + golden("bad-unsupported-op.onnx") + ": node swish is operator HardSwish, which graph import does not "
                + "support (supported: " + String.join(", ", io.cnnstream.engine.onnx.OnnxImporter.OPERATORS) + ")");
    }

    private String labels() {
        try {
            Path file = dir.resolve("labels.txt");
            Files.writeString(file, "a\nb\nc\nd\ne\n");
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
