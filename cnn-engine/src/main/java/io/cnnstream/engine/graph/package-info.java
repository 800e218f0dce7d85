/**
 * Composition of layers into networks: {@link io.cnnstream.engine.graph.Sequential} chains, the
 * branching containers ({@link io.cnnstream.engine.graph.Concat} for Inception,
 * {@link io.cnnstream.engine.graph.Residual} for ResNet), {@link io.cnnstream.engine.graph.Dag} for
 * imported graphs, and batch-norm folding for inference. Containers name their children the way
 * PyTorch modules do, so parameter names come out as {@code features.0.weight}.
 * Depends on {@code tensor}, {@code kernel} and {@code layer}.
 */
package io.cnnstream.engine.graph;
