/**
 * Measuring the engine: timed forward passes with allocation counts ({@link io.cnnstream.engine.bench.Stopwatch}),
 * a per-kernel-call profile ({@link io.cnnstream.engine.bench.ProfilingKernels}) and the runs behind
 * {@code cnn bench} ({@link io.cnnstream.engine.bench.ModelBenchmark}). Shared with the benchmark
 * module, which times ONNX Runtime with the same stopwatch.
 */
package io.cnnstream.engine.bench;
