package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Test;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;
import org.trt4j.weights.darknet.DarknetCfg;
import org.trt4j.weights.darknet.DarknetWeights;
import org.trt4j.weights.npy.NpyArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Darknet .weights written by the PyTorch reference converts to exactly the reference's state_dict tensors. */
class DarknetConversionTest {

    @Test
    void convertedDarknetWeightsEqualTheReferenceStateDict() throws Exception {
        WeightMap converted = DarknetWeights.read(Golden.DARKNET_WEIGHTS, DarknetCfg.parse(Golden.CFG));
        Map<String, NpyArray> reference = Golden.weights();
        assertEquals(List.copyOf(reference.keySet()), converted.names(), "keys in state_dict order");
        for (WeightTensor t : converted.tensors())
            assertArrayEquals(reference.get(t.name()).floats(), t.toArray(), t.name());
    }
}
