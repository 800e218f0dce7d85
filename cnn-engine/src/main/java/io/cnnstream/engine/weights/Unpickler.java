package io.cnnstream.engine.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A restricted unpickler: the binary pickle opcodes (protocols 2 to 5) that {@code torch.save} writes
 * for a state dict, and exactly the globals a state dict needs. Python's unpickler calls any global
 * a file names, which is how a checkpoint runs code; here every other global is refused by name
 * before anything is called. Iterative (a stack machine, no recursion), and every length is checked
 * against the bytes left, so no input can overflow the stack or allocate more than it holds.
 *
 * <p>Python values become: str as {@link String}, int as {@link Long}, float as {@link Double},
 * bool as {@link Boolean}, None as null, bytes as {@code byte[]}, list and tuple as {@link List}, dict
 * and OrderedDict as {@link LinkedHashMap}, tensors as {@link TensorRef}.
 */
final class Unpickler {
    /** A global the file names: a module and a name, as in {@code GLOBAL 'collections OrderedDict'}. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A tensor's storage: its element type, its record in the archive and its length in elements. */
    record StorageRef(DType dtype, String key, long elements) {
    }

    /** A tensor as {@code _rebuild_tensor_v2} describes it: a view of a storage. */
    record TensorRef(StorageRef storage, long offset, int[] shape, long[] stride) {
    }

    static final Map<String, DType> STORAGES = Map.ofEntries(
            Map.entry("torch.FloatStorage", DType.F32), Map.entry("torch.HalfStorage", DType.F16),
            Map.entry("torch.BFloat16Storage", DType.BF16), Map.entry("torch.DoubleStorage", DType.F64),
            Map.entry("torch.LongStorage", DType.I64), Map.entry("torch.IntStorage", DType.I32),
            Map.entry("torch.ShortStorage", DType.I16), Map.entry("torch.CharStorage", DType.I8),
            Map.entry("torch.ByteStorage", DType.U8), Map.entry("torch.BoolStorage", DType.BOOL));

