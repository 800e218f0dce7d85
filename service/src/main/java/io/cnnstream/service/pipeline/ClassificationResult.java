package io.cnnstream.service.pipeline;

import java.util.List;

/** The JSON value of an output record (schema: {@code schema/classification.schema.json}). */
public record ClassificationResult(
        String id,
        String label,
        int index,
        float probability,
        List<Top> top,
        ModelRef model,
        Source source,
        int batchSize,
        double inferenceMillis) {

    /** One of the top-K classes. */
    public record Top(int index, String label, float probability) {
    }

    /** The model and its weights' SHA-256, or "untrained". */
    public record ModelRef(String name, String sha256) {
    }

    /** Where the input record came from. */
    public record Source(String topic, int partition, long offset, long timestamp) {
    }
}
