package io.cnnstream.service;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a Testcontainers test only where a Docker engine can be reached (DOCKER_HOST, or a Docker
 * socket), and otherwise skips it with one line, before Testcontainers' own probe would log an
 * ERROR into a green build. Put it before {@code @Testcontainers}: the first disabling condition wins.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledIfDockerReachable.Condition.class)
public @interface EnabledIfDockerReachable {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String host = System.getenv("DOCKER_HOST");
            Path home = Path.of(System.getProperty("user.home"));
            for (Path socket : new Path[] {Path.of("/var/run/docker.sock"), home.resolve(".docker/run/docker.sock"),
                    home.resolve(".docker/desktop/docker.sock")}) {
                if (Files.exists(socket)) {
                    return ConditionEvaluationResult.enabled("Docker socket " + socket);
                }
            }
            if (host != null && !host.isBlank()) {
                return ConditionEvaluationResult.enabled("DOCKER_HOST=" + host);
            }
            String reason = "no Docker engine here (no DOCKER_HOST, no Docker socket): skipped; the embedded-broker "
                    + "tests cover the same ground";
            System.out.println("INFO " + context.getDisplayName() + ": " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
