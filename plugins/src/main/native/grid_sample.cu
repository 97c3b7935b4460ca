// 2-D grid sampling with torch.nn.functional.grid_sample semantics (bilinear / nearest; zeros / border / reflection
// padding; align_corners). One thread per output location (n, y, x): it maps the grid point to input coordinates
// once, then loops over the channels, so consecutive threads write consecutive output addresses of each channel.
#include "kernels.h"

#include <cuda_fp16.h>

namespace trt4j
{
namespace
{

__device__ __forceinline__ float toFloat(float v)
{
    return v;
}
__device__ __forceinline__ float toFloat(__half v)
{
    return __half2float(v);
}
template <typename T>
__device__ __forceinline__ T fromFloat(float v);
template <>
__device__ __forceinline__ float fromFloat<float>(float v)
{
    return v;
}
template <>
__device__ __forceinline__ __half fromFloat<__half>(float v)
{
    return __float2half_rn(v);
}

// Grid value in [-1, 1] to input pixel coordinate.
__device__ __forceinline__ float unnormalize(float coord, int64_t size, bool alignCorners)
{
    return alignCorners ? (coord + 1.f) / 2.f * static_cast<float>(size - 1)
                        : ((coord + 1.f) * static_cast<float>(size) - 1.f) / 2.f;
}

__device__ __forceinline__ float clipCoordinate(float coord, int64_t size)
{
    return fminf(static_cast<float>(size - 1), fmaxf(coord, 0.f));
}

// Reflects coord into [twiceLow / 2, twiceHigh / 2] (bounds given doubled so half-pixel bounds stay integral).
__device__ __forceinline__ float reflectCoordinate(float coord, int64_t twiceLow, int64_t twiceHigh)
{
    if (twiceLow == twiceHigh)
    {
        return 0.f;
    }
    float const low = static_cast<float>(twiceLow) / 2.f;
    float const span = static_cast<float>(twiceHigh - twiceLow) / 2.f;
    coord = fabsf(coord - low);
    float const extra = fmodf(coord, span);
    int const flips = static_cast<int>(floorf(coord / span));
    return (flips % 2 == 0) ? extra + low : span - extra + low;
}

// Non-finite or huge coordinates become -100 (outside any tensor) so the int conversions below stay defined.
__device__ __forceinline__ float safeDowngradeToIntRange(float coord)
{
    if (!isfinite(coord) || fabsf(coord) > 2147483647.f - 1.f)
    {
        return -100.f;
    }
    return coord;
}

__device__ __forceinline__ float sourceIndex(float coord, int64_t size, Padding padding, bool alignCorners)
{
    coord = unnormalize(coord, size, alignCorners);
    // Non-finite grid values sample zero in every padding mode (PyTorch's CPU and CUDA kernels disagree there).
    if (!isfinite(coord))
    {
        return -100.f;
    }
    if (padding == Padding::kBORDER)
    {
        coord = clipCoordinate(coord, size);
    }
    else if (padding == Padding::kREFLECTION)
    {
        coord = alignCorners ? reflectCoordinate(coord, 0, 2 * (size - 1)) : reflectCoordinate(coord, -1, 2 * size - 1);
        coord = clipCoordinate(coord, size);
    }
    return safeDowngradeToIntRange(coord);
}

__device__ __forceinline__ bool inBounds(int64_t y, int64_t x, int64_t h, int64_t w)
{
    return y >= 0 && y < h && x >= 0 && x < w;
}

template <typename TData, typename TGrid>
__global__ void gridSampleBilinear(TData const* __restrict__ input, TGrid const* __restrict__ grid,
    TData* __restrict__ output, GridSampleShape s, Padding padding, bool alignCorners)
{
    int64_t const points = s.n * s.gridH * s.gridW;
    int64_t const plane = s.h * s.w;
    int64_t const outPlane = s.gridH * s.gridW;
    for (int64_t p = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; p < points;
         p += static_cast<int64_t>(gridDim.x) * blockDim.x)
    {
        int64_t const n = p / outPlane;
        int64_t const within = p - n * outPlane;
        float const gx = toFloat(grid[2 * p]);
        float const gy = toFloat(grid[2 * p + 1]);
        float const ix = sourceIndex(gx, s.w, padding, alignCorners);
        float const iy = sourceIndex(gy, s.h, padding, alignCorners);

        int64_t const x0 = static_cast<int64_t>(floorf(ix));
        int64_t const y0 = static_cast<int64_t>(floorf(iy));
        int64_t const x1 = x0 + 1;
        int64_t const y1 = y0 + 1;
        float const wx1 = ix - static_cast<float>(x0);
        float const wx0 = static_cast<float>(x1) - ix;
        float const wy1 = iy - static_cast<float>(y0);
        float const wy0 = static_cast<float>(y1) - iy;
        float const w00 = wx0 * wy0;
        float const w01 = wx1 * wy0;
        float const w10 = wx0 * wy1;
        float const w11 = wx1 * wy1;
        bool const in00 = inBounds(y0, x0, s.h, s.w);
        bool const in01 = inBounds(y0, x1, s.h, s.w);
        bool const in10 = inBounds(y1, x0, s.h, s.w);
        bool const in11 = inBounds(y1, x1, s.h, s.w);

        TData const* in = input + n * s.c * plane;
        TData* out = output + n * s.c * outPlane + within;
        for (int64_t c = 0; c < s.c; ++c, in += plane, out += outPlane)
        {
            float value = 0.f;
            if (in00)
            {
                value += toFloat(in[y0 * s.w + x0]) * w00;
            }
            if (in01)
            {
                value += toFloat(in[y0 * s.w + x1]) * w01;
            }
            if (in10)
            {
                value += toFloat(in[y1 * s.w + x0]) * w10;
            }
            if (in11)
            {
                value += toFloat(in[y1 * s.w + x1]) * w11;
            }
            *out = fromFloat<TData>(value);
        }
    }
}

template <typename TData, typename TGrid>
__global__ void gridSampleNearest(TData const* __restrict__ input, TGrid const* __restrict__ grid,
    TData* __restrict__ output, GridSampleShape s, Padding padding, bool alignCorners)
{
    int64_t const points = s.n * s.gridH * s.gridW;
    int64_t const plane = s.h * s.w;
    int64_t const outPlane = s.gridH * s.gridW;
    for (int64_t p = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; p < points;
         p += static_cast<int64_t>(gridDim.x) * blockDim.x)
    {
        int64_t const n = p / outPlane;
        int64_t const within = p - n * outPlane;
        float const ix = sourceIndex(toFloat(grid[2 * p]), s.w, padding, alignCorners);
        float const iy = sourceIndex(toFloat(grid[2 * p + 1]), s.h, padding, alignCorners);
        // nearbyintf rounds halves to even, as PyTorch does.
        int64_t const x = static_cast<int64_t>(nearbyintf(ix));
        int64_t const y = static_cast<int64_t>(nearbyintf(iy));
        bool const inside = inBounds(y, x, s.h, s.w);

        TData const* in = input + n * s.c * plane + (inside ? y * s.w + x : 0);
        TData* out = output + n * s.c * outPlane + within;
        for (int64_t c = 0; c < s.c; ++c, in += plane, out += outPlane)
        {
            *out = inside ? *in : fromFloat<TData>(0.f);
        }
    }
}

// One thread per output element; consecutive threads share (n, c) and walk x, so grid reads and output writes are
// coalesced and each grid point is read once per channel (from cache).
template <typename TData, typename TGrid>
__global__ void gridSampleElementwise(TData const* __restrict__ input, TGrid const* __restrict__ grid,
    TData* __restrict__ output, GridSampleShape s, Interpolation interpolation, Padding padding, bool alignCorners)
{
    int64_t const outPlane = s.gridH * s.gridW;
    int64_t const elements = s.n * s.c * outPlane;
    for (int64_t e = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; e < elements;
         e += static_cast<int64_t>(gridDim.x) * blockDim.x)
    {
        int64_t const within = e % outPlane;
        int64_t const nc = e / outPlane;
        int64_t const n = nc / s.c;
        int64_t const p = n * outPlane + within;
        float const ix = sourceIndex(toFloat(grid[2 * p]), s.w, padding, alignCorners);
        float const iy = sourceIndex(toFloat(grid[2 * p + 1]), s.h, padding, alignCorners);
        TData const* in = input + nc * s.h * s.w;
        float value = 0.f;
        if (interpolation == Interpolation::kNEAREST)
        {
            int64_t const x = static_cast<int64_t>(nearbyintf(ix));
            int64_t const y = static_cast<int64_t>(nearbyintf(iy));
            value = inBounds(y, x, s.h, s.w) ? toFloat(in[y * s.w + x]) : 0.f;
        }
        else
        {
            int64_t const x0 = static_cast<int64_t>(floorf(ix));
            int64_t const y0 = static_cast<int64_t>(floorf(iy));
            int64_t const x1 = x0 + 1;
            int64_t const y1 = y0 + 1;
            float const wx1 = ix - static_cast<float>(x0);
            float const wx0 = static_cast<float>(x1) - ix;
            float const wy1 = iy - static_cast<float>(y0);
            float const wy0 = static_cast<float>(y1) - iy;
            if (inBounds(y0, x0, s.h, s.w))
            {
                value += toFloat(in[y0 * s.w + x0]) * (wx0 * wy0);
            }
            if (inBounds(y0, x1, s.h, s.w))
            {
                value += toFloat(in[y0 * s.w + x1]) * (wx1 * wy0);
            }
            if (inBounds(y1, x0, s.h, s.w))
            {
                value += toFloat(in[y1 * s.w + x0]) * (wx0 * wy1);
            }
            if (inBounds(y1, x1, s.h, s.w))
            {
                value += toFloat(in[y1 * s.w + x1]) * (wx1 * wy1);
            }
        }
        output[e] = fromFloat<TData>(value);
    }
}

template <typename TData, typename TGrid>
cudaError_t launchTyped(void const* input, void const* grid, void* output, GridSampleShape const& shape,
    Interpolation interpolation, Padding padding, bool alignCorners, GridSampleSplit split, cudaStream_t stream)
{
    int64_t const points = shape.n * shape.gridH * shape.gridW;
    if (points == 0 || shape.c == 0)
    {
        return cudaSuccess;
    }
    constexpr int kThreads = 256;
    auto const* in = static_cast<TData const*>(input);
    auto const* g = static_cast<TGrid const*>(grid);
    auto* out = static_cast<TData*>(output);
    if (split == GridSampleSplit::kELEMENT)
    {
        int64_t const elements = points * shape.c;
        int64_t const blocksNeeded = (elements + kThreads - 1) / kThreads;
        unsigned const blocks = static_cast<unsigned>(blocksNeeded < (1LL << 30) ? blocksNeeded : (1LL << 30));
        gridSampleElementwise<TData, TGrid>
            <<<blocks, kThreads, 0, stream>>>(in, g, out, shape, interpolation, padding, alignCorners);
        return cudaGetLastError();
    }
    int64_t const blocksNeeded = (points + kThreads - 1) / kThreads;
    unsigned const blocks = static_cast<unsigned>(blocksNeeded < (1LL << 30) ? blocksNeeded : (1LL << 30));
    if (interpolation == Interpolation::kNEAREST)
    {
        gridSampleNearest<TData, TGrid><<<blocks, kThreads, 0, stream>>>(in, g, out, shape, padding, alignCorners);
    }
    else
    {
        gridSampleBilinear<TData, TGrid><<<blocks, kThreads, 0, stream>>>(in, g, out, shape, padding, alignCorners);
    }
    return cudaGetLastError();
}

} // namespace

cudaError_t launchGridSample(void const* input, void const* grid, void* output, GridSampleShape const& shape,
    bool halfData, bool halfGrid, Interpolation interpolation, Padding padding, bool alignCorners, GridSampleSplit split,
    cudaStream_t stream)
{
    if (halfData)
    {
        return halfGrid ? launchTyped<__half, __half>(
                   input, grid, output, shape, interpolation, padding, alignCorners, split, stream)
                        : launchTyped<__half, float>(
                            input, grid, output, shape, interpolation, padding, alignCorners, split, stream);
    }
    return halfGrid
        ? launchTyped<float, __half>(input, grid, output, shape, interpolation, padding, alignCorners, split, stream)
        : launchTyped<float, float>(input, grid, output, shape, interpolation, padding, alignCorners, split, stream);
}

} // namespace trt4j
