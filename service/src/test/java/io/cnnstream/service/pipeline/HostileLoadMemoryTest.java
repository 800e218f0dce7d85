package io.cnnstream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cnnstream.service.CnnstreamApplication;
import io.cnnstream.service.KafkaTestSupport;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.yaml.snakeyaml.Yaml;

/**
 * Hostile load in the heap the Kubernetes Deployment gives the service (75 % of its memory limit,
 * the image's MaxRAMPercentage), AlexNet loaded: sixteen 20 MiB records of random bytes, 5 MB of
 * random bytes, a 15 MB valid PNG, PNGs at the pixel limit and PNGs at the largest the decode
 * memory admits. Every record ends as a result or a dead letter, and the instance neither runs out
 * of memory (it would exit: -XX:+ExitOnOutOfMemoryError, as in the image) nor stops being ready.
 * Eight workers, as a pod without a CPU limit sees on an 8-core node: the decode memory, not the
 * worker count, bounds what decoding holds.
 */
class HostileLoadMemoryTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void hostileRecordsEndAsResultsOrDeadLettersWithinTheDeploymentsHeap() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "images", "classifications", "images.DLT");
        broker.brokerProperties(Map.of("message.max.bytes", String.valueOf(22 * MIB), "replica.fetch.max.bytes", String.valueOf(22 * MIB)));
        broker.afterPropertiesSet();
        Path log = dir.resolve("service.log");
        Process service = null;
        try {
            String bootstrap = broker.getBrokersAsString();
            Map<String, byte[]> records = hostileRecords();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 22 * MIB, ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * MIB),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (Map.Entry<String, byte[]> r : records.entrySet()) {
                    producer.send(KafkaTestSupport.record("images", r.getKey(), r.getValue())).get();
                }
            }
            service = startService(bootstrap, log);
            int port = awaitReady(service, log);
            Map<String, String> outcomes = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (outcomes.size() < records.size() && System.nanoTime() < deadline && service.isAlive()) {
                outcomes.clear();
                KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE, Duration.ofSeconds(10), false)
                        .forEach(r -> outcomes.put(KafkaTestSupport.key(r), "classified"));
                outcomes.putAll(deadLetterReasons(bootstrap));
                Thread.sleep(1000);
            }
            String output = Files.readString(log);
            assertThat(output).doesNotContain("OutOfMemoryError");
            assertThat(service.isAlive()).as("the service is still running").isTrue();
            assertThat(get(port, "/actuator/health/readiness").statusCode()).as("ready").isEqualTo(200);
            Map<String, String> expected = new HashMap<>();
            records.keySet().forEach(k -> expected.put(k, k.startsWith("random") ? "unknown-format"
                    : k.startsWith("limit") ? "too-many-pixels" : "classified"));
            assertThat(outcomes).isEqualTo(expected);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
                service.destroyForcibly();
            }
            broker.destroy();
        }
    }

    /**
     * Keys name what each is: png-* (valid, decodable), limit-* (at the pixel limit), random-* (no
     * image). A backlog, so that polls come full: eight of the largest admitted images in a row,
     * then eight at the pixel limit, then the big random records.
     */
    private static Map<String, byte[]> hostileRecords() throws IOException {
        SplittableRandom random = new SplittableRandom(25);
        Map<String, byte[]> records = new LinkedHashMap<>();
        byte[] largest = png(4600, 4600, false, random); // 121 MiB to decode: the largest admitted
        byte[] atTheLimit = png(8000, 5000, false, random); // 40 Mpx, 229 MiB to decode: refused
        for (int i = 0; i < 8; i++) {
            records.put("png-21Mpx-" + i, largest);
        }
        for (int i = 0; i < 8; i++) {
            records.put("limit-40Mpx-" + i, atTheLimit);
        }
        for (int i = 0; i < 16; i++) {
            records.put("random-20MiB-" + i, noise(20 * MIB, random));
        }
        records.put("random-5MB", noise(5_000_000, random));
        records.put("png-15MB", png(2240, 2240, true, random)); // noise does not compress: about 15 MB
        return records;
    }

    private static byte[] noise(int bytes, SplittableRandom random) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        data[0] = 0x13; // no image signature starts so
        return data;
    }

    private static byte[] png(int width, int height, boolean noisy, SplittableRandom random) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        if (noisy) {
            random.nextBytes(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The Deployment's memory limit x the image's MaxRAMPercentage (75 %), as -Xmx. */
    @SuppressWarnings("unchecked")
    static String deploymentHeap() throws IOException {
        Map<String, Object> deployment = new Yaml().load(Files.readString(Path.of("..", "k8s", "base", "deployment.yaml")));
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).get(0);
        String limit = (String) ((Map<String, Object>) ((Map<String, Object>) container.get("resources")).get("limits")).get("memory");
        long mib = limit.endsWith("Gi") ? Long.parseLong(limit.replace("Gi", "")) * 1024 : Long.parseLong(limit.replace("Mi", ""));
        return "-Xmx" + mib * 75 / 100 + "m";
    }

    private static Process startService(String bootstrap, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "@" + Path.of("..", "bin", "engine.jvmoptions").toAbsolutePath(),
                deploymentHeap(), "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), CnnstreamApplication.class.getName(),
                "--spring.kafka.bootstrap-servers=" + bootstrap, "--server.port=0", "--cnnstream.model.name=alexnet",
                "--cnnstream.workers=8",
                "--logging.level.io.cnnstream=INFO"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits for the service's readiness and returns its port, read from its log. */
    private static int awaitReady(Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Pattern started = Pattern.compile("Tomcat started on port (\\d+)");
        while (System.nanoTime() < deadline && service.isAlive()) {
            Matcher m = started.matcher(Files.readString(log));
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                if (get(port, "/actuator/health/readiness").statusCode() == 200) {
                    return port;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the service did not become ready:\n" + Files.readString(log));
    }

    /** Each dead letter's key and reason; values up to 20 MiB, so fetched with room for them. */
    private static Map<String, String> deadLetterReasons(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 22 * MIB), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition("images.DLT", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Map<String, String> reasons = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> reasons.put(KafkaTestSupport.key(r), KafkaTestSupport.header(r, DeadLetters.REASON_HEADER)));
            }
            return reasons;
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
