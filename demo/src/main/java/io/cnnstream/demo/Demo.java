package io.cnnstream.demo;

import io.cnnstream.demo.chaos.BrokerCommand;
import io.cnnstream.demo.chaos.ChaosCommand;
import io.cnnstream.engine.train.Mnist;
import io.cnnstream.service.CnnstreamApplication;
import io.cnnstream.service.config.CnnstreamProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo: a real KRaft broker in this JVM, the service, a producer of the sample images and a
 * printer of every result and dead letter. Ctrl-C stops everything. {@code bin/demo --help} lists
 * the options; other {@code --key=value} arguments go to the service (weights, batch size, ...).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = {EndToEndBenchmark.class, ChaosCommand.class, BrokerCommand.class},
        description = "A Kafka broker (KRaft) in this JVM, the service, the sample images published and every "
                + "result and dead letter printed. Ctrl-C stops everything.",
        footer = "%nAny other --key=value argument is a setting of the service (--cnnstream.model.weights=FILE, "
                + "--cnnstream.batch.max-size=N, ...), as in the README's configuration table.")
public final class Demo implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    private CommandSpec spec;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "samples/images",
            description = "the images to publish (default: ${DEFAULT-VALUE})")
    private Path samples;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "the registry model the service runs (default: the service's, alexnet); lenet5 publishes "
                    + "test digits instead of the sample photos and prints each predicted digit beside the true one")
    private String model;

    @Option(names = "--digits", paramLabel = "N", defaultValue = "100",
            description = "with --model lenet5: how many of the 2,000 test digits to publish (default: ${DEFAULT-VALUE})")
    private int digits;

    @Option(names = "--no-samples", description = "publish nothing; print what other producers send")
    private boolean noSamples;

    @Option(names = "--exit-when-done", description = "stop once every published image has its answer")
    private boolean exitWhenDone;

    @Option(names = "--bootstrap-file", paramLabel = "FILE", description = "write the broker's address there")
    private Path bootstrapFile;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:CNNSTREAM_DEMO_PORT:-8080}",
            description = "the service's HTTP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    private String port;

    @Option(names = "--broker-only", description = "start the Kafka broker and nothing else (for a service run "
            + "as a jar): its address is printed and written to --bootstrap-file; Ctrl-C stops it")
    private boolean brokerOnly;

    @Unmatched
    private List<String> serviceArgs = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Demo()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (String arg : serviceArgs) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new ParameterException(spec.commandLine(), "unknown argument '" + arg + "'; see 'bin/demo --help'");
            }
        }
        if (brokerOnly && (!serviceArgs.isEmpty() || exitWhenDone)) {
            throw new ParameterException(spec.commandLine(), "--broker-only starts no service: it takes no service "
                    + "settings and no --exit-when-done");
        }
        if (model != null) {
            serviceArgs.add("--cnnstream.model.name=" + model);
        }
        boolean digitMode = "lenet5".equals(model);
        if (digitMode && (digits < 1 || digits > Mnist.TOTAL - Mnist.TRAIN)) {
            throw new ParameterException(spec.commandLine(), "--digits must be between 1 and "
                    + (Mnist.TOTAL - Mnist.TRAIN) + ", got " + digits);
        }
        List<Map.Entry<String, byte[]>> images = noSamples || brokerOnly ? List.of()
                : digitMode ? testDigits(digits) : images(samples);

        EmbeddedKafkaKraftBroker broker = startBroker();
        String bootstrap = broker.getBrokersAsString();
        if (brokerOnly) {
            say("broker only; run the service against it: java @bin/engine.jvmoptions -jar "
                    + "service/target/cnnstream-service-*-exec.jar --spring.kafka.bootstrap-servers=" + bootstrap);
            say("Ctrl-C stops the broker");
            boolean interrupted = false;
            try {
                Thread.currentThread().join(); // until Ctrl-C ends the JVM
            } catch (InterruptedException e) { // a caller embedding the demo stops it so
                interrupted = true;
            } finally {
                broker.destroy(); // not interrupted itself: the broker's controlled shutdown waits
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        serviceArgs.add("--spring.kafka.bootstrap-servers=" + bootstrap);
        serviceArgs.add("--server.port=" + port);
        say("starting the service (loading and warming up the model) ...");
        ConfigurableApplicationContext service = new SpringApplicationBuilder(CnnstreamApplication.class)
                .properties("logging.register-shutdown-hook=false")
                .run(serviceArgs.toArray(String[]::new));
        String actualPort = service.getEnvironment().getProperty("local.server.port", port);
        CnnstreamProperties settings = service.getBean(CnnstreamProperties.class);
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
            publish(bootstrap, settings.topics().input(), images);
        }
        printResults(bootstrap, settings, images.size(), exitWhenDone, stopping, digitMode ? new DigitScore() : null);
        if (exitWhenDone && stopping.compareAndSet(false, true)) {
            say("all " + images.size() + " images answered; stopping the service, then the broker");
            service.close();
            broker.destroy();
            return 0;
        }
        return 0;
    }

    /** Test digits 8000, 8001, ... as PNG records keyed {@code digit-8000-true-9.png}. */
    private static List<Map.Entry<String, byte[]>> testDigits(int count) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (int i = Mnist.TRAIN; i < Mnist.TRAIN + count; i++) {
            out.add(Map.entry("digit-" + i + "-true-" + Mnist.label(i) + ".png", Mnist.png(i)));
        }
        return out;
    }

    private List<Map.Entry<String, byte[]>> images(Path samples) throws IOException {
        if (!Files.isDirectory(samples)) {
            throw new ParameterException(spec.commandLine(), "sample directory " + samples
                    + " does not exist (run from the project root, or pass --samples DIR)");
        }
        try (Stream<Path> files = Files.walk(samples)) {
            List<Map.Entry<String, byte[]>> out = new ArrayList<>();
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList()) {
                out.add(Map.entry(p.getFileName().toString(), Files.readAllBytes(p)));
            }
            return out;
        }
    }

    /** A one-node KRaft broker in this JVM, able to run transactions (exactly-once) and take 20 MB records. */
    private EmbeddedKafkaKraftBroker startBroker() throws IOException {
        say("starting a Kafka broker (KRaft) in this JVM ...");
        EmbeddedKafkaKraftBroker broker = InJvmBroker.start();
        String bootstrap = broker.getBrokersAsString();
        say("broker at " + bootstrap);
        if (bootstrapFile != null) {
            Files.writeString(bootstrapFile, bootstrap + "\n");
        }
        return broker;
    }

    private static void publish(String bootstrap, String topic, List<Map.Entry<String, byte[]>> images) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 22020096),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> image : images) {
                producer.send(new ProducerRecord<>(topic, image.getKey().getBytes(StandardCharsets.UTF_8), image.getValue()));
            }
        }
        say("published " + images.size() + " images to topic '" + topic + "' (key = file name); results follow");
    }

    /** Prints every result and dead letter; with exactly-once, only committed ones (read_committed). */
    private static void printResults(String bootstrap, CnnstreamProperties settings, int expected, boolean exitWhenDone,
                                     AtomicBoolean stopping, DigitScore score) {
        AtomicInteger seen = new AtomicInteger();
        String isolation = settings.delivery() == CnnstreamProperties.Delivery.EXACTLY_ONCE ? "read_committed" : "read_uncommitted";
        String deadLetters = settings.topics().deadLetter();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "cnnstream-demo-printer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 22020096,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(settings.topics().output(), deadLetters));
            while (!stopping.get() && !(exitWhenDone && seen.get() >= expected)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(score == null ? describe(r, deadLetters) : score.describe(r, deadLetters));
                    if (seen.incrementAndGet() == expected && score != null) {
                        say(score.summary());
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            if (!stopping.get()) {
                throw e;
            }
        }
    }

    static String describe(ConsumerRecord<byte[], byte[]> r, String deadLetters) {
        String key = r.key() == null ? "(no key)" : new String(r.key(), StandardCharsets.UTF_8);
        if (r.topic().equals(deadLetters)) {
            return String.format("%-28s DEAD LETTER  %s", key, header(r, "kafka_dlt-exception-message"));
        }
        JsonNode v = JSON.readTree(r.value());
        String untrained = "untrained".equals(v.get("model").get("sha256").asString()) ? "  (UNTRAINED weights)" : "";
        return String.format("%-28s %-28s %6.2f%%  batch %d, %.0f ms%s", key, v.get("label").asString(),
                100 * v.get("probability").asDouble(), v.get("batchSize").asInt(), v.get("inferenceMillis").asDouble(), untrained);
    }

    /** The digit demo's tally: each result's predicted digit against the true one in its key. */
    static final class DigitScore {
        private int right;
        private int answered;

        String describe(ConsumerRecord<byte[], byte[]> r, String deadLetters) {
            if (r.topic().equals(deadLetters)) {
                answered++;
                return Demo.describe(r, deadLetters);
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String truth = key.substring(key.indexOf("-true-") + 6, key.indexOf(".png"));
            JsonNode v = JSON.readTree(r.value());
            String predicted = v.get("label").asString();
            boolean ok = truth.equals(predicted);
            answered++;
            right += ok ? 1 : 0;
            return String.format("%-28s true %s  predicted %s  %6.2f%%  %s", key, truth, predicted,
                    100 * v.get("probability").asDouble(), ok ? "right" : "WRONG");
        }

        String summary() {
            return String.format("read %d of %d test digits right (%.1f%%)", right, answered, 100.0 * right / answered);
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void say(String line) {
        System.out.println("demo: " + line);
    }
}
