// The BatchedNms part of trt4j_plugins_smoke: fields, shapes and formats through the ABI, and (with a GPU) enqueue
// against a host reference of the same semantics (org.trt4j.plugins.BatchedNms), compared bit for bit.
#include "smoke_batched_nms.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdint>
#include <cstring>
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
        return count == o.count && classes == o.classes
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

// Runs the plugin through enqueue (workspace as getWorkspaceSize asks); false when a call fails.
bool runNms(IPluginV3* plugin, std::vector<float> const& boxes, std::vector<float> const& scores, int n, int b, int c,
    int k, NmsOutputs& result)
{
    auto* build = static_cast<IPluginV3OneBuild*>(plugin->getCapabilityInterface(PluginCapabilityType::kBUILD));
    auto* runtime = static_cast<IPluginV3OneRuntime*>(plugin->getCapabilityInterface(PluginCapabilityType::kRUNTIME));
    PluginTensorDesc in[] = {linearDesc({n, b, 4}, DataType::kFLOAT), linearDesc({n, b, c}, DataType::kFLOAT)};
    PluginTensorDesc out[] = {linearDesc({n}, DataType::kINT32), linearDesc({n, k, 4}, DataType::kFLOAT),
        linearDesc({n, k}, DataType::kFLOAT), linearDesc({n, k}, DataType::kINT32)};
    DynamicPluginTensorDesc dynIn[2]{};
    DynamicPluginTensorDesc dynOut[4]{};
    for (int i = 0; i < 2; ++i)
    {
        dynIn[i].desc = in[i];
        dynIn[i].min = dynIn[i].max = dynIn[i].opt = in[i].dims;
    }
    for (int i = 0; i < 4; ++i)
    {
        dynOut[i].desc = out[i];
    }
    if (build->configurePlugin(dynIn, 2, dynOut, 4) != 0)
    {
        return false;
    }
    size_t const workspaceBytes = build->getWorkspaceSize(dynIn, 2, dynOut, 4);
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
