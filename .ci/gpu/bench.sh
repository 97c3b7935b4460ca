#!/usr/bin/env bash
# GPU host: benchmarks (see README.md), side by side in one run each, on the H100. Each step is time-boxed;
# one timing cache per network and precision is shared by the trt4j and the ONNX-parser builds. Caches carried in
# .gpu/caches are used (a cold YOLOv3 FP16 build takes ~200 s, a warm one ~20 s) and every group returns its caches.
#   bench.sh small | fcnbuild | compat | int8 | int8yolo | int8fcn | rvm | matte | mvs | yolo1|yolo8|fcn1026|fcn520|fcn256 [--fp16] [--tf32] [--fp32]   (default: all three)
# int8: YOLOv3 608 INT8 (explicit Q/DQ, scales calibrated in Java on CALIB photos, default tests.sh's PNG copies of 16 SRCNN training photos) against FP16.
# int8yolo, int8fcn: Int8Agreement, INT8 against FP32 on photos never calibrated on (boxes matched by class and IoU; argmax pixels).
# compat: what version and hardware compatibility cost, the same YOLOv3 608 FP16 engine built three ways, then trt4j check.
# mvs: casmvsnet at 1x3x3x384x768 (plugin and native grid sample) and PyTorch eager FP32/TF32/FP16 in the same run,
# then the ONNX route (export fails on the inverse; with it as a custom node, what TensorRT's parser says).
# fcn256 is accuracy, not speed: both engines' logits and per-pixel argmax against torchvision's FP32 logits.
set -u
group=${1:?usage: bench.sh small|fcnbuild|compat|int8|int8yolo|int8fcn|rvm|matte|mvs|yolo1|yolo8|fcn1026|fcn520|fcn256 [precisions]}; shift
precisions=${*:---fp16 --tf32 --fp32}
W=/tmp/w; B=$OUT/bench-$group.log; mkdir -p $W
. .gpu/run/setup.sh > /dev/null
export LD_LIBRARY_PATH=$(pwd)/.gpu/run/app/native:$LD_LIBRARY_PATH
[ -d .gpu/caches ] && cp -n .gpu/caches/*.cache $W/ 2>/dev/null
T() { java -Djava.library.path=$(pwd)/.gpu/run/app/native -cp ".gpu/run/app/lib/*" org.trt4j.cli.Main "$@"; }
step() { local limit=$1; shift; echo "### $*" | tee -a $B; ( timeout $limit bash -c "$(declare -f T); $*" ) 2>&1 | grep -vE "^\s*\[[0-9.]+ s\]" | tee -a $B; echo "(exit ${PIPESTATUS[0]})" | tee -a $B; }
flag() { [ "$1" = --fp32 ] || echo "$1"; }
case $group in
small)
  step 120 "java -Djava.library.path=$(pwd)/.gpu/run/app/native -cp '.gpu/run/app/lib/*' org.trt4j.plugins.bench.PluginBench --out $OUT/plugin-bench.md"
  step 60 "env -u LD_LIBRARY_PATH python3 plugins/src/test/python/bench_plugins_torch.py --out $OUT/torch-bench.md"
  # the README's first command (T: the launcher's Maven rebuild is not possible there): builds and caches, then loads
  step 90 "T upscale --input examples/chelsea.png --scale 3 --output $OUT/chelsea_x3.png"
  step 60 "T upscale --input examples/chelsea.png --scale 3 --output $OUT/chelsea_x3.png"
  ;;
fcnbuild)  # build time with an empty, then a warm timing cache (a scratch cache: carried ones stay untouched)
  rm -f $W/fcn-coldwarm.cache
  for kind in cold warm; do
    step 240 "T build fcn_resnet101 --weights $W/fcn/fcn_resnet101.wts --fp16 --shape input=1x3x1026x1282 --timing-cache $W/fcn-coldwarm.cache --out $W/fcn_$kind.engine"
  done
  ;;
int8)
  # BATCH=N: both engines at batch N (calibration repeats each photo N times: the batch-1 thresholds), engines yolo-*-bN
  n=${BATCH:-1}; b=$([ $n = 1 ] || echo -b$n)
  Y="T build yolov3 --weights $W/yolov3.wts --option input=608 --option heads=raw --option batch=$n --shape input=${n}x3x608x608"
  # FP16 first (its carried cache makes it ~20 s); the INT8 cache starts as a copy of it (the FP16 fallbacks' timings)
  # ONLY=fp16 or ONLY=int8: one of the two, when both builds are cold and would not fit one call (the FP16 engine stays in $W)
  [ "${ONLY:-fp16}" = fp16 ] && step 300 "$Y --timing-cache $W/yolo--fp16.cache --fp16 --out $W/yolo-fp16$b.engine && T bench --engine $W/yolo-fp16$b.engine --iterations 200 --warmup 20"
  [ -s $W/yolo--int8.cache ] || cp $W/yolo--fp16.cache $W/yolo--int8.cache 2>/dev/null
  [ "${ONLY:-int8}" = int8 ] && step 420 "$Y --timing-cache $W/yolo--int8.cache --int8 --calib ${CALIB:-$W/srcnn-calib} --calib-count 8 --calib-cache $W/yolov3-608$b.scales.json --out $W/yolo-int8$b.engine && T bench --engine $W/yolo-int8$b.engine --iterations 200 --warmup 20"
  cp $W/yolov3-608$b.scales.json $OUT/ 2>/dev/null
  # TensorRT's layer information of both engines (which layers run INT8, what reformats remain), for the record
  [ "${ONLY:-int8}" = int8 ] && for p in fp16 int8; do [ -s $W/yolo-$p$b.engine ] && T inspect --engine $W/yolo-$p$b.engine --json > $OUT/yolo-$p$b-layers.json 2>&1; done
  ;;
int8yolo|int8fcn)  # INT8 against FP32 on the 24 held-out SRCNN photos (never calibrated on): YOLOv3 box agreement, FCN argmax agreement
  # (YOLOv3's INT8 build shares int8's cache; AGREEMENT_ARGS: more Int8Agreement options, e.g. --bias-correction, --opt-level N)
  [ $group = int8yolo ] && a="yolov3 --weights $W/yolov3.wts" || a="fcn_resnet101 --weights $W/fcn/fcn_resnet101.wts"
  step 540 "java -Djava.library.path=$(pwd)/.gpu/run/app/native -cp '.gpu/run/app/lib/*' org.trt4j.networks.Int8Agreement $a --calib ${CALIB:-$W/srcnn-calib} --count 8 --images ${IMAGES:-/opt/srcnn/corpus/heldout} --calib-cache $W/$group.scales.json --timing-cache $W/$group.cache $([ $group = int8yolo ] && echo --int8-timing-cache $W/yolo--int8.cache) ${AGREEMENT_ARGS:-}"
  ;;
matte)  # trt4j matte end to end, 60 frames of 1080x1920 PNG: decode ahead, FP16 engine (built once, OPT_LEVEL default 1), PNG writer pool
  mkdir -p $W/rvm; [ -s $W/rvm/rvm.wts ] || step 120 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/rvm_reference.py wts $W/rvm/rvm.wts"
  [ -d $W/rvm/frames ] || env -u LD_LIBRARY_PATH python3 -c "import os, numpy as np, PIL.Image as I
os.makedirs('$W/rvm/frames', exist_ok=True); y, x = np.mgrid[0:1080, 0:1920]
for i in range(60): I.fromarray(np.stack([(x + 8 * i) % 256, (y + 4 * i) % 256, (x + y) % 256], -1).astype(np.uint8)).save('$W/rvm/frames/%04d.png' % i)"
  step 540 "set -o pipefail; T matte --weights $W/rvm/rvm.wts --input $W/rvm/frames --output $W/rvm/mattes --opt-level ${OPT_LEVEL:-1} 2>&1 | tr '\\r' '\\n' | tail -4"
  ;;
compat)
  # the excluded-lean-runtime plan loads through a named lean runtime: the host has only the full libnvinfer, tried as one
  export TRT4J_LEAN_RUNTIME=${TRT4J_LEAN_RUNTIME:-$(find /opt/gpu ~/.javacpp -name libnvinfer.so.10 2>/dev/null | head -1)}
  for c in "" "--version-compatible" "--version-compatible --exclude-lean-runtime" "--hardware-compatibility ampere+"; do
    step 240 "T build yolov3 --weights $W/yolov3.wts --option input=608 --option heads=raw --shape input=1x3x608x608 --timing-cache $W/yolo--fp16.cache --fp16 $c --out $W/compat.engine && ls -l $W/compat.engine && T check --engine $W/compat.engine && T bench --engine $W/compat.engine --iterations 200 --warmup 20"
  done
  ;;
yolo1|yolo8)
  n=${group#yolo}
  for p in $precisions; do
    # end to end first (decode and BatchedNms inside the engine, the 1.5 ms target): its build fills the cache
    [ $n = 1 ] && [ $p = --fp16 ] && step 300 "T bench yolov3 --weights $W/yolov3.wts --option input=608 --option heads=detections --shape input=1x3x608x608 --timing-cache $W/yolo${p}.cache --iterations 200 --warmup 20 --fp16"
    step 420 "T bench yolov3 --weights $W/yolov3.wts --option input=608 --option batch=$n --option heads=raw --shape input=${n}x3x608x608 --onnx $W/yolov3.onnx --timing-cache $W/yolo${p}.cache --iterations 200 --warmup 20 $(flag $p)"
  done
  ;;
fcn1026|fcn520)
  s=${group#fcn}; [ $s = 1026 ] && hw=1026x1282 || hw=520x520
  for p in $precisions; do
    step 300 "T bench fcn_resnet101 --weights $W/fcn/fcn_resnet101.wts --shape input=1x3x$hw --timing-cache $W/fcn${p}.cache --onnx $W/fcn/fcn_resnet101.onnx --iterations 50 --warmup 5 --layers-out $W/layers/$group$p $(flag $p)"
  done
  # both engines' layer information, to find the layers whose tactics differ
  tar czf $OUT/layers-$group.tgz -C $W/layers . 2>/dev/null
  ;;
fcn256)  # the hash input of the FP16 argmax test, torchvision's logits from fcn_reference.py --bench-npy
  [ -s $W/fcn/out256.npy ] || step 120 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/fcn_reference.py $W/fcn --bench-npy"
  for p in $precisions; do
    step 300 "T bench fcn_resnet101 --weights $W/fcn/fcn_resnet101.wts --shape input=1x3x256x256 --input input=$W/fcn/input256.npy --reference out=$W/fcn/out256.npy --argmax-axis 1 --timing-cache $W/fcn256${p}.cache --onnx $W/fcn/fcn_resnet101.onnx --iterations 50 --warmup 5 $(flag $p)"
  done
  ;;
rvm)  # RVM 1080x1920 at ratio 0.25, batch 1: PyTorch FP16 eager, then trt4j vs ONNX-parser engine (states on the device); OPT_LEVEL=N for both builds
  [ -s $W/rvm/rvm.onnx ] || step 120 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/rvm_reference.py onnx $W/rvm/rvm.onnx"
  # PyTorch first: the engine builds take minutes and a call cut at its limit should still hold the comparison
  step 180 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/rvm_reference.py bench"
  for p in $precisions; do
    step 420 "java -Djava.library.path=$(pwd)/.gpu/run/app/native -cp '.gpu/run/app/lib/*' org.trt4j.networks.rvm.RvmBench $p --onnx $W/rvm/rvm.onnx --timing-cache $W/rvm${p}.cache ${OPT_LEVEL:+--opt-level $OPT_LEVEL}"
  done
  ;;
mvs)
  [ -s $W/mvs/mvs.wts ] || step 300 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/mvs_reference.py full $W/mvs --device cuda --wts"
  in=$(for n in imgs proj_matrices_stage1 proj_matrices_stage2 proj_matrices_stage3 depth_values edge; do printf -- "--input %s=$W/mvs/%s.npy " $n $n; done)
  # PyTorch's FP32 depth and confidence (TF32 off) as references: bench prints each engine's largest difference
  env -u LD_LIBRARY_PATH python3 -c "import numpy as np; z = np.load('$W/mvs/mvs_full.npz')
for k in ('depth', 'photometric_confidence'): np.save('$W/mvs/ref_%s.npy' % k, z[k])"
  ref="--reference depth=$W/mvs/ref_depth.npy --reference photometric_confidence=$W/mvs/ref_photometric_confidence.npy"
  step 180 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/mvs_reference.py bench --device cuda"
  for p in $precisions; do
    for gs in ${GRID:-plugin native}; do  # GRID=plugin: the default path only
      step 420 "T bench casmvsnet --weights $W/mvs/mvs.wts --option grid_sample=$gs $in $ref --timing-cache $W/mvs${p}.cache --iterations 50 --warmup 5 $(flag $p)"
    done
    # FP16 with the geometry (projections, inverse, hypotheses, grid) kept FP32 by precision constraints: its cost and its depth
    [ $p = --fp16 ] && step 420 "T bench casmvsnet --weights $W/mvs/mvs.wts --option geometry=fp32 $in $ref --timing-cache $W/mvs${p}.cache --iterations 50 --warmup 5 --fp16"
  done
  if [ "${ONNX:-1}" = 1 ]; then  # ONNX=0: the timings only (the ONNX route's answer does not change per precision)
    step 120 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/mvs_reference.py onnx $W/mvs/mvs.onnx"
    step 120 "env -u LD_LIBRARY_PATH python3 networks/src/test/python/mvs_reference.py onnx $W/mvs/mvs_noinv.onnx --no-inverse"
    for m in mvs mvs_noinv; do  # whichever exported: what TensorRT's parser says (the first failing node), else the timing
      [ -s $W/mvs/$m.onnx ] && step 300 "T bench casmvsnet --weights $W/mvs/mvs.wts $in --onnx $W/mvs/$m.onnx --iterations 10 --warmup 2"
    done
  fi
  ;;
*) echo "bench.sh: unknown group $group" >&2; exit 2;;
esac
# timing caches back, for the next visit's .gpu/caches (fcn groups also return layers-GROUP.tgz)
(cd $W && ls *.cache > /dev/null 2>&1 && tar czf $OUT/caches-$group.tgz *.cache)
