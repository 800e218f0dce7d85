package io.cnnstream.engine.cli;

import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.weights.BoundModel;
import io.cnnstream.engine.model.ModelSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cnn summary MODEL [--json]}. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Layers, output shapes, parameters and multiply-accumulates of MODEL.")
final class SummaryCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or an ONNX file")
    private String modelName;

    @Option(names = "--json", description = "one JSON object instead of the table")
    private boolean json;

    @Override
    public void run() {
        Model model = BoundModel.network(modelName);
        ModelSummary summary = ModelSummary.of(model);
        spec.commandLine().getOut().println(json ? Json.write(toJson(summary)) : toText(model, summary));
    }

    static Map<String, Object> toJson(ModelSummary s) {
        List<Object> layers = new ArrayList<>();
        for (ModelSummary.Row r : s.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("name", r.name());
            layer.put("type", r.type());
            layer.put("output", r.output().toArray());
            layer.put("params", r.params());
            layer.put("macs", r.macs());
            layers.add(layer);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", s.model());
        json.put("input", s.input().toArray());
        json.put("params", s.params());
        json.put("macs", s.macs());
        json.put("layers", layers);
        return json;
    }

    static String toText(Model model, ModelSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(model.name()).append(": ").append(model.description())
                .append(", input ").append(s.input()).append('\n');
        String row = "%-16s %-18s %-12s %14s %16s%n";
        sb.append(String.format(row, "layer", "type", "output", "params", "MACs"));
        for (ModelSummary.Row r : s.layers()) {
            sb.append(String.format(row, r.name(), r.type(), r.output(), grouped(r.params()), grouped(r.macs())));
        }
        sb.append(String.format(row, "total", "", "", grouped(s.params()), grouped(s.macs())));
        return sb.toString().stripTrailing();
    }

    private static String grouped(long n) {
        return String.format("%,d", n);
    }
}
