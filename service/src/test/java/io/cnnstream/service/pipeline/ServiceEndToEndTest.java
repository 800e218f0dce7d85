package io.cnnstream.service.pipeline;

import static io.cnnstream.service.KafkaTestSupport.header;
import static io.cnnstream.service.KafkaTestSupport.key;
import static io.cnnstream.service.KafkaTestSupport.record;
import static io.cnnstream.service.KafkaTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cnnstream.service.FastKafkaClientMetrics;
import io.cnnstream.service.KafkaTestSupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service against a real KRaft broker (spring-kafka-test's embedded broker), with the untrained
 * model: seeded weights identical to those the PyTorch golden files were made with, so each
 * photo's label must be torchvision's top-1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cnnstream.batch.max-size=4", "cnnstream.model.warmup-batches=1", "cnnstream.workers=2"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
@Import(FastKafkaClientMetrics.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<String> PHOTOS = List.of("dog.jpg", "chelsea.png", "coffee.png", "astronaut.png", "camera.png",
            "rocket.jpg", "hubble_deep_field.jpg");

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    MeterRegistry meters;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void startProducer() {
        producer = KafkaTestSupport.producer(bootstrap);
    }

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @Test
    void photosInOneResultEachOutWithTheContractFields() throws Exception {
        for (String photo : PHOTOS) {
            ProducerRecord<byte[], byte[]> r = record("images", "photo-" + photo, sample(photo));
            r.headers().add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
            producer.send(r);
        }
        producer.flush();
        Map<String, ConsumerRecord<byte[], byte[]>> results = resultsFor("photo-", PHOTOS.size());

        Map<String, Integer> torchvisionTop1 = torchvisionTop1();
        for (String photo : PHOTOS) {
            ConsumerRecord<byte[], byte[]> out = results.get("photo-" + photo);
            assertThat(out).as(photo).isNotNull();
            assertThat(header(out, "traceparent")).startsWith("00-0af7651916cd43dd");
            assertThat(header(out, "content-type")).isEqualTo("application/json");
            JsonNode value = json.readTree(out.value());
            assertThat(value.propertyNames()).containsExactly("id", "label", "index", "probability", "top", "model",
                    "source", "batchSize", "inferenceMillis");
            assertThat(value.get("id").asString()).isEqualTo("photo-" + photo);
            assertThat(value.get("index").asInt()).as(photo + " top-1 as torchvision").isEqualTo(torchvisionTop1.get(photo));
            assertThat(value.get("top")).hasSize(5);
            assertThat(value.get("top").get(0).get("label").asString()).isEqualTo(value.get("label").asString());
            assertThat(value.get("model").get("name").asString()).isEqualTo("alexnet");
            assertThat(value.get("model").get("sha256").asString()).isEqualTo("untrained");
            assertThat(value.get("source").get("topic").asString()).isEqualTo("images");
            assertThat(value.get("source").get("timestamp").asLong()).isPositive();
            assertThat(value.get("batchSize").asInt()).isBetween(1, 4);
            assertThat(value.get("inferenceMillis").asDouble()).isPositive();
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithReasonsAndBatchMatesStillClassified() throws Exception {
        listeners.getListenerContainer(ClassificationListener.ID).pause();
        try {
            producer.send(record("images", "bad-truncated", Files.readAllBytes(KafkaTestSupport.SAMPLES.resolve("odd/truncated.jpg"))));
            producer.send(record("images", "bad-empty", new byte[0]));
            producer.send(record("images", "bad-noise", "not an image at all".getBytes(StandardCharsets.UTF_8)));
            producer.send(record("images", "bad-good", sample("chelsea.png")));
            producer.flush();
        } finally {
            listeners.getListenerContainer(ClassificationListener.ID).resume();
        }
        Map<String, ConsumerRecord<byte[], byte[]>> dead = readByKey("images.DLT", "bad-", 3);
        assertThat(dead.keySet()).containsExactlyInAnyOrder("bad-truncated", "bad-empty", "bad-noise");
        ConsumerRecord<byte[], byte[]> truncated = dead.get("bad-truncated");
        assertThat(truncated.value()).isEqualTo(Files.readAllBytes(KafkaTestSupport.SAMPLES.resolve("odd/truncated.jpg")));
        assertThat(header(truncated, DeadLetters.REASON_HEADER)).isEqualTo("malformed");
        assertThat(header(truncated, "kafka_dlt-exception-fqcn")).isEqualTo(RecordRejectedException.class.getName());
        assertThat(header(truncated, "kafka_dlt-exception-message")).contains("JPEG data is truncated or corrupt");
        assertThat(header(truncated, "kafka_dlt-original-topic")).isEqualTo("images");
        assertThat(truncated.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        assertThat(truncated.headers().lastHeader("kafka_dlt-original-partition")).isNotNull();
        assertThat(header(dead.get("bad-empty"), DeadLetters.REASON_HEADER)).isEqualTo("empty");
        assertThat(header(dead.get("bad-noise"), DeadLetters.REASON_HEADER)).isEqualTo("unknown-format");

        assertThat(resultsFor("bad-", 1)).containsOnlyKeys("bad-good");
        assertThat(meters.get("cnnstream.records").tags("outcome", "dead-lettered", "reason", "malformed").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void rawTensorsAreClassifiedAndWrongShapesDeadLettered() throws Exception {
        ByteBuffer tensor = ByteBuffer.allocate(3 * 224 * 224 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 3 * 224 * 224; i++) {
            tensor.putFloat((float) Math.sin(i * 0.001));
        }
        ProducerRecord<byte[], byte[]> good = record("images", "tensor-good", tensor.array());
        good.headers().add("content-type", "application/x-tensor-f32".getBytes(StandardCharsets.UTF_8));
        good.headers().add("tensor-shape", "3,224,224".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> wrong = record("images", "tensor-wrong", new byte[3 * 227 * 227 * 4]);
        wrong.headers().add("content-type", "application/x-tensor-f32".getBytes(StandardCharsets.UTF_8));
        wrong.headers().add("tensor-shape", "3,227,227".getBytes(StandardCharsets.UTF_8));
        producer.send(good);
        producer.send(wrong);
        producer.flush();

        ConsumerRecord<byte[], byte[]> result = resultsFor("tensor-", 1).get("tensor-good");
        assertThat(json.readTree(result.value()).get("top")).hasSize(5);
        assertThat(header(result, "tensor-shape")).isNull();
        ConsumerRecord<byte[], byte[]> dead = readByKey("images.DLT", "tensor-", 1).get("tensor-wrong");
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("wrong-shape");
        assertThat(header(dead, "kafka_dlt-exception-message")).isEqualTo("wrong-shape: tensor of shape 3,227,227 does not match the model's input 3,224,224");
        assertThat(header(dead, "tensor-shape")).isEqualTo("3,227,227");
    }

    @Test
    void recordsWaitingTogetherRunAsOneBatch() throws Exception {
        listeners.getListenerContainer(ClassificationListener.ID).pause();
        try {
            for (int i = 0; i < 8; i++) {
                producer.send(record("images", "batch-" + i, sample(i % 2 == 0 ? "chelsea.png" : "coffee.png")));
            }
            producer.flush();
        } finally {
            listeners.getListenerContainer(ClassificationListener.ID).resume();
        }
        Map<String, ConsumerRecord<byte[], byte[]>> results = resultsFor("batch-", 8);
        List<Integer> sizes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : results.values()) {
            sizes.add(json.readTree(r.value()).get("batchSize").asInt());
        }
        // results leave in input order: batch-0's result precedes batch-7's, and so do their source offsets
        List<Long> sourceOffsets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ConsumerRecord<byte[], byte[]> r = results.get("batch-" + i);
            sourceOffsets.add(json.readTree(r.value()).get("source").get("offset").asLong());
            if (i > 0) {
                assertThat(r.offset()).isGreaterThan(results.get("batch-" + (i - 1)).offset());
            }
        }
        assertThat(sourceOffsets).isSorted();
        assertThat(sizes).contains(4);
        DistributionSummary batchSize = meters.get("cnnstream.batch.size").summary();
        assertThat(batchSize.max()).isEqualTo(4);
    }

    @Test
    void metricsEndpointListsTheMetersAndReadinessIsUp() throws Exception {
        producer.send(record("images", "metrics-1", sample("chelsea.png")));
        producer.flush();
        resultsFor("metrics-", 1);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(WAIT).untilAsserted(() -> {
            String body = get(http, "/actuator/prometheus");
            assertThat(body).contains("cnnstream_records_total{", "outcome=\"classified\"", "cnnstream_batch_size_bucket",
                    "cnnstream_inference_seconds_bucket", "cnnstream_decode_seconds_bucket", "cnnstream_queue_wait_seconds_bucket",
                    "cnnstream_end_to_end_seconds_bucket", "cnnstream_records_in_flight", "cnnstream_workers_busy",
                    "cnnstream_workers", "cnnstream_model_info{", "sha256=\"untrained\"", "kernels=\"vector\"", "cnnstream_ready{application=\"cnnstream\"} 1.0",
                    "# HELP cnnstream_inference_seconds Time to run the model on one batch",
                    "kafka_consumer_fetch_manager_records_lag");
        });
        assertThat(get(http, "/actuator/health/readiness")).contains("\"status\":\"UP\"", "\"kernels\":\"vector\"");
        assertThat(get(http, "/actuator/health/liveness")).contains("\"status\":\"UP\"");
        HttpResponse<String> env = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/env")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(env.statusCode()).isEqualTo(404);
    }

    @Test
    void everyMetricTheDashboardAndAlertsQueryIsExposed() throws Exception {
        producer.send(record("images", "dashboard-1", sample("coffee.png")));
        producer.flush();
        resultsFor("dashboard-", 1);
        String queries = Files.readString(Path.of("..", "k8s", "base", "grafana", "cnnstream-dashboard.json"))
                + Files.readString(Path.of("..", "deploy", "prometheus", "alerts.yml"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:cnnstream|kafka|jvm)_[a-z0-9_]+)").matcher(queries);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).hasSizeGreaterThan(10);
        // GC pause meters appear with the first collection; the engine's recycled memory may leave a
        // short run without one, so ask for one (the pause is real and recorded like any other)
        System.gc();
        // per-partition Kafka client meters are bound at Micrometer's next client-metrics refresh
        // (every second here: FastKafkaClientMetrics)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String scrape = get(HttpClient.newHttpClient(), "/actuator/prometheus");
            for (String name : names) {
                assertThat(java.util.regex.Pattern.compile("(?m)^" + name + "[{ ]").matcher(scrape).find())
                        .as("metric " + name + " used by the dashboard or the alerts is in the scrape").isTrue();
            }
        });
    }

    private String get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Map<String, ConsumerRecord<byte[], byte[]>> resultsFor(String prefix, int count) {
        return readByKey("classifications", prefix, count);
    }

    private Map<String, ConsumerRecord<byte[], byte[]>> readByKey(String topic, String prefix, int count) {
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            byKey.clear();
            for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.read(bootstrap, topic, Integer.MAX_VALUE, Duration.ofSeconds(2), false)) {
                if (key(r) != null && key(r).startsWith(prefix)) {
                    byKey.put(key(r), r);
                }
            }
            assertThat(byKey).hasSizeGreaterThanOrEqualTo(count);
        });
        return byKey;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Integer> torchvisionTop1() throws Exception {
        Map<String, Object> golden = json.readValue(Files.readString(
                Path.of("..", "cnn-engine", "src", "test", "resources", "golden", "images", "classify_alexnet_seeded.json")), Map.class);
        return golden.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> ((Number) ((List<List<Object>>) e.getValue()).get(0).get(0)).intValue()));
    }
}
