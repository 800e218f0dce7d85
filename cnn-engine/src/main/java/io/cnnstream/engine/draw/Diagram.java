package io.cnnstream.engine.draw;

import io.cnnstream.engine.graph.Concat;
import io.cnnstream.engine.graph.Residual;
import io.cnnstream.engine.graph.Sequential;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LocalResponseNorm;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.AvgPool2d;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelSummary;
import io.cnnstream.engine.tensor.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A network as a top-to-bottom diagram built from the same walk as {@code cnn summary}: one box per
 * layer (type, kernel/stride/padding, output, parameters), its width growing with the channels and
 * its height with the spatial size (log scale); a {@code Sequential} is a column, an Inception
 * block's branches stand side by side above their concatenation, a residual block has its
 * shortcut (dashed, or a projection box) beside its main path, joining at the addition.
 */
public final class Diagram {
    static final double GAP = 18;
    static final double SIDE = 24;
    static final double FORK = 16;

    private interface Block {
        double left();   // from the block's left edge to its axis

        double right();  // from its axis to its right edge

        double height();

        /** Draws with the axis at {@code axis} and the top at {@code top}. */
        void draw(Svg svg, double axis, double top);
    }

    private record Box(String name, String type, String detail, Shape output, long params) implements Block {
        /** Wider with more channels (log scale), and wide enough for its label. */
        double width() {
            double byChannels = Math.min(340, 170 + 12 * Math.log(Math.max(1, output.dim(0))) / Math.log(2));
            return Math.max(byChannels, 6.6 * label().length() + 16);
        }

        String label() {
            return name.isEmpty() ? type : name + "  " + type + (detail.isEmpty() ? "" : " " + detail);
        }

        public double left() {
            return width() / 2;
        }

        public double right() {
            return width() / 2;
        }

        public double height() {
            return output.rank() == 3 ? 34 + 3 * Math.log(Math.max(1, output.dim(1))) / Math.log(2) : 34;
        }

        public void draw(Svg svg, double axis, double top) {
            svg.rect(axis - left(), top, width(), height(), colour(type), name);
            double middle = top + height() / 2;
            svg.text(axis, middle - 3, label(), 11, true);
            svg.text(axis, middle + 11, dims(output) + (params > 0 ? String.format(Locale.ROOT, " \u00b7 %,d params", params) : ""), 10, false);
        }
    }

    private record Chain(List<Block> blocks) implements Block {
        public double left() {
            return blocks.stream().mapToDouble(Block::left).max().orElse(0);
        }

        public double right() {
            return blocks.stream().mapToDouble(Block::right).max().orElse(0);
        }

        public double height() {
            return blocks.stream().mapToDouble(Block::height).sum() + GAP * (blocks.size() - 1);
        }

        public void draw(Svg svg, double axis, double top) {
            double y = top;
            for (int i = 0; i < blocks.size(); i++) {
                if (i > 0) {
                    svg.arrow(axis, y - GAP, axis, y);
                }
                blocks.get(i).draw(svg, axis, y);
                y += blocks.get(i).height() + GAP;
            }
        }
    }

    private record Branches(List<Block> branches, Box merge) implements Block {
        double width() {
            return branches.stream().mapToDouble(b -> b.left() + b.right()).sum() + SIDE * (branches.size() - 1);
        }

        public double left() {
            return Math.max(width() / 2, merge.left());
        }

        public double right() {
            return Math.max(width() / 2, merge.right());
        }

        public double height() {
            return FORK + branches.stream().mapToDouble(Block::height).max().orElse(0) + GAP + merge.height();
        }

        public void draw(Svg svg, double axis, double top) {
            double x = axis - width() / 2, tallest = height() - FORK - GAP - merge.height();
            for (Block b : branches) {
                double branchAxis = x + b.left();
                svg.arrow(axis, top, branchAxis, top + FORK);
                b.draw(svg, branchAxis, top + FORK);
                svg.arrow(branchAxis, top + FORK + b.height(), axis, top + FORK + tallest + GAP);
                x += b.left() + b.right() + SIDE;
            }
            merge.draw(svg, axis, top + FORK + tallest + GAP);
        }
    }

    private record Skip(Block main, Block shortcut, Box join) implements Block {
        double lane() {
            return shortcut == null ? SIDE : shortcut.left() + shortcut.right();
        }

        public double left() {
            return Math.max(main.left(), join.left());
        }

        public double right() {
            return Math.max(main.right(), join.right()) + SIDE + lane();
        }

        public double height() {
            return main.height() + GAP + join.height();
        }

        public void draw(Svg svg, double axis, double top) {
            main.draw(svg, axis, top);
            double joinTop = top + main.height() + GAP;
            svg.arrow(axis, joinTop - GAP, axis, joinTop);
            join.draw(svg, axis, joinTop);
            double laneLeft = axis + Math.max(main.right(), join.right()) + SIDE;
            double joinMiddle = joinTop + join.height() / 2, joinRight = axis + join.right();
            if (shortcut == null) {
                double x = laneLeft + SIDE / 2;
                svg.path("#1f77b4", axis, top, x, top, x, joinMiddle, joinRight, joinMiddle);
            } else {
                double shortcutAxis = laneLeft + shortcut.left();
                svg.path("#1f77b4", axis, top, shortcutAxis, top, shortcutAxis, top + GAP);
                shortcut.draw(svg, shortcutAxis, top + GAP);
                svg.path("#1f77b4", shortcutAxis, top + GAP + shortcut.height(), shortcutAxis, joinMiddle, joinRight, joinMiddle);
            }
        }
    }

