package io.cnnstream.engine.api;

import java.util.List;

/** What became of one input: its top-K predictions, or why it was rejected. */
public sealed interface Outcome permits Outcome.Classified, Outcome.Rejected {

    /** Time spent decoding and preprocessing this input, in nanoseconds. */
    long preprocessNanos();

    /** The most probable classes, most probable first. */
    record Classified(List<Prediction> top, long preprocessNanos) implements Outcome {
        public Classified {
            top = List.copyOf(top);
        }

        public Prediction best() {
            return top.get(0);
        }
    }

    /** An input that could not be classified through its own fault, with a message naming the defect. */
    record Rejected(Rejection reason, String message, long preprocessNanos) implements Outcome {
    }
}
