package org.trt4j.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.weights.npy.NpyArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The Java inverse against torch.linalg.inv: ≤ 1e-5 relative (max |diff| / max |ref| per matrix). */
class MatrixInverseReferenceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inverse_4x4", "inverse_n1", "inverse_n2", "inverse_n3", "inverse_n5", "inverse_n8",
            "inverse_n17", "inverse_n32"})
    void matchesPyTorch(String name) {
        Map<String, NpyArray> golden = Goldens.read(name);
        HostTensor out = MatrixInverse.apply(Goldens.tensor(golden, "input"));
        NpyArray expected = golden.get("output");
        assertArrayEquals(expected.shape(), out.shape());
        int n = out.shape()[out.rank() - 1];
        double rel = Goldens.maxRelativeDiff(out.floats(), expected.floats(), n * n);
        assertTrue(rel <= 1e-5, "relative diff " + rel);
    }

    @Test
    void mvsProjectionInverseMatchesPyTorch() {
        Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
        HostTensor out = MatrixInverse.apply(Goldens.tensor(golden, "proj"));
        assertTrue(Goldens.maxRelativeDiff(out.floats(), golden.get("proj_inv").floats(), 16) <= 1e-5);
    }

    @Test
    void singularMatrixGivesNonFiniteValues() {
        HostTensor out = MatrixInverse.apply(HostTensor.of(new float[] {1, 2, 2, 4}, 2, 2));
        boolean nonFinite = false;
        for (float v : out.floats()) nonFinite |= !Float.isFinite(v);
        assertTrue(nonFinite);
    }

    @Test
    void nonSquareOrTooLargeIsUserError() {
        Network network = new Network("t");
        try (Network.CurrentScope scope = network.makeCurrent()) {
            for (Shape bad : List.of(Shape.of(2, 3, 4), Shape.of(33, 33), Shape.of(4))) {
                Tensor x = network.addInput("x" + network.inputs().size(), DType.FLOAT, bad);
                UserError e = assertThrows(UserError.class, () -> PluginOps.inverse(x));
                assertTrue(e.getMessage().contains("matrixinverse") && e.getMessage().contains(bad.toString()), e.getMessage());
            }
            Tensor ok = PluginOps.inverse(network.addInput("ok", DType.FLOAT, Shape.of(-1, 4, 4)));
            assertEquals(Shape.of(-1, 4, 4), ok.shape());
        }
    }
}
