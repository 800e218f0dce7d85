package io.cnnstream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.ClassifierSpec;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.api.Input;
import io.cnnstream.engine.api.Outcome;
import io.cnnstream.engine.api.Rejection;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;

/**
 * A hostile input record (its {@code content-type} and {@code tensor-shape} headers and its value
 * all chosen by the fuzzer) is classified or refused with the record's fault named: a tombstone or
 * bad header is a {@link RecordRejectedException}; the engine (LeNet-5, which takes both tensors and
 * images) answers with a prediction or a rejection other than {@code internal}. Anything else, an
 * exception, error or hang, is a finding. Seeds in {@code RecordInputsFuzzTestInputs};
 * {@code bin/fuzz tensor MINUTES} fuzzes.
 */
class RecordInputsFuzzTest {
    private static final Engine ENGINE = Engine.start(1);
    private static final Classifier LENET = ENGINE.open(ClassifierSpec.of("lenet5"));

    @FuzzTest(maxDuration = "10m")
    void recordsAreClassifiedOrRejectedForTheirOwnFault(FuzzedDataProvider data) {
        String contentType = data.pickValue(new String[] {RecordInputs.TENSOR_CONTENT_TYPE, "image/png", ""});
        int c = data.consumeInt(-1, 4), h = data.consumeInt(-1, 40), w = data.consumeInt(-1, 40);
        String shape = switch (data.consumeInt(0, 2)) {
            case 0 -> null;
            case 1 -> c + "," + h + "," + w;
            default -> data.consumeString(24);
        };
        boolean tombstone = data.consumeBoolean(), sized = data.consumeBoolean();
        byte[] value = tombstone ? null : data.consumeRemainingAsBytes();
        if (value != null && sized && c > 0 && h > 0 && w > 0) {
            value = Arrays.copyOf(value, 4 * c * h * w); // as many bytes as the declared floats, garbage or not
        }
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("images", 0, 0, null, value);
        record.headers().add(RecordInputs.CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
        if (shape != null) {
            record.headers().add(RecordInputs.TENSOR_SHAPE, shape.getBytes(StandardCharsets.UTF_8));
        }
        Input input;
        try {
            input = RecordInputs.of(record);
        } catch (RecordRejectedException e) {
            assertThat(e.reason()).isIn("empty", "wrong-shape");
            return;
        }
        Outcome outcome = LENET.classify(List.of(input), 3).outcomes().get(0);
        if (outcome instanceof Outcome.Rejected rejected) {
            assertThat(rejected.reason()).as(rejected.message()).isNotEqualTo(Rejection.INTERNAL);
        } else {
            assertThat(((Outcome.Classified) outcome).top()).hasSize(3);
        }
    }

    @AfterAll
    static void stopEngine() {
        ENGINE.close();
    }
}
