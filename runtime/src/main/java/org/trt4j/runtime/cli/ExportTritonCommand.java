package org.trt4j.runtime.cli;

import org.trt4j.runtime.triton.TritonExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** trt4j export-triton --engine E --out REPO: a Triton model directory (config.pbtxt, 1/model.plan, plugins). */
@Command(name = "export-triton", mixinStandardHelpOptions = true,
        description = "Write a Triton Inference Server model directory for an engine: NAME/config.pbtxt (platform tensorrt_plan, "
                + "inputs and outputs from the sidecar, max_batch_size and dynamic batching from the profiles), NAME/1/model.plan, "
                + "the plugin libraries it needs and NAME/LOADING.txt (how the server loads them).")
public final class ExportTritonCommand implements Callable<Integer> {
    @Option(names = "--engine", required = true, paramLabel = "E.engine", description = "engine built by trt4j (its .engine.json beside it)")
    Path engine;

    @Option(names = "--out", required = true, paramLabel = "REPO", description = "model repository directory (created if absent)")
    Path repository;

    @Option(names = "--name", paramLabel = "NAME", description = "model name (default: the network's name)")
    String name;

    @Option(names = "--max-batch", paramLabel = "N",
            description = "largest batch Triton may form (default: the profile's largest batch when every tensor's first dimension is the batch; 0: no batching)")
    Integer maxBatch;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1", description = "model instances per GPU (default 1)")
    int instances;

    @Option(names = "--plugin-library", paramLabel = "FILE", description = "plugin library to ship instead of the path the sidecar recorded (repeatable)")
    List<Path> pluginLibraries = new ArrayList<>();

    @Override public Integer call() {
        TritonExport.Result r = TritonExport.export(engine, repository, name, maxBatch, instances, pluginLibraries);
        System.out.println("wrote " + r.modelDir().resolve("config.pbtxt") + " (max_batch_size " + r.config().maxBatchSize()
                + (r.config().dynamicBatching() ? ", dynamic batching" : "") + "), " + r.modelDir().resolve("1").resolve("model.plan")
                + (r.plugins().isEmpty() ? "" : ", " + r.plugins().size() + " plugin librar" + (r.plugins().size() == 1 ? "y" : "ies")));
        System.out.print(r.loading());
        return r.missingPlugins().isEmpty() ? 0 : CheckCommand.CANNOT_RUN_EXIT;
    }
}
