package io.cnnstream.engine.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a weights file of any supported format, told apart by its first bytes, never by its name:
 * safetensors (an 8-byte header length, then {@code {}), a PyTorch checkpoint (a zip archive), or
 * a refusal that names what the file is (the legacy pre-1.6 torch.save format, or unknown).
 */
public final class WeightsFiles {
    /** The legacy torch.save magic number 0x1950a86a20f9469cfc6c, pickled as LONG1 after PROTO 2. */
    private static final byte[] LEGACY_TORCH = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
            0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private WeightsFiles() {
    }

    /** The formats told apart by {@link #sniff}. */
    public enum Format { SAFETENSORS, PYTORCH_ZIP, PYTORCH_LEGACY, ONNX, UNKNOWN }

    public static TensorFile open(Path path) {
        return switch (sniff(path)) {
            case SAFETENSORS -> SafetensorsFile.open(path);
            case PYTORCH_ZIP -> PyTorchCheckpoint.open(path);
            case PYTORCH_LEGACY -> throw new CheckpointFormatException("checkpoint " + path + " is in the legacy "
                    + "torch.save format (PyTorch before 1.6, or _use_new_zipfile_serialization=False), which is "
                    + "not read; save it again with torch.save(torch.load(PATH), NEW_PATH) in PyTorch 1.6 or later");
            case ONNX -> throw new WeightsFormatException("weights file " + path + " is an ONNX model, whose "
                    + "tensors are bound by graph position, not read by name; give it as a registry model's weights "
                    + "(--weights, cnnstream.model.weights) or run it as a model (--model, cnnstream.model.file)");
            case UNKNOWN -> throw new WeightsFormatException("weights file " + path + " is neither safetensors nor a "
                    + "PyTorch checkpoint (first bytes " + firstBytes(path) + ")");
        };
    }

    /**
     * Binds {@code path}, of any supported format, to {@code model}'s parameters (validated whole
     * first); returns the format's name for messages.
     */
    public static String bind(io.cnnstream.engine.model.Model model, Path path) {
        if (sniff(path) == Format.ONNX) {
            OnnxWeights.bind(model, path);
            return "ONNX model";
        }
        try (TensorFile file = open(path)) {
            WeightsBinder.bind(model, file);
            return file.format();
        }
    }

    /** What the first bytes of {@code path} say it is. */
    public static Format sniff(Path path) {
        byte[] head = head(path, 16);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.PYTORCH_ZIP;
        }
        if (startsWith(head, LEGACY_TORCH)) {
            return Format.PYTORCH_LEGACY;
        }
        if (head.length >= 2 && head[0] == 0x08 && head[1] > 0 && head[1] < 32) {
            return Format.ONNX; // field 1 of ModelProto, ir_version, a small varint: what every exporter writes first
        }
        if (head.length >= 9 && head[8] == '{') {
            long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength >= 2 && headerLength <= SafetensorsFile.MAX_HEADER_BYTES) {
                return Format.SAFETENSORS;
            }
        }
        // too short, or a safetensors file whose header length is damaged: its reader says what is wrong
        return head.length < 9 || head[8] == '{' ? Format.SAFETENSORS : Format.UNKNOWN;
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] head(Path path, int n) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(n);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("weights file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights file " + path + ": "
                    + (Files.isDirectory(path) ? "it is a directory" : e.getMessage()), e);
        }
    }

    private static String firstBytes(Path path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : head(path, 8)) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
