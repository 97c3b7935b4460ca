package org.trt4j.weights.cli;

import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.convert.ConvertOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options that say how a non-.wts input is read (shared by info and convert). */
final class SourceOptions {
    @Option(names = "--cfg", paramLabel = "CFG", description = "Darknet cfg, for .weights input")
    Path cfg;

    @Option(names = "--strip-prefix", paramLabel = "P", description = "remove P from the keys that start with it")
    String stripPrefix;

    @Option(names = "--select-prefix", paramLabel = "P", description = "keep only the keys that start with P")
    String selectPrefix;

    @Option(names = "--keep-int-buffers", description = "keep integer tensors such as num_batches_tracked (as float32)")
    boolean keepIntBuffers;

    WeightMap load(Path file) throws IOException {
        return WeightFiles.load(file, cfg, new ConvertOptions(stripPrefix, selectPrefix, keepIntBuffers));
    }
}
