package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.parallel.WorkerPool;

import java.util.Arrays;

import static io.cnnstream.engine.kernel.simd.MicroKernel.MR;
import static io.cnnstream.engine.kernel.simd.MicroKernel.NR;

/**
 * 3x3, stride-1 convolutions (any padding, any groups) by Winograd's minimal filtering F(2x2, 3x3): each 2x2 block
 * of output costs 16 multiplications per input channel instead of 36. The 4x4 input tiles
 * (overlapping by 2) of all images are numbered one after the other and handled in slabs: a slab's
 * tiles are transformed, {@code V = B^T d B}, straight into the micro-kernel's panel layout; 16
 * independent matrix products {@code M = U V} (one per position of the 4x4 transform) run on the
 * micro-kernel; the output transform {@code Y = A^T M A} adds the bias and applies the fused ReLU.
 * The results differ from the direct sum only by rounding (the oracle test holds them to 1e-5 of
 * the output's scale).
 */
final class WinogradConvolution {
    /** Floats of transformed input per slab, at most (about 16 MB): bounds the scratch memory. */
    private static final int SLAB_FLOATS = 1 << 22;

    private WinogradConvolution() {
    }

    static boolean applies(Conv2dSpec s) {
        return s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1 && s.strideW() == 1;
    }

    /** One group's filters per element of {@code groups}; each group is its own set of 16 products. */
    static void run(WorkerPool pool, float[] x, int n, int h, int w, WinogradFilters[] groups, float[] bias,
                    Conv2dSpec spec, int oh, int ow, float[] y, boolean relu) {
        // the input inside a zero border wide enough for every tile's 4x4 patch: no bounds checks later
        int hp = 2 * ((oh + 1) / 2) + 2, wp = 2 * ((ow + 1) / 2) + 2, ph = spec.padH(), pw = spec.padW();
        float[] xp = Scratch.get().padded(n * spec.inChannels() * hp * wp);
        pool.parallelFor(n * spec.inChannels(), plane -> {
            int dst = plane * hp * wp;
            Arrays.fill(xp, dst, dst + hp * wp, 0f);
            for (int row = 0; row < h && row + ph < hp; row++) {
                System.arraycopy(x, plane * h * w + row * w, xp, dst + (row + ph) * wp + pw, Math.min(w, wp - pw));
            }
        });
        for (int g = 0; g < groups.length; g++) {
            runGroup(pool, xp, hp, wp, n, groups[g], g, bias, spec, oh, ow, y, relu);
        }
    }

    /** One group, reading the padded input {@code xp} ({@code [n, inC, hp, wp]}). */
    private static void runGroup(WorkerPool pool, float[] xp, int hp, int wp, int n, WinogradFilters u, int group,
                                 float[] bias, Conv2dSpec spec, int oh, int ow, float[] y, boolean relu) {
        int tilesX = (ow + 1) / 2, tiles = ((oh + 1) / 2) * tilesX, total = n * tiles;
        int inC = u.depth(), outC = u.rows(), rowsPadded = u.panels() * MR;
        int slabPanels = Math.max(1, Math.min(ConvolutionGemm.ceilDiv(total, NR), SLAB_FLOATS / (16 * NR * inC)));
        int ldc = slabPanels * NR;
        Scratch caller = Scratch.get();
        float[] v = caller.shared(16 * slabPanels * inC * NR);
        float[] m = caller.winogradProducts(16 * rowsPadded * ldc);
        int rowChunks = Math.max(1, Math.min(u.panels(), ConvolutionGemm.ceilDiv(4 * pool.threads(), 16)));
        int panelsPerChunk = ConvolutionGemm.ceilDiv(u.panels(), rowChunks);
        int chunkCount = ConvolutionGemm.ceilDiv(u.panels(), panelsPerChunk);
        Geometry g = new Geometry(hp, wp, oh, ow, tilesX, tiles, spec.inChannels(), group * inC,
                spec.outChannels(), group * outC);

        for (int q0 = 0; q0 < total; q0 += ldc) {
            int first = q0, count = Math.min(ldc, total - q0), panels = ConvolutionGemm.ceilDiv(count, NR);
            pool.parallelFor(inC * panels, job -> transformInput(xp, g, inC, job / panels, job % panels, first, count,
                    slabPanels, v, Scratch.get().winogradTile()));
            pool.parallelFor(16 * chunkCount, job -> {
                int xi = job / chunkCount, panel0 = (job % chunkCount) * panelsPerChunk;
                int panel1 = Math.min(u.panels(), panel0 + panelsPerChunk);
                int mBase = xi * rowsPadded * ldc;
                Arrays.fill(m, mBase + panel0 * MR * ldc, mBase + panel1 * MR * ldc, 0f);
                for (int k0 = 0; k0 < inC; k0 += ConvolutionGemm.DEPTH_BLOCK) {
                    int kc = Math.min(ConvolutionGemm.DEPTH_BLOCK, inC - k0);
                    for (int tp = 0; tp < panels; tp++) {
                        int bOff = ((xi * slabPanels + tp) * inC + k0) * NR;
                        for (int panel = panel0; panel < panel1; panel++) {
                            MicroKernel.multiplyAdd(u.data(), u.offset(xi, panel) + k0 * MR, v, bOff, kc,
                                    m, mBase + panel * MR * ldc + tp * NR, ldc, false);
                        }
                    }
                }
            });
            pool.parallelFor(outC, oc -> transformOutput(m, g, rowsPadded * ldc, oc * ldc, first, count,
                    g.outOffset() + oc, bias == null ? 0f : bias[g.outOffset() + oc], relu, y));
        }
    }

