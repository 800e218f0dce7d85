/**
 * Model definitions written like torchvision's (a readable list of layers with the output shape of
 * each stage in a comment), the {@link io.cnnstream.engine.model.ModelRegistry} that creates them
 * by name, and the per-layer {@link io.cnnstream.engine.model.ModelSummary}. Depends on
 * {@code tensor}, {@code kernel}, {@code layer} and {@code graph}.
 */
package io.cnnstream.engine.model;
