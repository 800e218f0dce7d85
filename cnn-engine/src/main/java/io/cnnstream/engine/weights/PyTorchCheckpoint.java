package io.cnnstream.engine.weights;

import io.cnnstream.engine.weights.Unpickler.Global;
import io.cnnstream.engine.weights.Unpickler.StorageRef;
import io.cnnstream.engine.weights.Unpickler.TensorRef;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A PyTorch checkpoint in the zip format {@code torch.save} writes since PyTorch 1.6:
 * {@code PREFIX/data.pkl} (the pickled object, read by the restricted {@link Unpickler}),
 * {@code PREFIX/data/KEY} (one uncompressed record per storage) and an optional
 * {@code PREFIX/byteorder}. Everything is validated on open: every storage record exists, is stored
 * uncompressed and is exactly as long as its declared length, and every tensor lies inside its
 * storage, so nothing is allocated beyond what the file holds. Values are streamed from the zip
 * entry into the tensor's array when read.
 *
 * <p>Which dict is the state dict: the top-level object when it is a dict of tensors; otherwise the
 * first of its entries {@value #WRAPPER_KEYS_TEXT} that is one. A {@code module.} prefix on every
 * name (a model saved from {@code nn.DataParallel}) is removed.
 */
public final class PyTorchCheckpoint implements TensorFile {
    static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model", "net", "module");
    static final String WRAPPER_KEYS_TEXT = "state_dict, model_state_dict, model, net, module";
    static final long MAX_PICKLE_BYTES = 256L << 20;
    private static final int CHUNK = 1 << 16;

    private final Path path;
    private final ZipFile zip;
    private final String prefix;
    private final ByteOrder order;
    private final String origin;
    private final Map<String, TensorRef> refs;
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();

    private PyTorchCheckpoint(Path path, ZipFile zip, String prefix, ByteOrder order, String origin,
                              Map<String, TensorRef> refs) {
        this.path = path;
        this.zip = zip;
        this.prefix = prefix;
        this.order = order;
        this.origin = origin;
        this.refs = refs;
        refs.forEach((name, t) -> tensors.put(name, new TensorInfo(name, t.storage().dtype(), t.shape())));
    }

    /** Opens and validates {@code path}; fails with {@link CheckpointFormatException} naming the defect. */
    public static PyTorchCheckpoint open(Path path) {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new CheckpointFormatException("checkpoint " + path + " is not a complete zip archive (truncated?): "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open checkpoint " + path + ": " + e, e);
        }
        try {
            try {
                return read(path, zip);
            } catch (IllegalArgumentException e) { // java.util.zip's answer to a record name that is not UTF-8
                throw bad(path, "has a damaged zip record: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            try {
                zip.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static PyTorchCheckpoint read(Path path, ZipFile zip) {
        String prefix = null;
        boolean torchScript = false;
        for (ZipEntry e : Collections.list(zip.entries())) {
            String name = e.getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                prefix = name.substring(0, slash + 1);
            }
            torchScript |= slash > 0 && (name.substring(slash + 1).equals("constants.pkl")
                    || name.substring(slash + 1).startsWith("code/"));
        }
        if (torchScript) {
            throw bad(path, "is a TorchScript archive (torch.jit.save), not a state dict; "
                    + "save one with torch.save(model.state_dict(), PATH)");
        }
        if (prefix == null) {
            throw bad(path, "is a zip archive without a DIR/data.pkl record, so not a torch.save checkpoint");
        }
        try {
            long fileSize = Files.size(path);
            ByteOrder order = byteOrder(path, zip, prefix);
            ZipEntry pickleEntry = zip.getEntry(prefix + "data.pkl");
            long pickleSize = pickleEntry.getSize();
            if (pickleSize < 0 || pickleSize > MAX_PICKLE_BYTES || pickleSize > fileSize) {
                throw bad(path, "declares a data.pkl of " + pickleSize + " bytes (the file has " + fileSize + ")");
            }
            byte[] pickle;
            try (InputStream in = zip.getInputStream(pickleEntry)) {
                pickle = in.readNBytes((int) pickleSize);
            }
            Object root;
            String records = prefix;
            try {
                root = Unpickler.load(pickle, pid -> storage(path, zip, records, fileSize, pid));
            } catch (CheckpointFormatException e) {
                throw new CheckpointFormatException("checkpoint " + path + ": " + e.getMessage(), e);
            }
            String[] origin = new String[1];
            Map<String, TensorRef> refs = stateDict(path, root, origin);
            for (Map.Entry<String, TensorRef> t : refs.entrySet()) {
                checkInsideStorage(path, t.getKey(), t.getValue());
            }
            return new PyTorchCheckpoint(path, zip, prefix, order, origin[0], refs);
        } catch (ZipException e) {
            throw bad(path, "has a damaged zip record: " + e.getMessage());
        } catch (EOFException e) {
            throw bad(path, "ends inside a zip record (truncated?)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + path + ": " + e, e);
        }
    }

    private static ByteOrder byteOrder(Path path, ZipFile zip, String prefix) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN; // written since PyTorch 2.1; before, always little-endian
        }
        String value;
        try (InputStream in = zip.getInputStream(e)) {
            value = new String(in.readNBytes(16), StandardCharsets.US_ASCII).strip();
        }
        return switch (value) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw bad(path, "has byteorder '" + value + "', neither little nor big");
        };
    }

    /** A persistent id {@code ('storage', torch.FloatStorage, KEY, LOCATION, ELEMENTS)}, checked against its record. */
    private static StorageRef storage(Path path, ZipFile zip, String prefix, long fileSize, List<Object> pid) {
        if (pid.size() != 5 || !"storage".equals(pid.get(0)) || !(pid.get(1) instanceof Global type)
                || !(pid.get(2) instanceof String key) || !(pid.get(4) instanceof Long elements)) {
            throw new CheckpointFormatException("the pickle has a persistent id that is not ('storage', TYPE, KEY, LOCATION, SIZE)");
        }
        DType dtype = Unpickler.STORAGES.get(type.qualified());
        if (dtype == null) {
            throw new CheckpointFormatException("the pickle has a storage of type " + type.qualified());
        }
        ZipEntry record = zip.getEntry(prefix + "data/" + key);
        if (record == null) {
            throw new CheckpointFormatException("storage '" + key + "' has no record data/" + key + " (truncated?)");
        }
        if (record.getMethod() != ZipEntry.STORED) {
            throw new CheckpointFormatException("storage data/" + key + " compressed; torch.save stores "
                    + "storages uncompressed (was the archive re-zipped?)");
        }
        long bytes = elements * dtype.bytes();
        if (elements < 0 || elements > fileSize || record.getSize() != bytes || record.getSize() > fileSize) {
            throw new CheckpointFormatException("storage data/" + key + " declared as " + elements + " elements of "
                    + dtype + " (" + bytes + " bytes) in a record of " + record.getSize() + " bytes");
        }
        return new StorageRef(dtype, key, elements);
    }

    private static Map<String, TensorRef> stateDict(Path path, Object root, String[] origin) {
        if (root instanceof Map<?, ?> top) {
            Map<String, TensorRef> direct = tensorDict(top);
            if (direct != null) {
                origin[0] = "the top-level dict";
                return withoutModulePrefix(direct);
            }
            for (String key : WRAPPER_KEYS) {
                Map<String, TensorRef> wrapped = top.get(key) instanceof Map<?, ?> m ? tensorDict(m) : null;
                if (wrapped != null) {
                    origin[0] = "entry '" + key + "'";
                    return withoutModulePrefix(wrapped);
                }
            }
            List<String> keys = new ArrayList<>();
            top.keySet().stream().limit(20).forEach(k -> keys.add(String.valueOf(k)));
            throw bad(path, "holds a dict with keys " + keys + " that is no state dict (a dict of tensors), and "
                    + "none of its entries " + WRAPPER_KEYS_TEXT + " is one");
        }
        throw bad(path, "holds " + Unpickler.describe(root) + ", not a state dict (a dict of tensors)");
    }

    /** The dict as name -> tensor, or null when it is empty or holds anything else. */
    private static Map<String, TensorRef> tensorDict(Map<?, ?> dict) {
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof TensorRef t)) {
                return null;
            }
            out.put(name, t);
        }
        return out.isEmpty() ? null : out;
    }

    private static Map<String, TensorRef> withoutModulePrefix(Map<String, TensorRef> dict) {
        if (!dict.keySet().stream().allMatch(k -> k.startsWith("module."))) {
            return dict;
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        dict.forEach((k, v) -> out.put(k.substring("module.".length()), v));
        return out;
    }

    private static void checkInsideStorage(Path path, String name, TensorRef t) {
        long elements = 1;
        for (int d : t.shape()) {
            elements *= d;
            if (elements > Integer.MAX_VALUE - 8) {
                throw bad(path, "has tensor '" + name + "' of more than 2^31 elements");
            }
        }
        long extent = elements == 0 ? 0 : extent(t);
        if (t.offset() + extent > t.storage().elements() || extent > Integer.MAX_VALUE - 8) {
            throw bad(path, "has tensor '" + name + "' reaching element " + (t.offset() + extent) + " of storage "
                    + t.storage().key() + ", which has " + t.storage().elements());
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String format() {
        return "PyTorch checkpoint";
    }

    /** Where the state dict was found ({@code the top-level dict}, {@code entry 'state_dict'}). */
    public String origin() {
        return origin;
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    @Override
    public float[] readFloats(String name) {
        TensorRef t = refs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("checkpoint " + path + " has no tensor '" + name + "'");
        }
        DType dtype = t.storage().dtype();
        if (!dtype.isFloat()) {
            throw new CheckpointFormatException("tensor '" + name + "' in " + path + " has dtype " + dtype
                    + "; weights must be float32, float16 or bfloat16");
        }
        int n = Math.toIntExact(tensors.get(name).elements());
        long[] contiguous = rowMajorStrides(t.shape());
        boolean dense = n == 0 || java.util.Arrays.equals(contiguous, nonUnitStrides(t.shape(), t.stride(), contiguous));
        int span = n == 0 ? 0 : dense ? n : (int) extent(t);
        float[] values = readStorage(name, t, span);
        return dense ? values : gather(values, t.shape(), t.stride(), n);
    }

    /** Strides for a dense tensor; dimensions of size 1 may carry any stride (torch does not normalise them). */
    private static long[] nonUnitStrides(int[] shape, long[] stride, long[] contiguous) {
        long[] s = stride.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) {
                s[i] = contiguous[i];
            }
        }
        return s;
    }

    private static long[] rowMajorStrides(int[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    /** Elements of the storage a non-empty view spans, from its offset: 1 + sum of (size - 1) x stride. */
    private static long extent(TensorRef t) {
        long last = 0;
        for (int i = 0; i < t.shape().length; i++) {
            last += (t.shape()[i] - 1L) * t.stride()[i];
        }
        return last + 1;
    }

    /** {@code count} values of the storage from the tensor's offset, widened to float32, streamed in chunks. */
    private float[] readStorage(String name, TensorRef t, int count) {
        float[] out = new float[count];
        int bytesPer = t.storage().dtype().bytes();
        ZipEntry record = zip.getEntry(prefix + "data/" + t.storage().key());
        try (InputStream in = zip.getInputStream(record)) {
            in.skipNBytes(t.offset() * bytesPer);
            byte[] chunk = new byte[CHUNK];
            for (int done = 0; done < count; ) {
                int values = Math.min(CHUNK / bytesPer, count - done);
                int n = in.readNBytes(chunk, 0, values * bytesPer);
                if (n < values * bytesPer) {
                    throw new EOFException("record ends early");
                }
                HalfFloats.widen(ByteBuffer.wrap(chunk, 0, n).order(order), t.storage().dtype(), out, done, values);
                done += values;
            }
        } catch (IOException e) {
            throw new CheckpointFormatException("cannot read tensor '" + name + "' from storage data/"
                    + t.storage().key() + " of " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Materialises a strided view (a transposed weight, say) as a contiguous row-major array. */
    private static float[] gather(float[] storage, int[] shape, long[] stride, int n) {
        float[] out = new float[n];
        int rank = shape.length;
        int[] index = new int[rank];
        long source = 0;
        for (int i = 0; i < n; i++) {
            out[i] = storage[(int) source];
            for (int d = rank - 1; d >= 0; d--) { // odometer: advance the last dimension, carry leftwards
                if (++index[d] < shape[d]) {
                    source += stride[d];
                    break;
                }
                source -= (shape[d] - 1L) * stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }

    private static CheckpointFormatException bad(Path path, String what) {
        return new CheckpointFormatException("checkpoint " + path + " " + what);
    }
}
