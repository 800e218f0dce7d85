package io.cnnstream.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.GoldenFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Checkpoints written by {@code torch.save} itself ({@code tools/golden/make_checkpoints.py}, Debian's
 * python3-torch): every tensor layout a state dict can hold, the wrapped and prefixed forms, and the
 * files that must be refused.
 */
class PyTorchCheckpointTest {
    static Path golden(String name) {
        return GoldenFiles.of("checkpoints/" + name);
    }

    @Test
    void everyLayoutReadsAsTorchComputesIt() {
        try (PyTorchCheckpoint zoo = PyTorchCheckpoint.open(golden("zoo.pth"));
             SafetensorsFile expected = SafetensorsFile.open(golden("zoo.safetensors"))) {
            assertEquals("the top-level dict", zoo.origin());
            for (String name : expected.entries().keySet()) {
                if (!name.equals("scalar")) { // the golden writer stores a 0-d tensor as shape [1]
                    assertArrayEquals(expected.entries().get(name).shape(), zoo.tensors().get(name).shape(), name);
                }
                assertArrayEquals(expected.readFloats(name), zoo.readFloats(name), name);
            }
            assertEquals(DType.F16, zoo.tensors().get("half").dtype());
            assertEquals(DType.BF16, zoo.tensors().get("bfloat").dtype());
            assertArrayEquals(new int[0], zoo.tensors().get("scalar").shape());
            assertEquals(DType.I64, zoo.tensors().get("steps").dtype());
            assertEquals(DType.I64, zoo.tensors().get("residual.bn1.num_batches_tracked").dtype());
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> zoo.readFloats("steps"));
            assertTrue(e.getMessage().contains("tensor 'steps'") && e.getMessage().contains("has dtype I64"), e.getMessage());
        }
    }

    @Test
    void aWrappedPrefixedStateDictIsFoundByTheDocumentedRule() {
        try (PyTorchCheckpoint plain = PyTorchCheckpoint.open(golden("lenet5.pth"));
             PyTorchCheckpoint wrapped = PyTorchCheckpoint.open(golden("lenet5-wrapped.pth"))) {
            assertEquals("entry 'state_dict'", wrapped.origin());
            assertEquals(List.copyOf(plain.tensors().keySet()), List.copyOf(wrapped.tensors().keySet()));
            assertEquals("features.0.weight", plain.tensors().keySet().iterator().next());
            for (String name : plain.tensors().keySet()) {
                assertArrayEquals(plain.readFloats(name), wrapped.readFloats(name), name);
            }
        }
    }

    @Test
    void halfPrecisionWeightsAreWidened() {
        try (PyTorchCheckpoint full = PyTorchCheckpoint.open(golden("lenet5.pth"));
             PyTorchCheckpoint half = PyTorchCheckpoint.open(golden("lenet5-half.pth"))) {
            for (Map.Entry<String, TensorInfo> t : half.tensors().entrySet()) {
                assertEquals(DType.F16, t.getValue().dtype());
                float[] a = full.readFloats(t.getKey()), b = half.readFloats(t.getKey());
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], Math.abs(a[i]) * 0x1p-11 + 0x1p-24, t.getKey() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void aGlobalOutsideTheStateDictsIsRefusedByName() {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> WeightsFiles.open(golden("evil.pth")));
        assertTrue(e.getMessage().contains("global 'posix.system', which a state dict never needs; refused"), e.getMessage());
    }

    @Test
    void theLegacyFormatAndTorchScriptAreRefusedWithWhatToDo() {
        CheckpointFormatException legacy = assertThrows(CheckpointFormatException.class,
                () -> WeightsFiles.open(golden("legacy.pth")));
        assertTrue(legacy.getMessage().contains("legacy torch.save format"), legacy.getMessage());
        CheckpointFormatException script = assertThrows(CheckpointFormatException.class,
                () -> WeightsFiles.open(golden("scripted.pt")));
        assertTrue(script.getMessage().contains("TorchScript archive"), script.getMessage());
    }

    @Test
    void formatIsToldByContentNotByName() {
        assertEquals(WeightsFiles.Format.PYTORCH_ZIP, WeightsFiles.sniff(golden("zoo.pth")));
        assertEquals(WeightsFiles.Format.SAFETENSORS, WeightsFiles.sniff(golden("zoo.safetensors")));
        assertEquals(WeightsFiles.Format.PYTORCH_LEGACY, WeightsFiles.sniff(golden("legacy.pth")));
        assertEquals(WeightsFiles.Format.PYTORCH_ZIP, WeightsFiles.sniff(golden("scripted.pt")));
    }
}
