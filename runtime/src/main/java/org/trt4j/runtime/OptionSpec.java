package org.trt4j.runtime;

/** A key=value option a network factory accepts (e.g. {@code scale=3}), with its default and meaning. */
public record OptionSpec(String key, String defaultValue, String description) {}
