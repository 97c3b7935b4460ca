// BatchedNms plugin (trt4j::BatchedNms, version 1, namespace "trt4j"): class-aware non-maximum suppression with
// fixed-size outputs, the semantics of org.trt4j.plugins.BatchedNms (the Java CPU reference).
// Inputs: 0 boxes N x B x 4 (x1, y1, x2, y2), 1 scores N x B x C, both FP32 (TensorRT casts FP16 producers).
// Outputs: 0 count N INT32, 1 boxes N x K x 4 FP32, 2 scores N x K FP32, 3 classes N x K INT32, K = max_detections;
// rows from count on are zero.
// Fields (all optional): score_threshold FLOAT32 >= 0 (default 0.5), iou_threshold FLOAT32 in [0, 1] (0.45),
// max_per_class INT32 >= 1 (100), max_detections INT32 in [1, 65536] (100), candidates INT32 in [1, 4096] (4096).
//
// Semantics: the (box, class) pairs with score > score_threshold are ranked by score descending, then class, then
// box (ascending); only the first `candidates` of them take part. Visiting those in rank order, a pair is kept
// unless its class already holds max_per_class kept boxes or its box has IoU > iou_threshold with a kept box of
// its class; the first K kept pairs are the rows. The candidates bound changes nothing when at most `candidates`
// pairs pass the threshold, nor when K pairs are kept among the candidates: a pair's fate depends only on the
// higher-ranked pairs, so the candidates are decided as without the bound and the first K kept are the same.
#pragma once

#include "kernels.h"
#include "plugin_common.h"

namespace trt4j
{

class BatchedNmsPlugin final : public PluginV3Base<BatchedNmsPlugin>
{
public:
    static constexpr char const* kName = "BatchedNms";
    static constexpr char const* kVersion = "1";

    static std::vector<Attribute> const& attributes();
    static bool validate(std::vector<int32_t> const& values, std::string& error);

    explicit BatchedNmsPlugin(std::vector<int32_t> const& values);
    BatchedNmsPlugin(BatchedNmsPlugin const& other) = default;

    int32_t getNbOutputs() const noexcept override;
    int32_t getOutputDataTypes(nvinfer1::DataType* outputTypes, int32_t nbOutputs,
        nvinfer1::DataType const* inputTypes, int32_t nbInputs) const noexcept override;
    int32_t getOutputShapes(nvinfer1::DimsExprs const* inputs, int32_t nbInputs, nvinfer1::DimsExprs const* shapeInputs,
        int32_t nbShapeInputs, nvinfer1::DimsExprs* outputs, int32_t nbOutputs,
        nvinfer1::IExprBuilder& exprBuilder) noexcept override;
    bool supportsFormatCombination(int32_t pos, nvinfer1::DynamicPluginTensorDesc const* inOut, int32_t nbInputs,
        int32_t nbOutputs) noexcept override;
    int32_t configurePlugin(nvinfer1::DynamicPluginTensorDesc const* in, int32_t nbInputs,
        nvinfer1::DynamicPluginTensorDesc const* out, int32_t nbOutputs) noexcept override;
    size_t getWorkspaceSize(nvinfer1::DynamicPluginTensorDesc const* inputs, int32_t nbInputs,
        nvinfer1::DynamicPluginTensorDesc const* outputs, int32_t nbOutputs) const noexcept override;
    char const* getMetadataString() noexcept override;
    int32_t enqueue(nvinfer1::PluginTensorDesc const* inputDesc, nvinfer1::PluginTensorDesc const* outputDesc,
        void const* const* inputs, void* const* outputs, void* workspace, cudaStream_t stream) noexcept override;
    nvinfer1::PluginFieldCollection const* getFieldsToSerialize() noexcept override;

private:
    FieldSet mFields;
    BatchedNmsParams mParams;
    std::string mMetadata;
};

using BatchedNmsCreator = CreatorV3Base<BatchedNmsPlugin>;

} // namespace trt4j
