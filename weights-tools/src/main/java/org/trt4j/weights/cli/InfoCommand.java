package org.trt4j.weights.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code trt4j weights info FILE}: tensor count, total parameters, a name/count/shape table. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Tensor count, total parameters and a name/count table of a .wts, .pth, .safetensors or .weights (--cfg) file.")
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE") Path file;
    @Option(names = "--json", description = "print JSON instead of a table") boolean json;
    @Mixin SourceOptions source = new SourceOptions();

    @Override public Integer call() throws Exception {
        WeightMap m = source.load(file);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", file.toString());
            out.put("tensors", m.size());
            out.put("parameters", m.totalParameters());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (WeightTensor t : m.tensors()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", t.name());
                row.put("count", t.count());
                t.shape().ifPresent(s -> row.put("shape", s));
                rows.add(row);
            }
            out.put("entries", rows);
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
            return 0;
        }
        int width = Math.max(4, m.names().stream().mapToInt(String::length).max().orElse(4));
        System.out.printf("%s: %d tensors, %,d parameters%n", file, m.size(), m.totalParameters());
        System.out.printf("%-" + width + "s %12s  %s%n", "name", "count", "shape");
        for (WeightTensor t : m.tensors())
            System.out.printf("%-" + width + "s %12d  %s%n", t.name(), t.count(), t.shape()
                    .map(s -> java.util.Arrays.stream(s).mapToObj(String::valueOf).collect(Collectors.joining("x")))
                    .orElse(""));
        return 0;
    }
}
