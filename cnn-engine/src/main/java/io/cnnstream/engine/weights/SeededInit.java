package io.cnnstream.engine.weights;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Deterministic He initialisation for models without a weights file. With {@code v} uniform in
 * [-1, 1): weights {@code v * sqrt(6 / fanIn)} (variance {@code 2 / fanIn}), biases
 * {@code v / sqrt(fanIn)}, batch norm weights {@code 1 + v / 2}, biases and running means
 * {@code v / 10}, running variances {@code 1 + v / 2} (non-trivial statistics, so tests see them).
 * Element i of the tensor named n has {@code v = 2 u - 1}, {@code u = (hash(fnv1a(n) + seed
 * XOR i * 0x9E3779B9) >>> 8) / 2^24} with the lowbias32 mixer: simple enough to reproduce exactly
 * in numpy ({@code tools/golden/seeded_init.py}), which is how the golden tests get identical weights
 * in PyTorch without shipping weight files.
 */
public final class SeededInit {
    private SeededInit() {
    }

    public static void apply(Model model, int seed) {
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            Parameter p = e.getValue();
            float[] v = values(e.getKey(), p.shape().intSize(), scale(p), seed);
            float offset = offset(p.kind());
            for (int i = 0; i < v.length; i++) {
                v[i] += offset;
            }
            p.bind(Tensor.of(p.shape(), v));
        }
    }

    static float scale(Parameter p) {
        return switch (p.kind()) {
            case WEIGHT -> (float) Math.sqrt(6.0 / p.fanIn());
            case BIAS -> (float) Math.sqrt(1.0 / p.fanIn());
            case NORM_WEIGHT, RUNNING_VAR -> 0.5f;
            case NORM_BIAS, RUNNING_MEAN -> 0.1f;
        };
    }

    static float offset(Parameter.Kind kind) {
        return kind == Parameter.Kind.NORM_WEIGHT || kind == Parameter.Kind.RUNNING_VAR ? 1f : 0f;
    }

    /** {@code count} values uniform in {@code [-bound, bound)} for the tensor called {@code name}. */
    public static float[] values(String name, int count, float bound, int seed) {
        int base = fnv1a(name) + seed;
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            int h = mix(base ^ (i * 0x9E3779B9));
            float u = (h >>> 8) * 0x1p-24f;
            out[i] = (2f * u - 1f) * bound;
        }
        return out;
    }

    static int fnv1a(String s) {
        int h = 0x811C9DC5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    /** lowbias32 (Chris Wellons' integer hash). */
    static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }
}
