// The arithmetic of the BatchedNms kernels (batched_nms.cu) as __host__ __device__ functions, so that the smoke
// checker's CPU emulation of the kernels (smoke_batched_nms.cu) runs the very code the GPU runs: rank keys, radix
// digits, the last block's choice of a bin, the bitonic compare-exchange, the IoU with its exact rounding, and the
// workspace layout. Only the thread organization (blocks, warps, barriers) differs between the two.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels.h"

#if defined(__CUDACC__)
#define TRT4J_NMS_HD __host__ __device__ __forceinline__
#else
#define TRT4J_NMS_HD inline
#endif

namespace trt4j
{
namespace nms
{

constexpr int kDigitBits = 8;
constexpr int kBins = 1 << kDigitBits;
constexpr int kPasses = 64 / kDigitBits;
static_assert(64 % kDigitBits == 0, "the digits must tile the 64-bit key");

// Launch geometry: radix passes and compaction run kPassThreads threads per block and passBlocks(B * C) blocks per
// image (grid y = image); the NMS kernel runs one block of kNmsThreads per image.
constexpr int kPassThreads = kBins; // the scan gives one bin to each thread of the last block
constexpr int kMaxPassBlocksPerImage = 256;
constexpr int kNmsThreads = 1024;
constexpr int kCandidatesPerThread = kMaxNmsCandidates / kNmsThreads;
static_assert(kMaxNmsCandidates % kNmsThreads == 0, "candidates must split evenly over the NMS threads");

TRT4J_NMS_HD unsigned int passBlocks(int64_t pairs)
{
    int64_t const wanted = (pairs + kPassThreads * 16 - 1) / (kPassThreads * 16); // ~16 pairs per thread
    return static_cast<unsigned int>(wanted < 1 ? 1 : (wanted > kMaxPassBlocksPerImage ? kMaxPassBlocksPerImage : wanted));
}

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

// Byte offsets of the workspace parts (each 256-byte aligned); the zeroed part comes first so one memset clears it.
// Why no per-class counters: an earlier layout held C x N int32 kept-per-class counts, i.e. O(N * C) workspace and
// memset per enqueue (8 GiB per image for B = 1, C = 2^31 - 1); the NMS kernel now counts per candidate instead.
struct WorkspaceLayout
{
    size_t states, histograms, zeroedBytes, keys, totalBytes;

    TRT4J_NMS_HD WorkspaceLayout(int64_t n, int32_t candidates)
    {
        states = 0;
        histograms = align(states + sizeof(SelectState) * static_cast<size_t>(n));
        zeroedBytes = align(histograms + sizeof(unsigned int) * kBins * static_cast<size_t>(n));
        keys = zeroedBytes;
        totalBytes = align(keys + sizeof(unsigned long long) * static_cast<size_t>(candidates) * static_cast<size_t>(n));
    }

