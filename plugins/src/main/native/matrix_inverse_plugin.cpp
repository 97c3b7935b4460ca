#include "matrix_inverse_plugin.h"

namespace trt4j
{

std::vector<Attribute> const& MatrixInversePlugin::attributes()
{
    static std::vector<Attribute> const kAttributes{};
    return kAttributes;
}

bool MatrixInversePlugin::validate(std::vector<int32_t> const& /*values*/, std::string& /*error*/)
{
    return true;
}

MatrixInversePlugin::MatrixInversePlugin(std::vector<int32_t> const& values)
    : mFields(attributes(), values)
{
}

int32_t MatrixInversePlugin::getOutputDataTypes(nvinfer1::DataType* outputTypes, int32_t nbOutputs,
    nvinfer1::DataType const* inputTypes, int32_t nbInputs) const noexcept
{
    if (nbOutputs != 1 || nbInputs != 1)
    {
        reportError("MatrixInverse: expects 1 input and 1 output, got " + std::to_string(nbInputs) + " inputs");
        return 1;
    }
    outputTypes[0] = inputTypes[0];
    return 0;
}

int32_t MatrixInversePlugin::getOutputShapes(nvinfer1::DimsExprs const* inputs, int32_t nbInputs,
    nvinfer1::DimsExprs const* /*shapeInputs*/, int32_t /*nbShapeInputs*/, nvinfer1::DimsExprs* outputs,
    int32_t nbOutputs, nvinfer1::IExprBuilder& /*exprBuilder*/) noexcept
{
    if (nbInputs != 1 || nbOutputs != 1 || inputs[0].nbDims < 2)
    {
        reportError("MatrixInverse: expects one input of rank >= 2 (... x n x n)");
        return 1;
    }
    outputs[0] = inputs[0];
    return 0;
}

bool MatrixInversePlugin::supportsFormatCombination(
    int32_t pos, nvinfer1::DynamicPluginTensorDesc const* inOut, int32_t /*nbInputs*/, int32_t /*nbOutputs*/) noexcept
{
    nvinfer1::PluginTensorDesc const& desc = inOut[pos].desc;
    return desc.format == nvinfer1::TensorFormat::kLINEAR && desc.type == nvinfer1::DataType::kFLOAT;
}

int32_t MatrixInversePlugin::configurePlugin(nvinfer1::DynamicPluginTensorDesc const* in, int32_t nbInputs,
    nvinfer1::DynamicPluginTensorDesc const* /*out*/, int32_t /*nbOutputs*/) noexcept
{
    if (nbInputs != 1 || in[0].desc.dims.nbDims < 2)
    {
        reportError("MatrixInverse: expects one input of rank >= 2 (... x n x n)");
        return 1;
    }
    nvinfer1::Dims64 const& dims = in[0].desc.dims;
    int64_t const rows = dims.d[dims.nbDims - 2];
    int64_t const cols = dims.d[dims.nbDims - 1];
    // -1 marks a dimension only known at run time; enqueue checks it then.
    if ((rows >= 0 && cols >= 0 && rows != cols) || rows > kMaxInverseSize || cols > kMaxInverseSize)
    {
        reportError("MatrixInverse: the last two dimensions must be equal and at most "
            + std::to_string(kMaxInverseSize) + ", got " + std::to_string(rows) + " x " + std::to_string(cols));
        return 1;
    }
    return 0;
}

int32_t MatrixInversePlugin::enqueue(nvinfer1::PluginTensorDesc const* inputDesc,
    nvinfer1::PluginTensorDesc const* /*outputDesc*/, void const* const* inputs, void* const* outputs,
    void* /*workspace*/, cudaStream_t stream) noexcept
{
    nvinfer1::Dims64 const& dims = inputDesc[0].dims;
    int64_t const n = dims.nbDims >= 2 ? dims.d[dims.nbDims - 1] : 0;
    if (n < 1 || n > kMaxInverseSize || dims.d[dims.nbDims - 2] != n)
    {
        reportError("MatrixInverse: input must be ... x n x n with 1 <= n <= " + std::to_string(kMaxInverseSize));
        return 1;
    }
    int64_t const batch = volume(dims) / (n * n);
    cudaError_t const status = launchMatrixInverse(static_cast<float const*>(inputs[0]),
        static_cast<float*>(outputs[0]), batch, static_cast<int32_t>(n), stream);
    if (status != cudaSuccess)
    {
        reportError(std::string("MatrixInverse: kernel launch failed: ") + cudaGetErrorString(status));
        return 1;
    }
    return 0;
}

nvinfer1::PluginFieldCollection const* MatrixInversePlugin::getFieldsToSerialize() noexcept
{
    return mFields.collection();
}

} // namespace trt4j
