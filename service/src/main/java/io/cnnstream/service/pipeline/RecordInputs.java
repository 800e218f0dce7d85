package io.cnnstream.service.pipeline;

import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.image.ImageRejectedException;
import io.cnnstream.engine.tensor.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns one input record into the model's input: encoded image bytes (format sniffed), or a raw
 * little-endian float32 tensor when header {@value #CONTENT_TYPE} is {@value #TENSOR_CONTENT_TYPE}
 * and header {@value #TENSOR_SHAPE} says {@code C,H,W}.
 */
final class RecordInputs {
    static final String CONTENT_TYPE = "content-type";
    static final String TENSOR_CONTENT_TYPE = "application/x-tensor-f32";
    static final String TENSOR_SHAPE = "tensor-shape";

    private final ImagePreprocessor preprocessor;
    private final Shape inputShape;

    RecordInputs(ImagePreprocessor preprocessor, Shape inputShape) {
        this.preprocessor = preprocessor;
        this.inputShape = inputShape;
    }

    /** Writes the record's input tensor (CHW) into {@code out[offset ..]}. */
    void read(ConsumerRecord<byte[], byte[]> record, float[] out, int offset) throws RecordRejectedException {
        byte[] value = record.value();
        if (value == null) {
            throw new RecordRejectedException("empty", "record has no value (a tombstone)");
        }
        if (TENSOR_CONTENT_TYPE.equals(header(record, CONTENT_TYPE))) {
            readTensor(record, value, out, offset);
            return;
        }
        if (preprocessor == null) {
            throw new RecordRejectedException("unsupported", "the model takes raw " + inputShape.toString().replace('x', ',')
                    + " tensors (content-type " + TENSOR_CONTENT_TYPE + "), not images");
        }
        try {
            preprocessor.preprocess(value, out, offset);
        } catch (ImageRejectedException e) {
            throw new RecordRejectedException(e.reason().tag(), e.getMessage(), e);
        }
    }

    private void readTensor(ConsumerRecord<byte[], byte[]> record, byte[] value, float[] out, int offset)
            throws RecordRejectedException {
        String declared = header(record, TENSOR_SHAPE);
        Shape shape = parseShape(declared);
        if (!inputShape.equals(shape)) {
            throw new RecordRejectedException("wrong-shape", "tensor-shape " + declared + " does not match the model's input "
                    + inputShape.toString().replace('x', ','));
        }
        long expected = shape.size() * 4;
        if (value.length != expected) {
            throw new RecordRejectedException("wrong-shape", "tensor of shape " + declared + " needs " + expected
                    + " bytes of float32, record has " + value.length);
        }
        ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, offset, shape.intSize());
    }

    private static Shape parseShape(String declared) throws RecordRejectedException {
        if (declared == null) {
            throw new RecordRejectedException("wrong-shape", "header " + TENSOR_SHAPE + " (C,H,W) is missing");
        }
        String[] parts = declared.split(",", -1);
        try {
            int[] dims = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                dims[i] = Integer.parseInt(parts[i].strip());
            }
            return Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw new RecordRejectedException("wrong-shape", "header " + TENSOR_SHAPE + " '" + declared
                    + "' is not positive integers C,H,W", e);
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
