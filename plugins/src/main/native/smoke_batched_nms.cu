// The BatchedNms part of trt4j_plugins_smoke: fields, shapes and formats through the ABI, and (with a GPU) enqueue
// against a host reference of the same semantics (org.trt4j.plugins.BatchedNms), compared bit for bit.
#include "smoke_batched_nms.h"

#include "batched_nms_logic.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

using namespace nvinfer1;

namespace
{

struct NmsFields
{
    float score;
    float iou;
    int32_t maxPerClass;
    int32_t maxDetections;
    int32_t candidates;
};

IPluginV3* createNms(IPluginCreatorV3One* creator, NmsFields f)
{
    PluginField fields[] = {{"score_threshold", &f.score, PluginFieldType::kFLOAT32, 1},
        {"iou_threshold", &f.iou, PluginFieldType::kFLOAT32, 1},
        {"max_per_class", &f.maxPerClass, PluginFieldType::kINT32, 1},
        {"max_detections", &f.maxDetections, PluginFieldType::kINT32, 1},
        {"candidates", &f.candidates, PluginFieldType::kINT32, 1}};
    PluginFieldCollection fc{5, fields};
    return creator->createPlugin("nms", &fc, TensorRTPhase::kBUILD);
}

// An expression builder whose constants are recorded, to check getOutputShapes without TensorRT.
class RecordingExprImpl final : public apiv::VExprBuilder
{
public:
    IDimensionExpr const* constant(int64_t value) override
    {
        values.push_back(value);
        return reinterpret_cast<IDimensionExpr const*>(kBase + values.size() - 1);
    }
    IDimensionExpr const* operation(DimensionOperation, IDimensionExpr const&, IDimensionExpr const&) override
    {
        return nullptr;
    }
    IDimensionExpr const* declareSizeTensor(int32_t, IDimensionExpr const&, IDimensionExpr const&) override
    {
        return nullptr;
    }
    // Constant i is reported as the fake pointer kBase + i.
    static constexpr uintptr_t kBase = 0x1000;
    std::vector<int64_t> values;
};

class RecordingExprBuilder final : public IExprBuilder
{
public:
    explicit RecordingExprBuilder(apiv::VExprBuilder* impl)
    {
        mImpl = impl;
    }
};

int64_t constantValue(RecordingExprImpl const& impl, IDimensionExpr const* expr)
{
    uintptr_t const index = reinterpret_cast<uintptr_t>(expr) - RecordingExprImpl::kBase;
    return index < impl.values.size() ? impl.values[index] : -1;
}

float iou(float const* p, float const* q)
{
    float const iw = std::max(0.f, std::min(p[2], q[2]) - std::max(p[0], q[0]));
    float const ih = std::max(0.f, std::min(p[3], q[3]) - std::max(p[1], q[1]));
    float const inter = iw * ih;
    float const uni = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter;
    return uni > 0.f ? inter / uni : 0.f;
}

struct NmsOutputs
{
    std::vector<int32_t> count;
    std::vector<float> boxes;
    std::vector<float> scores;
    std::vector<int32_t> classes;

