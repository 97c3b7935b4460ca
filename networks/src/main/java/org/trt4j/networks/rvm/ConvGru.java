package org.trt4j.networks.rvm;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Lambda;
import org.trt4j.runtime.nn.Module;
import org.trt4j.runtime.nn.Sequential;

import java.util.List;

/**
 * RVM's ConvGRU on {@code channels}: r, z = sigmoid(ih([x, h])) split in that order, c = tanh(hh([x, r * h])),
 * h' = (1 - z) * h + z * c; ih and hh are 3x3 convs with bias (keys ih.0, hh.0).
 */
final class ConvGru extends Module {
    private final int channels;
    private final Sequential ih, hh;

    ConvGru(String name, int channels) {
        super(name);
        this.channels = channels;
        ih = add(new Sequential("ih", new Conv2d("0", 2 * channels, 2 * channels, 3).padding(1), new Lambda("1", F::sigmoid)));
        hh = add(new Sequential("hh", new Conv2d("0", 2 * channels, channels, 3).padding(1), new Lambda("1", F::tanh)));
    }

    /** The new state (which is also the block's output). */
    Tensor step(Tensor x, Tensor h) {
        return scoped(() -> {
            List<Tensor> rz = F.split(ih.call(F.cat(List.of(x, h), 1)), new int[]{channels, channels}, 1);
            Tensor r = rz.get(0), z = rz.get(1);
            Tensor c = hh.call(F.cat(List.of(x, F.mul(r, h)), 1));
            Tensor oneMinusZ = F.neg(F.sub(z, 1.0)); // 1 - z, exactly as PyTorch computes it
            return F.add(F.mul(oneMinusZ, h), F.mul(z, c));
        });
    }
}
