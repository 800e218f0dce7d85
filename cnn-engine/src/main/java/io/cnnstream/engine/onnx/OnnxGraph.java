package io.cnnstream.engine.onnx;

import io.cnnstream.engine.onnx.proto.OnnxProto.GraphProto;
import io.cnnstream.engine.onnx.proto.OnnxProto.ModelProto;
import io.cnnstream.engine.onnx.proto.OnnxProto.NodeProto;
import io.cnnstream.engine.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.cnnstream.engine.onnx.proto.OnnxProto.TensorShapeProto;
import io.cnnstream.engine.onnx.proto.OnnxProto.ValueInfoProto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model file parsed and checked as a graph: the default-domain opset within the supported
 * range, one float image input {@code [N, C, H, W]} (or {@code [N, F]}) with a free or fixed batch,
 * one output, every constant decoded, every value produced before it is read (no cycles, no missing
 * initializers), and the nodes in an order that runs. The file is memory-mapped and parsed with
 * aliasing, so tensor data is read in place.
 */
public final class OnnxGraph {
    public static final int MIN_OPSET = 11;
    public static final int MAX_OPSET = 21;

    private final Path path;
    private final ModelProto model;
    private final int opset;
    private final String input;
    private final int[] inputDims;
    private final String output;
    private final Map<String, Constant> constants;
    private final List<NodeProto> nodes;
    private final Map<String, Integer> readers;

    private OnnxGraph(Path path, ModelProto model, int opset, String input, int[] inputDims, String output,
                      Map<String, Constant> constants, List<NodeProto> nodes, Map<String, Integer> readers) {
        this.path = path;
        this.model = model;
        this.opset = opset;
        this.input = input;
        this.inputDims = inputDims;
        this.output = output;
        this.constants = constants;
        this.nodes = nodes;
        this.readers = readers;
    }

