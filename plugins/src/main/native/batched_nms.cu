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
#include "kernels.h"

#include <climits>

namespace trt4j
{
namespace
{

constexpr int kDigitBits = 8;
constexpr int kBins = 1 << kDigitBits;
constexpr int kPasses = 64 / kDigitBits;
constexpr int kPassThreads = kBins; // the scan gives one bin to each thread of the last block
constexpr int kMaxPassBlocksPerImage = 256;
constexpr int kNmsThreads = 1024;
constexpr int kCandidatesPerThread = kMaxNmsCandidates / kNmsThreads;
constexpr int kWarpSize = 32;
constexpr unsigned kFullMask = 0xFFFFFFFFu;

static_assert(kMaxNmsCandidates % kNmsThreads == 0, "candidates must split evenly over the NMS threads");
static_assert(64 % kDigitBits == 0, "the digits must tile the 64-bit key");

// Radix-select progress of one image (zeroed before the first pass).
struct SelectState
{
    unsigned long long prefix;    // the digits of the selection's last key found so far
    unsigned long long threshold; // once done: the selected pairs are the passing ones with key >= threshold
    unsigned int need;            // rank of the selection's last key among the keys that match prefix
    unsigned int done;            // 1 once threshold is exact
    unsigned int blocksDone;      // blocks of the current pass that finished; the last one scans
    unsigned int selected;        // keys written by the compaction
};

// Byte offsets of the workspace parts; the zeroed part comes first so one memset clears it.
struct WorkspaceLayout
{
    size_t states, histograms, classCounts, zeroedBytes, keys, totalBytes;

    WorkspaceLayout(int64_t n, int64_t c, int32_t candidates)
    {
        states = 0;
        histograms = align(states + sizeof(SelectState) * n);
        classCounts = align(histograms + sizeof(unsigned int) * kBins * n);
        zeroedBytes = align(classCounts + sizeof(int32_t) * c * n);
        keys = zeroedBytes;
        totalBytes = align(keys + sizeof(unsigned long long) * candidates * n);
    }

    static size_t align(size_t bytes)
    {
        return (bytes + 255) / 256 * 256;
    }
};

// pair = box * C + class < 2^31 (checked on the host), so 32-bit arithmetic suffices.
__device__ __forceinline__ unsigned long long pairKey(float score, int64_t pair, int64_t b, int64_t c)
{
    unsigned int const pair32 = static_cast<unsigned int>(pair);
    unsigned int const box = pair32 / static_cast<unsigned int>(c);
    unsigned int const cls = pair32 - box * static_cast<unsigned int>(c);
    unsigned int const classMajor = cls * static_cast<unsigned int>(b) + box;
    return (static_cast<unsigned long long>(__float_as_uint(score)) << 32) | (0xFFFFFFFFu - classMajor);
}

__device__ __forceinline__ unsigned int keyClassMajor(unsigned long long key)
{
    return 0xFFFFFFFFu - static_cast<unsigned int>(key & 0xFFFFFFFFull);
}

__device__ __forceinline__ float keyScore(unsigned long long key)
{
    return __uint_as_float(static_cast<unsigned int>(key >> 32));
}

// Shift of the digit a pass histograms (pass 0: the most significant).
__device__ __forceinline__ int digitShift(int pass)
{
    return 64 - kDigitBits * (pass + 1);
}

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
    int const shift = digitShift(pass);
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
                counted = pass == 0 || (key >> (shift + kDigitBits)) == prefix;
                digit = static_cast<unsigned int>(key >> shift) & (kBins - 1);
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
    if (atOrAbove[threadIdx.x] >= need && above < need)
    {
        unsigned long long const newPrefix = (prefix << kDigitBits) | threadIdx.x;
        unsigned int const newNeed = need - above;
        if (count == newNeed || pass == kPasses - 1)
        {
            state->threshold = newPrefix << shift; // every key of this bin and above is selected
            state->done = 1;
        }
        else
        {
            state->prefix = newPrefix;
            state->need = newNeed;
        }
        state->blocksDone = 0;
    }
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

// IoU with the CPU kernel's operations and rounding (no contraction into FMA); 0 for empty unions.
__device__ __forceinline__ float boxArea(float4 box)
{
    return __fmul_rn(__fsub_rn(box.z, box.x), __fsub_rn(box.w, box.y));
}

__device__ __forceinline__ float intersectionOverUnion(float4 p, float4 q)
{
    float const iw = fmaxf(0.f, __fsub_rn(fminf(p.z, q.z), fmaxf(p.x, q.x)));
    float const ih = fmaxf(0.f, __fsub_rn(fminf(p.w, q.w), fmaxf(p.y, q.y)));
    float const inter = __fmul_rn(iw, ih);
    float const unionArea = __fsub_rn(__fadd_rn(boxArea(p), boxArea(q)), inter);
    return unionArea > 0.f ? __fdiv_rn(inter, unionArea) : 0.f;
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
__global__ void __launch_bounds__(kNmsThreads) sortAndSuppress(float const* __restrict__ boxes, int64_t b, int64_t c,
    BatchedNmsParams params, SelectState const* states, unsigned long long const* keys, int32_t* classCounts,
    int32_t* outCount, float* outBoxes, float* outScores, int32_t* outClasses)
{
    __shared__ unsigned long long sorted[kMaxNmsCandidates];
    __shared__ int warpScratch[kNmsThreads / kWarpSize];
    __shared__ int winner;
    __shared__ float4 winnerBox;
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
                int const partner = i ^ half;
                if (partner > i)
                {
                    unsigned long long const x = sorted[i], y = sorted[partner];
                    bool const descending = (i & run) == 0;
                    if (descending ? x < y : x > y)
                    {
                        sorted[i] = y;
                        sorted[partner] = x;
                    }
                }
            }
            __syncthreads();
        }
    }

