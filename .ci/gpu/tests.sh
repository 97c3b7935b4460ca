#!/usr/bin/env bash
# GPU host: goldens, SRCNN training, reference models for bench.sh, and the GPU test suite (see README.md).
set -u
start=$(date +%s); G=/tmp/goldens; W=/tmp/w; L=/tmp/logs; rm -rf $G $L; mkdir -p $G $W $L
. .gpu/run/setup.sh
py() { env -u LD_LIBRARY_PATH PYTHONUNBUFFERED=1 python3 "$@"; }
py networks/src/main/python/train_srcnn.py $W/srcnn_train > $L/srcnn_train.log 2>&1 &
for job in weights-tools/src/test/python/make_fixtures.py:fixtures runtime/src/test/python/make_op_goldens.py:ops \
           runtime/src/test/python/make_network_goldens.py:network plugins/src/test/python/make_plugin_goldens.py:plugins \
           networks/src/test/python/srcnn_reference.py:srcnn networks/src/test/python/fcn_reference.py:fcn \
           networks/src/test/python/make_yolov3.py:yolov3; do
  (py ${job%%:*} $G/${job##*:} > $L/${job##*:}.log 2>&1; echo "exit $?" >> $L/${job##*:}.log) &
done
(py runtime/src/test/python/make_tiny_onnx.py $W/tiny > $L/tiny_onnx.log 2>&1; echo "exit $?" >> $L/tiny_onnx.log) &
(py networks/src/test/python/fcn_reference.py $W/fcn --full-wts --no-aux > $L/fcn_full.log 2>&1 \
   && py networks/src/test/python/fcn_reference.py $W/fcn --onnx $W/fcn/fcn_resnet101.onnx --no-aux >> $L/fcn_full.log 2>&1; echo "exit $?" >> $L/fcn_full.log) &
(py networks/src/test/python/yolov3_reference.py --size 608 --wts $W/yolov3.wts --onnx $W/yolov3.onnx > $L/yolov3_full.log 2>&1; echo "exit $?" >> $L/yolov3_full.log) &
mkdir -p $L/junit
OUT= timeout 400 bash .gpu/run/gpu-test.sh --include-tag gpu --reports-dir $L/junit > $L/gpu-tests.log 2>&1; echo "gpu-test exit $?" >> $L/gpu-tests.log
while [ -n "$(jobs -r)" ] && [ $(( $(date +%s) - start )) -lt 500 ]; do sleep 5; done
py networks/src/test/python/srcnn_reference.py $W/srcnn --onnx $W/srcnn/srcnn.onnx --size 256 --scale 3 \
   --weights $W/srcnn_train/srcnn_x3.wts > $L/srcnn_onnx.log 2>&1
tar czf $OUT/goldens.tgz -C $G .
tar czf $OUT/srcnn.tgz -C $W srcnn_train
tar czf $OUT/junit.tgz -C $L junit
gzip -c $L/gpu-tests.log > $OUT/gpu-tests.log.gz
{ for f in $L/*.log; do echo "$(basename $f): $(tail -1 $f)"; done
  grep -E "tests (successful|failed)" $L/gpu-tests.log; grep "✘" $L/gpu-tests.log; } > $OUT/summary.txt
cat $OUT/summary.txt; ls -la $OUT
