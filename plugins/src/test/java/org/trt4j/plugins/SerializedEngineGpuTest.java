package org.trt4j.plugins;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.PluginLibrary;
import org.trt4j.runtime.trt.TestFiles;
import org.trt4j.weights.npy.NpyArray;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An engine holding both plugins (the MVS warp and the projection inverse), and one holding the NMS plugin, are
 * serialized, then run in a fresh JVM that only loads the plugin library; bad plugin fields fail the build with a message naming the layer and fields.
 */
@Tag("gpu")
class SerializedEngineGpuTest {

    static PluginNetwork mvsNetwork() {
        Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
        return new PluginNetwork()
                .input("x", DataType.kFLOAT, golden.get("input").shape())
                .input("grid", DataType.kFLOAT, golden.get("grid").shape())
                .input("proj", DataType.kFLOAT, golden.get("proj").shape())
                .plugin("warped", new GridSampleSpec(GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, true), "x", "grid")
                .plugin("proj_inv", new MatrixInverseSpec(), "proj");
    }

    @Test void engineRunsInASecondJvmThatOnlyLoadsTheLibrary(@TempDir Path dir) throws Exception {
        Plugins.load();
        EnginePlan plan = EngineBuilder.build("mvs-plugins", mvsNetwork(), BuildOptions.defaults().withProgress(false));
        Path engineFile = dir.resolve("mvs-plugins.engine");
        plan.write(engineFile);
        assertSidecarLists(engineFile, GridSampleSpec.NAME, MatrixInverseSpec.NAME);

        runChildSuccessfully(SerializedEngineChild.class, engineFile, dir);

        Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
        float warpDiff = Goldens.maxAbsDiff(readFloats(dir.resolve("warped.f32")), golden.get("output").floats());
        double invDiff = Goldens.maxRelativeDiff(readFloats(dir.resolve("proj_inv.f32")), golden.get("proj_inv").floats(), 16);
        assertTrue(warpDiff <= 1e-5f, "warp max abs diff " + warpDiff);
        assertTrue(invDiff <= 1e-5, "inverse relative diff " + invDiff);
    }

    @Test void nmsEngineRunsInASecondJvmThatOnlyLoadsTheLibrary(@TempDir Path dir) throws Exception {
        int n = SerializedNmsEngineChild.N, b = SerializedNmsEngineChild.B, c = SerializedNmsEngineChild.C;
        EnginePlan plan = NmsPluginNetwork.plan(4, b, c, SerializedNmsEngineChild.SETTINGS, org.trt4j.runtime.trt.Precision.FP32);
        Path engineFile = dir.resolve("nms-plugin.engine");
        plan.write(engineFile);
        assertSidecarLists(engineFile, BatchedNmsSpec.NAME);

        runChildSuccessfully(SerializedNmsEngineChild.class, engineFile, dir);

        float[][] scene = SerializedNmsEngineChild.scene();
        var expected = NmsPluginNetwork.reference(scene[0], scene[1], n, b, c, SerializedNmsEngineChild.SETTINGS);
        assertArrayEquals(expected[0].ints(), readInts(dir.resolve("count.bin")), "counts");
        assertArrayEquals(expected[1].floats(), readFloats(dir.resolve("det_boxes.bin")), "boxes");
        assertArrayEquals(expected[2].floats(), readFloats(dir.resolve("det_scores.bin")), "scores");
        assertArrayEquals(expected[3].ints(), readInts(dir.resolve("det_classes.bin")), "classes");
    }

    /** The sidecar written next to the engine lists libtrt4j_plugins.so, as loaded, with exactly these creators. */
    static void assertSidecarLists(Path engineFile, String... creators) {
        List<PluginLibrary> libraries = EngineFiles.readSidecar(engineFile).pluginLibraries();
        assertEquals(1, libraries.size(), "the engine sidecar names the plugin library: " + libraries);
        assertEquals(Plugins.LIBRARY_FILE, libraries.get(0).name());
        assertEquals(Plugins.load().toString(), libraries.get(0).path());
        assertEquals(Arrays.stream(creators).map(n -> new PluginLibrary.Creator(n, Plugins.PLUGIN_VERSION, Plugins.PLUGIN_NAMESPACE)).toList(),
                libraries.get(0).creators());
    }

