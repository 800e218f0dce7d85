package io.cnnstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.cnnstream.engine.tensor.Tensor;

import java.nio.FloatBuffer;
import java.util.Map;

/** One ONNX Runtime session (CPU, all graph optimisations, {@code threads} intra-op threads) on an ONNX model. */
final class OnnxRuntimeModel implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OnnxRuntimeModel(byte[] onnx, int threads) throws OrtException {
        this(onnx, threads, null);
    }

    /** With {@code profilePrefix} set, the session writes a trace of its runs there ({@link #endProfiling}). */
    OnnxRuntimeModel(byte[] onnx, int threads, String profilePrefix) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (profilePrefix != null) {
                options.enableProfiling(profilePrefix);
            }
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(onnx, options);
        }
    }

    /** The logits for {@code batch}, {@code [N, classes]} flattened. */
    float[] run(Tensor batch) throws OrtException {
        long[] shape = new long[batch.shape().rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = batch.shape().dim(i);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch.data()), shape);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            float[][] logits = (float[][]) result.get(0).getValue();
            float[] flat = new float[logits.length * logits[0].length];
            for (int i = 0; i < logits.length; i++) {
                System.arraycopy(logits[i], 0, flat, i * logits[0].length, logits[0].length);
            }
            return flat;
        }
    }

    /** Ends a profiling session's trace; returns the trace file's path. */
    String endProfiling() throws OrtException {
        return session.endProfiling();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
