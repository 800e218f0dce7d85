package io.cnnstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnn classify} end to end on the sample photos: with the seeded AlexNet weights, each photo's
 * top-5 classes and probabilities equal torchvision's ({@code golden/images/classify_alexnet_seeded.json})
 * within 1e-4; bad images are reported with their reason and the rest still classified.
 */
class ClassifyCommandTest {
    static final Path SAMPLES = Path.of("..", "samples", "images");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void samplePhotosGetTorchvisionsTopFive() throws Exception {
        Path weights = SeededWeightsFile.write(dir, "alexnet");
        Map<String, Object> golden = (Map<String, Object>) Json.parse(Files.readString(
                Path.of(getClass().getResource("/golden/images/classify_alexnet_seeded.json").toURI())));
        List<String> args = new ArrayList<>(List.of("classify", "--model", "alexnet", "--weights", weights.toString(), "--json"));
        for (String photo : golden.keySet()) {
            args.add(SAMPLES.resolve(photo).toString());
        }
        args.add(SAMPLES.resolve("odd/truncated.jpg").toString());
        args.add(dir.resolve("missing.png").toString());

        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(ClassifyCommand.SOME_FAILED, run.status(), run.err());
        Map<String, Object> json = (Map<String, Object>) Json.parse(run.out());
        Map<String, Object> model = (Map<String, Object>) json.get("model");
        assertEquals("alexnet", model.get("name"));
        assertEquals(64, ((String) model.get("sha256")).length());
        List<Map<String, Object>> results = (List<Map<String, Object>>) json.get("results");
        assertEquals(golden.size() + 2, results.size());

        int i = 0;
        for (Map.Entry<String, Object> photo : golden.entrySet()) {
            Map<String, Object> result = results.get(i++);
            assertEquals(SAMPLES.resolve(photo.getKey()).toString(), result.get("image"));
            List<List<Object>> expected = (List<List<Object>>) photo.getValue();
            List<Map<String, Object>> top = (List<Map<String, Object>>) result.get("top");
            assertEquals(5, top.size());
            for (int k = 0; k < 5; k++) {
                assertEquals(expected.get(k).get(0), top.get(k).get("index"), photo.getKey() + " rank " + k);
                double p = ((Number) top.get(k).get("probability")).doubleValue();
                assertEquals(((Number) expected.get(k).get(1)).doubleValue(), p, 1e-4, photo.getKey() + " rank " + k);
            }
            assertEquals(top.get(0).get("label"), result.get("label"));
        }
        Map<String, Object> truncated = (Map<String, Object>) results.get(i).get("error");
        assertEquals("malformed", truncated.get("reason"));
        Map<String, Object> missing = (Map<String, Object>) results.get(i + 1).get("error");
        assertEquals("unreadable", missing.get("reason"));
        assertEquals("cannot read " + dir.resolve("missing.png") + ": no such file or directory", missing.get("message"));
    }

    @Test
    void whenNoImageCanBeReadTheExitStatusIs2AndEachSaysWhy() {
        CliRun run = CliRun.of("classify", "--model", "alexnet", dir.toString(), dir.resolve("missing.png").toString());
        assertEquals(2, run.status(), run.err());
        assertTrue(run.out().contains(dir + ": cannot classify: cannot read " + dir + ": is a directory"), run.out());
        assertTrue(run.out().contains("missing.png: cannot classify: cannot read " + dir.resolve("missing.png")
                + ": no such file or directory"), run.out());
    }

    @Test
    void withoutWeightsEveryResultSaysUntrained() {
        CliRun run = CliRun.of("classify", "--model", "alexnet", "--top", "2", SAMPLES.resolve("chelsea.png").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("model alexnet, weights UNTRAINED: seeded random He initialisation"), run.out());
        assertEquals(4, run.out().strip().lines().count(), run.out());

        CliRun json = CliRun.of("classify", "--model", "alexnet", "--json", SAMPLES.resolve("chelsea.png").toString());
        assertTrue(json.out().contains("\"sha256\":\"untrained\""), json.out());
    }

    @Test
    void labelsFileMustMatchTheModel() throws Exception {
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, "cat\ndog\n");
        SummaryCommandTest.assertError(CliRun.of("classify", "--model", "alexnet", "--labels", labels.toString(),
                        SAMPLES.resolve("chelsea.png").toString()),
                "cnn: classify: labels " + labels + " have 2 names but model alexnet has 1000 outputs");
        SummaryCommandTest.assertError(CliRun.of("classify", "--model", "alexnet"), "cnn: classify: Missing required parameter: 'IMAGE' (see 'cnn classify --help')");
    }
}
