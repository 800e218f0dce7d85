package io.cnnstream.engine.onnx;

/** An ONNX file the engine cannot run: malformed, or an operator, attribute or shape it does not support. */
public final class OnnxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
