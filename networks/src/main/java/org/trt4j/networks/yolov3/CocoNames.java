package org.trt4j.networks.yolov3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The 80 COCO class names in Darknet's order (coco.names). */
public final class CocoNames {
    private static final List<String> NAMES = load();

    private CocoNames() {}

    /** The name of class {@code id}, or "class N" outside the list (networks trained on other label sets). */
    public static String of(int id) { return id >= 0 && id < NAMES.size() ? NAMES.get(id) : "class " + id; }

    private static List<String> load() {
        try (InputStream in = CocoNames.class.getResourceAsStream("coco.names")) {
            if (in == null) throw new IllegalStateException("resource coco.names missing from the jar");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
