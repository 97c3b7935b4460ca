// Helpers shared by the smoke checker's sources (smoke_test.cu, smoke_batched_nms.cu).
#pragma once

#include "trt_plugin_abi.h"

#include <cuda_runtime.h>

#include <cstdint>
#include <string>
#include <vector>

// Reports one check: ok, and what was checked.
using SmokeCheck = void (*)(bool ok, std::string const& what);

// A dense (kLINEAR) tensor description with these dims and type.
inline nvinfer1::PluginTensorDesc linearDesc(std::vector<int64_t> const& dims, nvinfer1::DataType type)
{
    nvinfer1::PluginTensorDesc d{};
    d.dims.nbDims = static_cast<int32_t>(dims.size());
    for (size_t i = 0; i < dims.size(); ++i)
    {
        d.dims.d[i] = dims[i];
    }
    d.type = type;
    d.format = nvinfer1::TensorFormat::kLINEAR;
    d.scale = -1.f;
    return d;
}

// A device copy of `host` (the checker frees it with cudaFree).
template <typename T>
T* toDevice(std::vector<T> const& host)
{
    T* device = nullptr;
    cudaMalloc(&device, host.size() * sizeof(T));
    cudaMemcpy(device, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice);
    return device;
}

// `count` elements copied back from the device.
template <typename T>
std::vector<T> toHost(T const* device, size_t count)
{
    std::vector<T> host(count);
    cudaMemcpy(host.data(), device, count * sizeof(T), cudaMemcpyDeviceToHost);
    return host;
}
