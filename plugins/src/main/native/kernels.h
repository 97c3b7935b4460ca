// Host-side launchers of the trt4j CUDA kernels. They only enqueue work on `stream`: no allocation, no
// synchronization. Each returns the cudaError_t of the launch.
#pragma once

#include <cstdint>
#include <cuda_runtime_api.h>

namespace trt4j
{

// Same numbering as torch.nn.functional.grid_sample's integer arguments.
enum class Interpolation : int32_t
{
    kBILINEAR = 0,
    kNEAREST = 1,
};
enum class Padding : int32_t
{
    kZEROS = 0,
    kBORDER = 1,
    kREFLECTION = 2,
};

struct GridSampleShape
{
    int64_t n, c, h, w; // input N x C x H x W
    int64_t gridH, gridW; // grid N x gridH x gridW x 2, output N x C x gridH x gridW
};

// How the grid-sample work is split over threads; TensorRT times both (plugin tactics) and keeps the faster.
enum class GridSampleSplit : int32_t
{
    kPOINT = 1,   // one thread per output point (n, y, x), looping over the channels
    kELEMENT = 2, // one thread per output element (n, c, y, x)
};

// input/output: float or __half as `halfData` says; grid: float or __half as `halfGrid` says.
cudaError_t launchGridSample(void const* input, void const* grid, void* output, GridSampleShape const& shape,
    bool halfData, bool halfGrid, Interpolation interpolation, Padding padding, bool alignCorners,
    GridSampleSplit split, cudaStream_t stream);

// Inverts `batch` row-major n x n float matrices (1 <= n <= 32). Singular matrices give inf/NaN entries.
cudaError_t launchMatrixInverse(float const* input, float* output, int64_t batch, int32_t n, cudaStream_t stream);

constexpr int32_t kMaxInverseSize = 32;

} // namespace trt4j
