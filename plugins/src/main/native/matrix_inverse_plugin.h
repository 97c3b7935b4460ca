// MatrixInverse plugin (trt4j::MatrixInverse, version 1, namespace "trt4j").
// Input: ... x n x n FP32 (rank >= 2, 1 <= n <= 32), output: the inverses, same shape. No fields.
// Singular matrices give inf/NaN entries, like a division by zero.
#pragma once

#include "kernels.h"
#include "plugin_common.h"

namespace trt4j
{

class MatrixInversePlugin final : public PluginV3Base<MatrixInversePlugin>
{
public:
    static constexpr char const* kName = "MatrixInverse";
    static constexpr char const* kVersion = "1";

    static std::vector<Attribute> const& attributes();
    static bool validate(std::vector<int32_t> const& values, std::string& error);

    explicit MatrixInversePlugin(std::vector<int32_t> const& values);
    MatrixInversePlugin(MatrixInversePlugin const& other) = default;

    int32_t getOutputDataTypes(nvinfer1::DataType* outputTypes, int32_t nbOutputs,
        nvinfer1::DataType const* inputTypes, int32_t nbInputs) const noexcept override;
    int32_t getOutputShapes(nvinfer1::DimsExprs const* inputs, int32_t nbInputs, nvinfer1::DimsExprs const* shapeInputs,
        int32_t nbShapeInputs, nvinfer1::DimsExprs* outputs, int32_t nbOutputs,
        nvinfer1::IExprBuilder& exprBuilder) noexcept override;
    bool supportsFormatCombination(int32_t pos, nvinfer1::DynamicPluginTensorDesc const* inOut, int32_t nbInputs,
        int32_t nbOutputs) noexcept override;
    int32_t configurePlugin(nvinfer1::DynamicPluginTensorDesc const* in, int32_t nbInputs,
        nvinfer1::DynamicPluginTensorDesc const* out, int32_t nbOutputs) noexcept override;
    int32_t enqueue(nvinfer1::PluginTensorDesc const* inputDesc, nvinfer1::PluginTensorDesc const* outputDesc,
        void const* const* inputs, void* const* outputs, void* workspace, cudaStream_t stream) noexcept override;
    nvinfer1::PluginFieldCollection const* getFieldsToSerialize() noexcept override;

private:
    FieldSet mFields;
};

using MatrixInverseCreator = CreatorV3Base<MatrixInversePlugin>;

} // namespace trt4j
