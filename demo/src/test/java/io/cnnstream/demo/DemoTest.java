package io.cnnstream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The demo as a user runs it, in this JVM: every sample answered, whatever the topics and delivery mode. */
class DemoTest {
    private static final Path SAMPLES = Path.of("..", "samples", "images");
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void renamedTopicsAreThoseThePublisherAndPrinterUse() throws Exception {
        String out = runToCompletion("--cnnstream.topics.input=photos", "--cnnstream.topics.output=labels",
                "--cnnstream.topics.dead-letter=photos.DLT");
        assertTrue(out.contains("published " + samples() + " images to topic 'photos'"), out);
        assertEquals(samples(), answers(out), out);
        assertTrue(!out.contains("Bootstrap metadata") && !out.contains("Formatting metadata directory"),
                "the broker's storage formatter prints nothing: " + out);
    }

    @Test
    void exactlyOnceDeliveryAnswersEverySample() throws Exception {
        String out = runToCompletion("--cnnstream.delivery=exactly-once");
        assertEquals(samples(), answers(out), out);
    }

    @Test
    void theLeNet5DemoReadsTestDigitsThroughKafkaAndScoresThem() throws Exception {
        String out = runToCompletion("--model", "lenet5", "--digits", "30");
        assertTrue(out.contains("published 30 images"), out);
        long right = out.lines().filter(l -> l.startsWith("digit-") && l.endsWith("right")).count();
        long wrong = out.lines().filter(l -> l.startsWith("digit-") && l.endsWith("WRONG")).count();
        assertEquals(30, right + wrong, out);
        assertTrue(right >= 28, out);
        assertTrue(out.contains("demo: read " + right + " of 30 test digits right"), out);
    }

    @Test
    void brokerOnlyStartsAReachableBrokerAndWritesItsAddress() throws Exception {
        Path file = dir.resolve("bootstrap.txt");
        Thread demo = new Thread(() -> new CommandLine(new Demo()).execute("--broker-only", "--bootstrap-file", file.toString()));
        demo.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String bootstrap = Files.readString(file).strip();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            }
        } finally {
            demo.interrupt();
            demo.join(30_000);
        }
    }

    @Test
    void brokerOnlyTakesNoServiceSettings() {
        assertEquals(2, new CommandLine(new Demo()).execute("--broker-only", "--cnnstream.batch.max-size=4"));
    }

    private String runToCompletion(String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--exit-when-done", "--port", "0", "--samples", SAMPLES.toString(),
                "--cnnstream.batch.max-size=4", "--cnnstream.model.warmup-batches=1"));
        args.addAll(List.of(settings));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int status = assertTimeoutPreemptively(LIMIT, () -> new CommandLine(new Demo()).execute(args.toArray(String[]::new)));
            assertEquals(0, status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }

    private static long answers(String out) {
        return out.lines().filter(l -> l.contains("(UNTRAINED weights)") || l.contains("DEAD LETTER")).count();
    }

    private static long samples() throws Exception {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).count();
        }
    }
}
