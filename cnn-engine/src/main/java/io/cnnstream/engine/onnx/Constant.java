package io.cnnstream.engine.onnx;

import io.cnnstream.engine.onnx.proto.OnnxProto.TensorProto;
import io.cnnstream.engine.tensor.Float16;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant of the graph (an initializer or a {@code Constant} node's value) decoded from its
 * {@link TensorProto}: float values widened or narrowed to float32, integers kept as 64-bit. Every
 * length is checked against the dimensions before anything is allocated.
 */
record Constant(String name, int[] dims, float[] floats, long[] longs) {

    long elements() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    static Constant of(TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxFormatException(what + " keeps its data in an external file, which is not read "
                    + "(save the model with its weights inside: onnx.save(model, path, save_as_external_data=False))");
        }
        int[] dims = new int[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new OnnxFormatException(what + " has dimension " + d);
            }
            dims[i] = (int) d;
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new OnnxFormatException(what + " has more than 2^31 elements");
            }
        }
        int count = (int) n;
        ByteString raw = t.getRawData();
        return switch (t.getDataType()) {
            case 1 -> new Constant(t.getName(), dims, floats(t, raw, count, what), null); // FLOAT
            case 10 -> new Constant(t.getName(), dims, halves(t, raw, count, what), null); // FLOAT16
            case 11 -> new Constant(t.getName(), dims, doubles(t, raw, count, what), null); // DOUBLE
            case 7 -> new Constant(t.getName(), dims, null, longs(t, raw, count, what)); // INT64
            case 6 -> new Constant(t.getName(), dims, null, ints(t, raw, count, what)); // INT32
            default -> throw new OnnxFormatException(what + " has element type " + t.getDataType()
                    + " (only float, float16, double, int32 and int64 constants are read)");
        };
    }

    private static ByteBuffer rawBytes(ByteString raw, long count, int size, String what) {
        if (raw.size() != count * size) {
            throw new OnnxFormatException(what + " has " + raw.size() + " bytes of data for " + count + " elements of "
                    + size + " bytes");
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] floats(TensorProto t, ByteString raw, int count, String what) {
        float[] out = new float[count];
        if (!raw.isEmpty()) {
            rawBytes(raw, count, 4, what).asFloatBuffer().get(out);
        } else {
            requireCount(t.getFloatDataCount(), count, what);
            for (int i = 0; i < count; i++) {
                out[i] = t.getFloatData(i);
            }
        }
        return out;
    }

    private static float[] halves(TensorProto t, ByteString raw, int count, String what) {
        float[] out = new float[count];
        if (!raw.isEmpty()) {
            ByteBuffer b = rawBytes(raw, count, 2, what);
            for (int i = 0; i < count; i++) {
                out[i] = Float16.toFloat(b.getShort(2 * i));
            }
        } else {
            requireCount(t.getInt32DataCount(), count, what);
            for (int i = 0; i < count; i++) {
                out[i] = Float16.toFloat((short) t.getInt32Data(i));
            }
        }
        return out;
    }

    private static float[] doubles(TensorProto t, ByteString raw, int count, String what) {
        float[] out = new float[count];
        if (!raw.isEmpty()) {
            ByteBuffer b = rawBytes(raw, count, 8, what);
            for (int i = 0; i < count; i++) {
                out[i] = (float) b.getDouble(8 * i);
            }
        } else {
            requireCount(t.getDoubleDataCount(), count, what);
            for (int i = 0; i < count; i++) {
                out[i] = (float) t.getDoubleData(i);
            }
        }
        return out;
    }

    private static long[] longs(TensorProto t, ByteString raw, int count, String what) {
        long[] out = new long[count];
        if (!raw.isEmpty()) {
            rawBytes(raw, count, 8, what).asLongBuffer().get(out);
        } else {
            requireCount(t.getInt64DataCount(), count, what);
            for (int i = 0; i < count; i++) {
                out[i] = t.getInt64Data(i);
            }
        }
        return out;
    }

    private static long[] ints(TensorProto t, ByteString raw, int count, String what) {
        long[] out = new long[count];
        if (!raw.isEmpty()) {
            ByteBuffer b = rawBytes(raw, count, 4, what);
            for (int i = 0; i < count; i++) {
                out[i] = b.getInt(4 * i);
            }
        } else {
            requireCount(t.getInt32DataCount(), count, what);
            for (int i = 0; i < count; i++) {
                out[i] = t.getInt32Data(i);
            }
        }
        return out;
    }

    private static void requireCount(int actual, int expected, String what) {
        if (actual != expected) {
            throw new OnnxFormatException(what + " holds " + actual + " values for " + expected + " elements");
        }
    }

    float[] requireFloats(String role) {
        if (floats == null) {
            throw new OnnxFormatException(role + " '" + name + "' is an integer tensor, not floats");
        }
        return floats;
    }

    long[] requireLongs(String role) {
        if (longs == null) {
            throw new OnnxFormatException(role + " '" + name + "' is a float tensor, not integers");
        }
        return longs;
    }

    @Override
    public String toString() {
        return "constant " + name + " " + Arrays.toString(dims);
    }
}
