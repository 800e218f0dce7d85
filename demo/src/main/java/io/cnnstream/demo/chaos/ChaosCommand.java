package io.cnnstream.demo.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite: a broker process, two service instances (their executable jar, as
 * {@code bin/service} runs it), images produced in bursts, and the faults a deployment meets (see
 * {@link FaultRun}); then a {@code read_committed} reader's count of every key. Exit status 1 when
 * a record is lost, duplicated with exactly-once, or an instance is stuck.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Fault suite: a broker process and service instances, records in bursts while an instance is "
                + "killed (SIGKILL) with a batch in flight, the broker is killed and restarted, a third instance joins and "
                + "leaves, an input partition is added, the other instance is killed, and the output topic is deleted and created "
                + "again; then every key is counted. Run from the project root.")
public final class ChaosCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    private CommandSpec spec;

    @Option(names = "--rate", defaultValue = "200", description = "records/s produced from the start to the end of the "
            + "faults (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--burst", defaultValue = "50", description = "records a burst (default: ${DEFAULT-VALUE})")
    int burst;

    @Option(names = "--partitions", defaultValue = "3", description = "input topic partitions at the start; one more is "
            + "added mid-run (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--bad-share", defaultValue = "0.05", description = "share of undecodable records, dead-lettered "
            + "(default: ${DEFAULT-VALUE})")
    double badShare;

    @Option(names = "--model", defaultValue = "lenet5", description = "the instances' cnnstream.model.name; lenet5 reads "
            + "MNIST test digits, other models the same digit PNGs (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--delivery", defaultValue = "exactly-once", split = ",", description = "exactly-once and/or "
            + "at-least-once, one run each (default: ${DEFAULT-VALUE})")
    List<String> deliveries;

    @Option(names = "--answer-timeout", defaultValue = "120", description = "seconds to wait for the last answers after "
            + "the last record is sent (default: ${DEFAULT-VALUE})")
    int answerTimeoutSeconds;

    @Option(names = "--dir", defaultValue = "target/chaos", description = "where the broker's data and every process's "
            + "log go, one directory a run (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--short", description = "CI's version: the start without a broker, one kill mid-batch and the "
            + "broker's restart; no third instance, no partition added, no second kill, no output topic deleted")
    boolean shortRun;

    @Option(names = "--rolling-restart", description = "end with a rolling restart of both instances (SIGTERM, start, "
            + "ready, the next) and count the group's rebalances it caused; with --service "
            + "cnnstream.static-membership=true there should be none")
    boolean rollingRestart;

    @Option(names = "--service", paramLabel = "KEY=VALUE", description = "a service setting for every instance, e.g. "
            + "--service cnnstream.static-membership=true (repeatable)")
    List<String> serviceSettings = new ArrayList<>();

    @Option(names = "--output-gone", defaultValue = "15", description = "seconds the output topic stays deleted before "
            + "it is created again (default: ${DEFAULT-VALUE})")
    int outputGoneSeconds;

    @Option(names = "--json", description = "one JSON object a run on stdout after the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || burst < 1 || partitions < 1 || outputGoneSeconds < 1 || badShare < 0 || badShare >= 1) {
            throw new ParameterException(spec.commandLine(), "--rate, --burst, --partitions and --output-gone must be >= 1, "
                    + "--bad-share in [0, 1)");
        }
        for (String setting : serviceSettings) {
            if (!setting.contains("=") || setting.startsWith("-")) {
                throw new ParameterException(spec.commandLine(), "--service takes KEY=VALUE, got '" + setting + "'");
            }
        }
        for (String d : deliveries) {
            if (!d.equals("exactly-once") && !d.equals("at-least-once")) {
                throw new ParameterException(spec.commandLine(), "--delivery takes exactly-once or at-least-once, got '" + d + "'");
            }
        }
        Path serviceJar = jar("service/target", "cnnstream-service-", "-exec.jar");
        Path demoJar = jar("demo/target", "cnnstream-demo-", ".jar");
        Path jvmOptions = Path.of("bin/engine.jvmoptions").toAbsolutePath();
        if (!Files.isRegularFile(jvmOptions)) {
            throw new ParameterException(spec.commandLine(), jvmOptions + " not found: run bin/chaos from the project root");
        }
        boolean passed = true;
        for (String delivery : deliveries) {
            Path runDir = Files.createDirectories(dir.resolve(delivery + "-" + Instant.now().toString().replace(':', '-')));
            FaultRun.Report report = new FaultRun(this, delivery, runDir, serviceJar, demoJar, jvmOptions).execute();
            System.out.println(report.table());
            if (json) {
                System.out.println(JSON.writeValueAsString(report));
            }
            passed &= report.passed();
        }
        return passed ? 0 : 1;
    }

    private Path jar(String directory, String prefix, String suffix) throws Exception {
        Path target = Path.of(directory);
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = new ArrayList<>(files.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(prefix) && n.endsWith(suffix) && !n.contains("original") && !n.contains("sources");
                }).toList());
                if (!jars.isEmpty()) {
                    return jars.get(0).toAbsolutePath();
                }
            }
        }
        throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT, "no %s*%s in %s: build it "
                + "(./mvnw -B package -DskipTests) and run bin/chaos from the project root", prefix, suffix, target.toAbsolutePath()));
    }
}
