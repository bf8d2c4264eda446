#!/usr/bin/env bash
# From a fresh clone: installs the Debian/Ubuntu packages the main job needs (only those missing,
# with sudo unless run as root), builds the quanta tool, and runs the main job on the committed
# default model: measure its float top-1 on the 10,000 Fashion-MNIST test images, quantize it to
# full-integer int8 (500 calibration images from the training split, verified before it is
# written to out/), and measure the int8 model the same way. Extra arguments go to both
# `quanta eval` runs, e.g. scripts/quickstart.sh --limit 1000
# The .NET 10 SDK must already be installed (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "quickstart: the .NET 10 SDK is missing; install it first (README.md, 'Quick start'):" >&2
  echo "  https://learn.microsoft.com/dotnet/core/install/linux" >&2
  exit 2
fi

packages=(dataset-fashion-mnist)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "quickstart: installing ${missing[*]}"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

dotnet build src/Quanta.Cli -c Release -nologo -v quiet -clp:NoSummary
quanta() { dotnet src/Quanta.Cli/bin/Release/net10.0/quanta.dll "$@"; }
mkdir -p out
echo "== float model"
quanta eval models/fmnist_mobilenet_v1.onnx --dataset fashion-mnist "$@"
echo "== quantize (int8, 500 calibration images)"
quanta quantize models/fmnist_mobilenet_v1.onnx -o out/fmnist_mobilenet_v1_int8.onnx --mode int8 --calibration fashion-mnist --samples 500
echo "== int8 model"
quanta eval out/fmnist_mobilenet_v1_int8.onnx --dataset fashion-mnist "$@"
