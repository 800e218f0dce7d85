package io.cnnstream.engine.draw;

import java.util.Locale;

/**
 * A small SVG 1.1 writer: rectangles, text, lines and arrows, every attribute value and text
 * escaped, so the document is well-formed XML that browsers and Inkscape open.
 */
public final class Svg {
    private final StringBuilder body = new StringBuilder();

    /** A box, with {@code id} (a layer's name) kept as {@code data-layer} for tools and tests. */
    public Svg rect(double x, double y, double w, double h, String fill, String layer) {
        body.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" fill=\"%s\" stroke=\"#333\"%s/>%n",
                x, y, w, h, escape(fill), layer == null ? "" : " data-layer=\"" + escape(layer) + "\""));
        return this;
    }

    /** Text centred on {@code x}. */
    public Svg text(double x, double y, String text, int size, boolean bold) {
        return text(x, y, text, size, bold, "middle");
    }

    /** Text starting at {@code x}. */
    public Svg heading(double x, double y, String text, int size) {
        return text(x, y, text, size, true, "start");
    }

    private Svg text(double x, double y, String text, int size, boolean bold, String anchor) {
        body.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>%n",
                x, y, size, anchor, bold ? " font-weight=\"bold\"" : "", escape(text)));
        return this;
    }

    /** A line ending in an arrow head. */
    public Svg arrow(double x1, double y1, double x2, double y2) {
        body.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>%n",
                x1, y1, x2, y2));
        return this;
    }

    /** A polyline through the points {@code x0, y0, x1, y1, ...}, ending in an arrow head. */
    public Svg path(String stroke, double... xy) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < xy.length; i += 2) {
            points.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", xy[i], xy[i + 1]));
        }
        body.append("<polyline points=\"").append(points).append("\" fill=\"none\" stroke=\"").append(escape(stroke))
                .append("\" stroke-dasharray=\"5,3\" marker-end=\"url(#arrow)\"/>\n");
        return this;
    }

    /** The document, {@code width x height} user units. */
    public String document(double width, double height, String title) {
        return String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">%n"
                + "<title>%s</title>%n"
                + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                + "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n%s</svg>%n",
                width, height, width, height, escape(title), body);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