    TRT4J_NMS_HD static size_t align(size_t bytes)
    {
        return (bytes + 255) / 256 * 256;
    }
};

TRT4J_NMS_HD unsigned int floatBits(float value)
{
#if defined(__CUDA_ARCH__)
    return __float_as_uint(value);
#else
    unsigned int bits = 0;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
#endif
}

TRT4J_NMS_HD float bitsFloat(unsigned int bits)
{
#if defined(__CUDA_ARCH__)
    return __uint_as_float(bits);
#else
    float value = 0.f;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
#endif
}

// The rank key of pair = box * C + class of one image: score bits << 32 | (0xFFFFFFFF - (class * B + box)).
// pair < B * C <= 2^31 - 1 (checked on the host), so 32-bit arithmetic suffices.
TRT4J_NMS_HD unsigned long long pairKey(float score, int64_t pair, int64_t b, int64_t c)
{
    unsigned int const pair32 = static_cast<unsigned int>(pair);
    unsigned int const box = pair32 / static_cast<unsigned int>(c);
    unsigned int const cls = pair32 - box * static_cast<unsigned int>(c);
    unsigned int const classMajor = cls * static_cast<unsigned int>(b) + box;
    return (static_cast<unsigned long long>(floatBits(score)) << 32) | (0xFFFFFFFFu - classMajor);
}

TRT4J_NMS_HD unsigned int keyClassMajor(unsigned long long key)
{
    return 0xFFFFFFFFu - static_cast<unsigned int>(key & 0xFFFFFFFFull);
}

TRT4J_NMS_HD float keyScore(unsigned long long key)
{
    return bitsFloat(static_cast<unsigned int>(key >> 32));
}

// Shift of the digit a pass histograms (pass 0: the most significant).
TRT4J_NMS_HD int digitShift(int pass)
{
    return 64 - kDigitBits * (pass + 1);
}

// Whether pass `pass` counts this key: every key in pass 0, else the keys whose higher digits equal `prefix`.
// (Pass 0 must not evaluate key >> 64, which is undefined: hence the explicit test.)
TRT4J_NMS_HD bool keyInPass(unsigned long long key, int pass, unsigned long long prefix)
{
    return pass == 0 || (key >> (digitShift(pass) + kDigitBits)) == prefix;
}

TRT4J_NMS_HD unsigned int keyDigit(unsigned long long key, int pass)
{
    return static_cast<unsigned int>(key >> digitShift(pass)) & (kBins - 1);
}

// The last block's decision for one bin, given the count of counted keys in `bin` and in the bins above it
// (atOrAbove[bin] = count + above). need: the rank still wanted among the counted keys (candidates in pass 0).
// Exactly one bin satisfies atOrAbove >= need > above (atOrAbove is non-increasing in bin and atOrAbove[0] >= need
// once pass 0 did not find that all passing pairs fit); that bin updates the state and re-arms blocksDone.
TRT4J_NMS_HD bool settleBin(SelectState& state, int pass, unsigned long long prefix, unsigned int need,
    unsigned int bin, unsigned int count, unsigned int above)
{
    if (!(count + above >= need && above < need))
    {
        return false;
    }
    unsigned long long const newPrefix = (prefix << kDigitBits) | bin;
    unsigned int const newNeed = need - above;
    if (count == newNeed || pass == kPasses - 1)
    {
        state.threshold = newPrefix << digitShift(pass); // every key of this bin and above is selected
        state.done = 1;
    }
    else
    {
        state.prefix = newPrefix;
        state.need = newNeed;
    }
    state.blocksDone = 0;
    return true;
}

// One compare-exchange of the bitonic sort into descending order (i < partner = i ^ half).
TRT4J_NMS_HD void bitonicCompareExchange(unsigned long long* sorted, int i, int run, int half)
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

// IoU with the Java reference's operations and rounding (no contraction into FMA): 0 for empty unions.
// p, q: (x1, y1, x2, y2). fminf/fmaxf differ from Math.min/max only for NaN and the sign of zero; neither changes the
// result (a NaN coordinate makes the union NaN, hence 0, on both sides; a signed zero never passes `> 0`).
TRT4J_NMS_HD float boxArea(float const* p)
{
#if defined(__CUDA_ARCH__)
    return __fmul_rn(__fsub_rn(p[2], p[0]), __fsub_rn(p[3], p[1]));
#else
    return (p[2] - p[0]) * (p[3] - p[1]);
#endif
}

TRT4J_NMS_HD float intersectionOverUnion(float const* p, float const* q)
{
#if defined(__CUDA_ARCH__)
    float const iw = fmaxf(0.f, __fsub_rn(fminf(p[2], q[2]), fmaxf(p[0], q[0])));
    float const ih = fmaxf(0.f, __fsub_rn(fminf(p[3], q[3]), fmaxf(p[1], q[1])));
    float const inter = __fmul_rn(iw, ih);
    float const unionArea = __fsub_rn(__fadd_rn(boxArea(p), boxArea(q)), inter);
    return unionArea > 0.f ? __fdiv_rn(inter, unionArea) : 0.f;
#else
    float const iw = std::fmax(0.f, std::fmin(p[2], q[2]) - std::fmax(p[0], q[0]));
    float const ih = std::fmax(0.f, std::fmin(p[3], q[3]) - std::fmax(p[1], q[1]));
    float const inter = iw * ih;
    float const unionArea = (boxArea(p) + boxArea(q)) - inter;
    return unionArea > 0.f ? inter / unionArea : 0.f;
#endif
}

} // namespace nms
} // namespace trt4j
