package io.cnnstream.service.security;

import static io.cnnstream.service.KafkaTestSupport.key;
import static io.cnnstream.service.KafkaTestSupport.record;
import static io.cnnstream.service.KafkaTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cnnstream.service.CnnstreamApplication;
import io.cnnstream.service.KafkaTestSupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service against a broker that requires SASL_SSL with SCRAM-SHA-512 and, on another listener,
 * mutual TLS, connected with the settings the README documents. It classifies over both; a wrong
 * password or a certificate from an unknown authority makes it not ready within seconds, saying why
 * (exactly-once, the start-up fence meets the refusal first and start-up fails);
 * no password appears in its log (Kafka's client configuration dump included) or its actuator output.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecureBrokerTest {
    private static final Duration FAST = Duration.ofSeconds(30);
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String SCRAM_PASSWORD = "scram-" + Long.toHexString(System.nanoTime()) + "-secret";

    @TempDir
    static Path dir;
    static TestCertificates certificates;
    static SecureKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        certificates = TestCertificates.createIn(dir);
        broker = SecureKafkaBroker.start(dir, certificates, SCRAM_PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void classifiesOverSaslSslWithScramSha512(CapturedOutput output) throws Exception {
        classifies(saslSsl(SCRAM_PASSWORD), output);
    }

    @Test
    void classifiesOverMutualTls(CapturedOutput output) throws Exception {
        classifies(mutualTls(certificates.client()), output);
    }

    @Test
    void aWrongPasswordMakesTheInstanceNotReadySayingWhy(CapturedOutput output) throws Exception {
        refused(saslSsl("not-" + SCRAM_PASSWORD), output);
    }

    @Test
    void aCertificateFromAnUnknownAuthorityMakesTheInstanceNotReadySayingWhy(CapturedOutput output) throws Exception {
        refused(mutualTls(certificates.stranger()), output);
    }

    /** Exactly-once fences at start-up with a transactional producer, which meets the refusal first: start-up fails. */
    @Test
    void exactlyOnceWithAWrongPasswordFailsStartUp(CapturedOutput output) {
        List<String> connection = new ArrayList<>(saslSsl("not-" + SCRAM_PASSWORD));
        connection.add("--cnnstream.delivery=exactly-once");
        long started = System.nanoTime();
        assertThatThrownBy(() -> start("secure-" + RUNS.incrementAndGet(), connection).close())
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST);
        assertThat(output.getOut() + output.getErr()).doesNotContain(SCRAM_PASSWORD);
    }

    private List<String> saslSsl(String password) {
        return List.of("--spring.kafka.bootstrap-servers=" + broker.saslSslBootstrap(),
                "--spring.kafka.security.protocol=SASL_SSL",
                "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "--spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + SecureKafkaBroker.USER + "\" password=\"" + password + "\";",
                "--spring.kafka.ssl.trust-store-location=file:" + certificates.truststore(),
                "--spring.kafka.ssl.trust-store-type=PKCS12",
                "--spring.kafka.ssl.trust-store-password=" + certificates.password());
    }

    private List<String> mutualTls(Path keyStore) {
        return List.of("--spring.kafka.bootstrap-servers=" + broker.mtlsBootstrap(),
                "--spring.kafka.security.protocol=SSL",
                "--spring.kafka.ssl.key-store-location=file:" + keyStore,
                "--spring.kafka.ssl.key-store-type=PKCS12",
                "--spring.kafka.ssl.key-store-password=" + certificates.password(),
                "--spring.kafka.ssl.key-password=" + certificates.password(),
                "--spring.kafka.ssl.trust-store-location=file:" + certificates.truststore(),
                "--spring.kafka.ssl.trust-store-type=PKCS12",
                "--spring.kafka.ssl.trust-store-password=" + certificates.password());
    }

    private void classifies(List<String> connection, CapturedOutput output) throws Exception {
        String run = "secure-" + RUNS.incrementAndGet();
        try (ConfigurableApplicationContext service = start(run, connection)) {
            int port = port(service);
            await().atMost(FAST).until(() -> get(port, "/actuator/health/readiness").statusCode() == 200);
            try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(broker.plaintextBootstrap())) {
                producer.send(record(run + ".in", run + "-camera", sample("camera.png"))).get();
            }
            List<ConsumerRecord<byte[], byte[]>> results = KafkaTestSupport.read(broker.plaintextBootstrap(), run + ".out", 1,
                    Duration.ofSeconds(60), false);
            assertThat(results).singleElement().satisfies(r -> assertThat(key(r)).isEqualTo(run + "-camera"));
            assertNoSecretIn(actuatorOutput(port), output);
        }
    }

    private void refused(List<String> connection, CapturedOutput output) throws Exception {
        String run = "secure-" + RUNS.incrementAndGet();
        try (ConfigurableApplicationContext service = start(run, connection)) {
            int port = port(service);
            long started = System.nanoTime();
            await().atMost(FAST).until(() -> get(port, "/actuator/health/readiness").body().contains("the broker refused this instance"));
            HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"DOWN\"");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST);
            assertThat(output.getOut()).contains("ERROR").contains("Kafka: the broker refused this instance");
            assertNoSecretIn(actuatorOutput(port), output);
        }
    }

    /**
     * A context with its own topics and group, Kafka's clients logging their configuration at INFO
     * (where a leaked password would show), and topics created through the secured connection.
     */
    private static ConfigurableApplicationContext start(String run, List<String> connection) {
        List<String> args = new ArrayList<>(connection);
        args.addAll(List.of("--server.port=0", "--cnnstream.model.name=lenet5", "--cnnstream.model.warmup-batches=1",
                "--cnnstream.topics.input=" + run + ".in", "--cnnstream.topics.output=" + run + ".out",
                "--cnnstream.topics.dead-letter=" + run + ".dlt", "--spring.kafka.consumer.group-id=" + run,
                "--logging.level.org.apache.kafka.common.config.AbstractConfig=INFO"));
        return new SpringApplicationBuilder(CnnstreamApplication.class).run(args.toArray(String[]::new));
    }

    private static String actuatorOutput(int port) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/info",
                "/actuator/prometheus", "/actuator/env", "/actuator/configprops")) {
            all.append(get(port, path).body());
        }
        return all.toString();
    }

    private void assertNoSecretIn(String actuator, CapturedOutput output) {
        String log = output.getOut() + output.getErr();
        assertThat(log).as("the client configuration dump is logged, so the check below can fail").contains("sasl.jaas.config");
        for (String secret : List.of(SCRAM_PASSWORD, certificates.password())) {
            assertThat(log).as("the log").doesNotContain(secret);
            assertThat(actuator).as("the actuator endpoints").doesNotContain(secret);
        }
    }

    private static int port(ConfigurableApplicationContext service) {
        return Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
