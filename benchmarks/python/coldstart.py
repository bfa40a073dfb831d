"""Cold start: from process start to the first prediction, C# vs Python, each in a fresh process.

C#:     the benchmark app's `coldstart` mode (start .NET, start the embedded Python, PyTorch engine,
        Models.LoadModel(.keras), Predict one row), run through its apphost as a user runs an app.
Python: `python3 -c` importing the same modules and doing the same (bridge.get_engine("torch"),
        load_model, predict one row).
Each child prints one JSON line once it has predicted; this script times Popen -> that line ("ready")
and Popen -> exit, alternating the two sides, and keeps the child's own VmHWM.
With --onnx-model, a third side: the app's `coldstart-onnx` mode, which loads that .onnx file with
KerasBridge.Onnx (no Python) and predicts the same row.
Usage: coldstart.py --app PATH --model M.keras --inputs I.csv --out FILE [--reps N] [--warmup N] [--onnx-model M.onnx]
"""
import argparse
import json
import os
import subprocess
import sys
import time

PYTHON_CHILD = """
import json, sys
import numpy as np
from kerasbridge import bridge
model = bridge.get_engine("torch").load_model(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    row = [float(v) for v in f.readline().split(",")]
y = model.predict(np.array([row], dtype=np.float32))
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"ready": True, "prediction": [float(v) for v in y[0]], "vmhwm_kb": peak}), flush=True)
"""


def run_once(command, env):
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    ready, report = None, None
    for line in child.stdout:
        if line.startswith("{") and '"ready"' in line:
            ready = time.perf_counter() - started
            report = json.loads(line)
    child.wait()
    exited = time.perf_counter() - started
    if child.returncode != 0 or report is None:
        raise SystemExit(f"cold start failed ({child.returncode}): {' '.join(command)}\n{child.stderr.read()}")
    return ready, exited, report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--onnx-model")
    a = parser.parse_args()
    sides = {
        "csharp": [a.app, "coldstart", a.model, a.inputs],
        "python": [sys.executable, "-c", PYTHON_CHILD, a.model, a.inputs],
    }
    if a.onnx_model:
        sides["csharp_onnx"] = [a.app, "coldstart-onnx", a.onnx_model, a.inputs]
    env = dict(os.environ)
    results = {side: {"ready": [], "exit": [], "vmhwm_kb": [], "steps": [], "prediction": None} for side in sides}
    order = list(sides)
    for i in range(a.warmup + a.reps):
        for side in (order if i % 2 == 0 else order[::-1]):
            ready, exited, report = run_once(sides[side], env)
            if i >= a.warmup:
                r = results[side]
                r["ready"].append(ready)
                r["exit"].append(exited)
                r["vmhwm_kb"].append(report.get("vmhwm_kb"))
                if "steps_s" in report:
                    r["steps"].append(report["steps_s"])
                r["prediction"] = report.get("prediction")
    rows = []
    for side, r in results.items():
        rows.append({"name": "first_prediction", "side": side, "times_s": r["ready"], "cpu_s": []})
        rows.append({"name": "process_exit", "side": side, "times_s": r["exit"], "cpu_s": []})
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump({"group": "coldstart", "side": "both", "rows": rows,
                   "vmhwm_kb": {side: max(v for v in r["vmhwm_kb"] if v) for side, r in results.items()},
                   "csharp_steps_s": results["csharp"]["steps"],
                   "csharp_onnx_steps_s": results.get("csharp_onnx", {}).get("steps", []),
                   "predictions": {side: r["prediction"] for side, r in results.items()},
                   "model": os.path.relpath(a.model)}, f, indent=1)
    print(f"coldstart: {a.reps} runs per side -> {a.out}")


if __name__ == "__main__":
    main()
