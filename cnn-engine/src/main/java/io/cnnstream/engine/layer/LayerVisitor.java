package io.cnnstream.engine.layer;

import io.cnnstream.engine.tensor.Shape;

/** Receives every leaf layer of a network in execution order, with its per-sample shapes. */
@FunctionalInterface
public interface LayerVisitor {
    void visit(String name, Layer layer, Shape input, Shape output);
}