    bool operator==(NmsOutputs const& o) const
    {
        return count == o.count && classes == o.classes && boxes.size() == o.boxes.size()
            && scores.size() == o.scores.size()
            && std::memcmp(boxes.data(), o.boxes.data(), boxes.size() * sizeof(float)) == 0
            && std::memcmp(scores.data(), o.scores.data(), scores.size() * sizeof(float)) == 0;
    }
};

// The reference semantics: rank keys, the best `candidates`, greedy in rank order until K kept.
NmsOutputs reference(std::vector<float> const& boxes, std::vector<float> const& scores, int n, int b, int c, NmsFields f)
{
    int const k = f.maxDetections;
    NmsOutputs out{std::vector<int32_t>(n), std::vector<float>(size_t(n) * k * 4), std::vector<float>(size_t(n) * k),
        std::vector<int32_t>(size_t(n) * k)};
    for (int i = 0; i < n; ++i)
    {
        std::vector<uint64_t> keys;
        for (int j = 0; j < b; ++j)
        {
            for (int cls = 0; cls < c; ++cls)
            {
                float const s = scores[(size_t(i) * b + j) * c + cls];
                if (s > f.score)
                {
                    uint32_t bits = 0;
                    std::memcpy(&bits, &s, 4);
                    keys.push_back((uint64_t(bits) << 32) | (0xFFFFFFFFu - uint32_t(cls * b + j)));
                }
            }
        }
        std::sort(keys.begin(), keys.end(), [](uint64_t x, uint64_t y) { return x > y; });
        keys.resize(std::min<size_t>(keys.size(), f.candidates));
        std::vector<std::vector<int>> kept(c);
        int rows = 0;
        for (uint64_t key : keys)
        {
            if (rows == k)
            {
                break;
            }
            uint32_t const classMajor = 0xFFFFFFFFu - uint32_t(key);
            int const cls = int(classMajor / b), j = int(classMajor % b);
            if (int(kept[cls].size()) == f.maxPerClass)
            {
                continue;
            }
            bool suppressed = false;
            for (int prev : kept[cls])
            {
                suppressed = suppressed || iou(&boxes[(size_t(i) * b + j) * 4], &boxes[(size_t(i) * b + prev) * 4]) > f.iou;
            }
            if (suppressed)
            {
                continue;
            }
            kept[cls].push_back(j);
            size_t const row = size_t(i) * k + rows++;
            std::memcpy(&out.boxes[row * 4], &boxes[(size_t(i) * b + j) * 4], 16);
            out.scores[row] = scores[(size_t(i) * b + j) * c + cls];
            out.classes[row] = cls;
        }
        out.count[i] = rows;
    }
    return out;
}

// A CPU replay of launchBatchedNms (batched_nms.cu) with the kernels' own arithmetic (batched_nms_logic.h): the same
// grids, blocks, strides, pass order, last-block scan and settle, compaction slots, bitonic network and per-thread
// ownership of candidates in the greedy loop; warps and barriers become sequential loops (sums and minima do not
// depend on their order; the blocks of a pass finish in reverse order and the compaction fills slots in reverse
// block order, so nothing relies on block order). The workspace has the bytes getWorkspaceSize asked for and starts
// as garbage, like TensorRT's. `problem` names the first broken kernel invariant.
NmsOutputs emulateKernels(std::vector<float> const& boxes, std::vector<float> const& scores, int n, int64_t b,
    int64_t c, NmsFields f, size_t workspaceBytes, std::string& problem)
{
    using namespace trt4j::nms;
    int const k = f.maxDetections;
    int const candidates = f.candidates;
    NmsOutputs out{std::vector<int32_t>(n, 0x7F7F7F7F), std::vector<float>(size_t(n) * k * 4, -123.f),
        std::vector<float>(size_t(n) * k, -123.f), std::vector<int32_t>(size_t(n) * k, 0x7F7F7F7F)};
    WorkspaceLayout const layout(n, candidates);
    if (layout.totalBytes > workspaceBytes || layout.histograms % 256 != 0 || layout.keys % 256 != 0)
    {
        problem = "workspace layout needs " + std::to_string(layout.totalBytes) + " bytes (256-aligned parts), got "
            + std::to_string(workspaceBytes);
        return out;
    }
    std::vector<unsigned long long> storage((workspaceBytes + 7) / 8, 0xA5A5A5A5A5A5A5A5ull); // uninitialised
    unsigned char* workspace = reinterpret_cast<unsigned char*>(storage.data());
    std::memset(workspace, 0, layout.zeroedBytes); // the launcher's cudaMemsetAsync
    auto* states = reinterpret_cast<SelectState*>(workspace + layout.states);
    auto* histograms = reinterpret_cast<unsigned int*>(workspace + layout.histograms);
    auto* keys = reinterpret_cast<unsigned long long*>(workspace + layout.keys);

    int64_t const pairs = b * c;
    unsigned int const blocks = passBlocks(pairs);
    int64_t const stride = int64_t(blocks) * kPassThreads;
    for (int pass = 0; pass < kPasses && problem.empty(); ++pass)
    {
        for (int image = 0; image < n; ++image)
        {
            SelectState& state = states[image];
            unsigned int* imageHistogram = histograms + size_t(image) * kBins;
            bool const skip = state.done != 0; // every block reads it before the last block can write it
            unsigned long long const prefix = state.prefix;
            if (skip)
            {
                continue;
            }
            for (int block = int(blocks) - 1; block >= 0; --block)
            {
                unsigned int histogram[kBins] = {};
                for (int64_t p0 = int64_t(block) * kPassThreads; p0 < pairs; p0 += stride)
                {
                    for (int t = 0; t < kPassThreads; ++t)
                    {
                        int64_t const p = p0 + t;
                        float const score = p < pairs ? scores[size_t(image) * pairs + p] : 0.f;
                        if (p < pairs && score > f.score)
                        {
                            unsigned long long const key = pairKey(score, p, b, c);
                            if (keyInPass(key, pass, prefix))
                            {
                                ++histogram[keyDigit(key, pass)];
                            }
                        }
                    }
                }
                for (int t = 0; t < kBins; ++t)
                {
                    imageHistogram[t] += histogram[t];
                }
                if (state.blocksDone++ != blocks - 1)
                {
                    continue;
                }
                // The last block.
                unsigned int count[kBins], atOrAbove[kBins + 1];
                atOrAbove[kBins] = 0;
                for (int t = 0; t < kBins; ++t)
                {
                    count[t] = imageHistogram[t];
                    imageHistogram[t] = 0;
                }
                for (int t = kBins - 1; t >= 0; --t)
                {
                    atOrAbove[t] = atOrAbove[t + 1] + count[t];
                }
                unsigned int const need = pass == 0 ? static_cast<unsigned int>(candidates) : state.need;
                if (pass == 0 && atOrAbove[0] <= need)
                {
                    state.threshold = 0;
                    state.done = 1;
                    state.blocksDone = 0;
                    continue;
                }
                int settled = 0;
                for (int t = 0; t < kBins; ++t)
                {
                    settled += settleBin(state, pass, prefix, need, t, count[t], atOrAbove[t + 1]) ? 1 : 0;
                }
                if (settled != 1)
                {
                    problem = "image " + std::to_string(image) + " pass " + std::to_string(pass) + ": "
                        + std::to_string(settled) + " bins settled (need " + std::to_string(need) + ")";
                }
            }
        }
    }
    for (int image = 0; image < n && problem.empty(); ++image)
    {
        SelectState& state = states[image];
        if (state.done != 1 || state.blocksDone != 0)
        {
            problem = "image " + std::to_string(image) + ": selection not done after the last pass";
            break;
        }
        unsigned long long* imageKeys = keys + size_t(image) * candidates;
        size_t passing = 0;
        for (int block = int(blocks) - 1; block >= 0; --block)
        {
            for (int64_t p0 = int64_t(block) * kPassThreads; p0 < pairs; p0 += stride)
            {
                for (int64_t p = p0; p < p0 + kPassThreads && p < pairs; ++p)
                {
                    float const score = scores[size_t(image) * pairs + p];
                    if (score > f.score)
                    {
                        ++passing;
                        unsigned long long const key = pairKey(score, p, b, c);
                        if (key >= state.threshold)
                        {
                            unsigned int const slot = state.selected++;
                            if (slot < static_cast<unsigned int>(candidates))
                            {
                                imageKeys[slot] = key;
                            }
                        }
                    }
                }
            }
        }
        if (state.selected != std::min<size_t>(passing, size_t(candidates)))
        {
            problem = "image " + std::to_string(image) + ": compaction selected " + std::to_string(state.selected)
                + " of " + std::to_string(passing) + " passing pairs, candidates " + std::to_string(candidates);
        }
    }
    if (!problem.empty())
    {
        return out;
    }

    for (int image = 0; image < n; ++image)
    {
        std::vector<unsigned long long> sorted(trt4j::kMaxNmsCandidates);
        int const count = std::min(static_cast<int>(states[image].selected), candidates);
        int size = 1;
        while (size < count)
        {
            size <<= 1;
        }
        for (int i = 0; i < size; ++i)
        {
            sorted[i] = i < count ? keys[size_t(image) * candidates + i] : 0ull;
        }
        for (int run = 2; run <= size; run <<= 1)
        {
            for (int half = run >> 1; half > 0; half >>= 1)
            {
                for (int i = 0; i < size; ++i)
                {
                    bitonicCompareExchange(sorted.data(), i, run, half);
                }
            }
        }
        struct Owned
        {
            float box[4];
            int cls;
            int classKept;
            bool live;
        };
        std::vector<Owned> owned(trt4j::kMaxNmsCandidates); // candidate i belongs to thread i / kCandidatesPerThread
        float const* imageBoxes = boxes.data() + size_t(image) * b * 4;
        for (int i = 0; i < trt4j::kMaxNmsCandidates; ++i)
        {
            Owned& o = owned[i];
            o = Owned{{0.f, 0.f, 0.f, 0.f}, -1, 0, i < count};
            if (o.live)
            {
                unsigned int const classMajor = keyClassMajor(sorted[i]);
                o.cls = static_cast<int>(classMajor / b);
                int64_t const boxIndex = classMajor - int64_t(o.cls) * b;
                std::memcpy(o.box, imageBoxes + boxIndex * 4, sizeof(o.box));
            }
        }
        int kept = 0;
        while (kept < k)
        {
            int next = std::numeric_limits<int>::max();
            for (int t = 0; t < kNmsThreads; ++t)
            {
                int localFirst = std::numeric_limits<int>::max();
                for (int j = kCandidatesPerThread - 1; j >= 0; --j)
                {
                    int const i = t * kCandidatesPerThread + j;
                    localFirst = owned[i].live ? i : localFirst;
                }
                next = std::min(next, localFirst);
            }
            if (next == std::numeric_limits<int>::max())
            {
                break;
            }
            Owned& w = owned[next];
            w.live = false;
            size_t const row = size_t(image) * k + kept;
            std::memcpy(&out.boxes[row * 4], w.box, sizeof(w.box));
            out.scores[row] = keyScore(sorted[next]);
            out.classes[row] = w.cls;
            bool const winnerClassFull = w.classKept + 1 >= f.maxPerClass;
            for (int i = 0; i < trt4j::kMaxNmsCandidates; ++i)
            {
                Owned& o = owned[i];
                if (o.live && o.cls == w.cls)
                {
                    ++o.classKept;
                    if (winnerClassFull || intersectionOverUnion(o.box, w.box) > f.iou)
                    {
                        o.live = false;
                    }
                }
            }
            ++kept;
        }
        for (int row = kept; row < k; ++row)
        {
            size_t const at = size_t(image) * k + row;
            std::fill(&out.boxes[at * 4], &out.boxes[at * 4 + 4], 0.f);
            out.scores[at] = 0.f;
            out.classes[at] = 0;
        }
        out.count[image] = kept;
    }
    return out;
}

// Descriptions of the plugin's tensors for n images, b boxes, c classes, k rows.
struct NmsDescs
{
    PluginTensorDesc in[2];
    PluginTensorDesc out[4];
    DynamicPluginTensorDesc dynIn[2]{};
    DynamicPluginTensorDesc dynOut[4]{};

