// Standalone check of libtrt4j_plugins.so without TensorRT: loads it with dlopen the way
// IPluginRegistry::loadLibrary does, drives the creators and plugins through the declared ABI (vtables only), and,
// when a GPU is present, runs each kernel through IPluginV3OneRuntime::enqueue on small inputs with known answers
// (BatchedNms: against a host reference, smoke_batched_nms.cu).
// Usage: trt4j_plugins_smoke path/to/libtrt4j_plugins.so      exit status 0 = all checks passed
#include "smoke_batched_nms.h"
#include "trt_plugin_abi.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <dlfcn.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace nvinfer1;

namespace
{
int gFailures = 0;

void check(bool ok, std::string const& what)
{
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok)
    {
        ++gFailures;
    }
}

bool kindIs(InterfaceInfo const& info, char const* kind)
{
    return info.kind != nullptr && std::strcmp(info.kind, kind) == 0 && info.major == 1 && info.minor == 0;
}

IPluginCreatorV3One* findCreator(IPluginCreatorInterface* const* creators, int32_t count, char const* name)
{
    for (int32_t i = 0; i < count; ++i)
    {
        auto* creator = static_cast<IPluginCreatorV3One*>(creators[i]);
        if (std::strcmp(creator->getPluginName(), name) == 0)
        {
            return creator;
        }
    }
    return nullptr;
}

IPluginV3* createGridSample(IPluginCreatorV3One* creator, int32_t mode, int32_t padding, int32_t align)
{
    PluginField fields[] = {{"interpolation_mode", &mode, PluginFieldType::kINT32, 1},
        {"padding_mode", &padding, PluginFieldType::kINT32, 1}, {"align_corners", &align, PluginFieldType::kINT32, 1}};
    PluginFieldCollection fc{3, fields};
    return creator->createPlugin("grid_sample", &fc, TensorRTPhase::kBUILD);
}

// Runs a GridSample plugin on a 1 x C x H x W input and a 1 x Hg x Wg x 2 grid, all float.
std::vector<float> runGridSample(IPluginV3* plugin, std::vector<float> const& input, std::vector<int64_t> const& inDims,
    std::vector<float> const& grid, int64_t gridH, int64_t gridW, bool half, int32_t tactic)
{
    auto* runtime = static_cast<IPluginV3OneRuntime*>(plugin->getCapabilityInterface(PluginCapabilityType::kRUNTIME));
    check(runtime->setTactic(tactic) == 0, "setTactic(" + std::to_string(tactic) + ")");
    DataType const dataType = half ? DataType::kHALF : DataType::kFLOAT;
    PluginTensorDesc inputs[] = {linearDesc(inDims, dataType), linearDesc({inDims[0], gridH, gridW, 2}, DataType::kFLOAT)};
    size_t const outCount = static_cast<size_t>(inDims[0] * inDims[1] * gridH * gridW);
    PluginTensorDesc outputs[] = {linearDesc({inDims[0], inDims[1], gridH, gridW}, dataType)};
    float* dGrid = toDevice(grid);
    std::vector<float> result(outCount);
    cudaStream_t stream = nullptr;
    cudaStreamCreate(&stream);
    int32_t status = 0;
    if (half)
    {
        std::vector<__half> inHalf;
        for (float v : input)
        {
            inHalf.push_back(__float2half(v));
        }
        __half* dIn = toDevice(inHalf);
        __half* dOut = nullptr;
        cudaMalloc(&dOut, outCount * sizeof(__half));
        void const* ins[] = {dIn, dGrid};
        void* outs[] = {dOut};
        status = runtime->enqueue(inputs, outputs, ins, outs, nullptr, stream);
        cudaStreamSynchronize(stream);
        std::vector<__half> outHalf = toHost(dOut, outCount);
        for (size_t i = 0; i < outCount; ++i)
        {
            result[i] = __half2float(outHalf[i]);
        }
        cudaFree(dIn);
        cudaFree(dOut);
    }
    else
    {
        float* dIn = toDevice(input);
        float* dOut = nullptr;
        cudaMalloc(&dOut, outCount * sizeof(float));
        void const* ins[] = {dIn, dGrid};
        void* outs[] = {dOut};
        status = runtime->enqueue(inputs, outputs, ins, outs, nullptr, stream);
        cudaStreamSynchronize(stream);
        result = toHost(dOut, outCount);
        cudaFree(dIn);
        cudaFree(dOut);
    }
    check(status == 0 && cudaGetLastError() == cudaSuccess, "GridSample enqueue succeeds");
    cudaFree(dGrid);
    cudaStreamDestroy(stream);
    return result;
}

