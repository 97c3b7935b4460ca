#!/usr/bin/env bash
# GPU host: the GPU test suite in two halves (one run call each), goldens and reference models (see README.md).
#   tests.sh runtime    goldens + reference models for bench.sh, the device-memory test alone (cudaMemGetInfo is
#                       device-wide), then runtime and plugins tests in two JVMs side by side
#   tests.sh networks   SRCNN/YOLOv3 and FCN tests in two JVMs, then the full-size YOLOv3 parity test
# Nothing here is timed, so JVMs share the GPU. Every group has a hard deadline (DEADLINE seconds after the start,
# default 420) and its results are copied to $OUT the moment it ends, so a cut call still returns what finished.
set -u
half=${1:?usage: tests.sh runtime|networks}
start=$(date +%s); deadline=$(( start + ${DEADLINE:-420} ))
G=/tmp/goldens; W=/tmp/w; L=/tmp/logs/$half; rm -rf $L; mkdir -p $G $W $L/junit
. .gpu/run/setup.sh
PY="env -u LD_LIBRARY_PATH PYTHONUNBUFFERED=1 python3"
left() { echo $(( deadline - $(date +%s) )); }
publish() {  # copy what exists now to $OUT (whole files only: write aside, then rename)
  { for f in $L/*.log; do [ -f "$f" ] && echo "$(basename $f): $(tail -1 $f)"; done
    grep -hE "tests (successful|failed|aborted)" $L/gpu-*.log 2>/dev/null; grep -h "✘" $L/gpu-*.log 2>/dev/null | head -40; } > $OUT/.summary.$BASHPID && mv $OUT/.summary.$BASHPID $OUT/summary-$half.txt
  tar czf $OUT/.logs.$BASHPID -C $L $(cd $L && ls *.log) 2>/dev/null && mv $OUT/.logs.$BASHPID $OUT/logs-$half.tgz
}
gpu_tests() {  # name, JUnit console options...
  local name=$1 t=$(left); shift
  OUT= timeout -k 10 $(( t > 10 ? t : 10 )) bash .gpu/run/gpu-test.sh --include-tag gpu "$@" --reports-dir $L/junit/$name > $L/gpu-$name.log 2>&1
  echo "exit $? after $(( $(date +%s) - start )) s" >> $L/gpu-$name.log; publish
}
job() {  # name, command...: a background step (PyTorch) with its own log
  local name=$1; shift
  ( timeout $(left) "$@" > $L/$name.log 2>&1; echo "exit $? after $(( $(date +%s) - start )) s" >> $L/$name.log ) &
}

case $half in
runtime)
  rm -rf $G/*
  for j in weights-tools/src/test/python/make_fixtures.py:fixtures runtime/src/test/python/make_op_goldens.py:ops \
           runtime/src/test/python/make_network_goldens.py:network plugins/src/test/python/make_plugin_goldens.py:plugins \
           networks/src/test/python/srcnn_reference.py:srcnn networks/src/test/python/fcn_reference.py:fcn \
           networks/src/test/python/make_yolov3.py:yolov3; do
    job golden-${j##*:} $PY ${j%%:*} $G/${j##*:}
  done
  job tiny_onnx $PY runtime/src/test/python/make_tiny_onnx.py $W/tiny
  job srcnn_onnx $PY networks/src/test/python/srcnn_reference.py $W/srcnn --onnx $W/srcnn/srcnn.onnx --size 256 --scale 3 \
      --weights networks/src/main/resources/org/trt4j/networks/srcnn/srcnn_x3.wts
  job fcn_full bash -c "$PY networks/src/test/python/fcn_reference.py $W/fcn --full-wts --no-aux && \
      $PY networks/src/test/python/fcn_reference.py $W/fcn --onnx $W/fcn/fcn_resnet101.onnx --no-aux"
  job yolov3_full $PY networks/src/test/python/yolov3_reference.py --size 608 --wts $W/yolov3.wts --onnx $W/yolov3.onnx \
      --golden $W/yolov3_608.npz
  gpu_tests memory --include-classname '.*SessionMemoryGpuTest'
  wait  # the PyTorch steps take about a minute
  tar czf $OUT/.goldens -C $G . && mv $OUT/.goldens $OUT/goldens.tgz
  # CliGpuTest compares with the ONNX route on tiny.onnx (generated above, never committed: *.onnx is ignored)
  JAVA_TOOL_OPTIONS=-Dtrt4j.tiny.onnx=$W/tiny/tiny.onnx gpu_tests runtime --include-package org.trt4j.runtime --exclude-classname '.*SessionMemoryGpuTest' &
  gpu_tests plugins --include-package org.trt4j.plugins &
  wait
  ;;
networks)
  gpu_tests networks --include-package org.trt4j.networks --exclude-package org.trt4j.networks.fcn --exclude-classname '.*FullSize.*' &
  gpu_tests fcn --include-package org.trt4j.networks.fcn &
  wait
  JAVA_TOOL_OPTIONS=-Dtrt4j.yolov3.dir=$W gpu_tests yolov3_608 --include-classname '.*YoloV3FullSizeTensorRtTest'
  ;;
*) echo "tests.sh: unknown half $half" >&2; exit 2;;
esac
tar czf $OUT/.junit -C $L junit && mv $OUT/.junit $OUT/junit-$half.tgz
publish; cat $OUT/summary-$half.txt; ls -la $OUT
