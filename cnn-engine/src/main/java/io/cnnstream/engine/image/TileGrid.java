package io.cnnstream.engine.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Tiles (feature maps, filters) laid out in a grid for looking at: each tile is scaled up by a
 * whole factor with nearest-neighbour pixels, separated by {@value #GAP} grey pixels. Greyscale
 * tiles map a range to 0..255 ({@link #grey}); RGB tiles hold three planes mapped together.
 */
public final class TileGrid {
    /** Pixels between tiles and around the grid, before scaling. */
    public static final int GAP = 2;
    private static final int BACKGROUND = 0x808080;
    private static final int BAR = 16;

    private TileGrid() {
    }

    /** A pixel value 0..255 for {@code v} in {@code [min, max]} (128 when the range is empty). */
    public static int grey(float v, float min, float max) {
        if (!(max > min)) {
            return 128;
        }
        return Math.max(0, Math.min(255, Math.round(255f * (v - min) / (max - min))));
    }

    /** The smallest whole factor that makes a tile side at least {@code side} pixels, at least 1. */
    public static int scaleFor(int tileSide, int side) {
        return Math.max(1, (side + tileSide - 1) / tileSide);
    }

    /**
     * {@code tiles[t]} of {@code h x w} values (planes of {@code channels} = 1 or 3), each normalised
     * over its own range when {@code perTile}, else over all tiles; {@code columns} tiles a row;
     * {@code colourBar} adds a strip from the range's minimum (black, bottom) to maximum (white, top).
     */
    public static BufferedImage render(float[][] tiles, int channels, int h, int w, int columns, int scale,
                                       boolean perTile, boolean colourBar) {
        if (tiles.length == 0 || channels != 1 && channels != 3) {
            throw new IllegalArgumentException("need at least one tile of 1 or 3 channels, got " + tiles.length
                    + " tiles of " + channels);
        }
        int rows = (tiles.length + columns - 1) / columns;
        int width = GAP + columns * (w * scale + GAP) + (colourBar ? BAR + 3 * GAP + 28 : 0);
        int height = GAP + rows * (h * scale + GAP);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, BACKGROUND);
            }
        }
        float[] all = range(tiles);
        for (int t = 0; t < tiles.length; t++) {
            float[] r = perTile ? range(new float[][] {tiles[t]}) : all;
            int left = GAP + (t % columns) * (w * scale + GAP), top = GAP + (t / columns) * (h * scale + GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb;
                    if (channels == 1) {
                        int g = grey(tiles[t][y * w + x], r[0], r[1]);
                        rgb = g << 16 | g << 8 | g;
                    } else {
                        int plane = h * w;
                        rgb = grey(tiles[t][y * w + x], r[0], r[1]) << 16 | grey(tiles[t][plane + y * w + x], r[0], r[1]) << 8
                                | grey(tiles[t][2 * plane + y * w + x], r[0], r[1]);
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            image.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        if (colourBar) {
            drawBar(image, width - BAR - 2 * GAP - 28, height, perTile);
        }
        return image;
    }

    private static void drawBar(BufferedImage image, int left, int height, boolean perTile) {
        int top = GAP, bottom = height - GAP;
        for (int y = top; y < bottom; y++) {
            int g = Math.round(255f * (bottom - 1 - y) / Math.max(1, bottom - 1 - top));
            for (int x = left; x < left + BAR; x++) {
                image.setRGB(x, y, g << 16 | g << 8 | g);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        g.drawString("max", left + BAR + GAP, top + 9);
        g.drawString("min", left + BAR + GAP, bottom - 1);
        if (perTile) {
            g.drawString("/map", left + BAR + GAP, (top + bottom) / 2);
        }
        g.dispose();
    }

    /** {min, max} over every value of every tile. */
    static float[] range(float[][] tiles) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float[] tile : tiles) {
            for (float v : tile) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new float[] {min, max};
    }
}
