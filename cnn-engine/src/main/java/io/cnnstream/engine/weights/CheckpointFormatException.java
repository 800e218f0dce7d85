package io.cnnstream.engine.weights;

/** A PyTorch checkpoint that cannot be read as a state dict: truncated, refused global, bad storage, ... */
public final class CheckpointFormatException extends WeightsFormatException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
