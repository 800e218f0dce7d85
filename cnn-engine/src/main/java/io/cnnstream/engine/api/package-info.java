/**
 * What the service and the command line use: an {@link io.cnnstream.engine.api.Engine} (worker
 * pool and kernels, started once) that opens {@link io.cnnstream.engine.api.Classifier}s by model
 * name and weights file. Depends on every other engine package; nothing in the engine depends on it
 * but {@code cli}.
 */
package io.cnnstream.engine.api;
