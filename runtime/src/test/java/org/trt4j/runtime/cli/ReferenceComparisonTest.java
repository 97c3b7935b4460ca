package org.trt4j.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ReferenceComparisonTest {
    @TempDir Path dir;

    /** A 1x3x2x2 "segmenter output": class axis 1, four pixels whose best classes are 0, 1, 2, 0 (a tie, first wins). */
    static final float[] REFERENCE = {
            5, 0, 0, 1,   // class 0
            1, 4, 0, 1,   // class 1
            0, 1, 3, 0};  // class 2

    Path npy(HostTensor t) throws IOException {
        Path f = dir.resolve("ref.npy");
        try (OutputStream out = Files.newOutputStream(f)) {
            NpzWriter.writeNpy(out, t);
        }
        return f;
    }

    ReferenceComparison reference() throws IOException {
        return ReferenceComparison.read("out", npy(HostTensor.of(REFERENCE, 1, 3, 2, 2)));
    }

    @Test void argmaxAgreementCountsPositionsAlongTheClassAxis() throws IOException {
        float[] actual = REFERENCE.clone();
        actual[1] = 4.5f;  // pixel 1: class 0 now beats class 1's 4
        ReferenceComparison c = reference();
        HostTensor t = HostTensor.of(actual, 1, 3, 2, 2);
        assertEquals(0.75, c.argmaxAgreement(t, 1), 1e-12);
        assertEquals(4, c.positions(1));
        assertEquals(4.5, c.maxAbsDifference(t), 1e-6);
        assertEquals(5, c.maxAbsReference(), 0);
        assertEquals(1.0, c.argmaxAgreement(HostTensor.of(REFERENCE, 1, 3, 2, 2), 1));
    }

    @Test void tiesGoToTheFirstClassOnBothSides() throws IOException {
        float[] actual = REFERENCE.clone();
        actual[3] = 0;  // pixel 3: classes 0 and 1 were tied at 1 (class 0); now class 1 alone is best
        assertEquals(0.75, reference().argmaxAgreement(HostTensor.of(actual, 1, 3, 2, 2), 1), 1e-12);
    }

    @Test void otherAxesWork() throws IOException {
        // along axis 3 (pairs of pixels): rows [5,0] [0,1] [1,4] [0,1] [0,1] [3,0] -> all agree with themselves
        assertEquals(1.0, reference().argmaxAgreement(HostTensor.of(REFERENCE, 1, 3, 2, 2), 3));
        assertEquals(6, reference().positions(3));
    }

    @Test void shapeMismatchAndBadAxisAreClearErrors() throws IOException {
        ReferenceComparison c = reference();
        var e = assertThrows(UserError.class, () -> c.maxAbsDifference(HostTensor.of(new float[12], 1, 3, 4, 1)));
        assertTrue(e.getMessage().contains("ref.npy") && e.getMessage().contains("1x3x2x2") && e.getMessage().contains("1x3x4x1"), e.getMessage());
        e = assertThrows(UserError.class, () -> c.argmaxAgreement(HostTensor.of(REFERENCE, 1, 3, 2, 2), 4));
        assertTrue(e.getMessage().startsWith("--argmax-axis 4"), e.getMessage());
        e = assertThrows(UserError.class, () -> ReferenceComparison.read("out", dir.resolve("missing.npy")));
        assertTrue(e.getMessage().contains("missing.npy"), e.getMessage());
    }
}
