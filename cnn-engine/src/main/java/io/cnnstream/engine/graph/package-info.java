/**
 * Composition of layers into networks: {@link io.cnnstream.engine.graph.Sequential} today, the
 * branching containers (concatenation, residual addition) beside it. Containers name their
 * children the way PyTorch modules do, so parameter names come out as {@code features.0.weight}.
 * Depends on {@code tensor}, {@code kernel} and {@code layer}.
 */
package io.cnnstream.engine.graph;
