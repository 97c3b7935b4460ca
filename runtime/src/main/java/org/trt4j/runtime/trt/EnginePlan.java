package org.trt4j.runtime.trt;

import java.io.IOException;
import java.nio.file.Path;

/** A built, serialized engine: the TensorRT plan bytes and the sidecar information describing them. */
public record EnginePlan(byte[] bytes, EngineInfo info) {

    /** Writes {@code E.engine} (the raw plan) and {@code E.engine.json}. */
    public void write(Path engineFile) throws IOException {
        EngineFiles.write(engineFile, bytes, info);
    }

    public EnginePlan withInfo(EngineInfo newInfo) { return new EnginePlan(bytes, newInfo); }
}
