package org.trt4j.plugins;

import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.ExecutionSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The second JVM of {@link SerializedEngineGpuTest}'s NMS case: loads the plugin library, deserializes the NMS
 * engine, runs it on {@link #scene} and writes each output as raw little-endian 32-bit values into OUT_DIR.
 * Usage: SerializedNmsEngineChild ENGINE OUT_DIR; exit 0 ok, 3 on a UserError (message printed).
 */
public final class SerializedNmsEngineChild {
    static final int N = 3, B = 2000, C = 20;
    static final BatchedNms.Settings SETTINGS = new BatchedNms.Settings(0.5f, 0.45f, 30, 100, 1000);

    /** Deterministic inputs both JVMs generate: boxes then scores. */
    static float[][] scene() {
        return new float[][] {org.trt4j.plugins.bench.BenchData.detectionBoxes(N, B, 608, 41),
                org.trt4j.plugins.bench.BenchData.saturatedScores(N, B, C, 60, 41)};
    }

    public static void main(String[] args) throws Exception {
        try {
            Plugins.load();
            float[][] scene = scene();
            try (Engine engine = Engine.load(Path.of(args[0])); ExecutionSession session = engine.newSession()) {
                session.setInputShape("boxes", N, B, 4).setInputShape("scores", N, B, C);
                session.setInput("boxes", scene[0]).setInput("scores", scene[1]);
                session.run();
                for (String output : NmsPluginNetwork.OUTPUTS) {
                    var t = session.output(output);
                    int length = t.floats() != null ? t.floats().length : t.ints().length;
                    ByteBuffer bytes = ByteBuffer.allocate(length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    if (t.floats() != null) bytes.asFloatBuffer().put(t.floats());
                    else bytes.asIntBuffer().put(t.ints());
                    Files.write(Path.of(args[1], output + ".bin"), bytes.array());
                }
            }
            System.exit(0);
        } catch (UserError e) {
            System.out.println("UserError: " + e.getMessage());
            System.exit(SerializedEngineChild.EXIT_USER_ERROR);
        }
    }
}