std::vector<float> runInverse(IPluginV3* plugin, std::vector<float> const& matrices, int64_t batch, int64_t n)
{
    auto* runtime = static_cast<IPluginV3OneRuntime*>(plugin->getCapabilityInterface(PluginCapabilityType::kRUNTIME));
    PluginTensorDesc inputs[] = {linearDesc({batch, n, n}, DataType::kFLOAT)};
    PluginTensorDesc outputs[] = {linearDesc({batch, n, n}, DataType::kFLOAT)};
    float* dIn = toDevice(matrices);
    float* dOut = nullptr;
    cudaMalloc(&dOut, matrices.size() * sizeof(float));
    void const* ins[] = {dIn};
    void* outs[] = {dOut};
    int32_t const status = runtime->enqueue(inputs, outputs, ins, outs, nullptr, nullptr);
    cudaError_t const sync = cudaDeviceSynchronize();
    check(status == 0 && sync == cudaSuccess, "MatrixInverse enqueue succeeds (n=" + std::to_string(n) + ")");
    std::vector<float> result = toHost(dOut, matrices.size());
    cudaFree(dIn);
    cudaFree(dOut);
    return result;
}

float maxAbsDiff(std::vector<float> const& a, std::vector<float> const& b)
{
    float worst = a.size() == b.size() ? 0.f : INFINITY;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    {
        worst = std::fmax(worst, std::fabs(a[i] - b[i]));
    }
    return worst;
}

// max |A * inv - I| over a batch of n x n matrices.
float identityError(std::vector<float> const& a, std::vector<float> const& inv, int64_t batch, int64_t n)
{
    float worst = 0.f;
    for (int64_t b = 0; b < batch; ++b)
    {
        for (int64_t i = 0; i < n; ++i)
        {
            for (int64_t j = 0; j < n; ++j)
            {
                double sum = 0.0;
                for (int64_t k = 0; k < n; ++k)
                {
                    sum += static_cast<double>(a[b * n * n + i * n + k]) * inv[b * n * n + k * n + j];
                }
                worst = std::fmax(worst, static_cast<float>(std::fabs(sum - (i == j ? 1.0 : 0.0))));
            }
        }
    }
    return worst;
}

