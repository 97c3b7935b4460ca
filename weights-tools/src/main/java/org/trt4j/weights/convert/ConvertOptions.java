package org.trt4j.weights.convert;

/**
 * How checkpoint keys become .wts names, applied in this order: integer tensors (BatchNorm's
 * {@code num_batches_tracked}) are dropped unless {@code keepIntBuffers}; with {@code selectPrefix}, only keys
 * starting with it are kept; when every remaining key starts with {@code module.} (DataParallel), that is removed;
 * then {@code stripPrefix} is removed from the keys that start with it. Null prefixes mean "none".
 */
public record ConvertOptions(String stripPrefix, String selectPrefix, boolean keepIntBuffers) {
    public static final ConvertOptions DEFAULTS = new ConvertOptions(null, null, false);

    public ConvertOptions {
        if (stripPrefix != null && stripPrefix.isEmpty()) stripPrefix = null;
        if (selectPrefix != null && selectPrefix.isEmpty()) selectPrefix = null;
    }
}
