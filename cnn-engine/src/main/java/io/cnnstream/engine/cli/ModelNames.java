package io.cnnstream.engine.cli;

import io.cnnstream.engine.model.ModelRegistry;

import java.util.Iterator;

/** The registry's model names, for the help text and shell completion. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ModelRegistry.names().iterator();
    }
}