void gpuChecks(IPluginCreatorV3One* gridCreator, IPluginCreatorV3One* inverseCreator)
{
    int64_t const c = 2, h = 3, w = 4;
    std::vector<float> input(c * h * w);
    for (size_t i = 0; i < input.size(); ++i)
    {
        input[i] = 0.25f * static_cast<float>(i) - 2.f;
    }
    // Grid through every pixel centre (align_corners=1): sampling reproduces the input.
    std::vector<float> grid;
    for (int64_t y = 0; y < h; ++y)
    {
        for (int64_t x = 0; x < w; ++x)
        {
            grid.push_back(2.f * x / (w - 1) - 1.f);
            grid.push_back(2.f * y / (h - 1) - 1.f);
        }
    }
    for (int32_t tactic = 1; tactic <= 2; ++tactic)
    {
        for (int32_t mode = 0; mode <= 1; ++mode)
        {
            for (int half = 0; half <= 1; ++half)
            {
                IPluginV3* plugin = createGridSample(gridCreator, mode, 0, 1);
                std::vector<float> out = runGridSample(plugin, input, {1, c, h, w}, grid, h, w, half != 0, tactic);
                check(maxAbsDiff(out, input) <= (half ? 1e-3f : 1e-6f),
                    std::string("GridSample identity grid, ") + (mode == 0 ? "bilinear" : "nearest")
                        + (half ? " fp16" : " fp32") + ", tactic " + std::to_string(tactic));
                delete plugin;
            }
        }
    }
    // One pixel left of the left edge: zeros padding gives 0 (nearest), border the edge, reflection pixel x=1.
    std::vector<float> outside{-1.f - 2.f / (w - 1), -1.f};
    float const expected[] = {0.f, input[0], input[1]};
    char const* const names[] = {"zeros", "border", "reflection"};
    for (int32_t tactic = 1; tactic <= 2; ++tactic)
    {
        for (int32_t padding = 0; padding <= 2; ++padding)
        {
            IPluginV3* plugin = createGridSample(gridCreator, 1, padding, 1);
            std::vector<float> out = runGridSample(plugin, input, {1, c, h, w}, outside, 1, 1, false, tactic);
            check(std::fabs(out[0] - expected[padding]) < 1e-6f,
                std::string("GridSample outside the map, padding ") + names[padding] + ", tactic "
                    + std::to_string(tactic) + ": got " + std::to_string(out[0]) + ", expected "
                    + std::to_string(expected[padding]));
            delete plugin;
        }
    }

    IPluginV3* inverse = inverseCreator->createPlugin("inverse", nullptr, TensorRTPhase::kBUILD);
    for (int64_t n : {4, 7})
    {
        int64_t const batch = 3;
        std::vector<float> a(batch * n * n);
        for (int64_t b = 0; b < batch; ++b)
        {
            for (int64_t i = 0; i < n; ++i)
            {
                for (int64_t j = 0; j < n; ++j)
                {
                    // Diagonally dominant, so well conditioned; the row order forces pivoting.
                    float const v = std::sin(1.f + b + 3.f * i + 7.f * j);
                    a[b * n * n + ((i + 1) % n) * n + j] = v + (i == j ? 4.f : 0.f);
                }
            }
        }
        std::vector<float> inv = runInverse(inverse, a, batch, n);
        float const err = identityError(a, inv, batch, n);
        check(err < 1e-4f, "MatrixInverse A * inv(A) = I, n=" + std::to_string(n) + ", max error " + std::to_string(err));
    }
    std::vector<float> singular(16, 1.f);
    std::vector<float> inv = runInverse(inverse, singular, 1, 4);
    bool anyNonFinite = false;
    for (float v : inv)
    {
        anyNonFinite = anyNonFinite || !std::isfinite(v);
    }
    check(anyNonFinite, "MatrixInverse of a singular 4x4 gives inf/NaN without an error");
    delete inverse;
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: %s path/to/libtrt4j_plugins.so\n", argv[0]);
        return 2;
    }
    void* library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr)
    {
        std::fprintf(stderr, "dlopen failed: %s\n", dlerror());
        return 1;
    }
    using GetCreators = IPluginCreatorInterface* const* (*) (int32_t&);
    auto getCreatorsFn = reinterpret_cast<GetCreators>(dlsym(library, "getCreators"));
    check(getCreatorsFn != nullptr, "exports getCreators");
    check(dlsym(library, "setLoggerFinder") != nullptr, "exports setLoggerFinder");
    if (getCreatorsFn == nullptr)
    {
        return 1;
    }
    int32_t count = 0;
    IPluginCreatorInterface* const* creators = getCreatorsFn(count);
    check(count == 3, "three creators, got " + std::to_string(count));
    for (int32_t i = 0; i < count; ++i)
    {
        auto* creator = static_cast<IPluginCreatorV3One*>(creators[i]);
        check(kindIs(creators[i]->getInterfaceInfo(), "PLUGIN CREATOR_V3ONE"),
            std::string("creator kind PLUGIN CREATOR_V3ONE 1.0: ") + creator->getPluginName());
        check(std::strcmp(creator->getPluginVersion(), "1") == 0 && std::strcmp(creator->getPluginNamespace(), "trt4j") == 0,
            std::string("version 1, namespace trt4j: ") + creator->getPluginName());
    }
    IPluginCreatorV3One* gridCreator = findCreator(creators, count, "GridSample");
    IPluginCreatorV3One* inverseCreator = findCreator(creators, count, "MatrixInverse");
    check(gridCreator != nullptr && inverseCreator != nullptr, "creators GridSample and MatrixInverse found");
    if (gridCreator == nullptr || inverseCreator == nullptr)
    {
        return 1;
    }
    PluginFieldCollection const* names = gridCreator->getFieldNames();
    check(names->nbFields == 3 && std::strcmp(names->fields[1].name, "padding_mode") == 0,
        "GridSample field names: interpolation_mode, padding_mode, align_corners");

    IPluginV3* plugin = createGridSample(gridCreator, 1, 2, 1);
    check(plugin != nullptr, "GridSample created from fields");
    if (plugin == nullptr)
    {
        return 1;
    }
    check(kindIs(plugin->getInterfaceInfo(), "PLUGIN"), "plugin kind PLUGIN 1.0");
    auto* core = static_cast<IPluginV3OneCore*>(plugin->getCapabilityInterface(PluginCapabilityType::kCORE));
    auto* build = static_cast<IPluginV3OneBuild*>(plugin->getCapabilityInterface(PluginCapabilityType::kBUILD));
    auto* runtime = static_cast<IPluginV3OneRuntime*>(plugin->getCapabilityInterface(PluginCapabilityType::kRUNTIME));
    check(kindIs(core->getInterfaceInfo(), "PLUGIN_V3ONE_CORE"), "core kind PLUGIN_V3ONE_CORE 1.0");
    check(kindIs(build->getInterfaceInfo(), "PLUGIN_V3ONE_BUILD"), "build kind PLUGIN_V3ONE_BUILD 1.0");
    check(kindIs(runtime->getInterfaceInfo(), "PLUGIN_V3ONE_RUNTIME"), "runtime kind PLUGIN_V3ONE_RUNTIME 1.0");
    check(std::strcmp(core->getPluginName(), "GridSample") == 0 && std::strcmp(core->getPluginNamespace(), "trt4j") == 0,
        "core name GridSample, namespace trt4j");
    check(build->getNbOutputs() == 1, "one output");
    int32_t tactics[2] = {0, 0};
    check(build->getNbTactics() == 2 && build->getValidTactics(tactics, 2) == 0 && tactics[0] == 1 && tactics[1] == 2,
        "two tactics: 1 (thread per point), 2 (thread per element)");
    std::printf("     metadata: %s\n", build->getMetadataString());

    // Output shape N x C x Hg x Wg assembled from the input expressions (opaque pointers, compared by identity).
    int exprs[8];
    DimsExprs in[2]{};
    in[0].nbDims = 4;
    in[1].nbDims = 4;
    for (int i = 0; i < 4; ++i)
    {
        in[0].d[i] = reinterpret_cast<IDimensionExpr const*>(&exprs[i]);
        in[1].d[i] = reinterpret_cast<IDimensionExpr const*>(&exprs[4 + i]);
    }
    DimsExprs out[1]{};
    int32_t const shapeStatus = build->getOutputShapes(in, 2, nullptr, 0, out, 1, *reinterpret_cast<IExprBuilder*>(exprs));
    check(shapeStatus == 0 && out[0].nbDims == 4 && out[0].d[0] == in[0].d[0] && out[0].d[1] == in[0].d[1]
            && out[0].d[2] == in[1].d[1] && out[0].d[3] == in[1].d[2],
        "output shape N x C x Hg x Wg");
    DataType inTypes[] = {DataType::kHALF, DataType::kFLOAT};
    DataType outTypes[] = {DataType::kFLOAT};
    check(build->getOutputDataTypes(outTypes, 1, inTypes, 2) == 0 && outTypes[0] == DataType::kHALF,
        "output type follows the input type");
    DynamicPluginTensorDesc io[3]{};
    io[0].desc = linearDesc({1, 2, 3, 4}, DataType::kHALF);
    io[1].desc = linearDesc({1, 5, 6, 2}, DataType::kFLOAT);
    io[2].desc = linearDesc({1, 2, 5, 6}, DataType::kHALF);
    check(build->supportsFormatCombination(0, io, 2, 1) && build->supportsFormatCombination(1, io, 2, 1)
            && build->supportsFormatCombination(2, io, 2, 1),
        "accepts FP16 data with an FP32 grid");
    io[2].desc.type = DataType::kFLOAT;
    check(!build->supportsFormatCombination(2, io, 2, 1), "rejects an output type other than the input's");
    io[0].desc.type = DataType::kINT32;
    check(!build->supportsFormatCombination(0, io, 2, 1), "rejects INT32 data");

    PluginFieldCollection const* serialized = runtime->getFieldsToSerialize();
    bool fieldsOk = serialized != nullptr && serialized->nbFields == 3;
    int32_t const expectedValues[] = {1, 2, 1};
    for (int32_t i = 0; fieldsOk && i < 3; ++i)
    {
        fieldsOk = serialized->fields[i].type == PluginFieldType::kINT32 && serialized->fields[i].length == 1
            && *static_cast<int32_t const*>(serialized->fields[i].data) == expectedValues[i];
    }
    check(fieldsOk, "getFieldsToSerialize returns interpolation_mode=1 padding_mode=2 align_corners=1");
    IPluginV3* restored = gridCreator->createPlugin("grid_sample", serialized, TensorRTPhase::kRUNTIME);
    check(restored != nullptr
            && std::strcmp(static_cast<IPluginV3OneBuild*>(restored->getCapabilityInterface(PluginCapabilityType::kBUILD))
                               ->getMetadataString(),
                   build->getMetadataString())
                == 0,
        "plugin re-created from its serialized fields has the same configuration");
    delete restored;
    IPluginV3* cloned = plugin->clone();
    check(cloned != nullptr && kindIs(cloned->getInterfaceInfo(), "PLUGIN"), "clone");
    IPluginV3* attached = runtime->attachToContext(nullptr);
    check(attached != nullptr, "attachToContext returns a clone");
    delete cloned;
    delete attached;
    delete plugin;

    std::printf("     (the next three checks print the plugin's error messages)\n");
    check(createGridSample(gridCreator, 0, 7, 0) == nullptr, "padding_mode=7 rejected");
    float wrongType = 1.f;
    PluginField badType[] = {{"align_corners", &wrongType, PluginFieldType::kFLOAT32, 1}};
    PluginFieldCollection badTypeFc{1, badType};
    check(gridCreator->createPlugin("g", &badTypeFc, TensorRTPhase::kBUILD) == nullptr, "FLOAT32 align_corners rejected");
    int32_t one = 1;
    PluginField unknown[] = {{"mode", &one, PluginFieldType::kINT32, 1}};
    PluginFieldCollection unknownFc{1, unknown};
    check(gridCreator->createPlugin("g", &unknownFc, TensorRTPhase::kBUILD) == nullptr, "unknown field 'mode' rejected");

    int devices = 0;
    bool const gpu = cudaGetDeviceCount(&devices) == cudaSuccess && devices > 0;
    if (gpu)
    {
        gpuChecks(gridCreator, inverseCreator);
    }
    else
    {
        std::printf("skip GPU checks: no CUDA device\n");
    }
    IPluginCreatorV3One* nmsCreator = findCreator(creators, count, "BatchedNms");
    check(nmsCreator != nullptr, "creator BatchedNms found");
    if (nmsCreator != nullptr)
    {
        batchedNmsSmokeChecks(nmsCreator, gpu, check);
    }
    std::printf("%s: %d failure(s)\n", gFailures == 0 ? "PASSED" : "FAILED", gFailures);
    return gFailures == 0 ? 0 : 1;
}
