package io.cnnstream.engine.weights;

import java.nio.file.Path;
import java.util.Map;

/**
 * A file of named tensors opened for reading (safetensors, a PyTorch checkpoint, an ONNX model's
 * initializers), validated whole on open; values are read one tensor at a time.
 */
public interface TensorFile extends AutoCloseable {
    Path path();

    /** What kind of file this is, for messages ({@code "safetensors"}, {@code "PyTorch checkpoint"}). */
    String format();

    /** Tensors by name, in file order. */
    Map<String, TensorInfo> tensors();

    /** The values of a float tensor (F32, or F16/BF16 widened), row-major and contiguous. */
    float[] readFloats(String name);

    @Override
    void close();
}