    /** Runs main(engine, dir) in a fresh JVM and requires it to finish with exit code 0. */
    static void runChildSuccessfully(Class<?> main, Path engineFile, Path dir) throws Exception {
        Process child = childJvm(main, engineFile.toString(), dir.toString());
        String log = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(300, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, child.exitValue(), "child JVM failed:\n" + log);
    }

    @Test void loadingWithoutThePluginLibraryIsAClearError(@TempDir Path dir) throws Exception {
        Path engineFile = dir.resolve("mvs-plugins.engine");
        EngineBuilder.build("mvs-plugins", mvsNetwork(), BuildOptions.defaults().withProgress(false)).write(engineFile);
        Process child = childJvmWithoutThePluginsModule(SerializedEngineChild.class, engineFile.toString(), dir.toString(), "--no-plugins");
        String log = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(300, TimeUnit.SECONDS));
        assertEquals(SerializedEngineChild.EXIT_USER_ERROR, child.exitValue(), log);
        assertTrue(log.contains("trt4j_plugins") && log.contains("GridSample"), log);
    }

    @Test void badPluginFieldsFailTheBuildNamingLayerAndFields() {
        PluginSpec bad = new PluginSpec() {
            @Override public String pluginName() { return GridSampleSpec.NAME; }
            @Override public String pluginVersion() { return Plugins.PLUGIN_VERSION; }
            @Override public String pluginNamespace() { return Plugins.PLUGIN_NAMESPACE; }
            @Override public List<PluginField> fields() { return List.of(PluginField.ints("padding_mode", 9)); }
            @Override public List<org.trt4j.runtime.graph.TensorType> outputTypes(List<org.trt4j.runtime.graph.Tensor> inputs) { throw new UnsupportedOperationException(); }
            @Override public List<org.trt4j.runtime.tensor.HostTensor> runCpu(List<org.trt4j.runtime.tensor.HostTensor> inputs) { throw new UnsupportedOperationException(); }
        };
        PluginNetwork net = new PluginNetwork().input("x", DataType.kFLOAT, 1, 1, 4, 4).input("g", DataType.kFLOAT, 1, 2, 2, 2)
                .plugin("y", bad, "x", "g");
        UserError e = assertThrows(UserError.class, () -> EngineBuilder.build("bad", net, BuildOptions.defaults().withProgress(false)));
        assertTrue(e.getMessage().contains("plugin.y") && e.getMessage().contains("padding_mode=[9]")
                && e.getMessage().contains("trt4j::GridSample"), e.getMessage());
    }

    @Test void loadIsIdempotent() {
        assertEquals(Plugins.load(), Plugins.load());
    }

    static Process childJvm(Class<?> mainClass, String... args) throws Exception {
        return new ProcessBuilder(TestFiles.javaCommand(mainClass, args)).redirectErrorStream(true).start();
    }

    /**
     * A child JVM whose class path lacks the plugins module's own classes: otherwise its TrtPluginProvider would load
     * the library before the engine, as it does for users, and nothing would be missing.
     */
    static Process childJvmWithoutThePluginsModule(Class<?> mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(TestFiles.javaCommand(mainClass, args));
        int classPath = command.indexOf("-cp") + 1;
        Path pluginsModule = Path.of(Plugins.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        List<String> entries = new ArrayList<>(List.of(command.get(classPath).split(File.pathSeparator)));
        int before = entries.size();
        entries.removeIf(entry -> Path.of(entry).toAbsolutePath().normalize().equals(pluginsModule));
        assertEquals(before - 1, entries.size(), "the plugins module " + pluginsModule + " is on the child's class path once");
        command.set(classPath, String.join(File.pathSeparator, entries));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static int[] readInts(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int[] values = new int[bytes.remaining() / 4];
        bytes.asIntBuffer().get(values);
        return values;
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
