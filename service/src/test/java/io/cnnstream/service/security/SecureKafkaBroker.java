package io.cnnstream.service.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft broker (combined broker and controller) in the test JVM that requires what a
 * production cluster does: a SASL_SSL listener with SCRAM-SHA-512 and an SSL listener that requires
 * a client certificate (mTLS), both with the broker certificate of {@link TestCertificates}. A
 * plaintext listener serves the broker itself and the tests' own clients, which check results.
 */
final class SecureKafkaBroker implements AutoCloseable {
    static final String USER = "cnnstream";

    private final KafkaRaftServer server;
    private final int plaintext, saslSsl, mtls;

    private SecureKafkaBroker(KafkaRaftServer server, int plaintext, int saslSsl, int mtls) {
        this.server = server;
        this.plaintext = plaintext;
        this.saslSsl = saslSsl;
        this.mtls = mtls;
    }

    /** Starts a broker whose SCRAM user {@link #USER} has {@code password}. */
    static SecureKafkaBroker start(Path dir, TestCertificates certificates, String password) throws Exception {
        int controller = freePort(), plaintext = freePort(), saslSsl = freePort(), mtls = freePort();
        String logs = Files.createDirectories(dir.resolve("kraft")).toString();
        Map<String, Object> config = new TreeMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@localhost:" + controller);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listeners", "CONTROLLER://localhost:" + controller + ",INTERNAL://localhost:" + plaintext
                + ",SASL://localhost:" + saslSsl + ",MTLS://localhost:" + mtls);
        config.put("advertised.listeners", "INTERNAL://localhost:" + plaintext + ",SASL://localhost:" + saslSsl
                + ",MTLS://localhost:" + mtls);
        config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL:SASL_SSL,MTLS:SSL");
        config.put("inter.broker.listener.name", "INTERNAL");
        config.put("log.dirs", logs);
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("listener.name.sasl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", certificates.broker().toString());
        config.put("ssl.keystore.password", certificates.password());
        config.put("ssl.key.password", certificates.password());
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", certificates.truststore().toString());
        config.put("ssl.truststore.password", certificates.password());
        config.put("listener.name.mtls.ssl.client.auth", "required");

        new Formatter().setNodeId(1).setClusterId(Uuid.randomUuid().toString()).setDirectories(List.of(logs))
                .setMetadataLogDirectory(logs).setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .setScramArguments(List.of("SCRAM-SHA-512=[name=" + USER + ",password=" + password + "]"))
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
        server.startup();
        return new SecureKafkaBroker(server, plaintext, saslSsl, mtls);
    }

    /** For the tests' own clients: no authentication. */
    String plaintextBootstrap() {
        return "localhost:" + plaintext;
    }

    String saslSslBootstrap() {
        return "localhost:" + saslSsl;
    }

    String mtlsBootstrap() {
        return "localhost:" + mtls;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
