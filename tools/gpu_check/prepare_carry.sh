#!/usr/bin/env bash
# Fills .gpu-carry/ (git-ignored) with what the device machine lacks and the working tree does not hold:
# the Keras 3.15.1 wheel (pure Python, 1.7 MB) and a pure-Python 'packaging' (Keras's torch trainer imports it;
# run.sh uses this copy only when the device's Python has none). Run it here, then pass carry [".gpu-carry"].
# Usage: tools/gpu_check/prepare_carry.sh [WHEEL]   (default ../shared/realkeras/keras-3.15.1-py3-none-any.whl)
set -eu
cd "$(dirname "$0")/../.."
wheel="${1:-../shared/realkeras/keras-3.15.1-py3-none-any.whl}"
[[ -f "$wheel" ]] || { echo "no Keras wheel at $wheel" >&2; exit 1; }
rm -rf .gpu-carry && mkdir -p .gpu-carry/site
cp "$wheel" .gpu-carry/
packaging_dir="$(${PYTHON:-/usr/bin/python3} -c 'import os, packaging; print(os.path.dirname(packaging.__file__))' 2>/dev/null || true)"
if [[ -n "$packaging_dir" ]]; then
  cp -r "$packaging_dir" .gpu-carry/site/packaging
  find .gpu-carry/site -name __pycache__ -prune -exec rm -rf {} +
fi
du -sh .gpu-carry && ls .gpu-carry .gpu-carry/site
