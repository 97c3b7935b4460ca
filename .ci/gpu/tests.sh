#!/usr/bin/env bash
# GPU host: goldens, reference models for bench.sh, and the GPU test suite (see README.md).
# The device-memory test runs alone first (cudaMemGetInfo is device-wide); the other GPU tests then run in four
# JVMs side by side (correctness only, nothing is timed here) while PyTorch writes goldens and reference models.
set -u
start=$(date +%s); G=/tmp/goldens; W=/tmp/w; L=/tmp/logs; rm -rf $G $L; mkdir -p $G $W $L/junit
. .gpu/run/setup.sh
py() { env -u LD_LIBRARY_PATH PYTHONUNBUFFERED=1 python3 "$@"; }
gpu_tests() { local name=$1; shift; OUT= bash .gpu/run/gpu-test.sh --include-tag gpu "$@" --reports-dir $L/junit/$name > $L/gpu-$name.log 2>&1; echo "exit $?" >> $L/gpu-$name.log; }

gpu_tests memory --include-classname '.*SessionMemoryGpuTest'

for job in weights-tools/src/test/python/make_fixtures.py:fixtures runtime/src/test/python/make_op_goldens.py:ops \
           runtime/src/test/python/make_network_goldens.py:network plugins/src/test/python/make_plugin_goldens.py:plugins \
           networks/src/test/python/srcnn_reference.py:srcnn networks/src/test/python/fcn_reference.py:fcn \
           networks/src/test/python/make_yolov3.py:yolov3; do
  (py ${job%%:*} $G/${job##*:} > $L/${job##*:}.log 2>&1; echo "exit $?" >> $L/${job##*:}.log) &
done
(py runtime/src/test/python/make_tiny_onnx.py $W/tiny > $L/tiny_onnx.log 2>&1; echo "exit $?" >> $L/tiny_onnx.log) &
(py networks/src/test/python/srcnn_reference.py $W/srcnn --onnx $W/srcnn/srcnn.onnx --size 256 --scale 3 \
   --weights networks/src/main/resources/org/trt4j/networks/srcnn/srcnn_x3.wts > $L/srcnn_onnx.log 2>&1; echo "exit $?" >> $L/srcnn_onnx.log) &
(py networks/src/test/python/fcn_reference.py $W/fcn --full-wts --no-aux > $L/fcn_full.log 2>&1 \
   && py networks/src/test/python/fcn_reference.py $W/fcn --onnx $W/fcn/fcn_resnet101.onnx --no-aux >> $L/fcn_full.log 2>&1; echo "exit $?" >> $L/fcn_full.log) &

gpu_tests runtime --include-package org.trt4j.runtime --exclude-classname '.*SessionMemoryGpuTest' &
gpu_tests plugins --include-package org.trt4j.plugins &
gpu_tests fcn --include-package org.trt4j.networks.fcn &
gpu_tests networks --include-package org.trt4j.networks --exclude-package org.trt4j.networks.fcn --exclude-classname '.*FullSize.*' &
# the full-size YOLOv3 parity test needs the 608 reference first
(py networks/src/test/python/yolov3_reference.py --size 608 --wts $W/yolov3.wts --onnx $W/yolov3.onnx --golden $W/yolov3_608.npz \
   > $L/yolov3_full.log 2>&1; echo "exit $?" >> $L/yolov3_full.log
 JAVA_TOOL_OPTIONS=-Dtrt4j.yolov3.dir=$W gpu_tests yolov3_608 --include-classname '.*YoloV3FullSizeTensorRtTest') &

while [ -n "$(jobs -r)" ] && [ $(( $(date +%s) - start )) -lt 480 ]; do sleep 5; done
echo "tests.sh: $(( $(date +%s) - start )) s, still running: $(jobs -r | wc -l)" > $L/tests_sh.log
tar czf $OUT/goldens.tgz -C $G .
tar czf $OUT/junit.tgz -C $L junit
tar czf $OUT/logs.tgz -C $L $(cd $L && ls *.log)
{ for f in $L/*.log; do echo "$(basename $f): $(tail -1 $f)"; done
  grep -hE "tests (successful|failed)" $L/gpu-*.log; grep -h "✘" $L/gpu-*.log; } > $OUT/summary.txt
cat $OUT/summary.txt; ls -la $OUT
