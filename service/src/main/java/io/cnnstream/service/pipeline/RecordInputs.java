package io.cnnstream.service.pipeline;

import io.cnnstream.engine.api.Input;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Maps one input record to the engine's input: encoded image bytes (format sniffed by the engine),
 * or a raw little-endian float32 tensor when header {@value #CONTENT_TYPE} is
 * {@value #TENSOR_CONTENT_TYPE} and header {@value #TENSOR_SHAPE} says {@code C,H,W}. Whether the
 * bytes fit the model is the engine's to say.
 */
final class RecordInputs {
    static final String CONTENT_TYPE = "content-type";
    static final String TENSOR_CONTENT_TYPE = "application/x-tensor-f32";
    static final String TENSOR_SHAPE = "tensor-shape";

    private RecordInputs() {
    }

    static Input of(ConsumerRecord<byte[], byte[]> record) throws RecordRejectedException {
        byte[] value = record.value();
        if (value == null) {
            throw new RecordRejectedException("empty", "record has no value (a tombstone)");
        }
        if (TENSOR_CONTENT_TYPE.equals(header(record, CONTENT_TYPE))) {
            return Input.tensor(parseShape(header(record, TENSOR_SHAPE)), value);
        }
        return Input.image(value);
    }

    private static int[] parseShape(String declared) throws RecordRejectedException {
        if (declared == null) {
            throw new RecordRejectedException("wrong-shape", "header " + TENSOR_SHAPE + " (C,H,W) is missing");
        }
        String[] parts = declared.split(",", -1);
        int[] dims = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                dims[i] = Integer.parseInt(parts[i].strip());
                if (dims[i] < 1) {
                    throw new NumberFormatException("not positive: " + dims[i]);
                }
            }
        } catch (NumberFormatException e) {
            throw new RecordRejectedException("wrong-shape", "header " + TENSOR_SHAPE + " '" + declared
                    + "' is not positive integers C,H,W", e);
        }
        return dims;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
