package org.trt4j.runtime.triton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.cli.ExportTritonCommand;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.PluginLibrary;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** export-triton writes a model directory Triton accepts: config, version 1 plan, plugins and how to load them. */
class TritonExportTest {
    @TempDir Path dir;

    private Path engineWithPlugin(Path pluginPath) throws Exception { return engineWithPlugin(pluginPath, "true (lean runtime embedded)"); }

    private Path engineWithPlugin(Path pluginPath, String versionCompatible) throws Exception {
        EngineInfo base = TritonConfigTest.engine(List.of(TritonConfigTest.dynamicInput("input", "1x3x416x416:1x3x416x416:4x3x416x416")),
                List.of(TritonConfigTest.output("detections", DType.FLOAT, -1, 100, 7)));
        PluginLibrary lib = new PluginLibrary("libtrt4j_plugins.so", pluginPath.toString(),
                List.of(new PluginLibrary.Creator("BatchedNms", "1", "trt4j")));
        EngineInfo info = new EngineInfo(base.formatVersion(), "yolov3", Map.of(), "FP16", Map.of("versionCompatible", versionCompatible),
                base.inputs(), base.outputs(), base.tensorrtVersion(), base.gpuName(), base.computeCapability(), List.of(lib), null, null, null, 1.0);
        Path engine = dir.resolve("yolo.engine");
        EngineFiles.write(engine, new byte[]{1, 2, 3, 4, 5}, info);
        return engine;
    }

    @Test void writesConfigPlanPluginsAndLoadingNotes() throws Exception {
        Path so = Files.write(dir.resolve("libtrt4j_plugins.so"), new byte[]{0x7f, 'E', 'L', 'F'});
        Path engine = engineWithPlugin(so);
        Path repo = dir.resolve("models");
        int code = new CommandLine(new ExportTritonCommand()).execute("--engine", engine.toString(), "--out", repo.toString());
        assertEquals(0, code);
        Path model = repo.resolve("yolov3");
        String config = Files.readString(model.resolve("config.pbtxt"));
        assertEquals(List.of(), TritonRules.broken(config, "yolov3"), config);
        assertTrue(config.contains("max_batch_size: 4\n"), config);
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5}, Files.readAllBytes(model.resolve("1").resolve("model.plan")));
        assertArrayEquals(Files.readAllBytes(so), Files.readAllBytes(model.resolve("plugins").resolve("libtrt4j_plugins.so")));
        String loading = Files.readString(model.resolve("LOADING.txt"));
        assertTrue(loading.contains("--backend-config=tensorrt,plugins=\"/models/yolov3/plugins/libtrt4j_plugins.so\""), loading);
        assertTrue(loading.contains("LD_PRELOAD=/models/yolov3/plugins/libtrt4j_plugins.so"), loading);
        assertTrue(loading.contains("version-compatible=true"), loading);
        try (var files = Files.list(model)) {
            // Triton loads numeric version directories only; everything else must be a file or a non-numeric directory
            assertEquals(List.of("1"), files.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+")).toList());
        }
    }

    @Test void aPluginLibraryThatCannotBeFoundIsNamedAndTheExitSaysSo() throws Exception {
        Path engine = engineWithPlugin(dir.resolve("gone/libtrt4j_plugins.so"));
        Path repo = dir.resolve("models");
        int code = new CommandLine(new ExportTritonCommand()).execute("--engine", engine.toString(), "--out", repo.toString(), "--name", "det");
        assertEquals(1, code);
        assertTrue(Files.readString(repo.resolve("det/LOADING.txt")).contains("NOT SHIPPED (not found; pass --plugin-library FILE): libtrt4j_plugins.so"));
        // given explicitly, it ships
        Path so = Files.write(dir.resolve("libtrt4j_plugins.so"), new byte[]{9});
        TritonExport.Result r = TritonExport.export(engine, repo, "det", null, 1, List.of(so));
        assertEquals(List.of(), r.missingPlugins());
        assertTrue(Files.exists(repo.resolve("det/plugins/libtrt4j_plugins.so")));
    }

    @Test void anEngineWithoutSidecarIsRefusedByName() throws Exception {
        Path engine = Files.write(dir.resolve("trtexec.plan"), new byte[]{1});
        UserError e = assertThrows(UserError.class, () -> TritonExport.export(engine, dir.resolve("m"), null, null, 1, List.of()));
        assertTrue(e.getMessage().startsWith(engine + ": no sidecar trtexec.plan.json"), e.getMessage());
    }

    @Test void aPlanWithoutItsLeanRuntimeIsRefused() throws Exception {
        Path engine = engineWithPlugin(Files.write(dir.resolve("libtrt4j_plugins.so"), new byte[]{9}), "true (lean runtime excluded)");
        UserError e = assertThrows(UserError.class, () -> TritonExport.export(engine, dir.resolve("m"), null, null, 1, List.of()));
        assertTrue(e.getMessage().startsWith(engine + ": built with --exclude-lean-runtime"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("m")), "nothing written");
    }
}
