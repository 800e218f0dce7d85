package io.cnnstream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cnnstream.engine.api.Input;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Records to the engine's inputs: images by default, tensors by header; what the headers get wrong is the record's fault. */
class RecordInputsTest {

    @Test
    void aTensorRecordBecomesATensorInputWithItsDeclaredShape() throws Exception {
        byte[] value = new byte[32 * 32 * 4];
        Input input = RecordInputs.of(tensor(" 1, 32,32", value));
        assertThat(input).isInstanceOfSatisfying(Input.Floats.class, t -> {
            assertThat(t.shape()).containsExactly(1, 32, 32);
            assertThat(t.littleEndianFloat32()).isSameAs(value);
        });
    }

    @Test
    void anyOtherRecordIsAnImage() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        assertThat(RecordInputs.of(new ConsumerRecord<>("images", 0, 0, null, png)))
                .isInstanceOfSatisfying(Input.Image.class, i -> assertThat(i.encoded()).isSameAs(png));
    }

    @Test
    void refusesTombstonesAndBadTensorHeaders() {
        assertRejected(new ConsumerRecord<>("images", 0, 1, null, null), "empty", "record has no value (a tombstone)");
        assertRejected(tensor(null, new byte[4096]), "wrong-shape", "header tensor-shape (C,H,W) is missing");
        assertRejected(tensor("1,x,32", new byte[4096]), "wrong-shape", "header tensor-shape '1,x,32' is not positive integers C,H,W");
        assertRejected(tensor("1,0,32", new byte[4096]), "wrong-shape", "is not positive integers");
    }

    private static ConsumerRecord<byte[], byte[]> tensor(String shape, byte[] value) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("images", 0, 0, null, value);
        r.headers().add("content-type", "application/x-tensor-f32".getBytes(StandardCharsets.UTF_8));
        if (shape != null) {
            r.headers().add("tensor-shape", shape.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    private static void assertRejected(ConsumerRecord<byte[], byte[]> record, String reason, String message) {
        assertThatThrownBy(() -> RecordInputs.of(record))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
