// Batched, class-aware non-maximum suppression with fixed-size outputs; the semantics are those of the Java CPU
// kernel org.trt4j.plugins.BatchedNms (see batched_nms_plugin.h). Bounded work, no host synchronization, no
// allocation: every launch below is enqueued on the caller's stream and uses the plugin workspace.
//
// Every (box, class) pair of an image with score > threshold gets a unique 64-bit rank key:
//     key = score bits << 32 | (0xFFFFFFFF - (class * B + box))
// Scores above a threshold >= 0 are positive floats, whose IEEE bits order like unsigned integers, so a larger key
// is a better rank: higher score, then lower class, then lower box (the CPU kernel's order).
//  1. Radix select (kPasses passes of kDigitBits, most significant digit first) finds the `candidates`-th largest
//     key of each image; a pass stops being needed once the selection is exact (all passing pairs fit, or the
//     digit's bin holds exactly the keys still needed), later passes then return at once. Histograms are built in
//     shared memory with warp-aggregated atomics (many equal scores, e.g. saturated sigmoids at 1.0f, collapse into
//     one atomic per warp); the last block of a pass to finish scans the image's histogram.
//  2. Compaction writes the keys of the selected pairs (at most `candidates`) to the workspace.
//  3. One block per image sorts them in shared memory (bitonic) and runs greedy NMS in rank order: each step keeps
//     the first live candidate, then suppresses the later live candidates of its class with IoU > threshold (or all
//     of them once the class holds max_per_class); it stops after max_detections kept. Rows past the kept count
//     are zero.
// Work: at most kPasses + 1 linear passes over the scores, then O(candidates log^2 candidates + steps *
// candidates / threads) per image.
#include "batched_nms_logic.h"
#include "kernels.h"

#include <climits>

