/**
 * ONNX graph import: {@link io.cnnstream.engine.onnx.OnnxGraph} parses a model with the classes
 * generated from the vendored {@code onnx.proto} (package {@code onnx.proto}) and checks it as a
 * graph; {@link io.cnnstream.engine.onnx.OnnxImporter} turns each node into an engine layer of a
 * {@link io.cnnstream.engine.graph.Dag}, weights bound, refusing what it cannot run at load.
 * Depends on {@code tensor}, {@code kernel}, {@code layer}, {@code graph} and {@code model}, never
 * on {@code weights} (which uses it to bind ONNX exports to registry models).
 */
package io.cnnstream.engine.onnx;
