package io.cnnstream.engine.api;

import java.util.List;

/**
 * The outcomes of one {@link Classifier#classify} call, in input order, and the one forward pass
 * that produced the accepted ones: its batch size and its time (0 and 0 when nothing was accepted).
 */
public record Classification(List<Outcome> outcomes, int batchSize, long inferenceNanos) {
    public Classification {
        outcomes = List.copyOf(outcomes);
    }

    public double inferenceMillis() {
        return inferenceNanos / 1e6;
    }
}