    /** Sizes shared by the transforms; channel counts are the whole layer's, offsets the group's first channel. */
    private record Geometry(int hp, int wp, int oh, int ow, int tilesX, int tiles,
                            int inC, int inOffset, int outC, int outOffset) {
    }

    /**
     * {@code B^T d B} for the 16 tiles of panel {@code tp} of the slab, channel c (of the padded input), into
     * {@code v[xi][tp][c][16]}: computed into {@code buffer} first so that each position's 16 values
     * are written as one contiguous row.
     */
    private static void transformInput(float[] x, Geometry g, int depth, int c, int tp, int first, int count,
                                       int slabPanels, float[] v, float[] buffer) {
        for (int lane = 0; lane < NR; lane++) {
            int q = tp * NR + lane;
            if (q >= count) {
                for (int xi = 0; xi < 16; xi++) {
                    buffer[xi * NR + lane] = 0f;
                }
                continue;
            }
            int image = (first + q) / g.tiles(), tile = (first + q) % g.tiles();
            int wp = g.wp();
            int base = (image * g.inC() + g.inOffset() + c) * g.hp() * wp
                    + (tile / g.tilesX()) * 2 * wp + (tile % g.tilesX()) * 2;
            // rows first: B^T d with B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
            for (int j = 0; j < 4; j++) {
                float d0 = x[base + j], d1 = x[base + wp + j], d2 = x[base + 2 * wp + j], d3 = x[base + 3 * wp + j];
                buffer[256 + j] = d0 - d2;
                buffer[256 + 4 + j] = d1 + d2;
                buffer[256 + 8 + j] = d2 - d1;
                buffer[256 + 12 + j] = d1 - d3;
            }
            // then columns: (B^T d) B
            for (int i = 0; i < 4; i++) {
                float d0 = buffer[256 + 4 * i], d1 = buffer[256 + 4 * i + 1];
                float d2 = buffer[256 + 4 * i + 2], d3 = buffer[256 + 4 * i + 3];
                buffer[(4 * i) * NR + lane] = d0 - d2;
                buffer[(4 * i + 1) * NR + lane] = d1 + d2;
                buffer[(4 * i + 2) * NR + lane] = d2 - d1;
                buffer[(4 * i + 3) * NR + lane] = d1 - d3;
            }
        }
        for (int xi = 0; xi < 16; xi++) {
            System.arraycopy(buffer, xi * NR, v, ((xi * slabPanels + tp) * depth + c) * NR, NR);
        }
    }

    /** {@code A^T M A} for every tile of the slab in (layer) output channel oc, plus bias, ReLU when fused; edges clipped. */
    private static void transformOutput(float[] m, Geometry g, int stride, int row, int first, int count, int oc,
                                        float bias, boolean relu, float[] y) {
        for (int q = 0; q < count; q++) {
            int at = row + q;
            // M A with A = [[1, 0], [1, 1], [1, -1], [0, -1]], one row of M at a time
            float a0 = m[at] + m[stride + at] + m[2 * stride + at], b0 = m[stride + at] - m[2 * stride + at] - m[3 * stride + at];
            int r1 = at + 4 * stride, r2 = at + 8 * stride, r3 = at + 12 * stride;
            float a1 = m[r1] + m[stride + r1] + m[2 * stride + r1], b1 = m[stride + r1] - m[2 * stride + r1] - m[3 * stride + r1];
            float a2 = m[r2] + m[stride + r2] + m[2 * stride + r2], b2 = m[stride + r2] - m[2 * stride + r2] - m[3 * stride + r2];
            float a3 = m[r3] + m[stride + r3] + m[2 * stride + r3], b3 = m[stride + r3] - m[2 * stride + r3] - m[3 * stride + r3];
            int image = (first + q) / g.tiles(), tile = (first + q) % g.tiles();
            int oy = (tile / g.tilesX()) * 2, ox = (tile % g.tilesX()) * 2;
            int out = ((image * g.outC() + oc) * g.oh() + oy) * g.ow() + ox;
            boolean right = ox + 1 < g.ow(), below = oy + 1 < g.oh();
            y[out] = activate(a0 + a1 + a2 + bias, relu);
            if (right) {
                y[out + 1] = activate(b0 + b1 + b2 + bias, relu);
            }
            if (below) {
                y[out + g.ow()] = activate(a1 - a2 - a3 + bias, relu);
                if (right) {
                    y[out + g.ow() + 1] = activate(b1 - b2 - b3 + bias, relu);
                }
            }
        }
    }

    private static float activate(float value, boolean relu) {
        return relu && !(value > 0f) && !Float.isNaN(value) ? 0f : value;
    }
}
