#!/usr/bin/env bash
# GPU host: benchmarks (see README.md), side by side in one run each, on the H100. Each step is time-boxed.
set -u
group=${1:?usage: bench.sh small|fcn|yolo}
W=/tmp/w; B=$OUT/bench.log
. .gpu/run/setup.sh > /dev/null
export LD_LIBRARY_PATH=$(pwd)/.gpu/run/app/native:$LD_LIBRARY_PATH
T() { java -Djava.library.path=$(pwd)/.gpu/run/app/native -cp ".gpu/run/app/lib/*" org.trt4j.cli.Main "$@"; }
step() { local limit=$1; shift; echo "### $*" | tee -a $B; ( timeout $limit bash -c "$(declare -f T); $*" ) 2>&1 | grep -vE "^\s*\[[0-9.]+ s\]" | tee -a $B; echo "(exit ${PIPESTATUS[0]})" | tee -a $B; }
case $group in
small)
step 90 "T build tiny --weights runtime/src/test/resources/golden/network/tiny.wts --out $W/tiny.engine"
step 90 "T bench --engine $W/tiny.engine --iterations 20000 --warmup 2000 --onnx $W/tiny/tiny.onnx"
step 60 "T bench --engine $W/tiny.engine --iterations 20000 --warmup 2000 --cuda-graph"
step 30 "T inspect --engine $W/tiny.engine --json > $OUT/tiny-inspect.json"
for p in "" --tf32 --fp16; do
  step 120 "T bench srcnn --weights $W/srcnn_train/srcnn_x3.wts --option scale=3 --shape input=1x3x256x256 --onnx $W/srcnn/srcnn.onnx --iterations 500 --warmup 50 $p"
done
step 90 "T upscale --input $W/srcnn_train/examples/chelsea.png --scale 3 --weights $W/srcnn_train/srcnn_x3.wts --output $OUT/chelsea_x3.png"
step 60 "T upscale --input $W/srcnn_train/examples/chelsea.png --scale 3 --weights $W/srcnn_train/srcnn_x3.wts --output $OUT/chelsea_x3.png"
step 120 "java -Djava.library.path=$(pwd)/.gpu/run/app/native -cp '.gpu/run/app/lib/*' org.trt4j.plugins.bench.PluginBench --out $OUT/plugin-bench.md"
step 60 "env -u LD_LIBRARY_PATH python3 plugins/src/test/python/bench_plugins_torch.py --out $OUT/torch-bench.md"
;;
fcn)
rm -f $W/fcn.cache
step 200 "T build fcn_resnet101 --weights $W/fcn/fcn_resnet101.wts --fp16 --shape input=1x3x1026x1282 --timing-cache $W/fcn.cache --out $W/fcn_cold.engine"
step 100 "T build fcn_resnet101 --weights $W/fcn/fcn_resnet101.wts --fp16 --shape input=1x3x1026x1282 --timing-cache $W/fcn.cache --out $W/fcn_warm.engine"
step 200 "T bench fcn_resnet101 --weights $W/fcn/fcn_resnet101.wts --fp16 --shape input=1x3x1026x1282 --timing-cache $W/fcn.cache --onnx $W/fcn/fcn_resnet101.onnx --iterations 100 --warmup 10"
;;
yolo)
for p in "" --tf32 --fp16; do
  step 240 "T bench yolov3 --weights $W/yolov3.wts --option input=608 --option heads=raw --shape input=1x3x608x608 --onnx $W/yolov3.onnx --timing-cache $W/yolo$p.cache $p"
done
;;
esac