    private static final Set<String> CALLABLES = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter", "torch.Size");

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final ByteBuffer in;
    private final Function<List<Object>, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Unpickler(byte[] pickle, Function<List<Object>, Object> persistentLoad) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.persistentLoad = persistentLoad;
    }

    /**
     * The object {@code pickle} describes; {@code persistentLoad} turns each persistent id (a tuple)
     * into an object. Throws {@link CheckpointFormatException} naming the defect.
     */
    static Object load(byte[] pickle, Function<List<Object>, Object> persistentLoad) {
        Unpickler u = new Unpickler(pickle, persistentLoad);
        try {
            return u.run();
        } catch (java.nio.BufferUnderflowException e) {
            throw new CheckpointFormatException("the pickle ends in the middle of an opcode (truncated)");
        } catch (ClassCastException e) {
            throw new CheckpointFormatException("the pickle applies an opcode to a value of the wrong type at byte "
                    + u.in.position());
        }
    }

    private Object run() {
        while (in.hasRemaining()) {
            int at = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = in.get() & 0xff;
                    if (protocol < 2 || protocol > 5) {
                        throw bad(at, "pickle protocol " + protocol + " (only 2 to 5 are read)");
                    }
                }
                case 0x95 -> in.getLong(); // FRAME: a length hint, the bytes follow inline
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw bad(at, "STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                case '(' -> { // MARK
                    marks.add(stack.size());
                    stack.add(MARK);
                }
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(List.of()); // EMPTY_TUPLE
                case 'd' -> push(dict(popMark(at), at)); // DICT
                case 'l' -> push(new ArrayList<>(popMark(at))); // LIST
                case 't' -> push(tuple(popMark(at))); // TUPLE
                case 0x85 -> push(tuple(pop(at, 1))); // TUPLE1
                case 0x86 -> push(tuple(pop(at, 2))); // TUPLE2
                case 0x87 -> push(tuple(pop(at, 3))); // TUPLE3
                case 'q' -> memo.put((long) (in.get() & 0xff), top(at)); // BINPUT
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, top(at)); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), top(at)); // MEMOIZE
                case 'h' -> push(memoGet(in.get() & 0xff, at)); // BINGET
                case 'j' -> push(memoGet(in.getInt() & 0xffffffffL, at)); // LONG_BINGET
                case 'c' -> push(global(line(at), line(at), at)); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    List<Object> names = pop(at, 2);
                    push(global((String) names.get(0), (String) names.get(1), at));
                }
                case 'X' -> push(utf8(length(in.getInt() & 0xffffffffL, at))); // BINUNICODE
                case 0x8c -> push(utf8(length(in.get() & 0xff, at))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(in.getLong(), at))); // BINUNICODE8
                case 'T' -> push(latin1(length(in.getInt() & 0xffffffffL, at))); // BINSTRING
                case 'U' -> push(latin1(length(in.get() & 0xff, at))); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(in.getInt() & 0xffffffffL, at))); // BINBYTES
                case 'C' -> push(bytes(length(in.get() & 0xff, at))); // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(in.getLong(), at))); // BINBYTES8
                case 'J' -> push((long) in.getInt()); // BININT
                case 'K' -> push((long) (in.get() & 0xff)); // BININT1
                case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
                case 0x8a -> push(long1(in.get() & 0xff, at)); // LONG1
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT, big-endian
                case 'N' -> push(null); // NONE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'R' -> { // REDUCE
                    List<Object> callAndArgs = pop(at, 2);
                    push(call(callAndArgs.get(0), (List<?>) callAndArgs.get(1), at));
                }
                case 'b' -> build(pop(at, 2), at); // BUILD
                case 's' -> { // SETITEM
                    List<Object> kv = pop(at, 2);
                    put(dictOnTop(at), kv.get(0), kv.get(1), at);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark(at);
                    if (items.size() % 2 != 0) {
                        throw bad(at, "SETITEMS with an odd number of values");
                    }
                    Map<Object, Object> dict = dictOnTop(at);
                    for (int i = 0; i < items.size(); i += 2) {
                        put(dict, items.get(i), items.get(i + 1), at);
                    }
                }
                case 'a' -> { // APPEND
                    Object value = pop(at, 1).get(0);
                    listOnTop(at).add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> values = popMark(at);
                    listOnTop(at).addAll(values);
                }
                case 'Q' -> push(persistentLoad.apply(tupleArg(pop(at, 1).get(0), "persistent id", at))); // BINPERSID
                case '0' -> pop(at, 1); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(top(at)); // DUP
                default -> throw bad(at, String.format("opcode 0x%02x%s, which a state dict saved by torch.save "
                        + "never uses", op, op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
            }
        }
        throw new CheckpointFormatException("the pickle ends without STOP (truncated)");
    }

    private Object global(String module, String name, int at) {
        Global g = new Global(module, name);
        if (!CALLABLES.contains(g.qualified()) && !STORAGES.containsKey(g.qualified())) {
            throw bad(at, "global '" + g.qualified() + "', which a state dict never needs; refused (a pickle's "
                    + "globals are code: only collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
                    + "_rebuild_parameter, torch.Size and the torch.*Storage types are read)");
        }
        return g;
    }

    private Object call(Object callable, List<?> args, int at) {
        if (!(callable instanceof Global g) || !CALLABLES.contains(g.qualified())) {
            throw bad(at, "REDUCE on " + describe(callable) + ", which is not a callable a state dict uses");
        }
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                if (!args.isEmpty()) {
                    throw bad(at, "collections.OrderedDict called with arguments");
                }
                return new LinkedHashMap<>();
            }
            case "torch.Size" -> {
                return args.size() == 1 ? tupleArg(args.get(0), "torch.Size", at) : args;
            }
            case "torch._utils._rebuild_parameter" -> {
                if (args.isEmpty() || !(args.get(0) instanceof TensorRef t)) {
                    throw bad(at, "_rebuild_parameter without a tensor");
                }
                return t;
            }
            default -> {
                return rebuildTensor(args, at);
            }
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private Object rebuildTensor(List<?> args, int at) {
        if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage) || !(args.get(1) instanceof Long offset)) {
            throw bad(at, "_rebuild_tensor_v2 called without (storage, offset, size, stride, ...)");
        }
        List<Object> size = tupleArg(args.get(2), "tensor size", at), stride = tupleArg(args.get(3), "tensor stride", at);
        if (size.size() != stride.size() || size.size() > 8) {
            throw bad(at, "a tensor with " + size.size() + " sizes and " + stride.size() + " strides");
        }
        int[] shape = new int[size.size()];
        long[] strides = new long[size.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(size.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE
                    || !(stride.get(i) instanceof Long s) || s < 0) {
                throw bad(at, "a tensor size or stride that is not a non-negative integer: " + size + " / " + stride);
            }
            shape[i] = (int) (long) d;
            strides[i] = s;
        }
        if (offset < 0) {
            throw bad(at, "a negative storage offset " + offset);
        }
        return new TensorRef(storage, offset, shape, strides);
    }

    private void build(List<Object> targetAndState, int at) {
        // torch's OrderedDict carries its _metadata (module versions) as instance state: kept aside, unused
        if (!(targetAndState.get(0) instanceof Map<?, ?>)) {
            throw bad(at, "BUILD on " + describe(targetAndState.get(0)) + ", which a state dict never needs");
        }
        push(targetAndState.get(0));
    }

    private static List<Object> tuple(List<Object> values) {
        return Collections.unmodifiableList(new ArrayList<>(values));
    }

    private List<Object> tupleArg(Object value, String what, int at) {
        if (!(value instanceof List<?> list)) {
            throw bad(at, what + " is " + describe(value) + ", not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> objects = (List<Object>) list;
        return objects;
    }

    private Map<Object, Object> dict(List<Object> items, int at) {
        if (items.size() % 2 != 0) {
            throw bad(at, "DICT with an odd number of values");
        }
        Map<Object, Object> dict = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            put(dict, items.get(i), items.get(i + 1), at);
        }
        return dict;
    }

    /** Keys are scalars only: a list key could contain itself and send hashCode into endless recursion. */
    private void put(Map<Object, Object> dict, Object key, Object value, int at) {
        if (key != null && !(key instanceof String || key instanceof Long || key instanceof Double || key instanceof Boolean)) {
            throw bad(at, "a dict key that is " + describe(key) + "; state dicts have string keys");
        }
        dict.put(key, value);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnTop(int at) {
        Object top = top(at);
        if (!(top instanceof LinkedHashMap<?, ?>)) {
            throw bad(at, "SETITEM on " + describe(top) + ", not a dict");
        }
        return (Map<Object, Object>) top;
    }

    @SuppressWarnings("unchecked")
    private List<Object> listOnTop(int at) {
        Object top = top(at);
        if (!(top instanceof ArrayList<?>)) {
            throw bad(at, "APPEND on " + describe(top) + ", not a list");
        }
        return (List<Object>) top;
    }

    private Object long1(int n, int at) {
        if (n > 8) {
            throw bad(at, "an integer of " + n + " bytes; state dicts hold 64-bit integers at most");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (in.get() & 0xffL) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n); // two's complement of n bytes
        }
        return v;
    }

    private int length(long n, int at) {
        if (n < 0 || n > in.remaining()) {
            throw bad(at, "a string or bytes of " + n + " bytes, more than the " + in.remaining() + " left (truncated?)");
        }
        return (int) n;
    }

    private String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String line(int at) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            if (sb.length() > 200) {
                throw bad(at, "a GLOBAL name longer than 200 characters");
            }
            sb.append((char) (b & 0xff));
        }
    }

    private Object memoGet(long key, int at) {
        if (!memo.containsKey(key)) {
            throw bad(at, "a reference to memo entry " + key + ", which was never stored");
        }
        return memo.get(key);
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object top(int at) {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw bad(at, "an opcode that needs a value on an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> pop(int at, int n) {
        int from = stack.size() - n;
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1) + 1;
        if (from < floor) {
            throw bad(at, "an opcode that needs " + n + " values on a stack holding " + (stack.size() - floor));
        }
        List<Object> sub = stack.subList(from, stack.size());
        List<Object> values = new ArrayList<>(sub);
        sub.clear();
        return values;
    }

    private List<Object> popMark(int at) {
        if (marks.isEmpty()) {
            throw bad(at, "an opcode that needs a MARK, without one");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> sub = stack.subList(mark, stack.size());
        List<Object> values = new ArrayList<>(sub.subList(1, sub.size()));
        sub.clear();
        return values;
    }

    /** A value's kind for a message, never its contents (which may be huge or cyclic). */
    static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Global g) {
            return "global " + g.qualified();
        }
        if (value instanceof TensorRef) {
            return "a tensor";
        }
        if (value instanceof Map<?, ?> m) {
            return "a dict of " + m.size();
        }
        if (value instanceof List<?> l) {
            return "a tuple or list of " + l.size();
        }
        return "a " + value.getClass().getSimpleName();
    }

    private CheckpointFormatException bad(int at, String what) {
        return new CheckpointFormatException("the pickle has, at byte " + at + ", " + what);
    }
}
