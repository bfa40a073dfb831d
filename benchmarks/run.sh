#!/usr/bin/env bash
# benchmarks/run.sh: measures KerasBridge against its baselines in one run and regenerates docs/benchmarks.md.
#   1. array transfer, 40 MB float32: NumpyArrays vs element by element through pythonnet vs Array.Copy
#   2. training (penguins, 20,000-row regression, an LSTM text model, a small CNN): C# vs the same engine from /usr/bin/python3 (and from a
#      python linked to the shared libpython, to separate the interpreter build from the bridge) vs plain
#      PyTorch vs real Keras when `import keras` works
#   3. predict 20,000 rows and one row; 3b. ONNX Runtime vs the bridge (one row, 20,000 rows, 1/2/8 threads);
#   4. cold start; 5. peak memory (VmHWM) of every process.
# Each group runs in its own processes; training and predict run in ROUNDS rounds with the sides in
# alternating order, so a burst of load from other processes falls on all sides alike.
# Environment: ROUNDS (default 3), QUICK=1 (a fast smoke run; its numbers mean little),
#              KEEP_DOC=1 (do not overwrite docs/benchmarks.md; the page goes to benchmarks/results/),
#              BENCH_GROUPS="lstm cnn" (run only these groups, of: transfer penguins regression lstm cnn predict onnx
#              coldstart; with training groups only, their subsections of section 2 are replaced or added in the
#              existing page, marked with this run's date, and everything else on the page stays as it was).
# Real Keras runs with python-env/.venv/bin/python when that imports keras (else /usr/bin/python3, which
# records why not).
# Needs: dotnet, /usr/bin/python3 with numpy and torch (python-env/setup.sh installs them); gcc optional.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="benchmarks/results"
data="$results/data"
PY=/usr/bin/python3
ROUNDS="${ROUNDS:-3}"
started=$(date +%s)

if [ "${QUICK:-0}" = 1 ]; then
  ROUNDS=1; R_TRANSFER=2; E_TRANSFER=100000; R_PENGUINS=1; R_REGRESSION=1; R_PREDICT=2; CALLS=300; R_COLD=1
else
  R_TRANSFER=15; E_TRANSFER=1000000; R_PENGUINS=3; R_REGRESSION=2; R_PREDICT=5; CALLS=3000; R_COLD=5
fi
R_LSTM=2; R_CNN=2
ALL_GROUPS="transfer penguins regression lstm cnn predict onnx coldstart"
BENCH_GROUPS="${BENCH_GROUPS:-$ALL_GROUPS}"
for g in $BENCH_GROUPS; do
  case " $ALL_GROUPS " in *" $g "*) ;; *) echo "run.sh: unknown group '$g' in BENCH_GROUPS; groups: $ALL_GROUPS" >&2; exit 2 ;; esac
done
wanted() { case " $BENCH_GROUPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

say() { printf '[%4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

"$PY" -c "import numpy, torch" 2>/dev/null || { echo "run.sh: $PY cannot import numpy and torch; run python-env/setup.sh first" >&2; exit 1; }
if [ -x python-env/.venv/bin/python ]; then
  export KERASBRIDGE_PYTHON="$root/python-env/.venv/bin/python"
else
  export KERASBRIDGE_PYTHON="$PY"
fi
KERAS_PY="$PY"
if [ -x python-env/.venv/bin/python ] && python-env/.venv/bin/python -c "import keras" 2>/dev/null; then
  KERAS_PY="$root/python-env/.venv/bin/python"
fi

rm -rf "$results"
mkdir -p "$results/bin"
"$PY" - "$results/machine.json" <<'PYEOF'
import json, os, platform, subprocess, sys, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
def out(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return None
json.dump({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kb / 1024**2, 1),
    "kernel": platform.release(), "os": out("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
    "dotnet_sdk": out("dotnet", "--version"), "commit": out("git", "rev-parse", "--short", "HEAD"),
    "dirty": bool(out("git", "status", "--porcelain", "--untracked-files=no")),
    "load_start": os.getloadavg(), "kerasbridge_python": os.environ.get("KERASBRIDGE_PYTHON"),
}, open(sys.argv[1], "w"), indent=1)
PYEOF

say "building benchmarks/KerasBridge.Benchmarks (Release)"
dotnet build -c Release benchmarks/KerasBridge.Benchmarks -v q -nologo > "$results/build.log" 2>&1 || { cat "$results/build.log"; exit 1; }
APP="benchmarks/KerasBridge.Benchmarks/bin/Release/net10.0/KerasBridge.Benchmarks"

SHARED=""
libpython="$("$PY" -c 'import sysconfig as s; print(s.get_config_var("LIBDIR") + "/" + (s.get_config_var("INSTSONAME") or ""))')"
if command -v gcc >/dev/null && [ -f "$libpython" ] \
   && gcc -O2 -o "$results/bin/python3-shared" benchmarks/python/shared_python.c "$libpython" 2>>"$results/build.log"; then
  SHARED="$results/bin/python3-shared"
else
  say "no gcc or no shared libpython: the 'engine from python on libpython.so' rows are skipped"
fi

"$PY" benchmarks/python/make_data.py tests/KerasBridge.Tests/fixtures/penguins.csv "$data" > /dev/null

export PYTHONPATH="$root/src/KerasBridge/Python"
side() {  # side GROUP SIDE ROUND REPS
  local group=$1 s=$2 round=$3 reps=$4 out="$results/$1.$2.r$3.json"
  local common=(--data "$data" --out "$out" --reps "$reps" --warmup 1 --calls "$CALLS")
  case "$s" in
    csharp)        "$APP" "$group" "${common[@]}" > /dev/null ;;
    engine_python) "$PY" benchmarks/python/bench_engine.py "$group" "${common[@]}" ;;
    engine_python_shared) [ -n "$SHARED" ] && "$SHARED" benchmarks/python/bench_engine.py "$group" "${common[@]}" --side engine_python_shared ;;
    plain_torch)   "$PY" benchmarks/python/bench_plain_torch.py "$group" "${common[@]}" ;;
    keras)         "$KERAS_PY" benchmarks/python/bench_keras.py "$group" "${common[@]}" ;;
  esac
}

