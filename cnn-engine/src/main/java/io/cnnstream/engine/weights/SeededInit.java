package io.cnnstream.engine.weights;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Deterministic He initialisation for models without a weights file: weights uniform in
 * {@code ±sqrt(6 / fanIn)} (variance {@code 2 / fanIn}), biases uniform in {@code ±1/sqrt(fanIn)}.
 * Element i of the tensor named n is {@code (2 u - 1) * bound} with {@code u = (hash(fnv1a(n) + seed
 * XOR i * 0x9E3779B9) >>> 8) / 2^24} using the lowbias32 mixer: simple enough to reproduce exactly
 * in numpy ({@code tools/golden/seeded_init.py}), which is how the golden tests get identical weights
 * in PyTorch without shipping weight files.
 */
public final class SeededInit {
    private SeededInit() {
    }

    public static void apply(Model model, int seed) {
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            Parameter p = e.getValue();
            p.bind(Tensor.of(p.shape(), values(e.getKey(), p.shape().intSize(), bound(p), seed)));
        }
    }

    static float bound(Parameter p) {
        double scale = p.kind() == Parameter.Kind.WEIGHT ? 6.0 : 1.0;
        return (float) Math.sqrt(scale / p.fanIn());
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
