package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed-size detections output of a YOLOv3 engine for a batch of N images: {@code count[N]},
 * {@code boxes[N, K, 4]} (x1, y1, x2, y2 in input pixels), {@code scores[N, K]}, {@code classes[N, K]}; row r of
 * image i is valid when r < count[i], the rest is zero. Rows are sorted by descending score.
 */
public record Detections(int[] count, float[] boxes, float[] scores, int[] classes, int maxDetections) {

    public Detections {
        int n = count.length;
        long k = maxDetections;
        if (boxes.length != n * k * 4 || scores.length != n * k || classes.length != n * k)
            throw new UserError("detections of " + n + " images x " + k + " rows: got " + boxes.length + " box values, "
                    + scores.length + " scores, " + classes.length + " classes");
        for (int c : count)
            if (c < 0 || c > k) throw new UserError("detection count " + c + " outside 0.." + k);
    }

    /** The valid detections of image {@code image}. */
    public List<Detection> of(int image) {
        List<Detection> out = new ArrayList<>(count[image]);
        for (int r = 0; r < count[image]; r++) {
            int row = image * maxDetections + r;
            out.add(new Detection(boxes[4 * row], boxes[4 * row + 1], boxes[4 * row + 2], boxes[4 * row + 3],
                    scores[row], classes[row]));
        }
        return out;
    }
}
