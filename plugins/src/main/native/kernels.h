// Host-side launchers of the trt4j CUDA kernels. They only enqueue work on `stream`: no allocation, no
// synchronization. Each returns the cudaError_t of the launch.
#pragma once

#include <cstddef>
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

// Batched, class-aware NMS with fixed-size outputs (see batched_nms.cu for the algorithm and
// batched_nms_plugin.h for the semantics).
constexpr int32_t kMaxNmsCandidates = 4096; // the sorted candidates of one image live in 32 KiB of shared memory

struct BatchedNmsShape
{
    int64_t n; // images
    int64_t b; // boxes per image
    int64_t c; // classes
};

struct BatchedNmsParams
{
    float scoreThreshold;  // >= 0: pairs with score > threshold take part
    float iouThreshold;    // a kept box suppresses later boxes of its class with IoU > threshold
    int32_t maxPerClass;   // >= 1
    int32_t maxDetections; // K, rows per image
    int32_t candidates;    // 1 ..= kMaxNmsCandidates highest-ranked pairs considered
};

// Scratch bytes launchBatchedNms needs for `n` images (TensorRT's plugin workspace; independent of B and C).
size_t batchedNmsWorkspaceSize(int64_t n, int32_t candidates);

// boxes N x B x 4, scores N x B x C (FP32); outputs count N (INT32), boxes N x K x 4, scores N x K, classes N x K.
cudaError_t launchBatchedNms(float const* boxes, float const* scores, BatchedNmsShape const& shape,
    BatchedNmsParams const& params, void* workspace, int32_t* outCount, float* outBoxes, float* outScores,
    int32_t* outClasses, cudaStream_t stream);

} // namespace trt4j
