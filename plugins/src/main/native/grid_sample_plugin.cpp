#include "grid_sample_plugin.h"

namespace trt4j
{
namespace
{
constexpr size_t kInterpolationField = 0;
constexpr size_t kPaddingField = 1;
constexpr size_t kAlignCornersField = 2;

bool isFloatType(nvinfer1::DataType type)
{
    return type == nvinfer1::DataType::kFLOAT || type == nvinfer1::DataType::kHALF;
}
} // namespace

std::vector<Attribute> const& GridSamplePlugin::attributes()
{
    static std::vector<Attribute> const kAttributes{
        {"interpolation_mode", 0, 0, 1},
        {"padding_mode", 0, 0, 2},
        {"align_corners", 0, 0, 1},
    };
    return kAttributes;
}

bool GridSamplePlugin::validate(std::vector<int32_t> const& /*values*/, std::string& /*error*/)
{
    return true; // every in-range combination is supported
}

GridSamplePlugin::GridSamplePlugin(std::vector<int32_t> const& values)
    : mFields(attributes(), values)
{
    static char const* const kModes[] = {"bilinear", "nearest"};
    static char const* const kPaddings[] = {"zeros", "border", "reflection"};
    mMetadata = std::string("mode=") + kModes[values[kInterpolationField]] + " padding="
        + kPaddings[values[kPaddingField]] + " align_corners=" + (values[kAlignCornersField] != 0 ? "1" : "0");
}

int32_t GridSamplePlugin::getOutputDataTypes(nvinfer1::DataType* outputTypes, int32_t nbOutputs,
    nvinfer1::DataType const* inputTypes, int32_t nbInputs) const noexcept
{
    if (nbOutputs != 1 || nbInputs != 2)
    {
        reportError("GridSample: expects 2 inputs (input, grid) and 1 output, got " + std::to_string(nbInputs)
            + " inputs");
        return 1;
    }
    outputTypes[0] = inputTypes[0];
    return 0;
}

int32_t GridSamplePlugin::getOutputShapes(nvinfer1::DimsExprs const* inputs, int32_t nbInputs,
    nvinfer1::DimsExprs const* /*shapeInputs*/, int32_t /*nbShapeInputs*/, nvinfer1::DimsExprs* outputs,
    int32_t nbOutputs, nvinfer1::IExprBuilder& /*exprBuilder*/) noexcept
{
    if (nbInputs != 2 || nbOutputs != 1 || inputs[0].nbDims != 4 || inputs[1].nbDims != 4)
    {
        reportError("GridSample: expects input N x C x H x W and grid N x Hg x Wg x 2 (4-D both), got ranks "
            + std::to_string(nbInputs > 0 ? inputs[0].nbDims : -1) + " and "
            + std::to_string(nbInputs > 1 ? inputs[1].nbDims : -1));
        return 1;
    }
    outputs[0].nbDims = 4;
    outputs[0].d[0] = inputs[0].d[0];
    outputs[0].d[1] = inputs[0].d[1];
    outputs[0].d[2] = inputs[1].d[1];
    outputs[0].d[3] = inputs[1].d[2];
    return 0;
}

bool GridSamplePlugin::supportsFormatCombination(
    int32_t pos, nvinfer1::DynamicPluginTensorDesc const* inOut, int32_t /*nbInputs*/, int32_t /*nbOutputs*/) noexcept
{
    nvinfer1::PluginTensorDesc const& desc = inOut[pos].desc;
    if (desc.format != nvinfer1::TensorFormat::kLINEAR || !isFloatType(desc.type))
    {
        return false;
    }
    // The grid may be FP32 under FP16 data: coordinates then keep their precision.
    return pos != 2 || desc.type == inOut[0].desc.type;
}

char const* GridSamplePlugin::getMetadataString() noexcept
{
    return mMetadata.c_str();
}

int32_t GridSamplePlugin::getNbTactics() noexcept
{
    return 2;
}

int32_t GridSamplePlugin::getValidTactics(int32_t* tactics, int32_t nbTactics) noexcept
{
    if (nbTactics != 2)
    {
        return 1;
    }
    tactics[0] = static_cast<int32_t>(GridSampleSplit::kPOINT);
    tactics[1] = static_cast<int32_t>(GridSampleSplit::kELEMENT);
    return 0;
}

int32_t GridSamplePlugin::setTactic(int32_t tactic) noexcept
{
    if (tactic == static_cast<int32_t>(GridSampleSplit::kELEMENT))
    {
        mSplit = GridSampleSplit::kELEMENT;
        return 0;
    }
    if (tactic == 0 || tactic == static_cast<int32_t>(GridSampleSplit::kPOINT))
    {
        mSplit = GridSampleSplit::kPOINT;
        return 0;
    }
    reportError("GridSample: unknown tactic " + std::to_string(tactic));
    return 1;
}

int32_t GridSamplePlugin::enqueue(nvinfer1::PluginTensorDesc const* inputDesc,
    nvinfer1::PluginTensorDesc const* /*outputDesc*/, void const* const* inputs, void* const* outputs,
    void* /*workspace*/, cudaStream_t stream) noexcept
{
    nvinfer1::Dims64 const& in = inputDesc[0].dims;
    nvinfer1::Dims64 const& grid = inputDesc[1].dims;
    if (in.nbDims != 4 || grid.nbDims != 4 || grid.d[3] != 2 || grid.d[0] != in.d[0])
    {
        reportError("GridSample: grid must be N x Hg x Wg x 2 with the input's N");
        return 1;
    }
    GridSampleShape const shape{in.d[0], in.d[1], in.d[2], in.d[3], grid.d[1], grid.d[2]};
    cudaError_t const status = launchGridSample(inputs[0], inputs[1], outputs[0], shape,
        inputDesc[0].type == nvinfer1::DataType::kHALF, inputDesc[1].type == nvinfer1::DataType::kHALF,
        static_cast<Interpolation>(mFields.value(kInterpolationField)),
        static_cast<Padding>(mFields.value(kPaddingField)), mFields.value(kAlignCornersField) != 0, mSplit, stream);
    if (status != cudaSuccess)
    {
        reportError(std::string("GridSample: kernel launch failed: ") + cudaGetErrorString(status));
        return 1;
    }
    return 0;
}

nvinfer1::PluginFieldCollection const* GridSamplePlugin::getFieldsToSerialize() noexcept
{
    return mFields.collection();
}

} // namespace trt4j
