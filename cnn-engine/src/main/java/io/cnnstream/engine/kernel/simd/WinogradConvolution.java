package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.parallel.WorkerPool;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;

import static io.cnnstream.engine.kernel.simd.MicroKernel.MR;
import static io.cnnstream.engine.kernel.simd.MicroKernel.NR;
import static io.cnnstream.engine.kernel.simd.MicroKernel.load;

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
    private static final int L = MicroKernel.L;
    /** Floats past the padded input's end: a vector load from the last tiles reads a little beyond. */
    private static final int SLACK = 2 * L;
    /** Channels whose input transforms one task writes in order (see transformInput). */
    private static final int CHANNEL_RUN = 16;

    private WinogradConvolution() {
    }

    static boolean applies(Conv2dSpec s) {
        return s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1 && s.strideW() == 1;
    }

    /** One group's filters per element of {@code groups}; each group is its own set of 16 products. */
    static void run(WorkerPool pool, float[] x, int n, int h, int w, WinogradFilters[] groups, float[] bias,
                    Conv2dSpec spec, int oh, int ow, float[] y, boolean relu) {
        // the input inside a zero border wide enough for every tile's 4x4 patch (no bounds checks later),
        // each row split into its even and odd columns: the values at one patch position of consecutive
        // tiles (2 columns apart) are then contiguous, and a vector's worth of tiles transforms at once
        int hp = 2 * ((oh + 1) / 2) + 2, wp = 2 * ((ow + 1) / 2) + 2, ph = spec.padH(), pw = spec.padW();
        int half = wp / 2;
        int size = n * spec.inChannels() * hp * wp;
        float[] xp = Scratch.get().padded(size + SLACK);
        Arrays.fill(xp, size, size + SLACK, 0f);
        pool.parallelFor(n * spec.inChannels(), plane -> {
            int dst = plane * hp * wp;
            Arrays.fill(xp, dst, dst + hp * wp, 0f);
            for (int row = 0; row < h && row + ph < hp; row++) {
                int from = plane * h * w + row * w, to = dst + (row + ph) * wp;
                for (int col = 0; col < w && col + pw < wp; col++) {
                    int c = col + pw;
                    xp[to + (c & 1) * half + (c >> 1)] = x[from + col];
                }
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
            int channelRuns = ConvolutionGemm.ceilDiv(inC, CHANNEL_RUN);
            pool.parallelFor(channelRuns * panels, job -> {
                int c0 = job / panels * CHANNEL_RUN, c1 = Math.min(inC, c0 + CHANNEL_RUN);
                transformInput(xp, g, inC, c0, c1, job % panels, first, count, slabPanels, v, Scratch.get());
            });
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
                    g.outOffset() + oc, bias == null ? 0f : bias[g.outOffset() + oc], relu, y, Scratch.get()));
        }
    }

    /** Sizes shared by the transforms; channel counts are the whole layer's, offsets the group's first channel. */
    private record Geometry(int hp, int wp, int oh, int ow, int tilesX, int tiles,
                            int inC, int inOffset, int outC, int outOffset) {
    }

    /**
     * {@code B^T d B} for the NR tiles of panel {@code tp} of the slab, channels {@code [c0, c1)} (of the
     * padded input), into {@code v[xi][tp][c][NR]}. Tiles of one tile row are transformed L (a vector's
     * floats) at a time as vectors (their patches' columns are contiguous in the even/odd rows), and a
     * run's last vector overshoots into lanes written after it: into the next run, or past the
     * channel's NR lanes into the next channel's, which this task writes next. Only the last
     * channel's, whose overshoot would land in another task's lanes, goes through {@code buffer}
     * ({@code [16][NR + L]}) and is copied.
     */
    private static void transformInput(float[] x, Geometry g, int depth, int c0, int c1, int tp, int first, int count,
                                       int slabPanels, float[] v, Scratch scratch) {
        float[] buffer = scratch.winogradTile(), stage = scratch.winogradStage();
        int lanes = Math.min(NR, count - tp * NR), positionStride = slabPanels * depth * NR;
        for (int c = c0; c < c1; c++) {
            int row = ((tp * depth) + c) * NR;
            if (c < c1 - 1) {
                transformTiles(x, g, c, first + tp * NR, lanes, stage, v, row, positionStride);
            } else {
                transformTiles(x, g, c, first + tp * NR, lanes, stage, buffer, 0, NR + L);
                for (int xi = 0; xi < 16; xi++) {
                    System.arraycopy(buffer, xi * (NR + L), v, xi * positionStride + row, lanes);
                }
            }
            if (lanes < NR) { // the slab's last panel: its unused lanes must hold numbers (0), not leftovers
                for (int xi = 0; xi < 16; xi++) {
                    Arrays.fill(v, xi * positionStride + row + lanes, xi * positionStride + row + NR, 0f);
                }
            }
        }
    }

    /**
     * The 16 transformed values of {@code lanes} tiles from tile {@code q0} (of the numbering across
     * images) in channel c: position xi's lanes to {@code out[at + xi * stride ...]}, up to L - 1 lanes
     * beyond.
     */
    private static void transformTiles(float[] x, Geometry g, int c, int q0, int lanes, float[] stage, float[] out,
                                       int at, int stride) {
        int wp = g.wp(), half = wp / 2;
        for (int lane = 0; lane < lanes; ) {
            int q = q0 + lane;
            int image = q / g.tiles(), tile = q % g.tiles(), tx = tile % g.tilesX();
            int run = Math.min(lanes - lane, g.tilesX() - tx);
            int base = (image * g.inC() + g.inOffset() + c) * g.hp() * wp + (tile / g.tilesX()) * 2 * wp + tx;
            for (int r = 0; r < run; r += L) {
                transformVectors(x, base + r, wp, half, stage, out, at + lane + r, stride);
            }
            lane += run;
        }
    }

    /**
     * {@code B^T d B} for the L tiles whose patches start at {@code at} (in the even/odd row layout),
     * into {@code buffer} from {@code out}, position xi's L values at {@code out + xi * row}. Two passes of four vectors
     * through {@code stage}: C2 keeps a method this small in registers (a larger one fails to
     * intrinsify some vector operations and boxes them on the heap).
     */
    private static void transformVectors(float[] x, int at, int wp, int half, float[] stage, float[] buffer,
                                         int out, int row) {
        // rows first: B^T d with B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]];
        // patch column j of these tiles is at (j & 1) * half + (j >> 1)
        for (int j = 0; j < 4; j++) {
            int a = at + (j & 1) * half + (j >> 1);
            FloatVector d0 = load(x, a), d1 = load(x, a + wp), d2 = load(x, a + 2 * wp), d3 = load(x, a + 3 * wp);
            d0.sub(d2).intoArray(stage, j * L);
            d1.add(d2).intoArray(stage, (4 + j) * L);
            d2.sub(d1).intoArray(stage, (8 + j) * L);
            d1.sub(d3).intoArray(stage, (12 + j) * L);
        }
        // then columns: (B^T d) B, position 4i + j to buffer row 4i + j
        for (int i = 0; i < 4; i++) {
            FloatVector d0 = load(stage, 4 * i * L), d1 = load(stage, (4 * i + 1) * L);
            FloatVector d2 = load(stage, (4 * i + 2) * L), d3 = load(stage, (4 * i + 3) * L);
            d0.sub(d2).intoArray(buffer, 4 * i * row + out);
            d1.add(d2).intoArray(buffer, (4 * i + 1) * row + out);
            d2.sub(d1).intoArray(buffer, (4 * i + 2) * row + out);
            d1.sub(d3).intoArray(buffer, (4 * i + 3) * row + out);
        }
    }

    /**
     * {@code A^T M A} plus bias, then {@code max(., floor)}, for the L tiles at {@code at} of the 16 rows of
     * M ({@code stride} apart): the 4 outputs of each tile into {@code buffer[4][L]}. ReLU is max(x, 0) and
     * no ReLU max(x, -inf) (NaN stays NaN either way, as in the scalar kernels): no branch, so that no
     * vector merges two paths. Kept small for C2, as {@link #transformVectors}.
     */
    private static void outputVectors(float[] m, int at, int stride, float bias, float floor, float[] stage,
                                      float[] buffer) {
        // M A with A = [[1, 0], [1, 1], [1, -1], [0, -1]], one row of M at a time
        for (int i = 0; i < 4; i++) {
            int r = at + 4 * i * stride;
            FloatVector m1 = load(m, r + stride), m2 = load(m, r + 2 * stride);
            load(m, r).add(m1).add(m2).intoArray(stage, 2 * i * L);
            m1.sub(m2).sub(load(m, r + 3 * stride)).intoArray(stage, (2 * i + 1) * L);
        }
        // then A^T (M A)
        FloatVector a1 = load(stage, 2 * L), b1 = load(stage, 3 * L), a2 = load(stage, 4 * L), b2 = load(stage, 5 * L);
        load(stage, 0).add(a1).add(a2).add(bias).max(floor).intoArray(buffer, 0);
        load(stage, L).add(b1).add(b2).add(bias).max(floor).intoArray(buffer, L);
        a1.sub(a2).sub(load(stage, 6 * L)).add(bias).max(floor).intoArray(buffer, 2 * L);
        b1.sub(b2).sub(load(stage, 7 * L)).add(bias).max(floor).intoArray(buffer, 3 * L);
    }

    /**
     * {@code A^T M A} for every tile of the slab in (layer) output channel oc, plus bias, ReLU when fused;
     * computed for L tiles at a time as vectors (a row of M holds consecutive tiles), then each tile's
     * 2x2 block stored, clipped at the edges.
     */
    private static void transformOutput(float[] m, Geometry g, int stride, int row, int first, int count, int oc,
                                        float bias, boolean relu, float[] y, Scratch scratch) {
        float[] buffer = scratch.winogradTile(), stage = scratch.winogradStage();
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        for (int q0 = 0; q0 < count; q0 += L) {
            outputVectors(m, row + q0, stride, bias, floor, stage, buffer);
            for (int lane = 0, lanes = Math.min(L, count - q0); lane < lanes; lane++) {
                int image = (first + q0 + lane) / g.tiles(), tile = (first + q0 + lane) % g.tiles();
                int oy = (tile / g.tilesX()) * 2, ox = (tile % g.tilesX()) * 2;
                int out = ((image * g.outC() + oc) * g.oh() + oy) * g.ow() + ox;
                boolean right = ox + 1 < g.ow(), below = oy + 1 < g.oh();
                y[out] = buffer[lane];
                if (right) {
                    y[out + 1] = buffer[L + lane];
                }
                if (below) {
                    y[out + g.ow()] = buffer[2 * L + lane];
                    if (right) {
                        y[out + g.ow() + 1] = buffer[3 * L + lane];
                    }
                }
            }
        }
    }
}
