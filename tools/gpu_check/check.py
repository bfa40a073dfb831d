"""One command for the GPU machine: the bridge's Python side on CUDA, checked and timed (issue 16).

    python3 tools/gpu_check/check.py --keras-wheel PATH [--device auto|cpu|cuda] [--budget-s 420] [--out DIR]

Runs, each phase in its own Python process with its own time limit (checks first, speed last):
  environment  versions, the GPU, cuDNN, whether Keras imports, torch's float32 flags before anything sets them
  compat       numpy 2 / Python 3.12: a source scan, every module imported with the package's own Deprecation- and
               FutureWarnings as errors, behaviour probes (compat_checks.py)
  torch        the PyTorch engine: every training fixture and every prediction fixture (.keras and .h5), save->load
  keras        real Keras (KERAS_BACKEND=torch) through the Keras engine: the same checks; TF32 off as the engine has it
  agree        the PyTorch engine against real Keras on the same device, prediction fixture by fixture (the
               fixtures were made on a CPU; this separates the bridge from the device's own arithmetic)
  keras-tf32   on CUDA only, informational: the prediction fixtures under torch's default flags (cuDNN TF32 on),
               what a user of real Keras on this GPU gets unless something switches TF32 off
  speed        PyTorch engine vs real Keras vs a plain PyTorch loop, one process (speed.py)
The fixtures are the repository's copies (tests/KerasBridge.Tests/fixtures/keras-3.15.1). The Keras wheel is
unpacked into a temporary folder put on sys.path (a pure-Python wheel needs no installer). Writes gpu_check.json and
gpu_check.md to --out (default $OUT, else ./gpu-check-out) after every phase, prints the markdown at the end, and
exits 1 when a check failed, 2 when none failed but some did not run (time budget), else 0.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PACKAGE_ROOT = os.path.join(REPO, "src", "KerasBridge", "Python")
FIXTURES = os.path.join(REPO, "tests", "KerasBridge.Tests", "fixtures", "keras-3.15.1")
# (phase, most seconds it may take); the budget left caps each, and a phase with under MIN_PHASE_S left is skipped.
PHASES = (("environment", 90), ("compat", 90), ("torch", 180), ("keras", 180), ("agree", 120), ("keras-tf32", 90), ("speed", 600))
MIN_PHASE_S = 15


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keras-wheel", help="keras-3.15.1-py3-none-any.whl (else whatever keras this Python has)")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--budget-s", type=float, default=420.0, help="wall-clock budget for all phases")
    parser.add_argument("--out", default=os.environ.get("OUT") or "gpu-check-out")
    parser.add_argument("--quick", action="store_true", help="small speed sizes (for tests on a CPU)")
    parser.add_argument("--only", action="append", help="fixture cases whose path contains this (repeatable)")
    parser.add_argument("--fixtures", default=FIXTURES, help="the Keras 3.15.1 fixtures folder (default: the repository's)")
    parser.add_argument("--phases", help="comma-separated subset of " + ",".join(p for p, _ in PHASES))
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # internal: run one phase in this process
    parser.add_argument("--phase-out", help=argparse.SUPPRESS)
    parser.add_argument("--deadline-s", type=float, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ----- one phase, in its own process -----
def run_phase(a):
    sys.path.insert(0, PACKAGE_ROOT)
    sys.path.insert(0, HERE)
    import warnings

    warnings.filterwarnings("error", category=DeprecationWarning, module=r"kerasbridge(\..*)?$")
    warnings.filterwarnings("error", category=FutureWarning, module=r"kerasbridge(\..*)?$")
    deadline = time.monotonic() + a.deadline_s
    state = {"phase": a.phase, "results": [], "info": {}}

    def save():
        with open(a.phase_out, "w", encoding="utf-8") as f:
            json.dump(state, f, indent=1, default=str)

    def record(result):
        """Keeps one result (None: only writes what `info` holds now), so a phase killed later loses nothing."""
        if result is not None:
            state["results"].append(result)
        save()

    save()
    import phases

    getattr(phases, a.phase.replace("-", "_"))(a, state["info"], record, deadline, a.fixtures, PACKAGE_ROOT)
    save()


# ----- the orchestrator -----
def unpack_wheel(wheel, into):
    if not os.path.isfile(wheel):
        raise SystemExit(f"--keras-wheel: no file {wheel!r}")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(into)
    return into


def phase_env(a, keras_dir, scratch):
    env = dict(os.environ)
    env["KERAS_HOME"] = os.path.join(scratch, "keras-home")  # no keras.json from elsewhere; nothing written to ~
    paths = [PACKAGE_ROOT, HERE] + ([keras_dir] if keras_dir else []) + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["KERAS_BACKEND"] = "torch"
    env.pop("KERAS_TORCH_DEVICE", None)
    if a.device != "auto":
        env["KERAS_TORCH_DEVICE"] = a.device  # both engines read it (torch_engine/device.py, Keras's torch core)
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    return env


def main(argv=None):
    a = arguments(argv)
    if a.phase:
        return run_phase(a)
    import report

    started = time.monotonic()
    os.makedirs(a.out, exist_ok=True)
    wanted = set(a.phases.split(",")) if a.phases else {p for p, _ in PHASES}
    summary = {"started_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "argv": sys.argv[1:],
               "budget_s": a.budget_s, "phases": {}}
    with tempfile.TemporaryDirectory() as scratch:
        keras_dir = unpack_wheel(a.keras_wheel, os.path.join(scratch, "keras-site")) if a.keras_wheel else None
        env = phase_env(a, keras_dir, scratch)
        for name, cap in PHASES:
            if name not in wanted:
                continue
            left = a.budget_s - (time.monotonic() - started)
            if left < MIN_PHASE_S:
                summary["phases"][name] = {"phase": name, "status": "skipped: the time budget ran out", "results": []}
                continue
            limit = min(cap, left)
            out_file = os.path.join(scratch, name + ".json")
            command = [sys.executable, os.path.abspath(__file__), "--phase", name, "--phase-out", out_file,
                       "--deadline-s", str(limit - min(30, limit * 0.2)), "--device", a.device,
                       "--fixtures", os.path.abspath(a.fixtures)]
            command += ["--quick"] if a.quick else []
            for only in a.only or []:
                command += ["--only", only]
            phase_started = time.monotonic()
            try:
                done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=limit)
                status = "ok" if done.returncode == 0 else f"crashed (exit {done.returncode})"
                log = (done.stdout + done.stderr)[-4000:]
            except subprocess.TimeoutExpired as e:  # its output may be bytes even in text mode
                text = lambda v: v.decode("utf-8", "replace") if isinstance(v, bytes) else (v or "")  # noqa: E731
                status, log = f"killed after {limit:.0f} s (time limit)", (text(e.stdout) + text(e.stderr))[-4000:]
            try:
                with open(out_file, encoding="utf-8") as f:
                    result = json.load(f)
            except (OSError, ValueError):
                result = {"phase": name, "results": [], "info": {}}
            result.update(status=status, seconds=round(time.monotonic() - phase_started, 1))
            if status != "ok":
                result["log_tail"] = log
            else:
                result["output_tail"] = log[-1500:]  # warnings and the like, in the JSON only
            summary["phases"][name] = result
            summary["seconds"] = round(time.monotonic() - started, 1)
            report.write(summary, a.out)
            print(f"[gpu_check] {name}: {status} in {result['seconds']} s", flush=True)
    summary["seconds"] = round(time.monotonic() - started, 1)
    summary["verdict"] = report.verdict(summary)
    markdown = report.write(summary, a.out)
    print(markdown)
    return {"pass": 0, "fail": 1, "incomplete": 2}[summary["verdict"]]


if __name__ == "__main__":
    sys.exit(main())
