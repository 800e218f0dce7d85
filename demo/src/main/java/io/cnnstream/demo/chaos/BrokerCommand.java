package io.cnnstream.demo.chaos;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A one-node KRaft broker as a process of its own, its data in a directory that outlives it: the
 * fault suite kills it with SIGKILL and starts it again on the same directory and ports, as a
 * broker pod restarts on its volume. The directory is formatted on the first start only.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "A Kafka broker (KRaft, broker and controller) whose data survive restarts: formats --dir on "
                + "first use, then serves it. Runs until killed.")
public final class BrokerCommand implements Callable<Integer> {
    static final String READY = "broker: ready at ";

    @Option(names = "--dir", required = true, description = "the broker's data directory")
    private Path dir;

    @Option(names = "--port", required = true, description = "the clients' (plaintext) port")
    private int port;

    @Option(names = "--controller-port", required = true, description = "the KRaft controller's port")
    private int controllerPort;

    @Override
    public Integer call() throws Exception {
        String logs = Files.createDirectories(dir).toAbsolutePath().toString();
        if (!Files.exists(dir.resolve("meta.properties"))) {
            new Formatter().setNodeId(1).setClusterId(Uuid.randomUuid().toString()).setDirectories(List.of(logs))
                    .setMetadataLogDirectory(logs).setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream())) // it prints its records
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config(logs)), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "broker-shutdown"));
        server.startup();
        System.out.println(READY + "localhost:" + port);
        server.awaitShutdown();
        return 0;
    }

    private Map<String, Object> config(String logs) {
        Map<String, Object> config = new TreeMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listeners", "CONTROLLER://localhost:" + controllerPort + ",PLAINTEXT://localhost:" + port);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        config.put("log.dirs", logs);
        config.put("message.max.bytes", "22020096");
        // as production clusters usually are: topics exist because someone created them
        config.put("auto.create.topics.enable", "false");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        return config;
    }
}