    NmsDescs(int64_t n, int64_t b, int64_t c, int64_t k)
        : in{linearDesc({n, b, 4}, DataType::kFLOAT), linearDesc({n, b, c}, DataType::kFLOAT)}
        , out{linearDesc({n}, DataType::kINT32), linearDesc({n, k, 4}, DataType::kFLOAT),
              linearDesc({n, k}, DataType::kFLOAT), linearDesc({n, k}, DataType::kINT32)}
    {
        for (int i = 0; i < 2; ++i)
        {
            dynIn[i].desc = in[i];
            dynIn[i].min = dynIn[i].max = dynIn[i].opt = in[i].dims;
        }
        for (int i = 0; i < 4; ++i)
        {
            dynOut[i].desc = out[i];
        }
    }
};

// configurePlugin, then getWorkspaceSize; false when configurePlugin fails.
bool configureNms(IPluginV3* plugin, NmsDescs& d, size_t& workspaceBytes)
{
    auto* build = static_cast<IPluginV3OneBuild*>(plugin->getCapabilityInterface(PluginCapabilityType::kBUILD));
    if (build->configurePlugin(d.dynIn, 2, d.dynOut, 4) != 0)
    {
        return false;
    }
    workspaceBytes = build->getWorkspaceSize(d.dynIn, 2, d.dynOut, 4);
    return true;
}

// Runs the plugin through enqueue (workspace as getWorkspaceSize asks); false when a call fails.
bool runNms(IPluginV3* plugin, std::vector<float> const& boxes, std::vector<float> const& scores, int n, int b, int c,
    int k, NmsOutputs& result)
{
    auto* runtime = static_cast<IPluginV3OneRuntime*>(plugin->getCapabilityInterface(PluginCapabilityType::kRUNTIME));
    NmsDescs d(n, b, c, k);
    PluginTensorDesc const* in = d.in;
    PluginTensorDesc const* out = d.out;
    size_t workspaceBytes = 0;
    if (!configureNms(plugin, d, workspaceBytes))
    {
        return false;
    }
    void* workspace = nullptr;
    cudaMalloc(&workspace, workspaceBytes);
    // Outputs start as garbage: the plugin must write every row, padding included.
    std::vector<int32_t> garbageInts(size_t(n) * k * 4, 0x7F7F7F7F);
    std::vector<float> garbage(size_t(n) * k * 4, -123.f);
    float* dBoxes = toDevice(boxes);
    float* dScores = toDevice(scores);
    int32_t* dCount = toDevice(std::vector<int32_t>(garbageInts.begin(), garbageInts.begin() + n));
    float* dOutBoxes = toDevice(garbage);
    float* dOutScores = toDevice(std::vector<float>(garbage.begin(), garbage.begin() + size_t(n) * k));
    int32_t* dOutClasses = toDevice(std::vector<int32_t>(garbageInts.begin(), garbageInts.begin() + size_t(n) * k));
    void const* ins[] = {dBoxes, dScores};
    void* outs[] = {dCount, dOutBoxes, dOutScores, dOutClasses};
    int32_t const status = runtime->enqueue(in, out, ins, outs, workspace, nullptr);
    bool const ok = status == 0 && cudaDeviceSynchronize() == cudaSuccess;
    result.count = toHost(dCount, n);
    result.boxes = toHost(dOutBoxes, size_t(n) * k * 4);
    result.scores = toHost(dOutScores, size_t(n) * k);
    result.classes = toHost(dOutClasses, size_t(n) * k);
    for (void* p : {static_cast<void*>(dBoxes), static_cast<void*>(dScores), static_cast<void*>(dCount),
             static_cast<void*>(dOutBoxes), static_cast<void*>(dOutScores), static_cast<void*>(dOutClasses), workspace})
    {
        cudaFree(p);
    }
    return ok;
}

// Clustered boxes (many overlaps), every fifth a point; scores from a few levels (many exact ties) or all 1.0.
void scene(int n, int b, int c, unsigned seed, bool allOnes, std::vector<float>& boxes, std::vector<float>& scores)
{
    uint32_t state = seed * 2654435761u + 1u;
    auto next = [&state]() {
        state = state * 1664525u + 1013904223u;
        return (state >> 8) / 16777216.f;
    };
    boxes.resize(size_t(n) * b * 4);
    scores.resize(size_t(n) * b * c);
    float const levels[] = {0.2f, 0.6f, 0.75f, 0.9f, 1.f};
    for (size_t j = 0; j < size_t(n) * b; ++j)
    {
        float const cx = 30.f * (j % 4) + 5.f * next(), cy = 30.f * (j % 3) + 5.f * next();
        float const w = j % 5 == 0 ? 0.f : 5.f + 20.f * next(), h = j % 5 == 0 ? 0.f : 5.f + 20.f * next();
        boxes[4 * j] = cx - w / 2;
        boxes[4 * j + 1] = cy - h / 2;
        boxes[4 * j + 2] = cx + w / 2;
        boxes[4 * j + 3] = cy + h / 2;
    }
    for (float& s : scores)
    {
        s = allOnes ? 1.f : levels[static_cast<int>(next() * 5) % 5];
    }
}

// Scores for the CPU emulation's adversarial scenes; boxes come from scene().
enum class Scores
{
    kLevels,     // a few levels: many exact ties
    kAllOnes,    // every pair 1.0
    kUlps,       // 1.0 + a few ulps: the keys differ only in the low mantissa bits and the class-major index
    kSpecial,    // NaN, +Inf, -0, denormals, the threshold itself, values just above it
    kAtThreshold // every pair exactly the threshold: nothing passes (strict >)
};

std::vector<float> adversarialScores(int n, int b, int c, Scores kind, float threshold, unsigned seed)
{
    std::vector<float> scores(size_t(n) * b * c);
    uint32_t state = seed * 2654435761u + 7u;
    auto next = [&state]() {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    float const special[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), -0.f,
        std::numeric_limits<float>::denorm_min(), threshold, std::nextafter(threshold, 2.f), 0.75f, 1.f, -1.f,
        -std::numeric_limits<float>::quiet_NaN()};
    float const levels[] = {0.2f, 0.6f, 0.75f, 0.9f, 1.f};
    for (float& v : scores)
    {
        uint32_t const r = next();
        switch (kind)
        {
        case Scores::kLevels: v = levels[r % 5]; break;
        case Scores::kAllOnes: v = 1.f; break;
        case Scores::kUlps:
        {
            uint32_t const bits = 0x3F800000u + r % 3;
            std::memcpy(&v, &bits, 4);
            break;
        }
        case Scores::kSpecial: v = special[r % 10]; break;
        case Scores::kAtThreshold: v = threshold; break;
        }
    }
    return scores;
}

// The CPU emulation of the kernels against the reference semantics on adversarial scenes.
void emulationChecks(IPluginCreatorV3One* creator, SmokeCheck check)
{
    struct Case
    {
        char const* name;
        int n, b, c;
        Scores scores;
        NmsFields fields;
    };
    Case const cases[] = {
        {"few levels, N=2", 2, 40, 3, Scores::kLevels, {0.5f, 0.45f, 100, 30, 4096}},
        {"few levels, caps 2, N=3", 3, 200, 4, Scores::kLevels, {0.1f, 0.3f, 2, 50, 4096}},
        {"all 1.0, candidates 1", 2, 3000, 10, Scores::kAllOnes, {0.5f, 0.5f, 50, 300, 1}},
        {"all 1.0, candidates 37", 2, 300, 5, Scores::kAllOnes, {0.5f, 0.5f, 100, 60, 37}},
        {"all 1.0, candidates 4096 of 30000", 1, 3000, 10, Scores::kAllOnes, {0.5f, 0.5f, 50, 300, 4096}},
        {"few levels, candidates 1000 of 30000", 1, 3000, 10, Scores::kLevels, {0.5f, 0.5f, 20, 200, 1000}},
        {"ulps, candidates 777", 2, 2000, 7, Scores::kUlps, {0.5f, 0.6f, 30, 500, 777}},
        {"ulps, candidates 4095, K 65536", 1, 1500, 4, Scores::kUlps, {0.5f, 0.7f, 4000, 65536, 4095}},
        {"NaN, Inf, -0, denormals, threshold 0", 2, 500, 6, Scores::kSpecial, {0.f, 0.5f, 10, 100, 300}},
        {"NaN, Inf, at threshold, threshold 0.3", 2, 500, 6, Scores::kSpecial, {0.3f, 0.5f, 10, 100, 4096}},
        {"all at the threshold: nothing passes", 3, 100, 3, Scores::kAtThreshold, {0.5f, 0.5f, 10, 20, 4096}},
        {"all 1.0, IoU threshold 0", 1, 100, 2, Scores::kAllOnes, {0.5f, 0.f, 100, 300, 4096}},
        {"IoU threshold 1, cap 1", 2, 64, 3, Scores::kLevels, {0.1f, 1.f, 1, 40, 4096}},
        {"K > candidates > passing", 2, 30, 2, Scores::kLevels, {0.5f, 0.5f, 100, 5000, 4000}},
        {"B = 1, C = 2^20 (256 blocks), candidates 4096", 1, 1, 1 << 20, Scores::kUlps, {0.5f, 0.5f, 5, 100, 4096}},
        {"B = 2^18, C = 4, few levels", 1, 1 << 18, 4, Scores::kLevels, {0.5f, 0.5f, 100, 200, 4096}},
        {"C = 1, 16 images", 16, 300, 1, Scores::kLevels, {0.5f, 0.45f, 100, 20, 64}},
    };
    for (Case const& t : cases)
    {
        std::vector<float> boxes, ignored;
        scene(t.n, t.b, 1, static_cast<unsigned>(t.b * 31 + t.c), false, boxes, ignored);
        std::vector<float> const scores
            = adversarialScores(t.n, t.b, t.c, t.scores, t.fields.score, static_cast<unsigned>(t.b + t.c));
        IPluginV3* nms = createNms(creator, t.fields);
        NmsDescs d(t.n, t.b, t.c, t.fields.maxDetections);
        size_t workspaceBytes = 0;
        bool const configured = nms != nullptr && configureNms(nms, d, workspaceBytes);
        std::string problem = configured ? "" : "not configured";
        NmsOutputs const got = configured
            ? emulateKernels(boxes, scores, t.n, t.b, t.c, t.fields, workspaceBytes, problem)
            : NmsOutputs{};
        NmsOutputs const expected = reference(boxes, scores, t.n, t.b, t.c, t.fields);
        check(problem.empty() && got == expected,
            std::string("BatchedNms kernels emulated on the CPU equal the reference: ") + t.name + " (count "
                + std::to_string(got.count.empty() ? -1 : got.count[0]) + ", expected "
                + std::to_string(expected.count[0]) + (problem.empty() ? "" : "; " + problem) + ")");
        delete nms;
    }
}

} // namespace

