package io.cnnstream.engine.model;

import java.util.List;

/** A model name the registry does not know. */
public final class UnknownModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownModelException(String name, List<String> known) {
        super("unknown model '" + name + "'; known models: " + String.join(", ", known));
    }
}
