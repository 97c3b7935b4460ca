package org.trt4j.networks;

import org.junit.jupiter.api.Test;
import org.trt4j.networks.yolov3.Detection;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The measures of Int8Agreement (a GPU-host program), on hand-made detections and logits. */
class Int8AgreementTest {
    @Test void aDetectionMatchesOnlyTheSameClassAtEnoughOverlapAndOnlyOnce() {
        Detection a = new Detection(0, 0, 10, 10, 0.9f, 1), b = new Detection(20, 20, 30, 30, 0.8f, 2);
        // shifted by 2 px: IoU 64 / 136 = 0.47 (no match); by 1 px: 81 / 119 = 0.68 (a match)
        assertEquals(0.47, a.iou(new Detection(2, 2, 12, 12, 0.9f, 1)), 0.01);
        assertEquals(0, Int8Agreement.matched(List.of(a), List.of(new Detection(2, 2, 12, 12, 0.9f, 1)), 0.5f));
        assertEquals(1, Int8Agreement.matched(List.of(a), List.of(new Detection(1, 1, 11, 11, 0.7f, 1)), 0.5f));
        assertEquals(0, Int8Agreement.matched(List.of(a), List.of(new Detection(0, 0, 10, 10, 0.9f, 3)), 0.5f), "another class");
        // two reference boxes on one INT8 box: the higher-scored one takes it
        Detection a2 = new Detection(0, 0, 10, 11, 0.95f, 1);
        assertEquals(1, Int8Agreement.matched(List.of(a, a2), List.of(a), 0.5f));
        assertEquals(2, Int8Agreement.matched(List.of(a, b), List.of(b, a), 0.5f));
        assertEquals(0, a.iou(b));
    }

    @Test void argmaxTakesTheFirstOfEqualMaxima() {
        // 3 classes over 2 pixels: pixel 0 -> class 2, pixel 1 -> classes 0 and 1 tie -> 0
        HostTensor logits = HostTensor.of(new float[]{0, 5, 1, 5, 3, 2}, 1, 3, 1, 2);
        assertArrayEquals(new int[]{2, 0}, Int8Agreement.argmax(logits));
    }
}
