package io.cnnstream.demo.chaos;

import io.cnnstream.engine.train.Mnist;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One run of the fault suite, in this order: two instances started while the broker is down (they
 * must stay not ready, then become ready once it is up); records produced in bursts; instance a
 * killed (SIGKILL) the moment its {@code cnnstream_records_in_flight} is above 0, and restarted;
 * the broker killed and restarted on its data; a third instance joining and leaving (two
 * rebalances); a partition added to the input topic; instance b killed mid-batch and restarted; the
 * output topic deleted and created again.
 * Then every key is counted by a {@code read_committed} reader, and the group must have committed
 * every input offset with every instance ready.
 */
final class FaultRun {
    static final String INPUT = "images", OUTPUT = "classifications", DEAD_LETTERS = "images.DLT", GROUP = "cnnstream";

    /** One thing that happened, seconds from the start of the run. */
    record Event(double atSeconds, String what, String detail) {
    }

    /** What the run found; {@link #passed} says whether the delivery guarantee held. */
    record Report(String delivery, String model, int rate, int burst, int partitions, int sent, int results, int deadLetters,
                  int goneWithDeletedTopic, int lost, int duplicates, long lag, boolean instancesReady, List<Event> events,
                  List<String> failures) {
        boolean passed() {
            return failures.isEmpty();
        }

        String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "chaos (%s, %s): %d records/s in bursts of %d over %d input partitions%n  %7s  %-34s %s%n",
                    delivery, model, rate, burst, partitions, "at (s)", "event", "detail"));
            for (Event e : events) {
                out.append(String.format(Locale.ROOT, "  %7.1f  %-34s %s%n", e.atSeconds, e.what, e.detail));
            }
            out.append(String.format(Locale.ROOT, "  sent %d, answered %d (%d results, %d dead letters)%s: %d lost, %d duplicates,"
                    + " lag %d, instances ready: %s%n  %s", sent, results + deadLetters, results, deadLetters,
                    goneWithDeletedTopic == 0 ? "" : ", " + goneWithDeletedTopic + " gone with the deleted output topic", lost, duplicates,
                    lag, instancesReady ? "yes" : "NO", passed() ? "PASS" : "FAIL: " + String.join("; ", failures)));
            return out.toString();
        }
    }

    /** The answers read after a fault: how long the reader waited for the next one. */
    private record Stall(Event event, long sinceMillis) {
    }

    private final List<Stall> stalls = new ArrayList<>();
    /** Records sent this long after a fault are the ones it delays. */
    private static final long STALL_WINDOW_MILLIS = 5_000;

    private long addedPartitionAt;
    private Event partitionEvent;
    private final ChaosCommand options;
    private final String delivery;
    private final Path runDir;
    private final Path serviceJar, demoJar, jvmOptions;
    private final String javaCommand = ProcessHandle.current().info().command().orElse("java");
    private final int brokerPort = freePort(), controllerPort = freePort();
    private final String bootstrap = "localhost:" + brokerPort;
    private final long startMillis = System.currentTimeMillis();
    private final List<Event> events = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> sentPartition = new ConcurrentHashMap<>();
    private final Map<String, Long> sentOffset = new ConcurrentHashMap<>();
    /** Input offsets the group had committed while the output topic was gone: answers below them went into the deleted topic. */
    private final Map<TopicPartition, Long> committedWhileDeleted = new HashMap<>();
    private Event deletionEvent;
    private final Tally tally = new Tally();
    private final AtomicInteger results = new AtomicInteger(), deadLetters = new AtomicInteger();
    private final AtomicBoolean stopReading = new AtomicBoolean(), stopProducing = new AtomicBoolean();
    private AtomicBoolean stopReadingOutput = new AtomicBoolean();
    /** The output topic's incarnations read so far: a recreated topic's offsets start again at 0. */
    private final AtomicInteger outputGeneration = new AtomicInteger();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> producerFailure = new AtomicReference<>();

    FaultRun(ChaosCommand options, String delivery, Path runDir, Path serviceJar, Path demoJar, Path jvmOptions) throws IOException {
        this.options = options;
        this.delivery = delivery;
        this.runDir = runDir;
        this.serviceJar = serviceJar;
        this.demoJar = demoJar;
        this.jvmOptions = jvmOptions;
    }

    Report execute() throws Exception {
        ChildProcess broker = new ChildProcess("broker", List.of(javaCommand, "-Xmx1g", "-jar", demoJar.toString(), "broker",
                "--dir", runDir.resolve("kafka").toString(), "--port", "" + brokerPort, "--controller-port", "" + controllerPort), runDir);
        ServiceInstance a = instance("a"), b = instance("b"), c = instance("c");
        List<ChildProcess> all = List.of(broker, a, b, c);
        try {
            brokerDownAtStartUp(broker, a, b);
            Thread deadLetterReader = daemon("chaos-reader-dlt", () -> read(DEAD_LETTERS, DEAD_LETTERS, stopReading));
            Thread outputReader = outputReader();
            Thread producer = daemon("chaos-producer", this::produce);
            try (Admin admin = admin()) {
                Thread.sleep(5_000);
                killMidBatch(a);
                Thread.sleep(3_000);
                restartBroker(broker);
                if (!options.shortRun) {
                    Thread.sleep(3_000);
                    joinAndLeave(c);
                    Thread.sleep(3_000);
                    addPartition(admin);
                    Thread.sleep(5_000);
                    killMidBatch(b);
                    Thread.sleep(3_000);
                    outputReader = deleteOutputTopic(admin, outputReader, a, b);
                }
                if (options.rollingRestart) {
                    Thread.sleep(3_000);
                    rollingRestart(a, b);
                }
                Thread.sleep(5_000);
                stopProducing.set(true);
                producer.join();
                if (producerFailure.get() != null) {
                    failures.add("the producer failed: " + producerFailure.get());
                }
                awaitAnswers();
                long lag = awaitNoLag(admin);
                boolean ready = awaitReady(a, 30) && awaitReady(b, 30);
                stopReading.set(true);
                stopReadingOutput.set(true);
                deadLetterReader.join(10_000);
                outputReader.join(10_000);
                return report(lag, ready, all);
            }
        } finally {
            for (ChildProcess p : all) {
                p.stop(60);
            }
        }
    }

    private ServiceInstance instance(String name) {
        int port = freePort();
        return new ServiceInstance("instance-" + name, serviceCommand(name, port), port, runDir);
    }

    private List<String> serviceCommand(String name, int port) {
        List<String> command = new ArrayList<>(List.of(javaCommand, "@" + jvmOptions, "-Xmx512m", "-jar", serviceJar.toString(),
                "--spring.kafka.bootstrap-servers=" + bootstrap, "--server.port=" + port,
                "--cnnstream.model.name=" + options.model, "--cnnstream.delivery=" + delivery,
                "--cnnstream.instance-id=chaos-" + name, "--cnnstream.topics.create=false"));
        for (String setting : options.serviceSettings) {
            command.add("--" + setting);
        }
        return command;
    }

    /** The instances start first: not ready while there is no broker, ready once there is. */
    private void brokerDownAtStartUp(ChildProcess broker, ServiceInstance a, ServiceInstance b) throws Exception {
        a.start();
        b.start();
        long until = System.currentTimeMillis() + 8_000;
        while (System.currentTimeMillis() < until) {
            if (a.ready() || b.ready()) {
                failures.add("an instance was ready with no broker");
                break;
            }
            Thread.sleep(200);
        }
        startBroker(broker);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(INPUT, options.partitions, (short) 1),
                    new NewTopic(OUTPUT, options.partitions, (short) 1), new NewTopic(DEAD_LETTERS, options.partitions, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        long up = System.currentTimeMillis();
        boolean ready = awaitReady(a, 120) & awaitReady(b, 120);
        event("broker down at start-up", String.format(Locale.ROOT, "a, b not ready for the broker's first 8 s; %s %.1f s after "
                + "it came up", ready ? "both ready" : "NOT READY", (System.currentTimeMillis() - up) / 1e3));
        if (!ready) {
            failures.add("the instances did not become ready after the broker came up");
        }
    }

    private void startBroker(ChildProcess broker) throws Exception {
        int before = broker.occurrences(BrokerCommand.READY);
        broker.start();
        long until = System.currentTimeMillis() + 60_000;
        while (broker.occurrences(BrokerCommand.READY) == before) {
            if (!broker.alive() || System.currentTimeMillis() > until) {
                throw new IllegalStateException("the broker did not start:\n" + broker.tail(30));
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL the moment a batch is in flight (a poll decoded, classified or awaiting its acknowledgements), then a restart. */
    private void killMidBatch(ServiceInstance victim) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        int inFlight;
        while ((inFlight = victim.recordsInFlight()) == 0) {
            if (System.currentTimeMillis() > until) {
                failures.add(victim.name + " had no batch in flight to kill within 30 s");
                return;
            }
            Thread.sleep(5);
        }
        victim.kill();
        long killed = System.currentTimeMillis();
        victim.start(); // as Kubernetes restarts a pod: at once, the same instance id
        boolean ready = awaitReady(victim, 120);
        double readySeconds = (System.currentTimeMillis() - killed) / 1e3;
        Event event = event("SIGKILL " + victim.name.replace("instance-", "") + ", " + inFlight + " records in flight",
                String.format(Locale.ROOT, "restarted: %s after %.1f s", ready ? "ready" : "NOT READY", readySeconds));
        if (!ready) {
            failures.add(victim.name + " not ready 120 s after its restart");
        }
        stalls.add(new Stall(event, killed));
    }

    private void restartBroker(ChildProcess broker) throws Exception {
        broker.kill();
        long down = System.currentTimeMillis();
        Thread.sleep(3_000);
        startBroker(broker);
        long up = System.currentTimeMillis();
        stalls.add(new Stall(event("SIGKILL broker, restart", String.format(Locale.ROOT, "down %.1f s", (up - down) / 1e3)), up));
    }

    /** A third instance joins (a rebalance) and, once it holds partitions, stops gracefully (another). */
    private void joinAndLeave(ServiceInstance c) throws Exception {
        long start = System.currentTimeMillis();
        c.start();
        boolean ready = awaitReady(c, 120);
        double joined = (System.currentTimeMillis() - start) / 1e3;
        Thread.sleep(2_000);
        long leave = System.currentTimeMillis();
        c.stop(60);
        event("c joins, then leaves (SIGTERM)", String.format(Locale.ROOT, "%s %.1f s after its start; stopped in %.1f s",
                ready ? "ready" : "NOT READY", joined, (System.currentTimeMillis() - leave) / 1e3));
        if (!ready) {
            failures.add("the third instance never became ready");
        }
    }

    /** Each instance in turn stopped gracefully and started again, the next once it is ready: the group's rebalances it caused. */
    private void rollingRestart(ServiceInstance... instances) throws Exception {
        int before = maxGeneration(instances);
        long start = System.currentTimeMillis();
        for (ServiceInstance instance : instances) {
            instance.stop(60);
            instance.start();
            if (!awaitReady(instance, 120)) {
                failures.add(instance.name + " not ready 120 s after its rolling restart");
            }
        }
        Thread.sleep(2_000); // a rebalance the last one started shows in the others' logs by then
        int rebalances = maxGeneration(instances) - before;
        Event event = event("rolling restart of " + instances.length, String.format(Locale.ROOT,
                "%.1f s; the group's generation went from %d to %d: %d rebalance(s)",
                (System.currentTimeMillis() - start) / 1e3, before, before + rebalances, rebalances));
        stalls.add(new Stall(event, start));
    }

    private static int maxGeneration(ServiceInstance... instances) throws IOException {
        int max = 0;
        for (ServiceInstance instance : instances) {
            max = Math.max(max, instance.maxGeneration());
        }
        return max;
    }

    private void addPartition(Admin admin) throws Exception {
        admin.createPartitions(Map.of(INPUT, NewPartitions.increaseTo(options.partitions + 1))).all().get(30, TimeUnit.SECONDS);
        addedPartitionAt = System.currentTimeMillis();
        partitionEvent = event("input partition " + options.partitions + " added", "");
        // the next fault waits for its first answer: a member killed during the rebalance the new partition
        // starts would hold that rebalance until its session expires, and the figure would be the kill's
        long until = addedPartitionAt + 120_000;
        while (tally.firstAnswerOf(keysOn(options.partitions), addedPartitionAt) < 0 && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
    }

    private List<String> keysOn(int partition) {
        return sentPartition.entrySet().stream().filter(e -> e.getValue() == partition).map(Map.Entry::getKey).toList();
    }

    private void produce() {
        SplittableRandom random = new SplittableRandom(42);
        int bad = (int) Math.round(1 / Math.max(options.badShare, 1e-9));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.METADATA_MAX_AGE_CONFIG, 1_000), // sees the added partition at once
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; !stopProducing.get(); i++) {
                String key = String.format(Locale.ROOT, "chaos-%06d", i);
                byte[] value;
                if (options.badShare > 0 && i % bad == bad - 1) {
                    value = new byte[64 + random.nextInt(4096)];
                    random.nextBytes(value);
                } else {
                    value = Mnist.png(Mnist.TRAIN + i % (Mnist.TOTAL - Mnist.TRAIN));
                }
                producer.send(new ProducerRecord<>(INPUT, key.getBytes(StandardCharsets.UTF_8), value), (meta, e) -> {
                    if (e != null) {
                        producerFailure.compareAndSet(null, e);
                    } else {
                        sentPartition.put(key, meta.partition());
                        sentOffset.put(key, meta.offset());
                        sentAt.put(key, System.currentTimeMillis());
                        sent.add(key);
                    }
                });
                if (i % options.burst == options.burst - 1) {
                    producer.flush();
                    Thread.sleep(1000L * options.burst / options.rate);
                }
            }
            producer.flush();
        } catch (Exception e) {
            producerFailure.compareAndSet(null, e);
        }
    }

    /** A reader of the output topic, from its beginning; a new one after the topic is recreated. */
    private Thread outputReader() {
        AtomicBoolean stop = new AtomicBoolean();
        stopReadingOutput = stop;
        String generation = OUTPUT + "#" + outputGeneration.incrementAndGet();
        return daemon("chaos-reader-output", () -> read(OUTPUT, generation, stop));
    }

    private void read(String topic, String generation, AtomicBoolean stop) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "chaos-reader-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (tally.saw(generation + "/" + r.partition() + "@" + r.offset(), r.key(), System.currentTimeMillis())) {
                        (r.topic().equals(OUTPUT) ? results : deadLetters).incrementAndGet();
                    }
                }
            }
        }
    }

    /**
     * The output topic deleted under load and, {@code --output-gone} seconds later, created again (the
     * broker does not create topics): the instances must hold every record meanwhile, neither
     * committing it nor giving up on it, and answer it into the new topic. Answers already in the
     * deleted topic that the reader had not read are gone with it; they are the records whose input
     * offsets were committed before the topic came back, and only those may be missing at the end.
     */
    private Thread deleteOutputTopic(Admin admin, Thread outputReader, ServiceInstance... instances) throws Exception {
        stopReadingOutput.set(true);
        outputReader.join();
        admin.deleteTopics(List.of(OUTPUT)).all().get(30, TimeUnit.SECONDS);
        long deleted = System.currentTimeMillis();
        deletionEvent = event("output topic deleted", "");
        boolean allReady = true;
        while (System.currentTimeMillis() < deleted + options.outputGoneSeconds * 1000L) {
            for (ServiceInstance instance : instances) {
                allReady &= instance.alive() && instance.ready();
            }
            Thread.sleep(500);
        }
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                .forEach((tp, o) -> committedWhileDeleted.put(tp, o.offset()));
        long until = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(OUTPUT, options.partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException) || System.currentTimeMillis() > until) {
                    throw e; // TopicExistsException: the broker is still deleting the old one
                }
                Thread.sleep(500);
            }
        }
        long recreatedAt = System.currentTimeMillis();
        deletionEvent = replace(deletionEvent, String.format(Locale.ROOT, "created again %.1f s later; instances %s while it "
                + "was gone", (recreatedAt - deleted) / 1e3, allReady ? "stayed ready" : "were NOT all ready"));
        stalls.add(new Stall(deletionEvent, deleted));
        return outputReader();
    }

    private void awaitAnswers() throws InterruptedException {
        long until = System.currentTimeMillis() + options.answerTimeoutSeconds * 1000L;
        while (!answeredAll() && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        event("last answer read", answeredAll() ? "every key answered"
                : "timed out after " + options.answerTimeoutSeconds + " s");
    }

    /** Every key sent is answered, but those whose answers went into a deleted output topic. */
    private boolean answeredAll() {
        return tally.lost(sent).stream().allMatch(this::answeredIntoDeletedTopic);
    }

    /** Waits until the group has committed every input offset; the lag left (0 when nothing is stuck). */
    private long awaitNoLag(Admin admin) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        long lag;
        while ((lag = lag(admin)) != 0 && System.currentTimeMillis() < until) {
            Thread.sleep(500);
        }
        return lag;
    }

    private static long lag(Admin admin) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        int count = admin.describeTopics(List.of(INPUT)).allTopicNames().get().get(INPUT).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < count; p++) {
            latest.put(new TopicPartition(INPUT, p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static boolean awaitReady(ServiceInstance instance, int seconds) throws InterruptedException {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (!instance.ready()) {
            if (System.currentTimeMillis() > until || !instance.alive()) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private Report report(long lag, boolean ready, List<ChildProcess> processes) {
        List<String> unanswered = tally.lost(sent);
        Set<String> gone = unanswered.stream().filter(this::answeredIntoDeletedTopic).collect(Collectors.toSet());
        List<String> lost = unanswered.stream().filter(k -> !gone.contains(k)).toList();
        if (deletionEvent != null) {
            Event before = deletionEvent;
            deletionEvent = replace(before, before.detail() + "; " + gone.size() + " answers gone with it (their input offsets "
                    + "were committed before it came back)");
            stalls.replaceAll(s -> s.event == before ? new Stall(deletionEvent, s.sinceMillis) : s);
        }
        for (Stall s : stalls) {
            long next = tally.nextAnswerAfter(s.sinceMillis);
            List<String> after = sentAt.entrySet().stream().filter(e -> e.getValue() >= s.sinceMillis
                    && e.getValue() < s.sinceMillis + STALL_WINDOW_MILLIS).map(Map.Entry::getKey)
                    .filter(k -> !gone.contains(k)).toList();
            int i = events.indexOf(s.event);
            events.set(i, new Event(s.event.atSeconds(), s.event.what(), s.event.detail() + String.format(Locale.ROOT,
                    "; next answer read %s; records sent in the %d s after waited up to %s", seconds(next),
                    STALL_WINDOW_MILLIS / 1000, seconds(tally.longestWait(after, sentAt)))));
        }
        if (partitionEvent != null) {
            List<String> keys = keysOn(options.partitions);
            events.set(events.indexOf(partitionEvent), new Event(partitionEvent.atSeconds(), partitionEvent.what(),
                    keys.size() + " records sent to it, " + (gone.containsAll(tally.lost(Set.copyOf(keys))) ? "all answered"
                            : "NOT ALL ANSWERED") + String.format(Locale.ROOT, "; first answer read %s it was added",
                    seconds(tally.firstAnswerOf(keys, addedPartitionAt)))));
        }
        int duplicates = tally.duplicates();
        if (!lost.isEmpty()) {
            failures.add(lost.size() + " lost (first: " + lost.get(0) + ")");
        }
        if (delivery.equals("exactly-once") && duplicates > 0) {
            failures.add(duplicates + " duplicates with exactly-once");
        }
        if (tally.strangers(sent) > 0) {
            failures.add(tally.strangers(sent) + " answers for keys never sent");
        }
        if (lag != 0) {
            failures.add("input offsets not committed: lag " + lag);
        }
        if (!ready) {
            failures.add("an instance was not ready at the end");
        }
        if (!failures.isEmpty()) {
            for (ChildProcess p : processes) {
                System.err.println("---- " + p.log + " (last 20 lines)\n" + p.tail(20));
            }
        }
        return new Report(delivery, options.model, options.rate, options.burst, options.partitions, sent.size(), results.get(),
                deadLetters.get(), gone.size(), lost.size(), duplicates, lag, ready, List.copyOf(events), List.copyOf(failures));
    }

    private boolean answeredIntoDeletedTopic(String key) {
        Long committed = committedWhileDeleted.get(new TopicPartition(INPUT, sentPartition.get(key)));
        return committed != null && sentOffset.get(key) < committed;
    }

    private Event replace(Event e, String detail) {
        Event updated = new Event(e.atSeconds(), e.what(), detail);
        events.set(events.indexOf(e), updated);
        return updated;
    }

    private static String seconds(long millis) {
        return millis < 0 ? "NEVER" : String.format(Locale.ROOT, "%.1f s after", millis / 1e3);
    }

    private Event event(String what, String detail) {
        Event e = new Event((System.currentTimeMillis() - startMillis) / 1e3, what, detail);
        events.add(e);
        System.out.printf(Locale.ROOT, "chaos: %6.1f s  %s  %s%n", e.atSeconds(), what, detail);
        return e;
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