namespace trt4j
{
namespace
{

using namespace nms;

constexpr int kWarpSize = 32;
constexpr unsigned kFullMask = 0xFFFFFFFFu;

// One radix-select pass over the scores of image blockIdx.y; its last block to finish picks the digit.
__global__ void __launch_bounds__(kPassThreads) radixSelectPass(float const* __restrict__ scores, int64_t b,
    int64_t c, float scoreThreshold, int pass, int candidates, SelectState* states, unsigned int* histograms)
{
    __shared__ unsigned int histogram[kBins];
    __shared__ unsigned long long prefix;
    __shared__ bool skip;
    __shared__ bool lastBlock;
    int64_t const image = blockIdx.y;
    SelectState* state = states + image;
    unsigned int* imageHistogram = histograms + image * kBins;
    if (threadIdx.x == 0)
    {
        skip = state->done != 0;
        prefix = state->prefix;
    }
    histogram[threadIdx.x] = 0;
    __syncthreads();
    if (skip)
    {
        return;
    }

    int64_t const pairs = b * c;
    float const* imageScores = scores + image * pairs;
    int const lane = threadIdx.x % kWarpSize;
    int64_t const stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    // p0 is uniform over the block, so every warp runs the same iterations (the warp intrinsics need all lanes).
    for (int64_t p0 = static_cast<int64_t>(blockIdx.x) * blockDim.x; p0 < pairs; p0 += stride)
    {
        int64_t const p = p0 + threadIdx.x;
        bool counted = false;
        unsigned int digit = 0;
        if (p < pairs)
        {
            float const score = imageScores[p];
            if (score > scoreThreshold)
            {
                unsigned long long const key = pairKey(score, p, b, c);
                counted = keyInPass(key, pass, prefix);
                digit = keyDigit(key, pass);
            }
        }
        unsigned int const countedLanes = __ballot_sync(kFullMask, counted);
        if (counted)
        {
            unsigned int const peers = __match_any_sync(countedLanes, digit);
            if (lane == __ffs(peers) - 1)
            {
                atomicAdd(&histogram[digit], static_cast<unsigned int>(__popc(peers)));
            }
        }
    }
    __syncthreads();
    if (histogram[threadIdx.x] != 0)
    {
        atomicAdd(&imageHistogram[threadIdx.x], histogram[threadIdx.x]);
    }
    __threadfence();
    __syncthreads();
    if (threadIdx.x == 0)
    {
        lastBlock = atomicAdd(&state->blocksDone, 1u) == gridDim.x - 1;
    }
    __syncthreads();
    if (!lastBlock)
    {
        return;
    }

    // The last block: read and clear the image's histogram (atomics see every block's additions), then find the
    // bin holding the selection's last key from the counts of keys at or above each bin.
    __shared__ unsigned int atOrAbove[kBins];
    unsigned int const count = atomicExch(&imageHistogram[threadIdx.x], 0u);
    atOrAbove[threadIdx.x] = count;
    __syncthreads();
    for (int offset = 1; offset < kBins; offset <<= 1)
    {
        unsigned int const add = threadIdx.x + offset < kBins ? atOrAbove[threadIdx.x + offset] : 0u;
        __syncthreads();
        atOrAbove[threadIdx.x] += add;
        __syncthreads();
    }
    unsigned int const need = pass == 0 ? static_cast<unsigned int>(candidates) : state->need;
    if (pass == 0 && atOrAbove[0] <= need)
    {
        if (threadIdx.x == 0)
        {
            state->threshold = 0; // all passing pairs fit
            state->done = 1;
            state->blocksDone = 0;
        }
        return;
    }
    unsigned int const above = threadIdx.x + 1 < kBins ? atOrAbove[threadIdx.x + 1] : 0u;
    settleBin(*state, pass, prefix, need, threadIdx.x, count, above); // exactly one thread's bin settles
}

// Writes the keys of the selected pairs of image blockIdx.y, in no particular order (the NMS kernel sorts them).
__global__ void __launch_bounds__(kPassThreads) compactSelected(float const* __restrict__ scores, int64_t b,
    int64_t c, float scoreThreshold, int candidates, SelectState* states, unsigned long long* keys)
{
    int64_t const image = blockIdx.y;
    SelectState* state = states + image;
    unsigned long long const threshold = state->threshold;
    unsigned long long* imageKeys = keys + image * candidates;
    int64_t const pairs = b * c;
    float const* imageScores = scores + image * pairs;
    int const lane = threadIdx.x % kWarpSize;
    int64_t const stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t p0 = static_cast<int64_t>(blockIdx.x) * blockDim.x; p0 < pairs; p0 += stride)
    {
        int64_t const p = p0 + threadIdx.x;
        bool selected = false;
        unsigned long long key = 0;
        if (p < pairs)
        {
            float const score = imageScores[p];
            if (score > scoreThreshold)
            {
                key = pairKey(score, p, b, c);
                selected = key >= threshold;
            }
        }
        unsigned int const selectedLanes = __ballot_sync(kFullMask, selected);
        if (selectedLanes == 0)
        {
            continue;
        }
        unsigned int base = 0;
        int const leader = __ffs(selectedLanes) - 1;
        if (lane == leader)
        {
            base = atomicAdd(&state->selected, static_cast<unsigned int>(__popc(selectedLanes)));
        }
        base = __shfl_sync(kFullMask, base, leader);
        unsigned int const slot = base + __popc(selectedLanes & ((1u << lane) - 1u));
        if (selected && slot < static_cast<unsigned int>(candidates)) // exact selection never exceeds candidates
        {
            imageKeys[slot] = key;
        }
    }
}

// The smallest value over the block (all threads call it; all get the result).
__device__ __forceinline__ int blockMin(int value, int* warpScratch, int* result)
{
    for (int offset = kWarpSize / 2; offset > 0; offset >>= 1)
    {
        value = min(value, __shfl_down_sync(kFullMask, value, offset));
    }
    int const warp = threadIdx.x / kWarpSize;
    int const lane = threadIdx.x % kWarpSize;
    if (lane == 0)
    {
        warpScratch[warp] = value;
    }
    __syncthreads();
    if (warp == 0)
    {
        value = lane < static_cast<int>(blockDim.x / kWarpSize) ? warpScratch[lane] : INT_MAX;
        for (int offset = kWarpSize / 2; offset > 0; offset >>= 1)
        {
            value = min(value, __shfl_down_sync(kFullMask, value, offset));
        }
        if (lane == 0)
        {
            *result = value;
        }
    }
    __syncthreads();
    return *result;
}

// Sorts the selected keys of image blockIdx.x by descending rank, runs greedy NMS, writes the K output rows.
__global__ void __launch_bounds__(kNmsThreads) sortAndSuppress(float const* __restrict__ boxes, int64_t b,
    BatchedNmsParams params, SelectState const* states, unsigned long long const* keys, int32_t* outCount,
    float* outBoxes, float* outScores, int32_t* outClasses)
{
    __shared__ unsigned long long sorted[kMaxNmsCandidates];
    __shared__ int warpScratch[kNmsThreads / kWarpSize];
    __shared__ int winner;
    __shared__ float winnerBox[4];
    __shared__ int winnerClass;
    __shared__ bool winnerClassFull;

    int64_t const image = blockIdx.x;
    int const candidates = params.candidates;
    int const count = min(static_cast<int>(states[image].selected), candidates);
    int size = 1;
    while (size < count)
    {
        size <<= 1;
    }
    for (int i = threadIdx.x; i < size; i += blockDim.x)
    {
        sorted[i] = i < count ? keys[image * candidates + i] : 0ull; // 0 ranks below every passing key
    }
    __syncthreads();
    for (int run = 2; run <= size; run <<= 1)
    {
        for (int half = run >> 1; half > 0; half >>= 1)
        {
            for (int i = threadIdx.x; i < size; i += blockDim.x)
            {
                bitonicCompareExchange(sorted, i, run, half);
            }
            __syncthreads();
        }
    }

    // Thread t owns the consecutive candidates t * kCandidatesPerThread + j, so the first live candidate of the
    // block is the minimum over threads of each thread's first live one.
    // Why scalar box loads and stores (no float4): TensorRT may hand a plugin a view into a larger buffer (e.g. an
    // eliminated concatenation), so the boxes input and output are only guaranteed 4-byte aligned; float4 accesses
    // would fault with a misaligned address there.
    // Why a per-candidate count of kept boxes of its class (classKept) instead of a per-class counter: a candidate is
    // live from the start until suppressed, so when it becomes the winner it has seen every box of its class kept
    // before it; its own count is the class's count, and the workspace needs no O(N * C) counters.
    float box[kCandidatesPerThread][4];
    int cls[kCandidatesPerThread];
    int classKept[kCandidatesPerThread];
    bool live[kCandidatesPerThread];
    int const first = threadIdx.x * kCandidatesPerThread;
    float const* imageBoxes = boxes + image * b * 4;
    for (int j = 0; j < kCandidatesPerThread; ++j)
    {
        int const i = first + j;
        live[j] = i < count;
        cls[j] = -1;
        classKept[j] = 0;
        for (int e = 0; e < 4; ++e)
        {
            box[j][e] = 0.f;
        }
        if (live[j])
        {
            unsigned int const classMajor = keyClassMajor(sorted[i]);
            cls[j] = static_cast<int>(classMajor / b);
            int64_t const boxIndex = classMajor - static_cast<int64_t>(cls[j]) * b;
            for (int e = 0; e < 4; ++e)
            {
                box[j][e] = imageBoxes[boxIndex * 4 + e];
            }
        }
    }

    int const k = params.maxDetections;
    int kept = 0;
    while (kept < k)
    {
        int localFirst = INT_MAX;
        for (int j = kCandidatesPerThread - 1; j >= 0; --j)
        {
            localFirst = live[j] ? first + j : localFirst;
        }
        int const next = blockMin(localFirst, warpScratch, &winner);
        if (next == INT_MAX)
        {
            break;
        }
        if (next / kCandidatesPerThread == static_cast<int>(threadIdx.x))
        {
            int const j = next - first;
            live[j] = false;
            int64_t const row = image * k + kept;
            for (int e = 0; e < 4; ++e)
            {
                outBoxes[row * 4 + e] = box[j][e];
                winnerBox[e] = box[j][e];
            }
            outScores[row] = keyScore(sorted[next]);
            outClasses[row] = cls[j];
            winnerClass = cls[j];
            winnerClassFull = classKept[j] + 1 >= params.maxPerClass;
        }
        __syncthreads();
        for (int j = 0; j < kCandidatesPerThread; ++j)
        {
            if (live[j] && cls[j] == winnerClass)
            {
                ++classKept[j];
                if (winnerClassFull || intersectionOverUnion(box[j], winnerBox) > params.iouThreshold)
                {
                    live[j] = false;
                }
            }
        }
        ++kept;
    }

    for (int row = kept + threadIdx.x; row < k; row += blockDim.x)
    {
        int64_t const at = image * k + row;
        for (int e = 0; e < 4; ++e)
        {
            outBoxes[at * 4 + e] = 0.f;
        }
        outScores[at] = 0.f;
        outClasses[at] = 0;
    }
    if (threadIdx.x == 0)
    {
        outCount[image] = kept;
    }
}

} // namespace

