package io.cnnstream.demo;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.ClassifierSpec;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.api.Input;
import io.cnnstream.service.CnnstreamApplication;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user of the service gets through Kafka, measured beside what the engine does in-process in
 * the same run: a real KRaft broker in this JVM, N encoded images (the sample photos, or 224-pixel
 * JPEG copies of them, and a share of undecodable records) on an input topic of P partitions, the
 * service in this JVM, and every result and dead letter read back. Backlog mode pre-loads every
 * record before the service starts (throughput); a rate sends them at R records/s (latency).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end benchmark: records/s and latency through a real broker and the service, beside the "
                + "in-process capacity of the same engine on the same images, in one run.")
final class EndToEndBenchmark implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--records", defaultValue = "480", description = "records to send (default: ${DEFAULT-VALUE})")
    private int records;

    @Option(names = "--partitions", defaultValue = "1", description = "input topic partitions (default: ${DEFAULT-VALUE})")
    private int partitions;

    @Option(names = "--bad-share", defaultValue = "0.0", description = "share of undecodable records (default: ${DEFAULT-VALUE})")
    private double badShare;

    @Option(names = "--size", defaultValue = "sample", description = "sample (the photos as they are) or 224 "
            + "(224-pixel JPEG copies, as producers that resize send) (default: ${DEFAULT-VALUE})")
    private String size;

    @Option(names = "--rate", defaultValue = "0", description = "records/s sent while the service runs; 0: a backlog "
            + "loaded before it starts (default: ${DEFAULT-VALUE})")
    private double rate;

    @Option(names = "--batch", defaultValue = "16", description = "cnnstream.batch.max-size (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--threads", defaultValue = "2", description = "engine worker threads of each instance (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--instances", defaultValue = "1", description = "service instances in one consumer group, started one "
            + "after the other (each later one joins while the earlier ones work); the in-process capacity is measured on "
            + "instances x threads threads (default: ${DEFAULT-VALUE})")
    private int instances;

    @Option(names = "--model", defaultValue = "alexnet", description = "default: ${DEFAULT-VALUE}")
    private String model;

    @Option(names = "--weights", description = "the model's weights (default: seeded)")
    private Path weights;

    @Option(names = "--delivery", defaultValue = "at-least-once", split = ",", description = "at-least-once and/or "
            + "exactly-once; both (comma-separated) run one after the other in this run, on the same records")
    private List<String> deliveries;

    /** The delivery mode of the pass being run. */
    private String delivery;

    /** Records the last pass saw answered more than once. */
    private int duplicates;

    @Option(names = "--samples", defaultValue = "samples/images", description = "photos to send (default: ${DEFAULT-VALUE})")
    private Path samples;

    @Option(names = "--json", description = "one JSON object on stdout after the table")
    private boolean json;

    @Option(names = "--plots", paramLabel = "DIR", description = "write PNG plots there: throughput over time, "
            + "latency CDF, batch sizes")
    private Path plots;

    @Option(names = "--service", paramLabel = "KEY=VALUE", description = "a service setting for every instance, "
            + "e.g. --service spring.kafka.consumer.fetch-min-size=100000 (repeatable)")
    private List<String> serviceSettings = new ArrayList<>();

    /** One sent record and what came back for it. */
    record Outcome(String key, long sentMillis, long answeredMillis, boolean deadLetter, int batchSize) {
    }

    @Override
    public Integer call() throws Exception {
        List<byte[]> photos = photos();
        List<byte[]> payloads = payloads(photos);
        say("%d records (%s images, %.0f %% undecodable), %d partition(s), batch %d, %d instance(s) x %d threads, %s, %s",
                records, size, 100 * badShare, partitions, batch, instances, threads, model, String.join(" then ", deliveries));

        Capacity capacity = inProcess(photos);
        say("in-process: %.1f records/s decoded + classified, engine alone %.1f images/s (decode %.0f %% of the time)",
                capacity.recordsPerSecond(), capacity.engineImagesPerSecond(), 100 * capacity.decodeShare());

        int status = 0;
        Map<String, Result> results = new LinkedHashMap<>();
        for (String mode : deliveries) {
            if (!mode.equals("at-least-once") && !mode.equals("exactly-once")) {
                throw new IllegalArgumentException("--delivery takes at-least-once and/or exactly-once, got '" + mode + "'");
            }
            delivery = mode;
            Result result = pass(capacity, photos, payloads);
            results.put(mode, result);
            status = Math.max(status, result.status());
        }
        if (results.size() > 1) {
            Result first = results.get(deliveries.get(0)), second = results.get(deliveries.get(1));
            say("%s / %s throughput, first to last answer: %.1f / %.1f records/s = %.2fx", deliveries.get(1),
                    deliveries.get(0), second.steady(), first.steady(), second.steady() / first.steady());
        }
        return status;
    }

    /** What one pass gave: its exit status and throughputs (from the service ready, first to last answer). */
    record Result(int status, double fromReady, double steady) {
    }

    /** One run through a fresh broker and service in the current delivery mode. */
    private Result pass(Capacity capacity, List<byte[]> photos, List<byte[]> payloads) throws Exception {
        EmbeddedKafkaKraftBroker broker = InJvmBroker.start();
        String bootstrap = broker.getBrokersAsString();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("images", partitions, (short) 1))).all().get();
        }
        Map<String, Long> sent = new HashMap<>();
        if (rate <= 0) {
            send(bootstrap, payloads, sent, 0);
        }
        long start = System.currentTimeMillis();
        List<ConfigurableApplicationContext> services = new CopyOnWriteArrayList<>(); // the sampler reads it
        ScaleOut watch = null;
        try {
            services.add(startService(bootstrap, 1));
            long serviceReady = System.currentTimeMillis();
            watch = ScaleOut.watch(bootstrap, services, serviceReady);
            CpuShares cpu = CpuShares.start();
            Thread producer = null;
            if (rate > 0) {
                awaitProbe(bootstrap, photos.get(0)); // the group has joined and a batch has run: no start-up backlog
                serviceReady = System.currentTimeMillis();
                cpu = CpuShares.start();
                producer = new Thread(() -> send(bootstrap, payloads, sent, rate), "bench-producer");
                producer.start();
            }
            for (int i = 2; i <= instances; i++) {
                services.add(startService(bootstrap, i)); // joins the group while the first ones work: a rebalance
            }
            List<Outcome> outcomes = collect(bootstrap, records, sent);
            if (producer != null) {
                producer.join();
            }
            return report(capacity, outcomes, serviceReady, start, cpu.since(), watch);
        } finally {
            if (watch != null) {
                watch.close();
            }
            services.forEach(ConfigurableApplicationContext::close);
            broker.destroy();
        }
    }

    private List<byte[]> photos() throws IOException {
        List<byte[]> photos = new ArrayList<>();
        try (Stream<Path> files = Files.list(samples)) {
            for (Path p : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(p);
                photos.add(size.equals("224") ? resized(bytes, 224) : bytes);
            }
        }
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("no photos in " + samples);
        }
        return photos;
    }

    /** A JPEG of the photo scaled to {@code side} pixels on its shorter side, as a resizing producer sends. */
    private static byte[] resized(byte[] photo, int side) throws IOException {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(photo));
        double scale = side / (double) Math.min(image.getWidth(), image.getHeight());
        int w = Math.max(side, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(side, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(small, "jpg", out);
        return out.toByteArray();
    }

    private List<byte[]> payloads(List<byte[]> photos) {
        SplittableRandom random = new SplittableRandom(1);
        List<byte[]> payloads = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            payloads.add(random.nextDouble() < badShare ? ("not an image " + i).getBytes(StandardCharsets.UTF_8)
                    : photos.get(i % photos.size()));
        }
        return payloads;
    }

    record Capacity(double recordsPerSecond, double engineImagesPerSecond, double decodeShare) {
    }

    /** The same engine, model and threads on the same encoded images, no Kafka: the ceiling for the service. */
    private Capacity inProcess(List<byte[]> photos) {
        try (Engine engine = Engine.start(threads * instances)) {
            Classifier classifier = engine.open(ClassifierSpec.of(model).withWeights(weights));
            classifier.warmUp(batch, 2);
            List<Input> images = new ArrayList<>(), tensors = new ArrayList<>();
            int[] shape = classifier.inputDims();
            byte[] zeros = new byte[4 * Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < batch; i++) {
                images.add(Input.image(photos.get(i % photos.size())));
                tensors.add(Input.tensor(shape, zeros));
            }
            // rounds of images and of tensors taking turns, medians: the machine is shared and noisy
            int passes = Math.max(3, 64 / batch), rounds = 5;
            double[] withDecode = new double[rounds], engineAlone = new double[rounds];
            classifier.classify(images, 5);
            for (int r = 0; r < rounds; r++) {
                withDecode[r] = rate(classifier, images, passes);
                engineAlone[r] = rate(classifier, tensors, passes);
            }
            double decoded = median(withDecode), alone = median(engineAlone);
            return new Capacity(decoded, alone, 1 - decoded / alone);
        }
    }

    private static double rate(Classifier classifier, List<Input> inputs, int passes) {
        long t0 = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            classifier.classify(inputs, 5);
        }
        return passes * inputs.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private ConfigurableApplicationContext startService(String bootstrap, int instance) {
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrap, "--server.port=0",
                "--cnnstream.instance-id=bench-" + instance,
                "--cnnstream.batch.max-size=" + batch, "--cnnstream.workers=" + threads, "--cnnstream.model.name=" + model,
                "--cnnstream.delivery=" + delivery, "--cnnstream.topics.partitions=" + partitions));
        if (weights != null) {
            args.add("--cnnstream.model.weights=" + weights);
        }
        for (String setting : serviceSettings) {
            if (!setting.contains("=")) {
                throw new IllegalArgumentException("--service takes KEY=VALUE, got '" + setting + "'");
            }
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(CnnstreamApplication.class)
                .properties("logging.register-shutdown-hook=false")
                .run(args.toArray(String[]::new));
    }

    /** Sends every payload, keyed {@code r<i>}, at {@code rate} records/s (0: as fast as possible). */
    private void send(String bootstrap, List<byte[]> payloads, Map<String, Long> sent, double rate) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 22020096,
                ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? 0 : 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            long begin = System.nanoTime();
            for (int i = 0; i < payloads.size(); i++) {
                if (rate > 0) {
                    long due = begin + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                String key = "r" + i;
                synchronized (sent) {
                    sent.put(key, System.currentTimeMillis());
                }
                producer.send(new ProducerRecord<>("images", key.getBytes(StandardCharsets.UTF_8), payloads.get(i)));
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one record keyed {@code probe} and waits for its result. */
    private static void awaitProbe(String bootstrap, byte[] photo) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 22020096),
                new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-probe",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            producer.send(new ProducerRecord<>("images", "probe".getBytes(StandardCharsets.UTF_8), photo));
            producer.flush();
            consumer.subscribe(List.of("classifications"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if ("probe".equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        return;
                    }
                }
            }
            throw new IllegalStateException("the probe record got no result within 60 s");
        }
    }

    /** Reads results and dead letters until every key has come back once (or nothing new for 60 s). */
    private List<Outcome> collect(String bootstrap, int expected, Map<String, Long> sent) {
        Map<String, Outcome> seen = new LinkedHashMap<>();
        duplicates = 0;
        String isolation = delivery.equals("exactly-once") ? "read_committed" : "read_uncommitted";
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 22020096), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("classifications", "images.DLT"));
            long quietSince = System.nanoTime();
            Progress progress = new Progress(expected);
            while (seen.size() < expected && System.nanoTime() - quietSince < Duration.ofSeconds(60).toNanos()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    quietSince = System.nanoTime();
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (key.equals("probe")) {
                        continue;
                    }
                    boolean dead = r.topic().equals("images.DLT");
                    JsonNode value = dead ? null : JSON.readTree(r.value());
                    Long sentAt;
                    synchronized (sent) {
                        sentAt = sent.get(key);
                    }
                    Outcome o = new Outcome(key, sentAt == null ? r.timestamp() : sentAt, r.timestamp(), dead,
                            dead ? 0 : value.get("batchSize").asInt());
                    if (seen.putIfAbsent(key, o) != null) {
                        duplicates++;
                    }
                }
                progress.show(seen.size());
            }
            progress.done();
        }
        if (duplicates > 0) {
            say("%d records answered more than once (at-least-once after a retry)", duplicates);
        }
        return new ArrayList<>(seen.values());
    }

    private Result report(Capacity capacity, List<Outcome> outcomes, long serviceReady, long start, CpuShares.Usage cpu,
                          ScaleOut watch)
            throws IOException {
        int missing = records - outcomes.size();
        long first = outcomes.stream().mapToLong(Outcome::answeredMillis).min().orElse(serviceReady);
        long last = outcomes.stream().mapToLong(Outcome::answeredMillis).max().orElse(serviceReady);
        double throughput = outcomes.size() / Math.max(1e-3, (last - serviceReady) / 1000.0);
        long[] latencies = outcomes.stream().mapToLong(o -> o.answeredMillis() - o.sentMillis()).sorted().toArray();
        Map<Integer, Integer> batches = new TreeMap<>();
        outcomes.stream().filter(o -> !o.deadLetter()).forEach(o -> batches.merge(o.batchSize(), 1, Integer::sum));
        long dead = outcomes.stream().filter(Outcome::deadLetter).count();
        String mode = (rate > 0 ? String.format(Locale.ROOT, "steady %.1f records/s", rate) : "backlog") + ", " + delivery;
        System.out.printf(Locale.ROOT, "%n%-44s %12s%n", "end to end, " + mode, "");
        row("records answered (results + dead letters)", outcomes.size() + " of " + records + " (" + dead + " dead letters)");
        row("through Kafka, records/s (service ready to last answer)", String.format(Locale.ROOT, "%.1f", throughput));
        double steady = outcomes.size() <= batch ? throughput
                : (outcomes.size() - batch) / Math.max(1e-3, (last - first) / 1000.0);
        row("through Kafka, records/s (first to last answer)", String.format(Locale.ROOT, "%.1f", steady));
        row("in-process capacity, records/s (same images, no Kafka)", String.format(Locale.ROOT, "%.1f",
                capacity.recordsPerSecond()));
        row("ratio to in-process (from ready; first to last answer)", String.format(Locale.ROOT, "%.2fx; %.2fx",
                throughput / capacity.recordsPerSecond(), steady / capacity.recordsPerSecond()));
        row("engine alone, images/s (preprocessed tensors)", String.format(Locale.ROOT, "%.1f", capacity.engineImagesPerSecond()));
        row("latency p50 / p95 / p99 / max, ms (sent to answered)", String.format(Locale.ROOT, "%d / %d / %d / %d",
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1]));
        row("batch sizes (size: results)", batches.toString());
        row("service start-up (model load and warm-up), s", String.format(Locale.ROOT, "%.1f", (serviceReady - start) / 1e3));
        row("first to last answer, s", String.format(Locale.ROOT, "%.1f", (last - first) / 1e3));
        row("cores busy (process CPU / wall time, from ready)", String.format(Locale.ROOT, "%.2f", cpu.coresBusy()));
        double total = cpu.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        cpu.cpuSeconds().forEach((group, seconds) -> row("  CPU, " + group + ", s (share)",
                String.format(Locale.ROOT, "%.1f (%.0f %%)", seconds, 100 * seconds / total)));
        row("GC pauses, s", String.format(Locale.ROOT, "%.2f", cpu.gcPauseSeconds()));
        long[] answers = outcomes.stream().mapToLong(Outcome::answeredMillis).sorted().toArray();
        long gap = 0;
        for (int i = 1; i < answers.length; i++) {
            gap = Math.max(gap, answers[i] - answers[i - 1]);
        }
        row("longest gap between answers, s (a rebalance shows here)", String.format(Locale.ROOT, "%.2f", gap / 1e3));
        List<ScaleOut.Instance> members = watch.instances();
        for (ScaleOut.Instance member : members) {
            row("instance " + member.id(), ScaleOut.describe(member, (last - first) / 1e3));
        }
        List<ScaleOut.Sample> samples = watch.samples();
        long maxLag = samples.stream().mapToLong(ScaleOut.Sample::lag).max().orElse(-1);
        row("group lag on the input, max (sampled every 0.5 s)", maxLag < 0 ? "unknown" : String.valueOf(maxLag));
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("mode", rate > 0 ? "steady" : "backlog");
            j.put("rate", rate);
            j.put("records", records);
            j.put("answered", outcomes.size());
            j.put("duplicates", duplicates);
            j.put("deadLetters", dead);
            j.put("recordsPerSecond", throughput);
            j.put("steadyRecordsPerSecond", steady);
            j.put("inProcessRecordsPerSecond", capacity.recordsPerSecond());
            j.put("engineImagesPerSecond", capacity.engineImagesPerSecond());
            j.put("latencyMs", Map.of("p50", percentile(latencies, 50), "p95", percentile(latencies, 95),
                    "p99", percentile(latencies, 99), "max", latencies.length == 0 ? 0 : latencies[latencies.length - 1]));
            j.put("batchSizes", batches);
            j.put("cpuSeconds", cpu.cpuSeconds());
            j.put("coresBusy", cpu.coresBusy());
            j.put("gcPauseSeconds", cpu.gcPauseSeconds());
            j.put("longestGapSeconds", gap / 1e3);
            j.put("instances", members);
            j.put("maxLag", maxLag);
            j.put("size", size);
            j.put("partitions", partitions);
            j.put("delivery", delivery);
            System.out.println(JSON.writeValueAsString(j));
        }
        if (plots != null) {
            String prefix = (rate > 0 ? "steady" + (int) rate : "backlog") + "-" + size
                    + (delivery.equals("exactly-once") ? "-eos" : "");
            prefix += instances > 1 ? "-x" + instances : "";
            for (Path file : BenchmarkPlots.write(plots, prefix, mode + ", " + size + " images, batch " + batch
                    + (instances > 1 ? ", " + instances + " instances" : ""), outcomes, serviceReady, batches, samples)) {
                say("wrote %s", file);
            }
        }
        if (missing > 0) {
            System.err.println("bench: " + missing + " records never answered: LOST");
            return new Result(1, throughput, steady);
        }
        if (duplicates > 0 && delivery.equals("exactly-once")) {
            System.err.println("bench: " + duplicates + " records answered twice under exactly-once: DUPLICATED");
            return new Result(1, throughput, steady);
        }
        return new Result(0, throughput, steady);
    }

    /** "answered 240 of 480" on a terminal, rewritten in place; every tenth of the run as plain lines otherwise. */
    private static final class Progress {
        private final int total;
        private final boolean terminal = System.console() != null;
        private int shownTenth = -1;

        Progress(int total) {
            this.total = total;
        }

        void show(int answered) {
            if (terminal) {
                System.out.printf(Locale.ROOT, "\rbench: answered %d of %d", answered, total);
            } else if (answered * 10 / Math.max(1, total) > shownTenth) {
                shownTenth = answered * 10 / Math.max(1, total);
                System.out.printf(Locale.ROOT, "bench: answered %d of %d%n", answered, total);
            }
        }

        void done() {
            if (terminal) {
                System.out.println();
            }
        }
    }

    private static void row(String what, String value) {
        System.out.printf(Locale.ROOT, "  %-56s %s%n", what, value);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void say(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