    private final Model model;
    private final Map<String, ModelSummary.Row> rows = new HashMap<>();

    private Diagram(Model model) {
        this.model = model;
        for (ModelSummary.Row row : ModelSummary.of(model).layers()) {
            rows.put(row.name(), row);
        }
    }

    /** The diagram of {@code model} as an SVG document. */
    public static String svg(Model model) {
        Diagram d = new Diagram(model);
        Box input = new Box("input", "", "", model.inputShape(), 0);
        Block network = d.build("", model.network(), model.inputShape());
        Chain all = new Chain(List.of(input, network));
        double margin = 20, header = 40, axis = margin + all.left();
        Svg svg = new Svg();
        ModelSummary summary = ModelSummary.of(model);
        String title = String.format(Locale.ROOT, "%s: %s, %,d parameters, %,d MACs per image", model.name(),
                model.description(), summary.params(), summary.macs());
        svg.heading(margin, 26, title, 14);
        all.draw(svg, axis, header);
        return svg.document(Math.max(2 * margin + all.left() + all.right(), 2 * margin + 8.2 * title.length()),
                header + all.height() + margin,
                model.name() + " (" + model.description() + ")");
    }

    private Block build(String path, Layer layer, Shape in) {
        if (layer instanceof Sequential) {
            List<Block> blocks = new ArrayList<>();
            Shape shape = in;
            for (Map.Entry<String, Layer> child : layer.children().entrySet()) {
                blocks.add(build(qualified(path, child.getKey()), child.getValue(), shape));
                shape = child.getValue().outputShape(shape);
            }
            return new Chain(blocks);
        }
        if (layer instanceof Concat) {
            List<Block> branches = new ArrayList<>();
            layer.children().forEach((name, branch) -> branches.add(build(qualified(path, name), branch, in)));
            return new Branches(branches, new Box(path, "concat", "", layer.outputShape(in), 0));
        }
        if (layer instanceof Residual) {
            List<Block> main = new ArrayList<>();
            Shape shape = in;
            Block shortcut = null;
            for (Map.Entry<String, Layer> child : layer.children().entrySet()) {
                if (child.getKey().equals(Residual.SHORTCUT)) {
                    shortcut = build(qualified(path, child.getKey()), child.getValue(), in);
                } else {
                    main.add(build(qualified(path, child.getKey()), child.getValue(), shape));
                    shape = child.getValue().outputShape(shape);
                }
            }
            return new Skip(new Chain(main), shortcut, new Box(qualified(path, "relu"), "add + ReLU", "", layer.outputShape(in), 0));
        }
        if (!layer.children().isEmpty()) { // an imported graph: its nodes in execution order
            List<Block> nodes = new ArrayList<>();
            layer.children().forEach((name, node) -> {
                ModelSummary.Row row = rows.get(qualified(path, name));
                if (row != null) {
                    nodes.add(new Box(row.name(), row.type(), detail(node), row.output(), row.params()));
                }
            });
            return new Chain(nodes);
        }
        ModelSummary.Row row = rows.get(path);
        return new Box(path, layer.type(), detail(layer), layer.outputShape(in), row == null ? 0 : row.params());
    }

    private static String detail(Layer layer) {
        if (layer instanceof Conv2d c) {
            var s = c.spec();
            return s.kernelH() + "x" + s.kernelW() + "/" + s.strideH() + (s.padH() > 0 ? " p" + s.padH() : "")
                    + (s.groups() > 1 ? " g" + s.groups() : "");
        }
        if (layer instanceof MaxPool2d p) {
            return pool(p.spec());
        }
        if (layer instanceof AvgPool2d p) {
            return pool(p.spec());
        }
        if (layer instanceof LocalResponseNorm n) {
            return "size " + n.spec().size();
        }
        if (layer instanceof Dropout d) {
            return "p " + d.p();
        }
        return "";
    }

    private static String pool(Pool2dSpec s) {
        return s.kernelH() + "x" + s.kernelW() + "/" + s.strideH() + (s.padH() > 0 ? " p" + s.padH() : "") + (s.ceilMode() ? " ceil" : "");
    }

    private static String qualified(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static String dims(Shape s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.rank(); i++) {
            out.append(i == 0 ? "" : " x ").append(s.dim(i));
        }
        return out.toString();
    }

    private static String colour(String type) {
        return switch (type) {
            case "Conv2d", "ConvTranspose2d" -> "#cfe3f7";
            case "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d" -> "#f9dcc4";
            case "Linear" -> "#d7f0d2";
            case "BatchNorm2d", "LocalResponseNorm" -> "#eadcf5";
            case "concat", "add + ReLU" -> "#fff2b3";
            default -> "#eeeeee";
        };
    }
}
