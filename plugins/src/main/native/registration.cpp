// The library's only exported symbols: what IPluginRegistry::loadLibrary() and trtexec --dynamicPlugins look up.
// To add a plugin, add its creator to the list below.
#include "batched_nms_plugin.h"
#include "grid_sample_plugin.h"
#include "matrix_inverse_plugin.h"

#define TRT4J_EXPORT __attribute__((visibility("default")))

extern "C" TRT4J_EXPORT nvinfer1::IPluginCreatorInterface* const* getCreators(int32_t& nbCreators)
{
    static trt4j::GridSampleCreator gridSampleCreator;
    static trt4j::MatrixInverseCreator matrixInverseCreator;
    static trt4j::BatchedNmsCreator batchedNmsCreator;
    static nvinfer1::IPluginCreatorInterface* const kCreators[]
        = {&gridSampleCreator, &matrixInverseCreator, &batchedNmsCreator};
    nbCreators = static_cast<int32_t>(sizeof(kCreators) / sizeof(kCreators[0]));
    return kCreators;
}

extern "C" TRT4J_EXPORT void setLoggerFinder(nvinfer1::ILoggerFinder* finder)
{
    trt4j::setLoggerFinderImpl(finder);
}
