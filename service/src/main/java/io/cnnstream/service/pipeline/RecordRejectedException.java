package io.cnnstream.service.pipeline;

import io.cnnstream.engine.api.Outcome;

/**
 * A record that cannot be classified through its own fault (a tombstone, a bad tensor header, an
 * image or tensor the engine rejected): it goes to the dead-letter topic with {@link #reason()} in
 * the {@value DeadLetters#REASON_HEADER} header.
 */
public final class RecordRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public RecordRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RecordRejectedException(String reason, String message) {
        this(reason, message, null);
    }

    /** The engine's rejection of a record's input. */
    static RecordRejectedException of(Outcome.Rejected rejected) {
        return new RecordRejectedException(rejected.reason().tag(), rejected.message());
    }

    /** Short, stable, low-cardinality name: a metric tag and a header value. */
    public String reason() {
        return reason;
    }
}
