package io.cnnstream.engine.weights;

/** A weights file that cannot be read as what it claims to be; the message names the file and the defect. */
public class WeightsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WeightsFormatException(String message) {
        super(message);
    }

    public WeightsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
