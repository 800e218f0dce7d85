package io.cnnstream.engine.model;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.tensor.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer output shape, parameter count and multiply-accumulates of a model, with totals.
 * MACs count the products of convolutions and linear layers, per sample.
 */
public record ModelSummary(String model, Shape input, List<Row> layers) {

    /** One leaf layer: its dotted name, PyTorch type, per-sample output shape, parameters and MACs. */
    public record Row(String name, String type, Shape output, long params, long macs) {
    }

    public ModelSummary {
        layers = List.copyOf(layers);
    }

    public static ModelSummary of(Model model) {
        List<Row> rows = new ArrayList<>();
        model.network().describe("", model.inputShape(), (name, layer, in, out) -> rows.add(new Row(
                name, layer.type(), out,
                layer.parameters().stream().filter(p -> !p.isBuffer()).mapToLong((Parameter p) -> p.shape().size()).sum(),
                layer.macs(in))));
        return new ModelSummary(model.name(), model.inputShape(), rows);
    }

    public long params() {
        return layers.stream().mapToLong(Row::params).sum();
    }

    public long macs() {
        return layers.stream().mapToLong(Row::macs).sum();
    }

    public Row layer(String name) {
        return layers.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer named " + name + " in " + model));
    }
}
