package io.cnnstream.demo;

import io.cnnstream.service.CnnstreamApplication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo: a real KRaft broker in this JVM, the service, a producer of the sample images and a
 * printer of every result and dead letter. Ctrl-C stops everything.
 * <pre>
 * Demo [--samples DIR] [--no-samples] [--exit-when-done] [--bootstrap-file FILE] [--port N] [--cnnstream.x=y ...]
 * </pre>
 * Other {@code --key=value} arguments go to the service (weights, batch size, ...).
 */
public final class Demo {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path samples = Path.of("samples", "images");
        boolean publish = true, exitWhenDone = false;
        Path bootstrapFile = null;
        String port = System.getenv().getOrDefault("CNNSTREAM_DEMO_PORT", "8080");
        List<String> serviceArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--samples" -> samples = Path.of(value(args, ++i, "--samples"));
                case "--no-samples" -> publish = false;
                case "--exit-when-done" -> exitWhenDone = true;
                case "--bootstrap-file" -> bootstrapFile = Path.of(value(args, ++i, "--bootstrap-file"));
                case "--port" -> port = value(args, ++i, "--port");
                default -> {
                    if (!args[i].startsWith("--") || !args[i].contains("=")) {
                        fail("unknown argument '" + args[i] + "'; see the README's demo section");
                    }
                    serviceArgs.add(args[i]);
                }
            }
        }
        List<Path> images = publish ? images(samples) : List.of();

        say("starting a Kafka broker (KRaft) in this JVM ...");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "images", "classifications", "images.DLT");
        broker.brokerProperties(Map.of("message.max.bytes", "22020096"));
        broker.afterPropertiesSet();
        String bootstrap = broker.getBrokersAsString();
        say("broker at " + bootstrap);
        if (bootstrapFile != null) {
            Files.writeString(bootstrapFile, bootstrap + "\n");
        }

        serviceArgs.add("--spring.kafka.bootstrap-servers=" + bootstrap);
        serviceArgs.add("--server.port=" + port);
        say("starting the service (loading and warming up the model) ...");
        ConfigurableApplicationContext service = new SpringApplicationBuilder(CnnstreamApplication.class)
                .properties("logging.register-shutdown-hook=false")
                .run(serviceArgs.toArray(String[]::new));
        String actualPort = service.getEnvironment().getProperty("local.server.port", port);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopping.compareAndSet(false, true)) {
                // Ctrl-C: the service finishes its batch and commits; the in-JVM broker and its temporary
                // data go with the JVM (stopping it here would race the test kit's own clean-up hook)
                say("stopping the service");
                service.close();
            }
        }, "demo-shutdown"));
        say("metrics: http://localhost:" + actualPort + "/actuator/prometheus   health: http://localhost:" + actualPort
                + "/actuator/health/readiness");

        if (!images.isEmpty()) {
            publish(bootstrap, images);
        }
        printResults(bootstrap, images.size(), exitWhenDone, stopping);
        if (exitWhenDone && stopping.compareAndSet(false, true)) {
            say("all " + images.size() + " images answered; stopping the service, then the broker");
            service.close();
            broker.destroy();
            System.exit(0);
        }
    }

    private static List<Path> images(Path samples) throws IOException {
        if (!Files.isDirectory(samples)) {
            fail("sample directory " + samples + " does not exist (run from the project root, or pass --samples DIR)");
        }
        try (Stream<Path> files = Files.walk(samples)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    private static void publish(String bootstrap, List<Path> images) throws IOException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 22020096),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Path image : images) {
                producer.send(new ProducerRecord<>("images", image.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                        Files.readAllBytes(image)));
            }
        }
        say("published " + images.size() + " images to topic 'images' (key = file name); results follow");
    }

    private static void printResults(String bootstrap, int expected, boolean exitWhenDone, AtomicBoolean stopping) {
        AtomicInteger seen = new AtomicInteger();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "cnnstream-demo-printer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 22020096),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("classifications", "images.DLT"));
            while (!stopping.get() && !(exitWhenDone && seen.get() >= expected)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(describe(r));
                    seen.incrementAndGet();
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            if (!stopping.get()) {
                throw e;
            }
        }
    }

    static String describe(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "(no key)" : new String(r.key(), StandardCharsets.UTF_8);
        if (r.topic().equals("images.DLT")) {
            return String.format("%-28s DEAD LETTER  %s", key, header(r, "kafka_dlt-exception-message"));
        }
        JsonNode v = JSON.readTree(r.value());
        String untrained = "untrained".equals(v.get("model").get("sha256").asString()) ? "  (UNTRAINED weights)" : "";
        return String.format("%-28s %-28s %6.2f%%  batch %d, %.0f ms%s", key, v.get("label").asString(),
                100 * v.get("probability").asDouble(), v.get("batchSize").asInt(), v.get("inferenceMillis").asDouble(), untrained);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    private static void say(String line) {
        System.out.println("demo: " + line);
    }

    private static void fail(String message) {
        System.err.println("demo: " + message);
        System.exit(2);
    }
}