if wanted transfer; then
  say "transfer: 40 MB float32 each way"
  "$APP" transfer --out "$results/transfer.csharp.r1.json" --reps "$R_TRANSFER" --warmup 1 --elementwise "$E_TRANSFER" > /dev/null
fi

for group in penguins regression lstm cnn predict; do
  wanted "$group" || continue
  case "$group" in penguins) reps=$R_PENGUINS ;; regression) reps=$R_REGRESSION ;; lstm) reps=$R_LSTM ;; cnn) reps=$R_CNN ;; *) reps=$R_PREDICT ;; esac
  order=(csharp engine_python engine_python_shared plain_torch)
  for round in $(seq 1 "$ROUNDS"); do
    say "$group, round $round of $ROUNDS: ${order[*]}"
    for s in "${order[@]}"; do side "$group" "$s" "$round" "$reps"; done
    order=($(printf '%s\n' "${order[@]}" | tac))
  done
  side "$group" keras 1 "$reps"
done

if wanted onnx; then
  say "onnx: ONNX Runtime (KerasBridge.Onnx) vs the bridge's Predict"
  "$APP" onnx --data "$data" --out "$results/onnx.csharp.r1.json" --reps "$R_PREDICT" --warmup 1 --calls "$CALLS" > /dev/null
fi

if wanted coldstart; then
  say "cold start: C# app vs python3 -c, $R_COLD runs each"
  fixture=tests/KerasBridge.Tests/fixtures/keras-3.15.1
  "$APP" export-onnx "$fixture/penguins_mlp.keras" "$results/penguins_mlp.onnx" > /dev/null
  "$PY" benchmarks/python/coldstart.py --app "$APP" --model "$fixture/penguins_mlp.keras" --inputs "$fixture/penguins_mlp.inputs.csv" \
    --out "$results/coldstart.r1.json" --reps "$R_COLD" --warmup 1 --onnx-model "$results/penguins_mlp.onnx" > /dev/null
fi

"$PY" - "$results/machine.json" "$started" "$ROUNDS" "$BENCH_GROUPS" <<'PYEOF'
import json, os, sys, time
m = json.load(open(sys.argv[1]))
m["rounds"] = int(sys.argv[3])
m["groups"] = sys.argv[4].split()
m["load_end"] = os.getloadavg()
m["wall_s"] = round(time.time() - int(sys.argv[2]))
json.dump(m, open(sys.argv[1], "w"), indent=1)
PYEOF

doc=docs/benchmarks.md
[ "${KEEP_DOC:-0}" = 1 ] && doc="$results/benchmarks.md"
if [ "$BENCH_GROUPS" = "$ALL_GROUPS" ]; then
  "$PY" benchmarks/render.py "$results" "$doc"
else
  # A partial run: only training groups and predict can go into the existing page (their sections, marked with this run).
  for g in $BENCH_GROUPS; do
    case "$g" in penguins|regression|lstm|cnn|predict) ;; *) echo "run.sh: BENCH_GROUPS with '$g' renders no page; results stay in $results" >&2; exit 0 ;; esac
  done
  [ "$doc" = docs/benchmarks.md ] || cp docs/benchmarks.md "$doc"
  "$PY" benchmarks/render.py "$results" "$doc" --splice $BENCH_GROUPS
fi
say "done: $doc"
