package io.cnnstream.service.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cnnstream.service.CnnstreamApplication;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The service started the way the README once said, {@code java -jar} without the Vector API module:
 * a JVM of its own without {@code --add-modules jdk.incubator.vector}, whose start-up log must say
 * loudly that the engine fell back to its scalar kernels and how to fix it.
 */
class ScalarFallbackWarningTest {

    @Test
    void aJvmWithoutTheVectorModuleWarnsThatTheKernelsAreScalar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                CnnstreamApplication.class.getName(), "--spring.main.web-application-type=none",
                "--spring.kafka.bootstrap-servers=localhost:1", "--cnnstream.topics.create=false",
                "--cnnstream.model.name=lenet5", "--cnnstream.model.warmup-batches=1", "--cnnstream.batch.max-size=1"));
        Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> log = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
                log.add(line);
                if (line.contains("loaded with weights")) {
                    break; // the warning, if any, comes before this line
                }
            }
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(String.join("\n", log))
                .contains("WARN")
                .contains("The engine runs its SCALAR kernels, about 40x slower than the vector ones, because this JVM "
                        + "lacks the Vector API module: start the service with bin/service")
                .contains("loaded with weights");
    }
}
