package org.trt4j.networks.mvs;

import org.trt4j.error.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MVSNet's cam.txt format: the word {@code extrinsic} and 16 numbers (world to camera, row-major 4x4), the word
 * {@code intrinsic} and 9 numbers (3x3), then {@code depth_min depth_interval [depth_num [depth_max]]}. One file may
 * hold several such blocks (the reference view first), or each view has its own file.
 */
public final class MvsCameras {
    /** One view; depthNum and depthMax are 0 when the file leaves them out. */
    public record Camera(float[] extrinsic, float[] intrinsic, float depthMin, float depthInterval, int depthNum, float depthMax) {
        /** CasMVSNet's last hypothesis: depth_max if given, else depth_min + (depth_num or 192, minus 1) · interval. */
        public float lastDepth() {
            if (depthMax > 0) return depthMax;
            return depthMin + ((depthNum > 0 ? depthNum : 192) - 1) * depthInterval;
        }
    }

    private MvsCameras() {}

    public static List<Camera> read(List<Path> files) {
        List<Camera> cams = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new UserError(f + ": no such camera file");
            try {
                cams.addAll(parse(Files.readString(f), f.toString()));
            } catch (IOException e) {
                throw new UserError(f + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        return cams;
    }

    static List<Camera> parse(String text, String where) {
        String[] tokens = text.trim().split("\\s+");
        List<Camera> cams = new ArrayList<>();
        int i = 0;
        while (i < tokens.length) {
            if (!tokens[i].toLowerCase(Locale.ROOT).equals("extrinsic"))
                throw new UserError(where + ": expected 'extrinsic' at token " + (i + 1) + ", found '" + quote(tokens[i]) + "'");
            float[] e = numbers(tokens, i + 1, 16, where, "extrinsic");
            i += 17;
            if (i >= tokens.length || !tokens[i].toLowerCase(Locale.ROOT).equals("intrinsic"))
                throw new UserError(where + ": camera " + (cams.size() + 1) + ": expected 'intrinsic' after the 16 extrinsic values");
            float[] k = numbers(tokens, i + 1, 9, where, "intrinsic");
            i += 10;
            List<Float> depth = new ArrayList<>();
            while (i < tokens.length && !tokens[i].toLowerCase(Locale.ROOT).equals("extrinsic") && depth.size() < 4)
                depth.add(numbers(tokens, i++, 1, where, "depth range")[0]);
            if (depth.size() < 2)
                throw new UserError(where + ": camera " + (cams.size() + 1) + ": needs 'depth_min depth_interval' after the intrinsic");
            float min = depth.get(0), interval = depth.get(1);
            int num = depth.size() > 2 ? Math.round(depth.get(2)) : 0;
            float max = depth.size() > 3 ? depth.get(3) : 0f;
            if (!(interval > 0) || !(min > 0)) throw new UserError(where + ": camera " + (cams.size() + 1) + ": depth_min " + min
                    + " and depth_interval " + interval + " must be positive");
            cams.add(new Camera(e, k, min, interval, num, max));
        }
        if (cams.isEmpty()) throw new UserError(where + ": no camera in the file");
        return cams;
    }

    private static float[] numbers(String[] tokens, int from, int count, String where, String what) {
        if (from + count > tokens.length) throw new UserError(where + ": the " + what + " needs " + count + " numbers, the file ends first");
        float[] v = new float[count];
        for (int j = 0; j < count; j++) {
            try {
                v[j] = Float.parseFloat(tokens[from + j]);
            } catch (NumberFormatException ex) {
                throw new UserError(where + ": " + what + " value '" + quote(tokens[from + j]) + "' is not a number");
            }
            if (!Float.isFinite(v[j])) throw new UserError(where + ": " + what + " value " + tokens[from + j] + " is not finite");
        }
        return v;
    }

    private static String quote(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }

    /**
     * proj_matrices for one stage, [1, V, 2, 4, 4]: extrinsic in [0], the intrinsic with its first two rows divided by
     * {@code scale} in [1][:3, :3] (CasMVSNet's per-stage scaling), for images of the cameras' resolution.
     */
    static float[] projMatrices(List<Camera> cams, int scale) {
        float[] p = new float[cams.size() * 32];
        for (int v = 0; v < cams.size(); v++) {
            Camera c = cams.get(v);
            System.arraycopy(c.extrinsic(), 0, p, v * 32, 16);
            for (int r = 0; r < 3; r++)
                for (int col = 0; col < 3; col++)
                    p[v * 32 + 16 + r * 4 + col] = r < 2 ? c.intrinsic()[r * 3 + col] / scale : c.intrinsic()[r * 3 + col];
        }
        return p;
    }
}
