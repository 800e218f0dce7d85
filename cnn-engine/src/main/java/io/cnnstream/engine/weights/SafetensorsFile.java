package io.cnnstream.engine.weights;

import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.json.JsonException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} and an optional {@code __metadata__} of strings),
 * then the data. The whole header is validated on open (types, shapes, offsets inside the file and
 * consistent with the shapes, no overlaps); tensor data is memory-mapped one tensor at a time when
 * read, so a large file never sits on the heap twice.
 */
public final class SafetensorsFile implements TensorFile {
    /** Headers larger than this are refused before being read (the reference reader's own limit). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** One tensor's header entry; offsets are relative to the start of the data section. */
    public record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, Entry> entries,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
        entries.forEach((name, e) -> tensors.put(name, new TensorInfo(name, e.dtype(), e.shape())));
    }

    /** Opens and validates {@code path}; fails with {@link SafetensorsFormatException} naming the defect. */
    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open weights file " + path + ": " + e, e);
        }
        try {
            return read(path, channel);
        } catch (RuntimeException e) {
            closeQuietlyAfter(channel, e);
            throw e;
        }
    }

    private static SafetensorsFile read(Path path, FileChannel channel) {
        try {
            long size = channel.size();
            if (size < 8) {
                throw bad(path, "is " + size + " bytes long, too short for the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw bad(path, "declares a header of " + headerLength + " bytes but the file has "
                        + (size - 8) + " bytes after the length (truncated, or not a safetensors file)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLength;
            Object parsed;
            try {
                parsed = Json.parse(json);
            } catch (JsonException e) {
                throw bad(path, "has a header that is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> root)) {
                throw bad(path, "has a JSON header that is not an object");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : root.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    metadata.putAll(parseMetadata(path, e.getValue()));
                } else {
                    entries.put(name, parseEntry(path, name, e.getValue(), size - dataStart));
                }
            }
            checkNoOverlap(path, entries);
            return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(entries),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights file " + path + ": " + e, e);
        }
    }

    private static Map<String, String> parseMetadata(Path path, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(path, "has a __metadata__ that is not an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw bad(path, "has __metadata__ value for '" + e.getKey() + "' that is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry parseEntry(Path path, String name, Object value, long dataLength) {
        if (!(value instanceof Map<?, ?> info)) {
            throw bad(path, "has tensor '" + name + "' whose header entry is not an object");
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw bad(path, "has tensor '" + name + "' without a string dtype");
        }
        DType dtype;
        try {
            dtype = DType.parse(dtypeName, name);
        } catch (SafetensorsFormatException e) {
            throw bad(path, "has " + e.getMessage());
        }
        int[] shape = longs(path, name, "shape", info.get("shape"), -1);
        long[] offsets = longArray(path, name, "data_offsets", info.get("data_offsets"), 2);
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin || end > dataLength) {
            throw bad(path, "has tensor '" + name + "' with data_offsets [" + begin + ", " + end
                    + "] outside the " + dataLength + " data bytes (truncated file?)");
        }
        Entry entry = new Entry(name, dtype, shape, begin, end);
        long expected = entry.elements() * dtype.bytes();
        if (end - begin != expected) {
            throw bad(path, "has tensor '" + name + "' of dtype " + dtype + " and shape "
                    + java.util.Arrays.toString(shape) + " (" + expected + " bytes) but data_offsets span "
                    + (end - begin) + " bytes");
        }
        return entry;
    }

    private static int[] longs(Path path, String name, String field, Object value, int length) {
        long[] values = longArray(path, name, field, value, length);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > Integer.MAX_VALUE) {
                throw bad(path, "has tensor '" + name + "' with " + field + " entry " + values[i] + " out of range");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    private static long[] longArray(Path path, String name, String field, Object value, int length) {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw bad(path, "has tensor '" + name + "' whose " + field + " is not a list"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                throw bad(path, "has tensor '" + name + "' whose " + field + " holds a non-integer " + list.get(i));
            }
            out[i] = l;
        }
        return out;
    }

    private static void checkNoOverlap(Path path, Map<String, Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1), b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw bad(path, "has overlapping tensors '" + a.name() + "' and '" + b.name() + "'");
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static SafetensorsFormatException bad(Path path, String what) {
        return new SafetensorsFormatException("weights file " + path + " " + what);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public Map<String, TensorInfo> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Tensors by name, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public float[] readFloats(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("weights file " + path + " has no tensor '" + name + "'");
        }
        if (!e.dtype().isFloat()) {
            throw new SafetensorsFormatException("tensor '" + name + "' in " + path + " has dtype " + e.dtype()
                    + "; weights must be F32, F16 or BF16");
        }
        int n = Math.toIntExact(e.elements());
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        HalfFloats.widen(map(e).order(ByteOrder.LITTLE_ENDIAN), e.dtype(), out, 0, n);
        return out;
    }

    private MappedByteBuffer map(Entry e) {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot map tensor '" + e.name() + "' of " + path + ": " + ex, ex);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }

    private static void closeQuietlyAfter(FileChannel channel, RuntimeException primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
