package io.cnnstream.bench;

import ai.onnxruntime.OrtException;
import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime's own per-node times: a profiling session runs a few passes and its trace (Chrome
 * trace JSON, one {@code <node>_kernel_time} event per node and pass, durations in microseconds) is
 * reduced to the median per node. ONNX Runtime renames the nodes it rewrites ({@code fused
 * classifier.1}, {@code features.1#1_nchwc} for a convolution fused with the ReLU {@code features.1}
 * whose output it now writes); {@link #layerOf} maps them back to the engine's layer names.
 */
final class OnnxRuntimeProfile {
    private static final String KERNEL_TIME = "_kernel_time";

    private OnnxRuntimeProfile() {
    }

    /** A profiling session whose passes can take turns with another's; its trace is read at the end. */
    static final class Session implements AutoCloseable {
        private final Path dir;
        private final OnnxRuntimeModel model;
        private final Tensor input;
        private boolean ended;

        Session(byte[] onnx, int threads, Tensor input) throws OrtException, IOException {
            this.dir = Files.createTempDirectory("cnnstream-ort-profile");
            this.model = new OnnxRuntimeModel(onnx, threads, dir.resolve("ort").toString());
            this.input = input;
        }

        void pass() throws OrtException {
            model.run(input);
        }

        /** Ends the trace: the median per node over the last {@code passes} passes. */
        Map<String, Double> medians(int passes) throws OrtException, IOException {
            Path trace = Path.of(model.endProfiling());
            ended = true;
            try {
                return OnnxRuntimeProfile.medians(Files.readString(trace), passes);
            } finally {
                Files.delete(trace);
            }
        }

        @Override
        public void close() throws OrtException, IOException {
            try {
                if (!ended) { // a trace nobody read: end it so that its file can go
                    Files.deleteIfExists(Path.of(model.endProfiling()));
                }
            } finally {
                model.close();
                Files.delete(dir);
            }
        }
    }

    /**
     * The engine layer an ONNX Runtime node's time belongs to: its name without ONNX Runtime's
     * decorations, or if the engine made no call of that name (a ReLU fused into the layer before it),
     * the engine layer of the same parent with the nearest lower index; null if none.
     */
    static String layerOf(String node, List<String> engineLayers) {
        String name = node.replaceFirst("^fused ", "").replaceFirst("_nchwc$", "").replaceFirst("#\\d+$", "");
        if (engineLayers.contains(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !name.substring(dot + 1).matches("\\d+")) {
            return null;
        }
        String parent = name.substring(0, dot + 1);
        int index = Integer.parseInt(name.substring(dot + 1));
        String best = null;
        int bestIndex = -1;
        for (String layer : engineLayers) {
            if (layer.startsWith(parent) && layer.substring(parent.length()).matches("\\d+")) {
                int i = Integer.parseInt(layer.substring(parent.length()));
                if (i < index && i > bestIndex) {
                    best = layer;
                    bestIndex = i;
                }
            }
        }
        return best;
    }

    /** The median of the last {@code passes} durations of each node in a trace. */
    static Map<String, Double> medians(String traceJson, int passes) {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        for (Object e : (List<?>) Json.parse(traceJson)) {
            Map<?, ?> event = (Map<?, ?>) e;
            String name = String.valueOf(event.get("name"));
            if ("Node".equals(event.get("cat")) && name.endsWith(KERNEL_TIME)) {
                double ms = ((Number) event.get("dur")).doubleValue() / 1000.0;
                samples.computeIfAbsent(name.substring(0, name.length() - KERNEL_TIME.length()), k -> new ArrayList<>()).add(ms);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        samples.forEach((node, all) -> {
            List<Double> last = new ArrayList<>(all.subList(Math.max(0, all.size() - passes), all.size()));
            last.sort(null);
            medians.put(node, last.get(last.size() / 2));
        });
        return medians;
    }
}
