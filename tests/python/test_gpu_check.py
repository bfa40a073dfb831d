"""tools/gpu_check (the one command for a GPU machine, issue 16) run here on the CPU, so it cannot rot between
GPU loans: every phase on a small subset of the fixtures with the quick speed sizes; a fixture that does not match
fails the run (exit 1, FAIL in the report); a budget too small for any phase skips them all (exit 2)."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import FIXTURES, REPO, keras_available

CHECK = os.path.join(REPO, "tools", "gpu_check", "check.py")


def run_check(out, *args, timeout=240):
    env = dict(os.environ)
    env.pop("KERAS_TORCH_DEVICE", None)
    done = subprocess.run([sys.executable, CHECK, "--device", "cpu", "--out", str(out), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
    with open(os.path.join(out, "gpu_check.json"), encoding="utf-8") as f:
        summary = json.load(f)
    with open(os.path.join(out, "gpu_check.md"), encoding="utf-8") as f:
        markdown = f.read()
    return done, summary, markdown


def results(summary, phase):
    return summary["phases"][phase]["results"]


def test_every_phase_runs_on_the_cpu(tmp_path):
    done, summary, markdown = run_check(tmp_path, "--quick", "--budget-s", "200", "--only", "single_neuron",
                                        "--only", "training/sgd_momentum_mse")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert summary["verdict"] == "pass"
    assert [p for p in summary["phases"]] == ["environment", "compat", "torch", "keras", "agree", "keras-tf32", "speed"]
    torch_cases = {r["case"]: r for r in results(summary, "torch")}
    assert set(torch_cases) == {"training/sgd_momentum_mse", "single_neuron"}
    assert all(r["ok"] and r["max_error"] <= 1e-4 for r in torch_cases.values())
    assert set(torch_cases["single_neuron"]["errors"]) == {"load .keras", "load .h5", "save -> load (exact)"}
    assert summary["phases"]["torch"]["info"]["device"] == "cpu"
    if keras_available():
        assert {r["case"] for r in results(summary, "keras")} == set(torch_cases)
        assert all(r["ok"] for r in results(summary, "keras"))
        agree = {r["case"]: r for r in results(summary, "agree")}
        assert set(agree) == {"single_neuron"} and agree["single_neuron"]["ok"]
        assert set(agree["single_neuron"]["errors"]) == {"engine vs Keras", "engine vs fixture", "Keras vs fixture"}
    assert summary["phases"]["keras-tf32"]["info"]["skipped"] == "TF32 exists on CUDA only"
    assert all(r["ok"] for r in results(summary, "compat")) and len(results(summary, "compat")) >= 7
    speed = {r["benchmark"]: r for r in results(summary, "speed")}
    assert set(speed) == {"regression fit", "cnn fit (episode 4)", "predict 2000 rows", "predict 1 row"}
    sides = {"engine", "plain_torch"} | ({"keras"} if keras_available() else set())
    for r in speed.values():
        assert set(r["median_s"]) == sides and all(v > 0 for v in r["median_s"].values())
        assert r["ratios"]["engine/plain_torch"] > 0
    assert "# GPU check" in markdown and "| regression fit |" in markdown and "**FAIL**" not in markdown
    assert "single_neuron" in done.stdout  # the report is printed too


def test_a_fixture_that_does_not_match_fails_the_run(tmp_path):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for ext in (".keras", ".h5", ".inputs.csv", ".predictions.csv"):
        shutil.copy(os.path.join(FIXTURES, "single_neuron" + ext), fixtures)
    expected = np.loadtxt(fixtures / "single_neuron.predictions.csv", delimiter=",", ndmin=2)
    np.savetxt(fixtures / "single_neuron.predictions.csv", expected * 1.001, delimiter=",")
    out = tmp_path / "out"
    done, summary, markdown = run_check(out, "--phases", "torch", "--fixtures", str(fixtures), "--budget-s", "120")
    assert done.returncode == 1 and summary["verdict"] == "fail"
    (case,) = results(summary, "torch")
    assert case["case"] == "single_neuron" and case["ok"] is False and 5e-4 < case["max_error"] < 2e-3
    assert "| prediction | single_neuron |" in markdown and "**FAIL**" in markdown


def test_a_budget_too_small_skips_the_phases(tmp_path):
    done, summary, markdown = run_check(tmp_path, "--budget-s", "1", timeout=60)
    assert done.returncode == 2 and summary["verdict"] == "incomplete"
    assert all(p["status"].startswith("skipped") for p in summary["phases"].values())
    assert "skipped: the time budget ran out" in markdown


def test_an_unknown_wheel_is_refused(tmp_path):
    done = subprocess.run([sys.executable, CHECK, "--out", str(tmp_path), "--keras-wheel", str(tmp_path / "no.whl")],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "--keras-wheel: no file" in done.stderr


# The wheel of the project's machines: ../shared beside the checkout (as .ci/run finds it).
WHEEL = os.path.join(REPO, "..", "shared", "realkeras", "keras-3.15.1-py3-none-any.whl")


@pytest.mark.skipif(not os.path.exists(WHEEL), reason="only where the Keras wheel of the project's machines is present")
def test_the_wheel_is_unpacked_and_imported(tmp_path):
    done, summary, _ = run_check(tmp_path, "--phases", "environment", "--budget-s", "90", "--keras-wheel", WHEEL)
    keras = summary["phases"]["environment"]["info"]["keras"]
    assert keras.startswith("3.15.1 (backend torch) from ") and "keras-site" in keras, keras


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="this machine has a GPU")
def test_asking_for_cuda_without_a_gpu_fails_clearly(tmp_path):
    env = dict(os.environ)
    done = subprocess.run([sys.executable, CHECK, "--device", "cuda", "--phases", "environment,torch", "--budget-s", "60",
                           "--out", str(tmp_path)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    summary = json.load(open(tmp_path / "gpu_check.json", encoding="utf-8"))
    assert done.returncode == 1 and summary["verdict"] == "fail"
    device = {r["case"]: r for r in results(summary, "environment")}["requested device available"]
    assert device["ok"] is False and "'cuda' (environment variable KERAS_TORCH_DEVICE) is not usable here" in str(device["detail"])
    assert summary["phases"]["torch"]["status"].startswith("crashed")
    assert "sees no CUDA GPU" in summary["phases"]["torch"]["log_tail"]
