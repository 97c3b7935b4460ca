// Batched inverse of small square float matrices.
// 4x4 (camera projection matrices): closed form through 2x2 sub-determinants, one thread per matrix.
// Other n <= 32: Gauss-Jordan elimination with partial pivoting on [A | I], one warp per matrix, lane j owning
// columns j and j + 32 of the augmented matrix in shared memory.
// A singular matrix divides by a zero pivot / determinant, so its result holds inf/NaN; nothing traps.
#include "kernels.h"

namespace trt4j
{
namespace
{

__global__ void inverse4x4(float const* __restrict__ input, float* __restrict__ output, int64_t batch)
{
    for (int64_t b = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; b < batch;
         b += static_cast<int64_t>(gridDim.x) * blockDim.x)
    {
        float4 const* src = reinterpret_cast<float4 const*>(input + 16 * b);
        float4 const r0 = src[0], r1 = src[1], r2 = src[2], r3 = src[3];
        float const m[16] = {r0.x, r0.y, r0.z, r0.w, r1.x, r1.y, r1.z, r1.w, r2.x, r2.y, r2.z, r2.w, r3.x, r3.y,
            r3.z, r3.w};
        // 2x2 determinants of rows 0-1 (s*) and rows 2-3 (c*), by column pair.
        float const s0 = m[0] * m[5] - m[4] * m[1];
        float const s1 = m[0] * m[6] - m[4] * m[2];
        float const s2 = m[0] * m[7] - m[4] * m[3];
        float const s3 = m[1] * m[6] - m[5] * m[2];
        float const s4 = m[1] * m[7] - m[5] * m[3];
        float const s5 = m[2] * m[7] - m[6] * m[3];
        float const c5 = m[10] * m[15] - m[14] * m[11];
        float const c4 = m[9] * m[15] - m[13] * m[11];
        float const c3 = m[9] * m[14] - m[13] * m[10];
        float const c2 = m[8] * m[15] - m[12] * m[11];
        float const c1 = m[8] * m[14] - m[12] * m[10];
        float const c0 = m[8] * m[13] - m[12] * m[9];
        float const det = s0 * c5 - s1 * c4 + s2 * c3 + s3 * c2 - s4 * c1 + s5 * c0;
        float const k = 1.f / det;
        float4* dst = reinterpret_cast<float4*>(output + 16 * b);
        dst[0] = make_float4((m[5] * c5 - m[6] * c4 + m[7] * c3) * k, (-m[1] * c5 + m[2] * c4 - m[3] * c3) * k,
            (m[13] * s5 - m[14] * s4 + m[15] * s3) * k, (-m[9] * s5 + m[10] * s4 - m[11] * s3) * k);
        dst[1] = make_float4((-m[4] * c5 + m[6] * c2 - m[7] * c1) * k, (m[0] * c5 - m[2] * c2 + m[3] * c1) * k,
            (-m[12] * s5 + m[14] * s2 - m[15] * s1) * k, (m[8] * s5 - m[10] * s2 + m[11] * s1) * k);
        dst[2] = make_float4((m[4] * c4 - m[5] * c2 + m[7] * c0) * k, (-m[0] * c4 + m[1] * c2 - m[3] * c0) * k,
            (m[12] * s4 - m[13] * s2 + m[15] * s0) * k, (-m[8] * s4 + m[9] * s2 - m[11] * s0) * k);
        dst[3] = make_float4((-m[4] * c3 + m[5] * c1 - m[6] * c0) * k, (m[0] * c3 - m[1] * c1 + m[2] * c0) * k,
            (-m[12] * s3 + m[13] * s1 - m[14] * s0) * k, (m[8] * s3 - m[9] * s1 + m[10] * s0) * k);
    }
}

constexpr int kWarpsPerBlock = 4;
constexpr int kAugmentedStride = 2 * kMaxInverseSize + 1; // +1 avoids shared-memory bank conflicts on columns

__global__ void inverseGaussJordan(float const* __restrict__ input, float* __restrict__ output, int64_t batch, int n)
{
    __shared__ float augmented[kWarpsPerBlock][kMaxInverseSize][kAugmentedStride];
    int const warp = threadIdx.x / 32;
    int const lane = threadIdx.x % 32;
    float(*a)[kAugmentedStride] = augmented[warp];
    int const width = 2 * n;

    for (int64_t b = blockIdx.x * static_cast<int64_t>(kWarpsPerBlock) + warp; b < batch;
         b += static_cast<int64_t>(gridDim.x) * kWarpsPerBlock)
    {
        float const* src = input + b * n * n;
        for (int r = 0; r < n; ++r)
        {
            for (int col = lane; col < width; col += 32)
            {
                a[r][col] = col < n ? src[r * n + col] : (col - n == r ? 1.f : 0.f);
            }
        }
        __syncwarp();

        for (int k = 0; k < n; ++k)
        {
            // Partial pivoting: the row >= k with the largest |a[row][k]|, the lowest such row on ties.
            float best = lane >= k && lane < n ? fabsf(a[lane][k]) : -1.f;
            int bestRow = lane;
            for (int offset = 16; offset > 0; offset /= 2)
            {
                float const otherBest = __shfl_down_sync(0xffffffffu, best, offset);
                int const otherRow = __shfl_down_sync(0xffffffffu, bestRow, offset);
                if (otherBest > best || (otherBest == best && otherRow < bestRow))
                {
                    best = otherBest;
                    bestRow = otherRow;
                }
            }
            int const pivotRow = __shfl_sync(0xffffffffu, bestRow, 0);
            if (pivotRow != k)
            {
                for (int col = lane; col < width; col += 32)
                {
                    float const t = a[k][col];
                    a[k][col] = a[pivotRow][col];
                    a[pivotRow][col] = t;
                }
            }
            __syncwarp();
            float const pivot = a[k][k];
            __syncwarp();
            for (int col = lane; col < width; col += 32)
            {
                a[k][col] /= pivot;
            }
            __syncwarp();
            float const factor = lane < n ? a[lane][k] : 0.f;
            __syncwarp();
            for (int r = 0; r < n; ++r)
            {
                float const f = __shfl_sync(0xffffffffu, factor, r);
                if (r != k)
                {
                    for (int col = lane; col < width; col += 32)
                    {
                        a[r][col] -= f * a[k][col];
                    }
                }
            }
            __syncwarp();
        }

        float* dst = output + b * n * n;
        for (int r = 0; r < n; ++r)
        {
            for (int col = lane; col < n; col += 32)
            {
                dst[r * n + col] = a[r][n + col];
            }
        }
        __syncwarp();
    }
}

unsigned blocksFor(int64_t work, int64_t perBlock)
{
    int64_t const blocks = (work + perBlock - 1) / perBlock;
    return static_cast<unsigned>(blocks < (1LL << 30) ? blocks : (1LL << 30));
}

} // namespace

cudaError_t launchMatrixInverse(float const* input, float* output, int64_t batch, int32_t n, cudaStream_t stream)
{
    if (batch == 0)
    {
        return cudaSuccess;
    }
    if (n < 1 || n > kMaxInverseSize)
    {
        return cudaErrorInvalidValue;
    }
    if (n == 4)
    {
        constexpr int kThreads = 128;
        inverse4x4<<<blocksFor(batch, kThreads), kThreads, 0, stream>>>(input, output, batch);
    }
    else
    {
        inverseGaussJordan<<<blocksFor(batch, kWarpsPerBlock), 32 * kWarpsPerBlock, 0, stream>>>(
            input, output, batch, n);
    }
    return cudaGetLastError();
}

} // namespace trt4j