void batchedNmsSmokeChecks(IPluginCreatorV3One* creator, bool gpu, SmokeCheck check)
{
    PluginFieldCollection const* names = creator->getFieldNames();
    check(names->nbFields == 5 && std::strcmp(names->fields[0].name, "score_threshold") == 0
            && names->fields[0].type == PluginFieldType::kFLOAT32 && std::strcmp(names->fields[4].name, "candidates") == 0
            && names->fields[4].type == PluginFieldType::kINT32,
        "BatchedNms fields: score_threshold (FLOAT32), iou_threshold, max_per_class, max_detections, candidates (INT32)");
    IPluginV3* plugin = createNms(creator, {0.5f, 0.45f, 100, 7, 4096});
    check(plugin != nullptr, "BatchedNms created from fields");
    if (plugin == nullptr)
    {
        return;
    }
    auto* build = static_cast<IPluginV3OneBuild*>(plugin->getCapabilityInterface(PluginCapabilityType::kBUILD));
    auto* runtime = static_cast<IPluginV3OneRuntime*>(plugin->getCapabilityInterface(PluginCapabilityType::kRUNTIME));
    check(build->getNbOutputs() == 4, "BatchedNms has 4 outputs");
    std::printf("     metadata: %s\n", build->getMetadataString());

    int exprs[6];
    DimsExprs in[2]{};
    in[0].nbDims = in[1].nbDims = 3;
    for (int i = 0; i < 3; ++i)
    {
        in[0].d[i] = reinterpret_cast<IDimensionExpr const*>(&exprs[i]);
        in[1].d[i] = reinterpret_cast<IDimensionExpr const*>(&exprs[3 + i]);
    }
    DimsExprs out[4]{};
    RecordingExprImpl impl;
    RecordingExprBuilder builder(&impl);
    int32_t const shapeStatus = build->getOutputShapes(in, 2, nullptr, 0, out, 4, builder);
    check(shapeStatus == 0 && out[0].nbDims == 1 && out[0].d[0] == in[1].d[0] && out[1].nbDims == 3
            && out[1].d[0] == in[1].d[0] && constantValue(impl, out[1].d[1]) == 7 && constantValue(impl, out[1].d[2]) == 4
            && out[2].nbDims == 2 && constantValue(impl, out[2].d[1]) == 7 && out[3].nbDims == 2
            && out[3].d[0] == in[1].d[0],
        "BatchedNms output shapes [N], [N, K, 4], [N, K], [N, K] with K = max_detections from the expression builder");
    DataType inTypes[] = {DataType::kFLOAT, DataType::kFLOAT};
    DataType outTypes[4] = {};
    check(build->getOutputDataTypes(outTypes, 4, inTypes, 2) == 0 && outTypes[0] == DataType::kINT32
            && outTypes[1] == DataType::kFLOAT && outTypes[2] == DataType::kFLOAT && outTypes[3] == DataType::kINT32,
        "BatchedNms output types INT32, FLOAT, FLOAT, INT32");
    DynamicPluginTensorDesc io[6]{};
    io[0].desc = linearDesc({1, 10, 4}, DataType::kFLOAT);
    io[1].desc = linearDesc({1, 10, 3}, DataType::kFLOAT);
    io[2].desc = linearDesc({1}, DataType::kINT32);
    io[3].desc = linearDesc({1, 7, 4}, DataType::kFLOAT);
    io[4].desc = linearDesc({1, 7}, DataType::kFLOAT);
    io[5].desc = linearDesc({1, 7}, DataType::kINT32);
    bool all = true;
    for (int pos = 0; pos < 6; ++pos)
    {
        all = all && build->supportsFormatCombination(pos, io, 2, 4);
    }
    io[1].desc.type = DataType::kHALF;
    check(all && !build->supportsFormatCombination(1, io, 2, 4), "BatchedNms takes FP32 inputs only");

    PluginFieldCollection const* serialized = runtime->getFieldsToSerialize();
    float iouBack = 0.f;
    if (serialized != nullptr && serialized->nbFields == 5)
    {
        std::memcpy(&iouBack, serialized->fields[1].data, 4);
    }
    check(serialized != nullptr && serialized->nbFields == 5 && serialized->fields[1].type == PluginFieldType::kFLOAT32
            && iouBack == 0.45f,
        "BatchedNms serializes iou_threshold as FLOAT32 0.45");
    IPluginV3* restored = creator->createPlugin("nms", serialized, TensorRTPhase::kRUNTIME);
    check(restored != nullptr
            && std::strcmp(static_cast<IPluginV3OneBuild*>(restored->getCapabilityInterface(PluginCapabilityType::kBUILD))
                               ->getMetadataString(),
                   build->getMetadataString())
                == 0,
        "BatchedNms re-created from its serialized fields has the same configuration");
    delete restored;

    std::printf("     (the next four checks print the plugin's error messages)\n");
    check(createNms(creator, {-1.f, 0.45f, 100, 7, 4096}) == nullptr, "score_threshold=-1 rejected");
    check(createNms(creator, {0.5f, 1.5f, 100, 7, 4096}) == nullptr, "iou_threshold=1.5 rejected");
    check(createNms(creator, {0.5f, 0.45f, 100, 7, 5000}) == nullptr, "candidates=5000 rejected");
    int32_t intScore = 1;
    PluginField badType[] = {{"score_threshold", &intScore, PluginFieldType::kINT32, 1}};
    PluginFieldCollection badTypeFc{1, badType};
    check(creator->createPlugin("nms", &badTypeFc, TensorRTPhase::kBUILD) == nullptr, "INT32 score_threshold rejected");

    emulationChecks(creator, check);

    if (gpu)
    {
        struct Case
        {
            char const* name;
            int n, b, c;
            bool allOnes;
            NmsFields fields;
        };
        Case const cases[] = {
            {"few levels, N=2", 2, 40, 3, false, {0.5f, 0.45f, 100, 30, 4096}},
            {"few levels, caps, N=3", 3, 200, 4, false, {0.1f, 0.3f, 2, 50, 4096}},
            {"all 1.0, candidates 37", 2, 300, 5, true, {0.5f, 0.5f, 100, 60, 37}},
            {"few levels, candidates 1000 of 30000", 1, 3000, 10, false, {0.5f, 0.5f, 20, 200, 1000}},
            {"all 1.0, IoU threshold 0", 1, 100, 2, true, {0.5f, 0.f, 100, 300, 4096}},
        };
        for (Case const& t : cases)
        {
            std::vector<float> boxes, scores;
            scene(t.n, t.b, t.c, static_cast<unsigned>(t.b * 31 + t.c), t.allOnes, boxes, scores);
            IPluginV3* nms = createNms(creator, t.fields);
            NmsOutputs got;
            bool const ran = nms != nullptr && runNms(nms, boxes, scores, t.n, t.b, t.c, t.fields.maxDetections, got);
            NmsOutputs const expected = reference(boxes, scores, t.n, t.b, t.c, t.fields);
            check(ran && got == expected,
                std::string("BatchedNms on the GPU equals the host reference bit for bit: ") + t.name + " (count "
                    + std::to_string(ran ? got.count[0] : -1) + ", expected " + std::to_string(expected.count[0]) + ")");
            delete nms;
        }
    }
    delete plugin;
}
