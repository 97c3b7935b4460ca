package org.trt4j.weights.darknet;

import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;
import org.trt4j.weights.convert.ConvertOptions;
import org.trt4j.weights.convert.KeyMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Darknet {@code .weights} file with the {@code .cfg} that describes it. Layout: major, minor, revision as
 * int32, then {@code seen} as int64 when major·10+minor ≥ 2 (int32 otherwise), then for each [convolutional] in cfg
 * order its float32 values: with batch_normalize, bias (β), scale (γ), rolling mean, rolling variance, then the
 * OIHW weights; without, bias then weights. Other layers carry nothing. Names follow the tensorrtx /
 * ultralytics-archive layout ({@code module_list.N.Conv2d.weight}, {@code module_list.N.BatchNorm2d.running_var}),
 * in PyTorch state_dict order, so existing tensorrtx YOLOv3 .wts files use the same keys.
 */
public final class DarknetWeights {
    /** One float block of the file: its key, shape, and where it goes in the output order. */
    private record Block(String key, int[] shape, int outputOrder) {
        int count() { return (int) java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b); }

        long longCount() { return java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b); }
    }

    private DarknetWeights() {}

    public static WeightMap read(Path weights, DarknetCfg cfg) throws IOException {
        return read(weights, cfg, ConvertOptions.DEFAULTS);
    }

    /** With key selection / prefix options applied to the {@code module_list.*} names. */
    public static WeightMap read(Path weights, DarknetCfg cfg, ConvertOptions options) throws IOException {
        List<Block> blocks = layout(cfg);
        for (Block b : blocks)
            if (b.longCount() > Integer.MAX_VALUE / 4)
                throw new UserError(cfg.source() + ": " + b.key() + " of shape " + java.util.Arrays.toString(b.shape())
                        + " holds more values than one tensor can");
        try {
            return read(weights, cfg, blocks, options);
        } catch (IOException e) {
            throw UserError.cannotRead(weights, e);
        }
    }

    private static WeightMap read(Path weights, DarknetCfg cfg, List<Block> blocks, ConvertOptions options) throws IOException {
        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && ch.read(head) > 0) { /* fill */ }
            if (head.position() < 16)
                throw new UserError(weights + ": " + size + " bytes, too short for a Darknet .weights header");
            int major = head.getInt(0), minor = head.getInt(4);
            int headerBytes = major * 10 + minor >= 2 ? 20 : 16;
            long floats = 0;
            for (Block b : blocks) floats += b.count();
            long expected = headerBytes + floats * 4;
            if (size != expected)
                throw new UserError(weights + ": " + size + " bytes, but " + cfg.source() + " needs " + expected + " ("
                        + headerBytes + "-byte header of version " + major + "." + minor + " + " + floats
                        + " float32 values for " + countConvs(cfg) + " convolutional layers)"
                        + (size < expected ? "; the file is short by " + (expected - size) + " bytes" : "; "
                        + (size - expected) + " bytes are left over") + " — the cfg and the weights do not match");
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, headerBytes, floats * 4).order(ByteOrder.LITTLE_ENDIAN);
            WeightTensor[] out = new WeightTensor[blocks.size()];
            long at = 0;
            for (Block b : blocks) {
                FloatBuffer src = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (at * 4)).limit((int) ((at + b.count()) * 4))
                        .slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                ByteBuffer dst = ByteBuffer.allocateDirect(b.count() * 4).order(ByteOrder.nativeOrder());
                dst.asFloatBuffer().put(src);
                out[b.outputOrder()] = new WeightTensor(b.key(), dst, b.shape());
                at += b.count();
            }
            WeightMap.Builder map = WeightMap.builder(weights.toString());
            for (WeightTensor t : out) map.put(t);
            return KeyMapper.apply(map.build(), options);
        }
    }

    private static long countConvs(DarknetCfg cfg) {
        return cfg.layers().stream().filter(s -> s.type().equals("convolutional")).count();
    }

    /** The float blocks in file order, with channel counts followed through the cfg. */
    private static List<Block> layout(DarknetCfg cfg) {
        List<Block> blocks = new ArrayList<>();
        int[] outChannels = new int[cfg.layers().size()];
        int channels = cfg.channels();
        int outputs = 0;
        for (CfgSection s : cfg.layers()) {
            int i = s.index();
            switch (s.type()) {
                case "convolutional" -> {
                    int filters = s.requireInt("filters"), size = s.getInt("size", 1), groups = s.getInt("groups", 1);
                    if (filters <= 0 || size <= 0 || groups <= 0 || channels % groups != 0)
                        throw new UserError(cfg.source() + ":" + s.line() + ": [convolutional] layer " + i + ": filters="
                                + filters + " size=" + size + " groups=" + groups + " do not fit " + channels + " input channels");
                    String p = "module_list." + i + ".";
                    int[] w = {filters, channels / groups, size, size};
                    if (s.getInt("batch_normalize", 0) != 0) {
                        // file order: bias(beta), scale(gamma), mean, var, weights; state_dict order: conv weight, gamma, beta, mean, var
                        blocks.add(new Block(p + "BatchNorm2d.bias", new int[]{filters}, outputs + 2));
                        blocks.add(new Block(p + "BatchNorm2d.weight", new int[]{filters}, outputs + 1));
                        blocks.add(new Block(p + "BatchNorm2d.running_mean", new int[]{filters}, outputs + 3));
                        blocks.add(new Block(p + "BatchNorm2d.running_var", new int[]{filters}, outputs + 4));
                        blocks.add(new Block(p + "Conv2d.weight", w, outputs));
                        outputs += 5;
                    } else {
                        blocks.add(new Block(p + "Conv2d.bias", new int[]{filters}, outputs + 1));
                        blocks.add(new Block(p + "Conv2d.weight", w, outputs));
                        outputs += 2;
                    }
                    outChannels[i] = filters;
                }
                case "route" -> {
                    int sum = 0;
                    for (int r : cfg.resolveRefs(s, "layers")) sum += outChannels[r];
                    int groups = s.getInt("groups", 1);
                    outChannels[i] = sum / groups;
                }
                case "shortcut" -> {
                    cfg.resolveRefs(s, "from");
                    outChannels[i] = channels;
                }
                case "reorg" -> outChannels[i] = channels * s.getInt("stride", 1) * s.getInt("stride", 1);
                case "upsample", "maxpool", "yolo", "avgpool", "dropout", "region" -> outChannels[i] = channels;
                default -> throw new UserError(cfg.source() + ":" + s.line() + ": layer " + i + " [" + s.type()
                        + "] is not supported by the Darknet converter (convolutional, route, shortcut, upsample, "
                        + "maxpool, yolo, avgpool, dropout, reorg, region are)");
            }
            channels = outChannels[i];
        }
        return blocks;
    }
}
