package io.cnnstream.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsTensorsAndMetadata() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", Tensor.of(Shape.of(2, 3), new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}));
        tensors.put("a.bias", Tensor.of(Shape.of(2), new float[] {0.25f, -8}));
        Path file = dir.resolve("t.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt"), read.metadata());
            assertEquals(java.util.List.of("a.weight", "a.bias"), java.util.List.copyOf(read.entries().keySet()));
            assertArrayEquals(new int[] {2, 3}, read.entries().get("a.weight").shape());
            assertArrayEquals(tensors.get("a.weight").data(), read.readFloats("a.weight"));
            assertArrayEquals(tensors.get("a.bias").data(), read.readFloats("a.bias"));
        }
    }

    @Test
    void headerIsPaddedSoDataStartsEightByteAligned() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafetensorsWriter.write(file, Map.of("x", Tensor.zeros(Shape.of(3))), Map.of());
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        assertEquals(8 + headerLength + 12, Files.size(file));
    }

    @Test
    void widensHalfAndBfloat16ToFloat() throws IOException {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal 0x0001 = 2^-24, +inf 0x7C00
        // BF16: 1.0 = 0x3F80, -0.5 = 0xBF00
        ByteBuffer data = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        for (int bits : new int[] {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x3F80, 0xBF00}) {
            data.putShort((short) bits);
        }
        Path file = raw("{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[10,14]}}", data.array());
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY}, read.readFloats("h"));
            assertArrayEquals(new float[] {1f, -0.5f}, read.readFloats("b"));
        }
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafetensorsWriter.write(good, Map.of("w", Tensor.zeros(Shape.of(100))), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        assertFormatError(cut, "tensor 'w' with data_offsets [0, 400] outside the 390 data bytes (truncated file?)");
        Files.write(cut, Arrays.copyOf(bytes, 20));
        assertFormatError(cut, "declares a header of");
        Files.write(cut, new byte[3]);
        assertFormatError(cut, "is 3 bytes long, too short for the 8-byte header length");
    }

    @Test
    void refusesAHeaderNestedTooDeepAsAFormatError() throws IOException {
        // 200,000 brackets: a StackOverflowError in a recursive parser without a limit
        assertFormatError(raw("[".repeat(200_000), new byte[0]), "nested deeper than 512 objects and arrays");
    }

    @Test
    void refusesMalformedHeaders() throws IOException {
        assertFormatError(raw("{\"w\": [1, 2", new byte[0]), "has a header that is not valid JSON");
        assertFormatError(raw("[1, 2]", new byte[0]), "has a JSON header that is not an object");
        assertFormatError(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[8]),
                "tensor 'w' with data_offsets [0, 16] outside the 8 data bytes");
        assertFormatError(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor 'w' of dtype F32 and shape [3] (12 bytes) but data_offsets span 8 bytes");
        assertFormatError(raw("{\"w\":{\"dtype\":\"F8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]),
                "unknown dtype 'F8'");
        assertFormatError(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,0]}}", new byte[8]),
                "data_offsets [4, 0]");
        assertFormatError(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", new byte[8]),
                "whose shape is not a list of integers");
        assertFormatError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "overlapping tensors");
        assertFormatError(raw("{\"__metadata__\":{\"n\":1}}", new byte[0]), "__metadata__ value for 'n' that is not a string");
    }

    @Test
    void refusesToReadAnIntegerTensorAsWeights() throws IOException {
        Path file = raw("{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}", new byte[8]);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> read.readFloats("n"));
            assertTrue(e.getMessage().contains("has dtype I64; weights must be F32, F16 or BF16"), e.getMessage());
        }
    }

    @Test
    void missingFileIsAnIoErrorNamingThePath() {
        Path missing = dir.resolve("nope.safetensors");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> SafetensorsFile.open(missing));
        assertTrue(e.getMessage().startsWith("cannot open weights file " + missing), e.getMessage());
    }

    private Path raw(String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        Path file = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(file, b.array());
        return file;
    }

    private static void assertFormatError(Path file, String expectedPart) {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
        assertTrue(e.getMessage().startsWith("weights file " + file), e.getMessage());
    }
}
