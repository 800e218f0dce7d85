package io.cnnstream.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes manifests, checked offline: every object parses with fabric8's model classes with
 * no unknown field; the custom resources (KEDA, prometheus-operator) carry only known fields; the
 * probes hit the service's real health paths and port; every configuration key is a real property;
 * the pod meets Pod Security Standards "restricted"; the alert rules equal the promtool-tested file.
 */
class KubernetesManifestsTest {
    static final Path K8S = Path.of("..", "k8s");
    static final List<String> SECURE_OVERLAYS = List.of("overlays/sasl-ssl", "overlays/mtls");
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void everyManifestParsesWithoutUnknownFields() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : manifests()) {
            for (String document : documents(Files.readString(file))) {
                check(file.toString(), serialization.unmarshal(document), problems);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void renderedOverlaysParseToo() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl (for 'kubectl kustomize') is not installed");
        for (String overlay : List.of("base", "overlays/example", "overlays/hpa", "overlays/sasl-ssl", "overlays/mtls")) {
            Process p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(overlay).toString()).redirectErrorStream(false).start();
            String rendered = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize " + overlay).isZero();
            List<String> problems = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            for (String document : documents(rendered)) {
                HasMetadata object = serialization.unmarshal(document);
                kinds.add(object.getKind());
                check(overlay, object, problems);
            }
            assertThat(problems).as(overlay).isEmpty();
            assertThat(kinds).as(overlay).contains("Deployment", "ConfigMap", "Service", "PodDisruptionBudget",
                    "ServiceMonitor", "PrometheusRule", "NetworkPolicy", overlay.endsWith("hpa") ? "HorizontalPodAutoscaler" : "ScaledObject");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void probesUseTheServicesHealthGroupsAndPort() throws IOException {
        Container c = container();
        assertThat(c.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(serverPort());
        });
        assertProbe(c.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(c.getStartupProbe(), "/actuator/health/liveness");
        assertProbe(c.getReadinessProbe(), "/actuator/health/readiness");
        Map<String, Object> app = applicationYaml();
        Map<String, Object> groups = (Map<String, Object>) nested(app, "management", "endpoint", "health", "group");
        assertThat(groups.keySet()).contains("liveness", "readiness");
    }

    @Test
    void everyConfigurationKeyIsARealProperty() throws IOException {
        List<String> keys = new ArrayList<>(load(ConfigMap.class, "base/configmap.yaml").getData().keySet());
        keys.addAll(load(ConfigMap.class, "overlays/example/config.yaml").getData().keySet());
        container().getEnv().stream().map(EnvVar::getName).forEach(keys::add);
        for (String overlay : SECURE_OVERLAYS) {
            keys.addAll(load(ConfigMap.class, overlay + "/config.yaml").getData().keySet());
            patchedContainer(overlay).getEnv().stream().map(EnvVar::getName).forEach(keys::add);
        }
        Set<String> properties = new HashSet<>(), maps = new HashSet<>();
        for (JsonNode metadata : configurationMetadata()) {
            for (JsonNode property : metadata.path("properties")) {
                for (String form : environmentForms(property.get("name").asString())) {
                    properties.add(form);
                    if (property.path("type").asString("").startsWith("java.util.Map")) {
                        maps.add(form);
                    }
                }
            }
        }
        assertThat(properties).contains("CNNSTREAM_BATCH_MAX_SIZE", "CNNSTREAM_BATCH_MAXSIZE", "SPRING_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(properties).doesNotContain("CNNSTREAM_BATCH_MAX_SIZES");
        for (String key : keys) {
            boolean known = properties.contains(key) || maps.stream().anyMatch(m -> key.startsWith(m + "_"));
            assertThat(known).as(key + " names a configuration property").isTrue();
        }
    }

    /**
     * The secure overlays, bound the way Spring Boot binds the pod's environment, give the Kafka
     * clients the settings {@code SecureBrokerTest} connects with: the protocol, SASL from the
     * credentials Secret, every password from a Secret, and store files where a Secret volume puts them.
     */
    @Test
    void theSecureOverlaysGiveKafkaTheTestedSettingsFromSecrets() throws IOException {
        Map<String, Object> sasl = kafkaClientSettings("overlays/sasl-ssl");
        assertThat(sasl).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "secret cnnstream-kafka-credentials/sasl.mechanism")
                .containsEntry("sasl.jaas.config", "secret cnnstream-kafka-credentials/sasl.jaas.config")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "secret cnnstream-kafka-tls/truststore.password");
        assertSecretFile("overlays/sasl-ssl", (String) sasl.get("ssl.truststore.location"), "truststore.p12");

        Map<String, Object> mtls = kafkaClientSettings("overlays/mtls");
        assertThat(mtls).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "secret cnnstream-kafka-tls/keystore.password")
                .containsEntry("ssl.key.password", "secret cnnstream-kafka-tls/keystore.password")
                .containsEntry("ssl.truststore.password", "secret cnnstream-kafka-tls/truststore.password");
        assertSecretFile("overlays/mtls", (String) mtls.get("ssl.keystore.location"), "keystore.p12");
        assertSecretFile("overlays/mtls", (String) mtls.get("ssl.truststore.location"), "truststore.p12");
    }

    /** The consumer settings Spring Boot builds from the overlay's environment (Secret values as "secret NAME/KEY"). */
    private Map<String, Object> kafkaClientSettings(String overlay) throws IOException {
        Map<String, Object> variables = new HashMap<>(load(ConfigMap.class, "base/configmap.yaml").getData());
        variables.putAll(load(ConfigMap.class, overlay + "/config.yaml").getData());
        List<EnvVar> env = new ArrayList<>(container().getEnv());
        env.addAll(patchedContainer(overlay).getEnv());
        for (EnvVar v : env) {
            var secret = v.getValueFrom() == null ? null : v.getValueFrom().getSecretKeyRef();
            variables.put(v.getName(), secret != null ? "secret " + secret.getName() + "/" + secret.getKey()
                    : v.getValue() != null ? v.getValue() : "from the pod");
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return Binder.get(environment)
                .bind("spring.kafka", KafkaProperties.class).get()
                .buildConsumerProperties();
    }

    /** {@code location} is where the overlay mounts {@code key} of a Secret. */
    private void assertSecretFile(String overlay, String location, String key) throws IOException {
        PodSpec pod = load(Deployment.class, overlay + "/tls.yaml").getSpec().getTemplate().getSpec();
        Path file = Path.of(location);
        var mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> file.getParent().equals(Path.of(m.getMountPath()))).findFirst();
        assertThat(mount).as(location + " is on a mounted volume").isPresent();
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.get().getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret().getItems()).as(location)
                .anySatisfy(item -> {
                    assertThat(item.getKey()).isEqualTo(key);
                    assertThat(item.getPath()).isEqualTo(file.getFileName().toString());
                });
    }

    private Container patchedContainer(String overlay) throws IOException {
        return load(Deployment.class, overlay + "/tls.yaml").getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /**
     * The example overlay pins the digest of the file it names: a placeholder naming that file, or a
     * digest that starts with the 8 hex digits torchvision puts in its file names; never the digest
     * of the seeded, untrained file an earlier version pinned.
     */
    @Test
    void theExampleOverlaysDigestBelongsToTheFileItNames() throws IOException {
        Map<String, String> data = load(ConfigMap.class, "overlays/example/config.yaml").getData();
        String file = Path.of(data.get("CNNSTREAM_MODEL_WEIGHTS")).getFileName().toString();
        String digest = data.get("CNNSTREAM_MODEL_SHA256");
        java.util.regex.Matcher prefix = java.util.regex.Pattern.compile("-([0-9a-f]{8})\\.pth$").matcher(file);
        assertThat(prefix.find()).as(file + " is a torchvision checkpoint name with its hash prefix").isTrue();
        assertThat(digest).isNotEqualTo("4be4fef78465e7f409f601b490447750b0737d96fe1cbbb763100e6ed2745452");
        if (digest.matches("[0-9a-f]{64}")) {
            assertThat(digest).as("the SHA-256 of " + file).startsWith(prefix.group(1));
        } else {
            assertThat(digest).as("a placeholder that names the file").isEqualTo("fill-in-sha256sum-of-" + file);
        }
    }

    @Test
    void podMeetsPodSecurityStandardsRestricted() throws IOException {
        PodSpec pod = load(Deployment.class, "base/deployment.yaml").getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        Container c = container();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        // the grace period covers the preStop pause and the shutdown phase (the batch in flight and its commit)
        String shutdown = load(ConfigMap.class, "base/configmap.yaml").getData().get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE");
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(10 + Long.parseLong(shutdown.replace("s", "")));
    }

    @Test
    void kedaScalesOnLagUpToThePartitionCount() throws IOException {
        GenericKubernetesResource scaled = load(GenericKubernetesResource.class, "base/scaledobject.yaml");
        Map<String, Object> spec = scaled.get("spec");
        String partitions = load(ConfigMap.class, "base/configmap.yaml").getData().get("CNNSTREAM_TOPICS_PARTITIONS");
        assertThat(spec.get("maxReplicaCount")).isEqualTo(Integer.parseInt(partitions));
        Map<?, ?> trigger = (Map<?, ?>) ((List<?>) spec.get("triggers")).get(0);
        Map<?, ?> metadata = (Map<?, ?>) trigger.get("metadata");
        assertThat(trigger.get("type")).isEqualTo("kafka");
        assertThat(metadata.get("limitToPartitionsWithLag")).isEqualTo("true");
        assertThat(metadata.get("consumerGroup")).isEqualTo("cnnstream");
        assertThat(metadata.get("topic")).isEqualTo("images");
    }

    @Test
    void prometheusRuleCarriesTheTestedAlertFile() throws IOException {
        GenericKubernetesResource rule = load(GenericKubernetesResource.class, "base/prometheusrule.yaml");
        Map<String, Object> spec = rule.get("spec");
        Map<String, Object> alerts = new Yaml().load(Files.readString(Path.of("..", "deploy", "prometheus", "alerts.yml")));
        assertThat(spec.get("groups")).isEqualTo(alerts.get("groups"));
    }

    // --- helpers ---

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    private Container container() throws IOException {
        return load(Deployment.class, "base/deployment.yaml").getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private <T> T load(Class<T> type, String file) throws IOException {
        return serialization.unmarshal(Files.readString(K8S.resolve(file)), type);
    }

    private static int serverPort() throws IOException {
        return (Integer) nested(applicationYaml(), "server", "port");
    }

    private static Map<String, Object> applicationYaml() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.yml"))) {
            return new Yaml().load(in);
        }
    }

    private static Object nested(Map<String, Object> map, String... keys) {
        Object value = map;
        for (String key : keys) {
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }

    /**
     * The environment variable names Spring Boot binds to {@code property}: dots as underscores, upper
     * case, dashes removed ({@code MAXSIZE}) or, the legacy form it also accepts, as underscores ({@code MAX_SIZE}).
     */
    private static List<String> environmentForms(String property) {
        String upper = property.replace('.', '_').toUpperCase(Locale.ROOT);
        return List.of(upper.replace("-", ""), upper.replace('-', '_'));
    }

    private static List<JsonNode> configurationMetadata() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        Enumeration<URL> files = KubernetesManifestsTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        JsonMapper json = JsonMapper.builder().build();
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                all.add(json.readTree(in));
            }
        }
        return all;
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml")
                    && !p.getFileName().toString().startsWith("without-")).sorted().toList();
        }
    }

    private static List<String> documents(String yaml) {
        List<String> docs = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                docs.add(doc);
            }
        }
        return docs;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    // --- unknown fields ---

    /** Known fields of the custom resources fabric8 has no model for (KEDA 2.x, prometheus-operator v1). */
    private static final Map<String, Set<String>> CUSTOM_SPEC_FIELDS = Map.of(
            "ScaledObject", Set.of("scaleTargetRef", "minReplicaCount", "maxReplicaCount", "cooldownPeriod", "pollingInterval",
                    "idleReplicaCount", "triggers", "advanced", "fallback", "initialCooldownPeriod"),
            "ServiceMonitor", Set.of("selector", "endpoints", "namespaceSelector", "jobLabel", "targetLabels", "podTargetLabels",
                    "sampleLimit", "attachMetadata"),
            "PrometheusRule", Set.of("groups"));
    private static final Set<String> KAFKA_TRIGGER_FIELDS = Set.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold",
            "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers", "scaleToZeroOnInvalidOffset", "excludePersistentLag",
            "limitToPartitionsWithLag", "partitionLimitation", "version", "sasl", "tls");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("port", "targetPort", "path", "scheme", "interval", "scrapeTimeout",
            "honorLabels", "relabelings", "metricRelabelings", "tlsConfig", "bearerTokenSecret", "params");
    private static final Set<String> RULE_FIELDS = Set.of("alert", "record", "expr", "for", "labels", "annotations", "keep_firing_for");

    private static void check(String where, Object object, List<String> problems) {
        if (object instanceof GenericKubernetesResource custom) {
            checkCustom(where, custom, problems);
        } else {
            walk(where + " " + ((HasMetadata) object).getKind(), object, problems);
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkCustom(String where, GenericKubernetesResource r, List<String> problems) {
        Set<String> known = CUSTOM_SPEC_FIELDS.get(r.getKind());
        if (known == null) {
            problems.add(where + ": unknown kind " + r.getKind());
            return;
        }
        Map<String, Object> spec = r.get("spec");
        unknown(where + " " + r.getKind() + ".spec", spec.keySet(), known, problems);
        switch (r.getKind()) {
            case "ScaledObject" -> ((List<Map<String, Object>>) spec.get("triggers")).forEach(t -> {
                unknown(where + " trigger", t.keySet(), Set.of("type", "metadata", "authenticationRef", "name", "useCachedMetrics"), problems);
                unknown(where + " kafka trigger metadata", ((Map<String, Object>) t.get("metadata")).keySet(), KAFKA_TRIGGER_FIELDS, problems);
            });
            case "ServiceMonitor" -> ((List<Map<String, Object>>) spec.get("endpoints"))
                    .forEach(e -> unknown(where + " endpoint", e.keySet(), ENDPOINT_FIELDS, problems));
            case "PrometheusRule" -> ((List<Map<String, Object>>) spec.get("groups")).forEach(g -> {
                unknown(where + " group", g.keySet(), Set.of("name", "interval", "rules", "limit"), problems);
                ((List<Map<String, Object>>) g.get("rules")).forEach(rule -> unknown(where + " rule", rule.keySet(), RULE_FIELDS, problems));
            });
            default -> throw new AssertionError(r.getKind());
        }
    }

    private static void unknown(String where, Collection<String> fields, Set<String> known, List<String> problems) {
        fields.stream().filter(f -> !known.contains(f)).forEach(f -> problems.add(where + ": unknown field " + f));
    }

    /** Any non-empty {@code additionalProperties} of a fabric8 model object is a field Kubernetes does not know. */
    private static void walk(String path, Object object, List<String> problems) {
        if (object == null) {
            return;
        }
        if (object instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(path + "[" + i++ + "]", item, problems);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(path + "." + k, v, problems));
            return;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : object.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = m.invoke(object);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else if (value != null && (value instanceof Collection<?> || value instanceof Map<?, ?>
                        || value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model"))) {
                    walk(path + "." + m.getName().substring(3), value, problems);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + m + " of " + path, e);
            }
        }
    }
}
