package io.cnnstream.engine.onnx;

import io.cnnstream.engine.onnx.proto.OnnxProto.AttributeProto;
import io.cnnstream.engine.onnx.proto.OnnxProto.NodeProto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A node's attributes by name, read with defaults; an attribute the importer does not know is refused. */
final class Attributes {
    private final String node;
    private final Map<String, AttributeProto> byName = new HashMap<>();

    Attributes(String node, NodeProto proto, Set<String> known) {
        this.node = node;
        for (AttributeProto a : proto.getAttributeList()) {
            if (!known.contains(a.getName())) {
                throw new OnnxFormatException("node " + node + " (" + proto.getOpType() + ") has attribute '" + a.getName()
                        + "', which is not supported (supported: " + known + ")");
            }
            byName.put(a.getName(), a);
        }
    }

    long integer(String name, long fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getI();
    }

    float real(String name, float fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getF();
    }

    String string(String name, String fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** An integer list of exactly {@code length} values, or {@code fallback} when absent. */
    long[] integers(String name, int length, long... fallback) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return fallback;
        }
        List<Long> values = a.getIntsList();
        if (values.size() != length) {
            throw new OnnxFormatException("node " + node + " attribute " + name + " has " + values.size()
                    + " values, expected " + length);
        }
        long[] out = new long[length];
        for (int i = 0; i < length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    AttributeProto raw(String name) {
        return byName.get(name);
    }

    /** A value that must fit an int (sizes, strides, pads). */
    int small(long value, String what) {
        if (value < 0 || value > 1 << 16) {
            throw new OnnxFormatException("node " + node + " has " + what + " " + value);
        }
        return (int) value;
    }
}
