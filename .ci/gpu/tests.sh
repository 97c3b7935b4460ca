#!/usr/bin/env bash
# GPU host: the GPU test suite in two halves (one run call each), and the reference models bench.sh needs.
#   tests.sh runtime          reference models into /tmp/w unless there already (PyTorch, in the background), the device-memory test alone
#                             (cudaMemGetInfo is device-wide), then every runtime and plugins test class
#   tests.sh networks         every networks test class (the full-size YOLOv3 one needs /tmp/w from the runtime half)
#   tests.sh classes A B ...  just these test classes (simple names; CLASS#method for one method), to re-run what failed;
#                             RUN=NAME names its logs and $OUT files (default: the half), so two runs in one call keep both
#   tests.sh references       only the reference models (what bench.sh needs), ~70 s
#   tests.sh all              both halves in one call: references awaited, the device-memory tests alone, then every
#                             runtime, plugins and networks class, JOBS (default 4: with 8, TensorRT builds failed with a CUDA driver error) at a time
# Every test class runs in its own JVM (a native crash loses one class, not a group), JOBS at a time (default 6);
# nothing here is timed, so they share the GPU. Each has a hard deadline (DEADLINE seconds after the start, default
# 420), and $OUT gets the summary, logs and JUnit reports again each time a class ends, so a cut call returns what
# finished. GOLDENS=1 also regenerates every golden with the committed scripts into goldens.tgz (~1 min).
set -u
half=${1:?usage: tests.sh runtime|networks|references|classes NAME...}; shift
start=$(date +%s); deadline=$(( start + ${DEADLINE:-420} ))
G=/tmp/goldens; W=/tmp/w; run=${RUN:-$half}; L=/tmp/logs/$run; rm -rf $L; mkdir -p $G $W $L/junit
. .gpu/run/setup.sh
PY="env -u LD_LIBRARY_PATH PYTHONUNBUFFERED=1 python3"
left() { echo $(( deadline - $(date +%s) )); }
publish() {  # copy what exists now to $OUT (whole files only: write aside, then rename)
  { for f in $L/*.log; do [ -f "$f" ] && echo "$(basename $f): $(grep -hE "tests (successful|failed)" $f | tr -s ' \n' ' ') $(tail -1 $f)"; done
    grep -h "✘" $L/*.log 2>/dev/null | head -60; } > $OUT/.summary.$BASHPID && mv $OUT/.summary.$BASHPID $OUT/summary-$run.txt
  tar czf $OUT/.logs.$BASHPID -C $L $(cd $L && ls *.log) 2>/dev/null && mv $OUT/.logs.$BASHPID $OUT/logs-$run.tgz
  tar czf $OUT/.junit.$BASHPID -C $L junit 2>/dev/null && mv $OUT/.junit.$BASHPID $OUT/junit-$run.tgz
}
test_entries() {  # every .class entry of the test jars
  env -u LD_LIBRARY_PATH python3 -c 'import sys, zipfile
for j in sys.argv[1:]: print("\n".join(zipfile.ZipFile(j).namelist()))' .gpu/run/app/lib/*-tests.jar | grep '\.class$'
}
test_class() {  # simple class name, or CLASS#method for one test method: its own JVM, log gpu-NAME.log, reports junit/NAME
  local name=$1 t=$(left) fqcn
  fqcn=$(test_entries | grep -E "(^|/)${name%%#*}\.class$" | head -1 | sed 's/\.class$//; s#/#.#g')
  [ -n "$fqcn" ] || { echo "no test class ${name%%#*} in app/lib/*-tests.jar" > $L/gpu-$name.log; return; }
  export JAVA_TOOL_OPTIONS="-Dtrt4j.tiny.onnx=$W/tiny/tiny.onnx -Dtrt4j.yolov3.dir=$W -Dtrt4j.srcnn.calib=$W/srcnn-calib"
  # 15 s before the deadline the JVM is asked for a thread dump (SIGQUIT, into the log): where a hung class waits (visit 13)
  ( sleep $(( t > 30 ? t - 15 : 15 )); pkill -QUIT -f -- "^\S*java .*--reports-dir $L/junit/$name " ) & local dump=$!
  if [ "$name" = "${name#*#}" ]; then
    OUT= timeout -k 10 $(( t > 10 ? t : 10 )) \
      bash .gpu/run/gpu-test.sh --include-tag gpu --include-classname "^${fqcn//./\\.}\$" --reports-dir $L/junit/$name > $L/gpu-$name.log 2>&1
  else  # gpu-test.sh always scans the class path, which JUnit refuses beside --select-method
    ( R=$(pwd)/.gpu/run; . $R/setup.sh; export LD_LIBRARY_PATH=$R/app/native:$LD_LIBRARY_PATH
      timeout -k 10 $(( t > 10 ? t : 10 )) java -Djava.library.path=$R/app/native -jar $R/app/junit.jar execute \
        --class-path "$(ls $R/app/lib/*.jar | tr '\n' ':')" --select-method "$fqcn#${name#*#}" --details=tree --disable-banner \
        --reports-dir $L/junit/$name ) > $L/gpu-$name.log 2>&1
  fi
  echo "exit $? after $(( $(date +%s) - start )) s" >> $L/gpu-$name.log
  kill $dump 2>/dev/null
  # timeout stops gpu-test.sh, not the JVM it started: a JVM left running holds the GPU for the next call (visit 7)
  pkill -9 -f -- "--reports-dir $L/junit/$name " 2>/dev/null; publish
}
gpu_classes() {  # all gpu test classes of these packages (simple names), in the order given
  test_entries | grep -E "(GpuTest|TensorRtTest)\.class$" \
    | grep -E "^($(echo "$@" | sed 's/\./\//g; s/ /|/g'))/" | sed 's#.*/##; s/\.class$//' | sort -u \
    | awk '/^(OpTranslation|YoloV3FullSize|Fcn|YoloV3|SerializedEngine)/ { print; next } { rest = rest $0 "\n" } END { printf "%s", rest }'
}  # the slowest first: they set the half's length
parallel_classes() { printf '%s\n' "$@" | xargs -P ${JOBS:-6} -I{} bash -c "$(declare -f left publish test_entries test_class); test_class {}"; }
job() {  # name, command...: a background step (PyTorch) with its own log
  local name=$1; shift
  ( timeout $(left) "$@" > $L/$name.log 2>&1; echo "exit $? after $(( $(date +%s) - start )) s" >> $L/$name.log ) &
}
# REFS="tiny yolov3 ...": only these (names of the jobs below, srcnn_calib for the PNG copies), for a short visit
want() { [ -z "${REFS:-}" ] || [[ " $REFS " == *" $1 "* ]]; }
references() {  # the models bench.sh and the full-size YOLOv3 test need, in the background, unless made already
  tiny_job=; want tiny_onnx && [ ! -s $W/tiny/tiny.onnx ] && { job tiny_onnx $PY runtime/src/test/python/make_tiny_onnx.py $W/tiny; tiny_job=$!; }
  want srcnn_onnx && [ ! -s $W/srcnn/srcnn.onnx ] && job srcnn_onnx $PY networks/src/test/python/srcnn_reference.py $W/srcnn --onnx $W/srcnn/srcnn.onnx --size 256 --scale 3 \
      --weights networks/src/main/resources/org/trt4j/networks/srcnn/srcnn_x3.wts
  want fcn_full && [ ! -s $W/fcn/fcn_resnet101.onnx ] && job fcn_full bash -c "$PY networks/src/test/python/fcn_reference.py $W/fcn --full-wts --no-aux && \
      $PY networks/src/test/python/fcn_reference.py $W/fcn --onnx $W/fcn/fcn_resnet101.onnx --no-aux"
  # PNG copies of 16 training photos for the INT8 calibration tests: the bundle's JRE cannot decode JPEG (no libjpeg.so.62 there)
  want srcnn_calib && [ ! -d $W/srcnn-calib ] && [ -d /opt/srcnn/corpus/train ] && $PY -c "import glob, os, PIL.Image as I
os.makedirs('$W/srcnn-calib', exist_ok=True)
for f in sorted(glob.glob('/opt/srcnn/corpus/train/*.jpg'))[:16]: I.open(f).convert('RGB').save('$W/srcnn-calib/' + os.path.basename(f)[:-4] + '.png')" > $L/srcnn_calib.log 2>&1
  mvs_job=; want mvs_full && [ ! -s $W/mvs/mvs_full.npz ] && { job mvs_full $PY networks/src/test/python/mvs_reference.py full $W/mvs --device cuda --wts; mvs_job=$!; }
  want yolov3_full && [ ! -s $W/yolov3.onnx ] && job yolov3_full $PY networks/src/test/python/yolov3_reference.py --size 608 --wts $W/yolov3.wts --onnx $W/yolov3.onnx \
      --golden $W/yolov3_608.npz
  # RVM: PyTorch FP32 frames at 1080x1920 for RvmTensorRtGpuTest, the ONNX model (ratio 0.25 fixed) for bench.sh rvm
  want rvm_frames && [ ! -s $W/rvm/rvm_frames.npz ] && job rvm_frames $PY networks/src/test/python/rvm_reference.py frames $W/rvm --device cuda
  want rvm_onnx && [ ! -s $W/rvm/rvm.onnx ] && job rvm_onnx $PY networks/src/test/python/rvm_reference.py onnx $W/rvm/rvm.onnx
  return 0
}
# classes that read cudaMemGetInfo, which is device-wide: each runs alone, before the parallel ones
MEMORY_CLASSES='SessionMemoryGpuTest|DeviceTensorGpuTest'
memory_classes() { for c in ${MEMORY_CLASSES//|/ }; do test_class $c; done; }
NETWORKS_MEMORY_CLASSES='RvmDeviceMemoryGpuTest'  # the same, in the networks module
export start deadline L W OUT half run NETWORKS_MEMORY_CLASSES

case $half in
runtime)
  if [ "${GOLDENS:-0}" = 1 ]; then
    rm -rf $G/*
    for j in weights-tools/src/test/python/make_fixtures.py:fixtures runtime/src/test/python/make_op_goldens.py:ops \
             runtime/src/test/python/make_network_goldens.py:network plugins/src/test/python/make_plugin_goldens.py:plugins \
             networks/src/test/python/srcnn_reference.py:srcnn networks/src/test/python/fcn_reference.py:fcn \
             networks/src/test/python/make_yolov3.py:yolov3; do
      job golden-${j##*:} $PY ${j%%:*} $G/${j##*:}
    done
  fi
  references
  memory_classes
  # CliGpuTest compares with the ONNX route on tiny.onnx, made above (never committed: *.onnx is ignored)
  [ -z "$tiny_job" ] || wait $tiny_job
  parallel_classes $(gpu_classes org.trt4j.runtime org.trt4j.plugins | grep -vxE "$MEMORY_CLASSES")
  wait
  [ "${GOLDENS:-0}" = 1 ] && tar czf $OUT/.goldens -C $G . && mv $OUT/.goldens $OUT/goldens.tgz
  ;;
networks) test_class $NETWORKS_MEMORY_CLASSES; parallel_classes $(gpu_classes org.trt4j.networks | grep -vxE "$NETWORKS_MEMORY_CLASSES");;
references) references; wait;;
all) references; memory_classes; test_class $NETWORKS_MEMORY_CLASSES; wait  # the full-size YOLOv3 and CLI tests need every reference model
  JOBS=${JOBS:-4} parallel_classes $(gpu_classes org.trt4j.runtime org.trt4j.plugins org.trt4j.networks | grep -vxE "$MEMORY_CLASSES|$NETWORKS_MEMORY_CLASSES");;
classes) references; [ -z "$tiny_job" ] || wait $tiny_job; [ -z "$mvs_job" ] || wait $mvs_job; parallel_classes "$@"; wait;;
*) echo "tests.sh: unknown half $half" >&2; exit 2;;
esac
publish; cat $OUT/summary-$run.txt; ls -la $OUT
