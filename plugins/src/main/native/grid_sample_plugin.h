// GridSample plugin (trt4j::GridSample, version 1, namespace "trt4j").
// Inputs: 0 input N x C x H x W (FP32 or FP16), 1 grid N x Hg x Wg x 2 (FP32 or FP16, x then y in [-1, 1]).
// Output: N x C x Hg x Wg, same type as the input.
// Fields (INT32, all optional): interpolation_mode 0 bilinear | 1 nearest (default 0),
// padding_mode 0 zeros | 1 border | 2 reflection (default 0), align_corners 0 | 1 (default 0).
#pragma once

#include "kernels.h"
#include "plugin_common.h"

namespace trt4j
{

class GridSamplePlugin final : public PluginV3Base<GridSamplePlugin>
{
public:
    static constexpr char const* kName = "GridSample";
    static constexpr char const* kVersion = "1";

    static std::vector<Attribute> const& attributes();
    static bool validate(std::vector<int32_t> const& values, std::string& error);

    explicit GridSamplePlugin(std::vector<int32_t> const& values);
    GridSamplePlugin(GridSamplePlugin const& other) = default;

    int32_t getOutputDataTypes(nvinfer1::DataType* outputTypes, int32_t nbOutputs,
        nvinfer1::DataType const* inputTypes, int32_t nbInputs) const noexcept override;
    int32_t getOutputShapes(nvinfer1::DimsExprs const* inputs, int32_t nbInputs, nvinfer1::DimsExprs const* shapeInputs,
        int32_t nbShapeInputs, nvinfer1::DimsExprs* outputs, int32_t nbOutputs,
        nvinfer1::IExprBuilder& exprBuilder) noexcept override;
    bool supportsFormatCombination(int32_t pos, nvinfer1::DynamicPluginTensorDesc const* inOut, int32_t nbInputs,
        int32_t nbOutputs) noexcept override;
    char const* getMetadataString() noexcept override;
    int32_t getNbTactics() noexcept override;
    int32_t getValidTactics(int32_t* tactics, int32_t nbTactics) noexcept override;
    int32_t setTactic(int32_t tactic) noexcept override;
    int32_t enqueue(nvinfer1::PluginTensorDesc const* inputDesc, nvinfer1::PluginTensorDesc const* outputDesc,
        void const* const* inputs, void* const* outputs, void* workspace, cudaStream_t stream) noexcept override;
    nvinfer1::PluginFieldCollection const* getFieldsToSerialize() noexcept override;

private:
    FieldSet mFields;
    std::string mMetadata;
    GridSampleSplit mSplit{GridSampleSplit::kPOINT}; // tactic 0 (TensorRT's default) means kPOINT
};

using GridSampleCreator = CreatorV3Base<GridSamplePlugin>;

} // namespace trt4j
