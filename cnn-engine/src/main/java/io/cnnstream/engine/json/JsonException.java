package io.cnnstream.engine.json;

/** Malformed JSON text, or a value JSON cannot represent. */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
