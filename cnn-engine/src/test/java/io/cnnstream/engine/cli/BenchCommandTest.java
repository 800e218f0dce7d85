package io.cnnstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.json.Json;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void jsonFollowsTheContractWithOneRowPerConfigurationAndNamedLayers() {
        CliRun run = CliRun.of("bench", "--model", "lenet5", "--kernels", "vector,scalar", "--threads", "1,2",
                "--batch", "1,3", "--seconds", "0.2", "--warmup", "0.2", "--min-runs", "1", "--json");
        assertEquals(0, run.status(), run.err());
        Map<String, Object> json = (Map<String, Object>) Json.parse(run.out()); // stdout is the JSON alone
        assertTrue(json.keySet().containsAll(List.of("model", "kernels", "results", "layers")), json.keySet().toString());
        assertEquals("lenet5", json.get("model"));
        assertEquals("vector", json.get("kernels"));
        List<Map<String, Object>> results = (List<Map<String, Object>>) json.get("results");
        assertEquals(8, results.size(), "2 kernels x 2 thread counts x 2 batch sizes");
        for (Map<String, Object> r : results) {
            assertTrue(r.keySet().containsAll(List.of("batch", "threads", "imagesPerSecond", "msPerBatch")), r.toString());
            double ms = ((Number) r.get("msPerBatch")).doubleValue(), perSecond = ((Number) r.get("imagesPerSecond")).doubleValue();
            assertEquals(((Number) r.get("batch")).doubleValue() * 1000 / ms, perSecond, perSecond * 1e-9);
        }
        List<Map<String, Object>> layers = (List<Map<String, Object>>) json.get("layers");
        // LeNet-5: conv, tanh, pool, conv, tanh, pool, then the fully connected layers
        assertEquals("features.0", layers.get(0).get("name"));
        assertTrue(((Number) layers.get(0).get("gflops")).doubleValue() > 0, layers.get(0).toString());
        assertTrue(layers.stream().allMatch(l -> l.keySet().containsAll(List.of("name", "ms", "gflops"))));
        // each layer's share of the peak measured in the same run
        double peak = ((Number) ((Map<String, Object>) json.get("layersMeasured")).get("peakGflops")).doubleValue();
        assertTrue(peak > 0, "peak " + peak);
        for (Map<String, Object> l : layers) {
            double gflops = ((Number) l.get("gflops")).doubleValue(), share = ((Number) l.get("shareOfPeak")).doubleValue();
            assertEquals(gflops / peak, share, 1e-9 * Math.max(1, share), l.toString());
        }
        assertTrue(run.err().contains("images/s"), "the readable table goes to stderr: " + run.err());
        assertTrue(run.err().contains("FP32 peak of the 2 threads"), run.err());
    }

    @Test
    void badOptionsNameWhatWasWrong() {
        CliRun run = CliRun.of("bench", "--batch", "1,0");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--batch"), run.err());
        CliRun seconds = CliRun.of("bench", "--seconds", "0");
        assertEquals(2, seconds.status());
        assertTrue(seconds.err().contains("'--seconds': '0' is not a positive number of seconds"), seconds.err());
        CliRun kernels = CliRun.of("bench", "--kernels", "gpu");
        assertEquals(2, kernels.status());
        assertTrue(kernels.err().contains("gpu"), kernels.err());
    }
}