    // Thread t owns the consecutive candidates t * kCandidatesPerThread + j, so the first live candidate of the
    // block is the minimum over threads of each thread's first live one.
    float4 box[kCandidatesPerThread];
    int cls[kCandidatesPerThread];
    bool live[kCandidatesPerThread];
    int const first = threadIdx.x * kCandidatesPerThread;
    float4 const* imageBoxes = reinterpret_cast<float4 const*>(boxes) + image * b;
    for (int j = 0; j < kCandidatesPerThread; ++j)
    {
        int const i = first + j;
        live[j] = i < count;
        cls[j] = -1;
        box[j] = make_float4(0.f, 0.f, 0.f, 0.f);
        if (live[j])
        {
            unsigned int const classMajor = keyClassMajor(sorted[i]);
            cls[j] = static_cast<int>(classMajor / b);
            box[j] = imageBoxes[classMajor - static_cast<int64_t>(cls[j]) * b];
        }
    }

    int32_t* imageClassCounts = classCounts + image * c;
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
            reinterpret_cast<float4*>(outBoxes)[row] = box[j];
            outScores[row] = keyScore(sorted[next]);
            outClasses[row] = cls[j];
            winnerBox = box[j];
            winnerClass = cls[j];
            winnerClassFull = ++imageClassCounts[cls[j]] >= params.maxPerClass;
        }
        __syncthreads();
        for (int j = 0; j < kCandidatesPerThread; ++j)
        {
            if (live[j] && cls[j] == winnerClass
                && (winnerClassFull || intersectionOverUnion(box[j], winnerBox) > params.iouThreshold))
            {
                live[j] = false;
            }
        }
        ++kept;
    }

    for (int row = kept + threadIdx.x; row < k; row += blockDim.x)
    {
        int64_t const at = image * k + row;
        reinterpret_cast<float4*>(outBoxes)[at] = make_float4(0.f, 0.f, 0.f, 0.f);
        outScores[at] = 0.f;
        outClasses[at] = 0;
    }
    if (threadIdx.x == 0)
    {
        outCount[image] = kept;
    }
}

} // namespace

size_t batchedNmsWorkspaceSize(int64_t n, int64_t c, int32_t candidates)
{
    return WorkspaceLayout(n, c, candidates).totalBytes;
}

cudaError_t launchBatchedNms(float const* boxes, float const* scores, BatchedNmsShape const& shape,
    BatchedNmsParams const& params, void* workspace, int32_t* outCount, float* outBoxes, float* outScores,
    int32_t* outClasses, cudaStream_t stream)
{
    if (shape.n == 0)
    {
        return cudaSuccess;
    }
    WorkspaceLayout const layout(shape.n, shape.c, params.candidates);
    char* base = static_cast<char*>(workspace);
    auto* states = reinterpret_cast<SelectState*>(base + layout.states);
    auto* histograms = reinterpret_cast<unsigned int*>(base + layout.histograms);
    auto* classCounts = reinterpret_cast<int32_t*>(base + layout.classCounts);
    auto* keys = reinterpret_cast<unsigned long long*>(base + layout.keys);
    cudaError_t status = cudaMemsetAsync(workspace, 0, layout.zeroedBytes, stream);
    if (status != cudaSuccess)
    {
        return status;
    }

    int64_t const pairs = shape.b * shape.c;
    int64_t const wanted = (pairs + kPassThreads * 16 - 1) / (kPassThreads * 16); // ~16 pairs per thread
    dim3 const passGrid(static_cast<unsigned int>(wanted < 1 ? 1 : (wanted > kMaxPassBlocksPerImage ? kMaxPassBlocksPerImage : wanted)),
        static_cast<unsigned int>(shape.n));
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
    sortAndSuppress<<<static_cast<unsigned int>(shape.n), kNmsThreads, 0, stream>>>(boxes, shape.b, shape.c, params,
        states, keys, classCounts, outCount, outBoxes, outScores, outClasses);
    return cudaGetLastError();
}

} // namespace trt4j
