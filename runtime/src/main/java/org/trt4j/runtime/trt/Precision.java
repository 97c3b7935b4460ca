package org.trt4j.runtime.trt;

/** Math precision the builder may use. */
public enum Precision {
    /** float32 everywhere, TF32 tensor-core math disabled: results closest to the CPU reference. */
    FP32,
    /** float32 tensors, TF32 tensor-core math allowed (TensorRT's default). */
    TF32,
    /** float16 kernels allowed where TensorRT finds them faster (TF32 allowed for the rest), like trtexec --fp16. */
    FP16,
    /**
     * INT8 by explicit quantization: Q/DQ pairs on every calibrated convolution input and per-output-channel Q/DQ
     * on its weights; FP16 (and TF32) allowed for the rest.
     */
    INT8
}
