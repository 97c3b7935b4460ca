// The BatchedNms checks of trt4j_plugins_smoke (smoke_batched_nms.cu).
#pragma once

#include "smoke_support.h"

// Fields, shapes, formats and serialization through the ABI; with `gpu`, enqueue against a host reference.
void batchedNmsSmokeChecks(nvinfer1::IPluginCreatorV3One* creator, bool gpu, SmokeCheck check);
