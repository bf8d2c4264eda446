#!/usr/bin/env bash
# Side-by-side single-thread benchmark of Quanta, ONNX Runtime and PyTorch on the four models of
# issue 5 (MobileNet v1/v2 224, ResNet-50 224, Inception v3 299). Builds the float models when
# missing (never committed), makes the int8 QDQ models with Quanta's quantizer next to them, and
# writes benchmarks/results/latency.md and latency.json.
#
# Usage: scripts/bench.sh [MODEL_DIR] [extra compare options, e.g. --runs 30 --no-torch]
# Run it on a quiet machine: other processes make the medians noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
models=${1:-/tmp/bench}
shift || true
mkdir -p "$models"
for m in mobilenet_v1_224 mobilenet_v2_224 resnet50_224 inception_v3_299; do
  if [ ! -f "$models/$m.onnx" ]; then
    echo "building the float models in $models (make-bench-models.py)" >&2
    /usr/bin/python3 ../shared/tools/make-bench-models.py "$models" mobilenet_v1 mobilenet_v2 resnet50 inception_v3
    break
  fi
done
dotnet build -c Release benchmarks/Quanta.Benchmarks -v q -nologo
args=(compare --models "$models" --out benchmarks/results "$@")
dotnet benchmarks/Quanta.Benchmarks/bin/Release/net10.0/Quanta.Benchmarks.dll "${args[@]}" \
  --command "scripts/bench.sh $models${*:+ $*}"
