package org.trt4j.runtime.trt;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Main class run in a fresh JVM by {@link EngineFileGpuTest}: loads an engine file, runs the tiny network on the
 * input for a seed, writes the output floats (count, then values) to a file.
 * Arguments: ENGINE OUT N H W SEED.
 */
public final class FreshJvmRunner {
    public static void main(String[] args) throws IOException {
        Path engineFile = Path.of(args[0]), out = Path.of(args[1]);
        int n = Integer.parseInt(args[2]), h = Integer.parseInt(args[3]), w = Integer.parseInt(args[4]), seed = Integer.parseInt(args[5]);
        try (Engine engine = Engine.load(engineFile); ExecutionSession session = engine.newSession()) {
            float[] result = runTiny(session, n, h, w, seed);
            try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(out))) {
                o.writeInt(result.length);
                for (float f : result) o.writeFloat(f);
            }
        }
    }

    static float[] runTiny(ExecutionSession session, int n, int h, int w, int seed) {
        session.setInputShape(TinyConvNet.INPUT, n, TinyConvNet.IN_CHANNELS, h, w);
        session.setInput(TinyConvNet.INPUT, TinyConvNet.input(n, h, w, seed));
        session.run();
        return session.output(TinyConvNet.OUTPUT).floats();
    }
}
