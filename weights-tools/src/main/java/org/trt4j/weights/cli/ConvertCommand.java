package org.trt4j.weights.cli;

import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.wts.WtsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code trt4j weights convert IN OUT.wts}: .pth / .safetensors / Darknet .weights (with --cfg) to .wts. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a .pth (torch.save zip), .safetensors or Darknet .weights (--cfg) file to .wts.")
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN") Path in;
    @Parameters(index = "1", paramLabel = "OUT.wts") Path out;
    @Mixin SourceOptions source = new SourceOptions();

    @Override public Integer call() throws Exception {
        if (Files.exists(out) && Files.isSameFile(in, out)) throw new UserError(out + ": the output would overwrite the input");
        OutputFile.checkWritable(out); // before reading a possibly large input
        WeightMap m = source.load(in);
        WtsWriter.write(m, out);
        System.out.printf("%s: %d tensors, %,d parameters written to %s%n", in, m.size(), m.totalParameters(), out);
        return 0;
    }
}
