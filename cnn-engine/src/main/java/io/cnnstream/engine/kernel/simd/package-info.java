/**
 * The fast kernels on the Vector API ({@code jdk.incubator.vector}), loaded by name only when the
 * JVM has that module: one register-blocked micro-kernel under the convolutions (direct, Winograd
 * and packed matrix products) and the fully connected layers, vector loops for the rest, each
 * checked against the scalar oracle. Depends on {@code kernel}, {@code tensor} and {@code parallel}.
 */
package io.cnnstream.engine.kernel.simd;
