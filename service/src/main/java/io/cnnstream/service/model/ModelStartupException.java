package io.cnnstream.service.model;

/**
 * The configured model could not be loaded: which settings, what was wrong, what to do. Reported by
 * {@link ModelStartupFailureAnalyzer} as Spring Boot reports bad properties, without a stack trace.
 */
public final class ModelStartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String settings;
    private final String action;

    public ModelStartupException(String settings, String problem, String action, Throwable cause) {
        super(settings + ": " + problem, cause);
        this.settings = settings;
        this.action = action;
    }

    public String settings() {
        return settings;
    }

    public String action() {
        return action;
    }
}
