package org.trt4j.plugins;

import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.weights.npy.NpyArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The second JVM of {@link SerializedEngineGpuTest}: loads the plugin library (unless --no-plugins: then the test
 * also leaves the plugins module off the class path, so its provider cannot load it either), deserializes the
 * engine, runs it on the MVS golden inputs and writes each output as raw little-endian floats into OUT_DIR.
 * Usage: SerializedEngineChild ENGINE OUT_DIR [--no-plugins]; exit 0 ok, 3 on a UserError (message printed).
 */
public final class SerializedEngineChild {
    static final int EXIT_USER_ERROR = 3;

    public static void main(String[] args) throws Exception {
        try {
            if (args.length < 3 || !args[2].equals("--no-plugins")) Plugins.load();
            Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
            try (Engine engine = Engine.load(Path.of(args[0])); ExecutionSession session = engine.newSession()) {
                session.setInput("x", golden.get("input").floats()).setInput("grid", golden.get("grid").floats())
                        .setInput("proj", golden.get("proj").floats());
                session.run();
                for (String output : new String[] {"warped", "proj_inv"}) {
                    float[] values = session.output(output).floats();
                    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(values);
                    Files.write(Path.of(args[1], output + ".f32"), bytes.array());
                }
            }
            System.exit(0);
        } catch (UserError e) {
            System.out.println("UserError: " + e.getMessage());
            System.exit(EXIT_USER_ERROR);
        }
    }
}
