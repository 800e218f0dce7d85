package io.cnnstream.engine.weights;

/** A file that is not a well-formed safetensors file; the message says what is wrong with it. */
public final class SafetensorsFormatException extends WeightsFormatException {
    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(String message) {
        super(message);
    }

    public SafetensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
