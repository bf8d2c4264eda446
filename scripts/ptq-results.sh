#!/usr/bin/env bash
# Produces docs/ptq-results.md: Fashion-MNIST top-1 of every reference model (../shared/models/onnx)
# quantized in every mode and, for int8, with every calibration method, next to PyTorch's float and
# PTQ figures from the JSON beside each model, with the size ratios and the issue's thresholds.
# Everything comes from the tool: `quanta quantize --json` then `quanta eval --json` per row.
#   scripts/ptq-results.sh                 all 10,000 test images (29 minutes on a shared, heavily loaded 2-core machine)
#   LIMIT=2000 scripts/ptq-results.sh      the first 2,000 only
#   MODELS="fmnist_mobilenet_v1" ...       a subset of the models
#   TFLITE_LIMIT=10000 ...                 TFLite rows on more images (default 2,000: int16x8 runs on reference kernels)
set -euo pipefail
cd "$(dirname "$0")/.."

models_dir=${MODELS_DIR:-../shared/models/onnx}
out=${OUT:-docs/ptq-results.md}
work=${WORK:-$(mktemp -d)}
samples=${SAMPLES:-500}
limit=${LIMIT:-}
tflite_limit=${TFLITE_LIMIT:-${LIMIT:-2000}}
methods=(minmax moving-average percentile entropy mse)
models=${MODELS:-$(cd "$models_dir" && ls fmnist_*.onnx | sed 's/\.onnx$//')}

dotnet build src/Quanta.Cli -c Release -nologo -v quiet -clp:NoSummary
quanta() { dotnet src/Quanta.Cli/bin/Release/net10.0/quanta.dll "$@"; }
eval_args=(--dataset fashion-mnist --json)
[ -n "$limit" ] && eval_args+=(--limit "$limit")

rows="$work/rows.jsonl"
: > "$rows"
for m in $models; do
  model="$models_dir/$m.onnx"
  echo "ptq-results: $m float" >&2
  quanta eval "$model" "${eval_args[@]}" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"model":sys.argv[1],"mode":"float","eval":r}))' "$m" >> "$rows"
  # mode:method:ONNX format; int8 with every method in QDQ form, and with the default method
  # (no --method) in QOperator form too.
  configs=()
  for method in "${methods[@]}"; do configs+=("int8:$method:qdq"); done
  configs+=("int8:-:qoperator" "dynamic:-:qdq" "float16:-:qdq")
  for c in "${configs[@]}"; do
    IFS=: read -r mode method format <<< "$c"
    q="$work/$m.$mode.$method.$format.onnx"
    args=(quantize "$model" -o "$q" --mode "$mode" --calibration fashion-mnist --samples "$samples" --json)
    [ "$method" != "-" ] && args+=(--method "$method")
    [ "$mode" = int8 ] && args+=(--onnx-format "$format")
    echo "ptq-results: $m $mode $method $format" >&2
    qjson=$(quanta "${args[@]}")
    ejson=$(quanta eval "$q" "${eval_args[@]}")
    python3 -c 'import json,sys; print(json.dumps({"model":sys.argv[1],"mode":sys.argv[2],"method":sys.argv[3],"format":sys.argv[4],"quantize":json.loads(sys.argv[5]),"eval":json.loads(sys.argv[6])}))' \
      "$m" "$mode" "$method" "$format" "$qjson" "$ejson" >> "$rows"
  done
  # TFLite export: int8 and int16x8 (TFLite-only), with the float model measured on the same
  # images. int16x8 runs on the reference integer kernels, so it is measured on the first
  # $tflite_limit test images unless TFLITE_LIMIT says otherwise.
  tflite_args=(--dataset fashion-mnist --json --limit "$tflite_limit")
  fjson=$(quanta eval "$model" "${tflite_args[@]}")
  for mode in int8 int16x8; do
    q="$work/$m.$mode.tflite"
    echo "ptq-results: $m $mode tflite (first $tflite_limit images)" >&2
    qjson=$(quanta quantize "$model" -o "$q" --mode "$mode" --calibration fashion-mnist --samples "$samples" --json)
    ejson=$(quanta eval "$q" "${tflite_args[@]}")
    python3 -c 'import json,sys; print(json.dumps({"model":sys.argv[1],"mode":sys.argv[2],"method":"-","format":"tflite","quantize":json.loads(sys.argv[3]),"eval":json.loads(sys.argv[4]),"float_eval":json.loads(sys.argv[5])}))' \
      "$m" "$mode" "$qjson" "$ejson" "$fjson" >> "$rows"
  done
done
python3 scripts/ptq-results-table.py "$rows" "$models_dir" "$samples" > "$out"
echo "ptq-results: wrote $out (rows in $rows)" >&2
