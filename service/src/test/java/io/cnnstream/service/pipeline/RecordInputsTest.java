package io.cnnstream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cnnstream.engine.tensor.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Raw tensor records and a tensor-only model (lenet5 takes 1x32x32 tensors, no images). */
class RecordInputsTest {
    private final RecordInputs inputs = new RecordInputs(null, Shape.of(1, 32, 32));

    @Test
    void readsALittleEndianTensorOfTheModelsShape() throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(32 * 32 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 32 * 32; i++) {
            bytes.putFloat(i * 0.5f);
        }
        float[] out = new float[2 + 32 * 32];
        inputs.read(tensor("1,32,32", bytes.array()), out, 2);
        assertThat(out[2]).isZero();
        assertThat(out[2 + 1023]).isEqualTo(511.5f);
    }

    @Test
    void refusesBadTensorHeadersAndSizes() {
        assertRejected(tensor(null, new byte[4096]), "wrong-shape", "header tensor-shape (C,H,W) is missing");
        assertRejected(tensor("1,x,32", new byte[4096]), "wrong-shape", "header tensor-shape '1,x,32' is not positive integers C,H,W");
        assertRejected(tensor("1,0,32", new byte[4096]), "wrong-shape", "is not positive integers");
        assertRejected(tensor("1,32,32", new byte[100]), "wrong-shape", "tensor of shape 1,32,32 needs 4096 bytes of float32, record has 100");
    }

    @Test
    void imagesToATensorOnlyModelAreUnsupported() {
        ConsumerRecord<byte[], byte[]> png = new ConsumerRecord<>("images", 0, 0, null, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertRejected(png, "unsupported", "the model takes raw 1,32,32 tensors (content-type application/x-tensor-f32), not images");
        assertRejected(new ConsumerRecord<>("images", 0, 1, null, null), "empty", "record has no value (a tombstone)");
    }

    private static ConsumerRecord<byte[], byte[]> tensor(String shape, byte[] value) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("images", 0, 0, null, value);
        r.headers().add("content-type", "application/x-tensor-f32".getBytes(StandardCharsets.UTF_8));
        if (shape != null) {
            r.headers().add("tensor-shape", shape.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    private void assertRejected(ConsumerRecord<byte[], byte[]> record, String reason, String message) {
        assertThatThrownBy(() -> inputs.read(record, new float[32 * 32], 0))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
