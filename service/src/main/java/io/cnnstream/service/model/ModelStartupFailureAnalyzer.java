package io.cnnstream.service.model;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * "APPLICATION FAILED TO START" with the model's problem and the fix, instead of a bean-creation
 * stack trace (registered in {@code META-INF/spring.factories}, as Spring Boot's own analyzers are).
 */
public final class ModelStartupFailureAnalyzer extends AbstractFailureAnalyzer<ModelStartupException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, ModelStartupException cause) {
        return new FailureAnalysis("The model could not be loaded.\n\n    " + cause.getMessage().replace("\n", "\n    "),
                cause.action(), cause);
    }
}