    /** Reads and checks {@code path}; an {@link OnnxFormatException} names the defect. */
    public static OnnxGraph read(Path path) {
        ModelProto model;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new OnnxFormatException("ONNX model " + path + " is over 2 GB, the protobuf limit; its weights "
                        + "would be external data, which is not read");
            }
            CodedInputStream in = CodedInputStream.newInstance(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException("ONNX model " + path + " is not a valid ONNX protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model " + path + ": " + e, e);
        }
        try {
            return check(path, model);
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException("ONNX model " + path + ": " + e.getMessage(), e);
        }
    }

    private static OnnxGraph check(Path path, ModelProto model) {
        if (!model.hasGraph()) {
            throw new OnnxFormatException("no graph (is this an ONNX model?)");
        }
        int opset = opset(model);
        GraphProto graph = model.getGraph();
        Map<String, Constant> constants = new LinkedHashMap<>();
        for (var t : graph.getInitializerList()) {
            constants.put(t.getName(), Constant.of(t, "initializer '" + t.getName() + "'"));
        }
        if (graph.getSparseInitializerCount() > 0) {
            throw new OnnxFormatException("sparse initializers are not supported");
        }
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) {
            if (!constants.containsKey(v.getName())) { // IR < 4 lists initializers as inputs too
                inputs.add(v);
            }
        }
        if (inputs.size() != 1 || graph.getOutputCount() != 1) {
            throw new OnnxFormatException("the graph has " + inputs.size() + " inputs and " + graph.getOutputCount()
                    + " outputs; a classifier has one of each");
        }
        String input = inputs.get(0).getName(), output = graph.getOutput(0).getName();
        int[] inputDims = inputDims(inputs.get(0));
        List<NodeProto> ordered = order(graph.getNodeList(), input, constants, output);
        Map<String, Integer> readers = new HashMap<>();
        for (NodeProto node : ordered) {
            for (String read : node.getInputList()) {
                readers.merge(read, 1, Integer::sum);
            }
        }
        return new OnnxGraph(path, model, opset, input, inputDims, output, constants, ordered, readers);
    }

    private static int opset(ModelProto model) {
        for (OperatorSetIdProto set : model.getOpsetImportList()) {
            if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
                long v = set.getVersion();
                if (v < MIN_OPSET || v > MAX_OPSET) {
                    throw new OnnxFormatException("opset " + v + " of the default domain; opsets " + MIN_OPSET + " to "
                            + MAX_OPSET + " are read (re-export with opset_version=17, say)");
                }
                return (int) v;
            }
        }
        throw new OnnxFormatException("no opset of the default ONNX domain is imported");
    }

    private static int[] inputDims(ValueInfoProto input) {
        var type = input.getType();
        if (!type.hasTensorType() || type.getTensorType().getElemType() != 1) {
            throw new OnnxFormatException("input '" + input.getName() + "' is not a float tensor");
        }
        TensorShapeProto shape = type.getTensorType().getShape();
        int rank = shape.getDimCount();
        if (rank != 4 && rank != 2) {
            throw new OnnxFormatException("input '" + input.getName() + "' has rank " + rank
                    + "; [N, C, H, W] images or [N, F] features are read");
        }
        int[] dims = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > 1 << 20) {
                throw new OnnxFormatException("input '" + input.getName() + "' dimension " + i + " is "
                        + (d.hasDimParam() ? "'" + d.getDimParam() + "'" : String.valueOf(d.getDimValue()))
                        + "; only the batch dimension may be free");
            }
            dims[i - 1] = (int) d.getDimValue();
        }
        TensorShapeProto.Dimension batch = shape.getDim(0);
        if (batch.hasDimValue() && batch.getDimValue() != 1) {
            throw new OnnxFormatException("input '" + input.getName() + "' has a fixed batch of " + batch.getDimValue()
                    + "; export with dynamic_axes={'" + input.getName() + "': {0: 'N'}} or a batch of 1");
        }
        return dims;
    }

    /**
     * The nodes the output depends on, in an order where each value is written before it is read
     * (Kahn's algorithm); a cycle or a value nothing writes is named.
     */
    private static List<NodeProto> order(List<NodeProto> nodes, String input, Map<String, Constant> constants, String output) {
        Map<String, Integer> writer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (!out.isEmpty() && writer.put(out, i) != null) {
                    throw new OnnxFormatException("value '" + out + "' is written by two nodes");
                }
            }
        }
        // only what the output needs: walk back from it
        Set<Integer> needed = new HashSet<>();
        ArrayDeque<String> wanted = new ArrayDeque<>(List.of(output));
        Set<String> seen = new HashSet<>();
        while (!wanted.isEmpty()) {
            String value = wanted.pop();
            if (!seen.add(value) || value.equals(input) || constants.containsKey(value) || value.isEmpty()) {
                continue;
            }
            Integer w = writer.get(value);
            if (w == null) {
                throw new OnnxFormatException("value '" + value + "' is read but no node writes it and it is no "
                        + "initializer (a missing initializer?)");
            }
            if (needed.add(w)) {
                wanted.addAll(nodes.get(w).getInputList());
            }
        }
        List<NodeProto> inFileOrder = inFileOrder(nodes, needed, input, constants);
        if (inFileOrder != null) {
            return inFileOrder;
        }
        Map<Integer, Integer> waiting = new HashMap<>();
        Map<String, List<Integer>> readersOf = new HashMap<>();
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!needed.contains(i)) {
                continue;
            }
            int deps = 0;
            for (String read : nodes.get(i).getInputList()) {
                if (writer.containsKey(read)) {
                    deps++;
                    readersOf.computeIfAbsent(read, k -> new ArrayList<>()).add(i);
                }
            }
            waiting.put(i, deps);
            if (deps == 0) {
                ready.push(i);
            }
        }
        List<NodeProto> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.pop(); // depth first: a chain stays together, so a convolution meets its ReLU

            ordered.add(nodes.get(i));
            for (String out : nodes.get(i).getOutputList()) {
                for (int reader : readersOf.getOrDefault(out, List.of())) {
                    if (waiting.merge(reader, -1, Integer::sum) == 0) {
                        ready.push(reader);
                    }
                }
            }
        }
        if (ordered.size() < needed.size()) {
            for (int i : needed) {
                if (waiting.get(i) > 0) {
                    throw new OnnxFormatException("the graph has a cycle through node " + name(nodes.get(i), i));
                }
            }
        }
        return ordered;
    }

    /**
     * The needed nodes in the file's order when it already runs (the ONNX standard requires it, and
     * exporters write forward order, which keeps a convolution next to its ReLU), else null.
     */
    private static List<NodeProto> inFileOrder(List<NodeProto> nodes, Set<Integer> needed, String input,
                                               Map<String, Constant> constants) {
        Set<String> written = new HashSet<>(constants.keySet());
        written.add(input);
        written.add("");
        List<NodeProto> ordered = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!needed.contains(i)) {
                continue;
            }
            if (!written.containsAll(nodes.get(i).getInputList())) {
                return null;
            }
            written.addAll(nodes.get(i).getOutputList());
            ordered.add(nodes.get(i));
        }
        return ordered;
    }

    static String name(NodeProto node, int index) {
        return node.getName().isEmpty() ? node.getOpType() + "_" + index : node.getName();
    }

    public Path path() {
        return path;
    }

    public int opset() {
        return opset;
    }

    /** Who made the file, as it says ({@code pytorch 1.13.1}). */
    public String producer() {
        return (model.getProducerName() + " " + model.getProducerVersion()).strip();
    }

    String input() {
        return input;
    }

    /** Per-sample input dimensions: {@code [C, H, W]} or {@code [F]}. */
    public int[] inputDims() {
        return inputDims.clone();
    }

    String output() {
        return output;
    }

    Map<String, Constant> constants() {
        return constants;
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    int readers(String value) {
        return readers.getOrDefault(value, 0);
    }

    /** The output's declared dimension 1 (classes), or -1 when not declared. */
    int declaredClasses() {
        TensorShapeProto shape = model.getGraph().getOutput(0).getType().getTensorType().getShape();
        return shape.getDimCount() == 2 && shape.getDim(1).hasDimValue() ? (int) shape.getDim(1).getDimValue() : -1;
    }
}
