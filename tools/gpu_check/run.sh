#!/usr/bin/env bash
# The GPU check in one command (issue 16): tools/gpu_check/run.sh [check.py options, e.g. --device cuda --budget-s 360]
# Uses .gpu-carry/keras-3.15.1-py3-none-any.whl (made by prepare_carry.sh) unless --keras-wheel is given.
# Results: gpu_check.json and gpu_check.md in $OUT (or --out DIR); the markdown is printed at the end.
# Exit: 0 all checks pass, 1 a check failed, 2 none failed but some did not run (time budget).
set -u
cd "$(dirname "$0")/../.."
PY=""
for candidate in ${PYTHON:-} python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import torch, numpy" >/dev/null 2>&1; then
    PY="$candidate"; break
  fi
done
[[ -n "$PY" ]] || { echo "gpu_check: no Python with torch and numpy found (set PYTHON)" >&2; exit 1; }
args=("$@")
wheel=.gpu-carry/keras-3.15.1-py3-none-any.whl
if [[ " $* " != *" --keras-wheel "* && -f "$wheel" ]]; then
  args+=(--keras-wheel "$wheel")
fi
# The carried 'packaging' only where this Python has none (Keras's torch trainer imports it).
if [[ -d .gpu-carry/site ]] && ! "$PY" -c "import packaging" >/dev/null 2>&1; then
  export PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$PWD/.gpu-carry/site"
fi
echo "gpu_check: $("$PY" -c 'import sys, numpy, torch; print(sys.executable, sys.version.split()[0], "numpy", numpy.__version__, "torch", torch.__version__, "cuda", torch.cuda.is_available())')"
exec "$PY" tools/gpu_check/check.py "${args[@]}"
