package io.cnnstream.service.pipeline;

import static io.cnnstream.service.KafkaTestSupport.key;
import static io.cnnstream.service.KafkaTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.SeededInit;
import io.cnnstream.service.KafkaTestSupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service configured with a trained LeNet-5 from a file made by PyTorch itself (a subclass per
 * format) and its digest pinned: each record's answer is PyTorch's, from the golden logits of the
 * same weights and inputs (the engine's {@code classics.safetensors}).
 */
abstract class GoldenLeNetEndToEnd {
    static final String GOLDEN = "../cnn-engine/src/test/resources/golden/";

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    JsonMapper json;

    /** The model name results carry, and the pinned digest. */
    abstract String modelName();

    abstract String sha256();

    @Test
    void answersAreWhatPyTorchComputes() throws Exception {
        float[] inputs = SeededInit.values("input", 2 * 32 * 32, 1f, 0); // the golden batch of 2
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
            for (int n = 0; n < 2; n++) {
                ByteBuffer tensor = ByteBuffer.allocate(32 * 32 * 4).order(ByteOrder.LITTLE_ENDIAN);
                tensor.asFloatBuffer().put(inputs, n * 32 * 32, 32 * 32);
                ProducerRecord<byte[], byte[]> r = record("images", "lenet-" + n, tensor.array());
                r.headers().add("content-type", "application/x-tensor-f32".getBytes(StandardCharsets.UTF_8));
                r.headers().add("tensor-shape", "1,32,32".getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
        }
        float[] logits;
        try (SafetensorsFile golden = SafetensorsFile.open(Path.of(GOLDEN, "classics.safetensors"))) {
            logits = golden.readFloats("lenet5.logits");
        }
        Map<String, ConsumerRecord<byte[], byte[]>> results = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE,
                    Duration.ofSeconds(2), false)) {
                results.put(key(r), r);
            }
            assertThat(results).containsKeys("lenet-0", "lenet-1");
        });
        for (int n = 0; n < 2; n++) {
            JsonNode value = json.readTree(results.get("lenet-" + n).value());
            int expected = argmax(logits, n * 10, 10);
            assertThat(value.get("index").asInt()).as("image " + n + " top-1 as PyTorch").isEqualTo(expected);
            assertThat(value.get("probability").asDouble()).isCloseTo(softmax(logits, n * 10, 10, expected),
                    org.assertj.core.data.Offset.offset(1e-5));
            assertThat(value.get("model").get("name").asString()).isEqualTo(modelName());
            assertThat(value.get("model").get("sha256").asString()).isEqualTo(sha256());
        }
    }

    private static int argmax(float[] v, int from, int n) {
        int best = from;
        for (int i = from; i < from + n; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best - from;
    }

    private static double softmax(float[] v, int from, int n, int k) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = from; i < from + n; i++) {
            max = Math.max(max, v[i]);
        }
        for (int i = from; i < from + n; i++) {
            sum += Math.exp(v[i] - max);
        }
        return Math.exp(v[from + k] - max) / sum;
    }
}
