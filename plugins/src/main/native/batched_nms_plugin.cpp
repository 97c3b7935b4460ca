#include "batched_nms_plugin.h"

#include <cmath>
#include <limits>

namespace trt4j
{
namespace
{
constexpr size_t kScoreThresholdField = 0;
constexpr size_t kIouThresholdField = 1;
constexpr size_t kMaxPerClassField = 2;
constexpr size_t kMaxDetectionsField = 3;
constexpr size_t kCandidatesField = 4;
constexpr int32_t kMaxDetectionsLimit = 65536;
constexpr int32_t kNbInputs = 2;
constexpr int32_t kNbOutputs = 4;

using nvinfer1::DataType;

// Output types in order: count, boxes, scores, classes.
constexpr DataType kOutputTypes[kNbOutputs] = {DataType::kINT32, DataType::kFLOAT, DataType::kFLOAT, DataType::kINT32};

std::string describeDims(nvinfer1::Dims64 const& dims)
{
    std::string text = "[";
    for (int32_t i = 0; i < dims.nbDims; ++i)
    {
        text += (i == 0 ? "" : ", ") + std::to_string(dims.d[i]);
    }
    return text + "]";
}

// Checks boxes N x B x 4 and scores N x B x C (-1: known only at run time); empty on success.
// Why the text is built only on failure: enqueue calls this on every inference, and enqueue must not allocate (a
// std::bad_alloc escaping the noexcept enqueue would terminate the process).
std::string checkInputDims(nvinfer1::Dims64 const& boxes, nvinfer1::Dims64 const& scores)
{
    auto shapes = [&]() { return "boxes " + describeDims(boxes) + ", scores " + describeDims(scores); };
    if (boxes.nbDims != 3 || scores.nbDims != 3 || (boxes.d[2] >= 0 && boxes.d[2] != 4))
    {
        return "BatchedNms: expects boxes N x B x 4 and scores N x B x C, got " + shapes();
    }
    bool const knownB = boxes.d[1] >= 0 && scores.d[1] >= 0;
    bool const knownN = boxes.d[0] >= 0 && scores.d[0] >= 0;
    if ((knownB && boxes.d[1] != scores.d[1]) || (knownN && boxes.d[0] != scores.d[0]))
    {
        return "BatchedNms: boxes and scores differ in N or B: " + shapes();
    }
    // The rank key packs class * B + box into 31 bits; the grid has one row of blocks per image.
    if (knownB && scores.d[2] >= 0 && scores.d[1] * scores.d[2] > std::numeric_limits<int32_t>::max())
    {
        return "BatchedNms: B x C = " + std::to_string(scores.d[1] * scores.d[2]) + " exceeds 2^31 - 1: " + shapes();
    }
    if (scores.d[0] > 65535)
    {
        return "BatchedNms: at most 65535 images per batch, got " + shapes();
    }
    return {};
}
} // namespace

std::vector<Attribute> const& BatchedNmsPlugin::attributes()
{
    static std::vector<Attribute> const kAttributes{
        floatAttribute("score_threshold", 0.5f),
        floatAttribute("iou_threshold", 0.45f),
        {"max_per_class", 100, 1, std::numeric_limits<int32_t>::max()},
        {"max_detections", 100, 1, kMaxDetectionsLimit},
        {"candidates", kMaxNmsCandidates, 1, kMaxNmsCandidates},
    };
    return kAttributes;
}

bool BatchedNmsPlugin::validate(std::vector<int32_t> const& values, std::string& error)
{
    float const score = fieldFloat(values[kScoreThresholdField]);
    float const iou = fieldFloat(values[kIouThresholdField]);
    // Scores above a threshold >= 0 are positive: the kernels rank them by their IEEE bits.
    if (!(score >= 0.f) || !std::isfinite(score))
    {
        error = "BatchedNms: field 'score_threshold' = " + std::to_string(score) + " must be finite and >= 0";
        return false;
    }
    if (!(iou >= 0.f && iou <= 1.f))
    {
        error = "BatchedNms: field 'iou_threshold' = " + std::to_string(iou) + " must be in [0, 1]";
        return false;
    }
    return true;
}

BatchedNmsPlugin::BatchedNmsPlugin(std::vector<int32_t> const& values)
    : mFields(attributes(), values)
{
    mParams.scoreThreshold = fieldFloat(values[kScoreThresholdField]);
    mParams.iouThreshold = fieldFloat(values[kIouThresholdField]);
    mParams.maxPerClass = values[kMaxPerClassField];
    mParams.maxDetections = values[kMaxDetectionsField];
    mParams.candidates = values[kCandidatesField];
    mMetadata = "score_threshold=" + std::to_string(mParams.scoreThreshold)
        + " iou_threshold=" + std::to_string(mParams.iouThreshold) + " max_per_class="
        + std::to_string(mParams.maxPerClass) + " max_detections=" + std::to_string(mParams.maxDetections)
        + " candidates=" + std::to_string(mParams.candidates);
}

int32_t BatchedNmsPlugin::getNbOutputs() const noexcept
{
    return kNbOutputs;
}

int32_t BatchedNmsPlugin::getOutputDataTypes(
    DataType* outputTypes, int32_t nbOutputs, DataType const* /*inputTypes*/, int32_t nbInputs) const noexcept
{
    if (nbOutputs != kNbOutputs || nbInputs != kNbInputs)
    {
        reportError("BatchedNms: expects 2 inputs (boxes, scores) and 4 outputs, got " + std::to_string(nbInputs)
            + " inputs and " + std::to_string(nbOutputs) + " outputs");
        return 1;
    }
    for (int32_t i = 0; i < kNbOutputs; ++i)
    {
        outputTypes[i] = kOutputTypes[i];
    }
    return 0;
}

int32_t BatchedNmsPlugin::getOutputShapes(nvinfer1::DimsExprs const* inputs, int32_t nbInputs,
    nvinfer1::DimsExprs const* /*shapeInputs*/, int32_t /*nbShapeInputs*/, nvinfer1::DimsExprs* outputs,
    int32_t nbOutputs, nvinfer1::IExprBuilder& exprBuilder) noexcept
{
    if (nbInputs != kNbInputs || nbOutputs != kNbOutputs || inputs[0].nbDims != 3 || inputs[1].nbDims != 3)
    {
        reportError("BatchedNms: expects boxes N x B x 4 and scores N x B x C (rank 3 both) and 4 outputs, got ranks "
            + std::to_string(nbInputs > 0 ? inputs[0].nbDims : -1) + " and "
            + std::to_string(nbInputs > 1 ? inputs[1].nbDims : -1));
        return 1;
    }
    nvinfer1::IDimensionExpr const* n = inputs[1].d[0];
    nvinfer1::IDimensionExpr const* k = exprBuilder.constant(mParams.maxDetections);
    nvinfer1::IDimensionExpr const* four = exprBuilder.constant(4);
    if (k == nullptr || four == nullptr)
    {
        reportError("BatchedNms: TensorRT's expression builder returned no constant");
        return 1;
    }
    outputs[0].nbDims = 1;
    outputs[0].d[0] = n;
    outputs[1].nbDims = 3;
    outputs[1].d[0] = n;
    outputs[1].d[1] = k;
    outputs[1].d[2] = four;
    outputs[2].nbDims = 2;
    outputs[2].d[0] = n;
    outputs[2].d[1] = k;
    outputs[3] = outputs[2];
    return 0;
}

bool BatchedNmsPlugin::supportsFormatCombination(
    int32_t pos, nvinfer1::DynamicPluginTensorDesc const* inOut, int32_t /*nbInputs*/, int32_t /*nbOutputs*/) noexcept
{
    if (pos < 0 || pos >= kNbInputs + kNbOutputs)
    {
        return false;
    }
    nvinfer1::PluginTensorDesc const& desc = inOut[pos].desc;
    // FP32 inputs only: under FP16 TensorRT inserts casts, so thresholds compare against the same floats as on the CPU.
    DataType const wanted = pos < kNbInputs ? DataType::kFLOAT : kOutputTypes[pos - kNbInputs];
    return desc.format == nvinfer1::TensorFormat::kLINEAR && desc.type == wanted;
}

int32_t BatchedNmsPlugin::configurePlugin(nvinfer1::DynamicPluginTensorDesc const* in, int32_t nbInputs,
    nvinfer1::DynamicPluginTensorDesc const* /*out*/, int32_t nbOutputs) noexcept
{
    if (nbInputs != kNbInputs || nbOutputs != kNbOutputs)
    {
        reportError("BatchedNms: expects 2 inputs (boxes, scores) and 4 outputs");
        return 1;
    }
    std::string const error = checkInputDims(in[0].desc.dims, in[1].desc.dims);
    if (!error.empty())
    {
        reportError(error);
        return 1;
    }
    return 0;
}

size_t BatchedNmsPlugin::getWorkspaceSize(nvinfer1::DynamicPluginTensorDesc const* inputs, int32_t nbInputs,
    nvinfer1::DynamicPluginTensorDesc const* /*outputs*/, int32_t /*nbOutputs*/) const noexcept
{
    if (nbInputs != kNbInputs || inputs[1].max.nbDims != 3)
    {
        return 0; // configurePlugin reports the shape error
    }
    return batchedNmsWorkspaceSize(inputs[1].max.d[0], mParams.candidates);
}

char const* BatchedNmsPlugin::getMetadataString() noexcept
{
    return mMetadata.c_str();
}

int32_t BatchedNmsPlugin::enqueue(nvinfer1::PluginTensorDesc const* inputDesc,
    nvinfer1::PluginTensorDesc const* /*outputDesc*/, void const* const* inputs, void* const* outputs,
    void* workspace, cudaStream_t stream) noexcept
{
    nvinfer1::Dims64 const& boxes = inputDesc[0].dims;
    nvinfer1::Dims64 const& scores = inputDesc[1].dims;
    std::string const error = checkInputDims(boxes, scores);
    if (!error.empty())
    {
        reportError(error);
        return 1;
    }
    if (workspace == nullptr && scores.d[0] > 0)
    {
        reportError("BatchedNms: TensorRT passed no workspace");
        return 1;
    }
    BatchedNmsShape const shape{scores.d[0], scores.d[1], scores.d[2]};
    cudaError_t const status = launchBatchedNms(static_cast<float const*>(inputs[0]),
        static_cast<float const*>(inputs[1]), shape, mParams, workspace, static_cast<int32_t*>(outputs[0]),
        static_cast<float*>(outputs[1]), static_cast<float*>(outputs[2]), static_cast<int32_t*>(outputs[3]), stream);
    if (status != cudaSuccess)
    {
        reportError(std::string("BatchedNms: kernel launch failed: ") + cudaGetErrorString(status));
        return 1;
    }
    return 0;
}

nvinfer1::PluginFieldCollection const* BatchedNmsPlugin::getFieldsToSerialize() noexcept
{
    return mFields.collection();
}

} // namespace trt4j