size_t batchedNmsWorkspaceSize(int64_t n, int32_t candidates)
{
    return WorkspaceLayout(n, candidates).totalBytes;
}

cudaError_t launchBatchedNms(float const* boxes, float const* scores, BatchedNmsShape const& shape,
    BatchedNmsParams const& params, void* workspace, int32_t* outCount, float* outBoxes, float* outScores,
    int32_t* outClasses, cudaStream_t stream)
{
    if (shape.n == 0)
    {
        return cudaSuccess;
    }
    WorkspaceLayout const layout(shape.n, params.candidates);
    char* base = static_cast<char*>(workspace);
    auto* states = reinterpret_cast<SelectState*>(base + layout.states);
    auto* histograms = reinterpret_cast<unsigned int*>(base + layout.histograms);
    auto* keys = reinterpret_cast<unsigned long long*>(base + layout.keys);
    cudaError_t status = cudaMemsetAsync(workspace, 0, layout.zeroedBytes, stream);
    if (status != cudaSuccess)
    {
        return status;
    }

    int64_t const pairs = shape.b * shape.c;
    dim3 const passGrid(passBlocks(pairs), static_cast<unsigned int>(shape.n));
    for (int pass = 0; pass < kPasses; ++pass)
    {
        radixSelectPass<<<passGrid, kPassThreads, 0, stream>>>(
            scores, shape.b, shape.c, params.scoreThreshold, pass, params.candidates, states, histograms);
        status = cudaGetLastError();
        if (status != cudaSuccess)
        {
            return status;
        }
    }
    compactSelected<<<passGrid, kPassThreads, 0, stream>>>(
        scores, shape.b, shape.c, params.scoreThreshold, params.candidates, states, keys);
    status = cudaGetLastError();
    if (status != cudaSuccess)
    {
        return status;
    }
    sortAndSuppress<<<static_cast<unsigned int>(shape.n), kNmsThreads, 0, stream>>>(
        boxes, shape.b, params, states, keys, outCount, outBoxes, outScores, outClasses);
    return cudaGetLastError();
}

} // namespace trt4j
