"""Renders docs/benchmarks.md from the JSON files benchmarks/run.sh collected.

Usage: render.py RESULTS_DIR OUT.md
       render.py RESULTS_DIR OUT.md --splice GROUP...   (a partial run of training groups and/or predict: their
       subsections of section 2 (section 3 for predict) and their target rows replace or join those of the
       existing OUT.md, marked with this run)
Every number in the page comes from RESULTS_DIR; the hand-written analysis is benchmarks/analysis.md,
included as it is. Medians, spreads and ratios are computed here from the raw times.
"""
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from render_common import (SIDE_LABELS, fmt_mb, fmt_ratio, fmt_time, iqr, load, paired, pct, ratio,  # noqa: E402
                           run_note, spread, stats, table, verdict)
from render_onnx import onnx_section, onnx_targets  # noqa: E402  (beside this file)
from render_predict import PREDICT_HEADING, predict_section, predict_targets, splice_predict  # noqa: E402

TRAINING_SIDES = ["csharp", "engine_embedded", "engine_python", "engine_python_shared", "plain_torch", "plain_torch_paired", "keras"]
TRAINING_TITLES = {
    "penguins": "The lesson's penguin model: Input 4 → Dense 10 relu → Dense 3 softmax, adam, categorical "
                "crossentropy, 100 epochs, batch 32, 266 training rows",
    "regression": "Regression: 20,000 × 20 → Dense 100 relu → Dense 50 relu → Dense 1, adam, mse, batch 32, 5 epochs",
    "lstm": "LSTM text model: 2,000 × 40 token ids → Embedding 1000 × 32 → LSTM 32 → Dense 1 sigmoid, adam, binary "
            "crossentropy, batch 32, 3 epochs",
    "cnn": "Small CNN: 2,000 × 28 × 28 × 1 → Conv2D 16 3×3 relu → MaxPooling2D → Conv2D 32 3×3 relu → MaxPooling2D → "
           "Flatten → Dense 10, adam, sparse categorical crossentropy from logits, batch 32, 3 epochs",
}
TRAINING_NOTES = {
    "lstm": "The plain loop is `nn.Embedding` → `nn.LSTM` → `nn.Linear` with the sigmoid folded into "
            "`binary_cross_entropy_with_logits`. The engine's LSTM runs `torch._VF.lstm` (the call Keras's torch "
            "backend makes on CUDA), i.e. torch's own C++ LSTM loop, as `nn.LSTM` does on the CPU; its arithmetic "
            "is Keras's CPU fallback (input projections at once, then `h @ R` per step, gates i, f, c, o) up to "
            "rounding. Real Keras on the CPU runs that fallback as a Python loop of 40 steps.",
    "cnn": "The plain loop views each NHWC batch as NCHW (`permute`, no copy), so torch runs the convolutions and "
           "pooling in its channels_last format, as it does for the engine (which permutes the same way, following "
           "Keras's torch backend); a contiguous NCHW copy made once is slower with torch 1.13 on the CPU (its NCHW "
           "`max_pool2d` took ~7× longer in a profile), which would flatter the engine.",
}


# ---------------------------------------------------------------------------------------------- loading


# ---------------------------------------------------------------------------------------------- formatting


# ---------------------------------------------------------------------------------------------- sections
def environment(machine, extra):
    csharp_env = next((r["env"] for (g, s), rs in extra.items() if s == "csharp" for r in rs if "env" in r), {})
    python_env = next((r["env"] for (g, s), rs in extra.items() if s == "engine_python" for r in rs if "env" in r), {})
    keras = next((r for (g, s), rs in extra.items() if s == "keras" for r in rs), None)
    if keras is None:
        keras_text = "not run"
    elif keras.get("available"):
        keras_text = f"{keras.get('keras')} (backend {keras.get('backend')})"
    else:
        keras_text = f"not available: {keras.get('reason')}"
    load_start = machine.get("load_start") or [None]
    load_end = machine.get("load_end") or [None]
    body = [
        ("date", machine.get("date")),
        ("machine", f"{machine.get('cores')} cores, {machine.get('cpu')}, {machine.get('memory_gib')} GiB memory"),
        ("OS", f"{machine.get('os')}, kernel {machine.get('kernel')}"),
        ("load average (1 min) at start / end", f"{load_start[0]:.1f} / {load_end[0]:.1f} (other builds and tests share the cores)"
         if load_start[0] is not None and load_end[0] is not None else "–"),
        (".NET", f"{csharp_env.get('dotnet', '–')} (SDK {machine.get('dotnet_sdk')})"),
        ("pythonnet", csharp_env.get("pythonnet", "–")),
        ("Python (embedded in C#)", f"{csharp_env.get('python', '–')}: {csharp_env.get('python_executable', '–')} over {csharp_env.get('python_shared_library', '–')}"),
        ("Python (baselines)", f"{python_env.get('python', '–')}: {python_env.get('executable', '/usr/bin/python3')}"),
        ("numpy", python_env.get("numpy", "–")),
        ("torch", f"{python_env.get('torch', '–')}, {python_env.get('torch_threads', '?')} intra-op thread(s) in Python, "
                  f"{csharp_env.get('torch_threads', '?')} in the C# process; device {python_env.get('device', '–')}"),
        ("Keras", keras_text),
        ("commit", f"{machine.get('commit')}{' (with uncommitted changes)' if machine.get('dirty') else ''}"),
        ("whole run", f"{machine.get('wall_s', '–')} s (benchmarks/run.sh, build included)"),
    ]
    return table(["", ""], body)


def transfer_section(rows, memory):
    g = "transfer"
    ref = stats(rows, g, "dotnet", "array_copy_existing")
    entries = [
        ("`Array.Copy` into an existing `float[]` (the reference)", "dotnet", "array_copy_existing", "both"),
        ("`Array.Copy` into a new `float[]`", "dotnet", "array_copy_new", "both"),
        ("KerasBridge `NumpyArrays.ToNumpy` (C# → numpy, a new array)", "kerasbridge", "to_numpy", "C# → numpy"),
        ("KerasBridge `NumpyArrays.CopyTo` (C# → an existing numpy array)", "kerasbridge", "copy_to_numpy_existing", "C# → numpy"),
        ("KerasBridge `NumpyArrays.ToArray<float[]>` (numpy → C#, a new array)", "kerasbridge", "to_array", "numpy → C#"),
        ("KerasBridge `NumpyArrays.CopyTo` (numpy → an existing C# array)", "kerasbridge", "copy_to_existing", "numpy → C#"),
        ("element by element through pythonnet (C# → numpy) ¹", "elementwise", "to_numpy", "C# → numpy"),
        ("element by element through pythonnet (numpy → C#) ¹", "elementwise", "to_array", "numpy → C#"),
        ("inside Python: `ndarray.copy()` (into new memory) ²", "numpy", "numpy_copy_new", "–"),
        ("inside Python: `np.copyto` into an existing array ²", "numpy", "numpy_copy_existing", "–"),
    ]
    body = []
    for label, side, name, direction in entries:
        s = stats(rows, g, side, name)
        if not s:
            continue
        mbps = 40e6 / s.median / 1e6 if s.median else None
        body.append((label, direction, fmt_time(s.median), spread(s), iqr(s), s.n,
                     f"{mbps:,.0f} MB/s" if mbps else "–", fmt_ratio(ratio(s.median, ref.median))))
    measured = rows.get((g, "elementwise", "to_numpy"))
    elements = measured["raw"][0].get("measured_elements") if measured else None
    notes = [
        f"¹ Timed on {elements:,} floats and scaled linearly to 10M (the full array takes too long: the scaling is "
        "exact for a per-element loop). C# → numpy: a `PyFloat` per element appended to a `PyList`, then "
        "`numpy.array(list, 'float32')`; numpy → C#: index each element and convert it through a Python float "
        "(numpy scalars do not convert with `As<float>()`)." if elements else "",
        "² For reading the KerasBridge rows: the same copy done by numpy alone, in the embedded Python, without "
        "a hand-off or .NET allocation.",
        f"Peak resident memory of the transfer process: {fmt_mb(memory.get((g, 'csharp')))}.",
    ]
    header = ["method", "direction", "median", "min – max", "IQR", "N", "throughput", "vs Array.Copy"]
    return table(header, body) + "\n\n" + "\n".join(n for n in notes if n)


def training_section(rows, memory, extra, group, title):
    ref_py = stats(rows, group, "engine_python", "fit")
    ref_plain = stats(rows, group, "plain_torch", "fit")
    body = []
    for side in TRAINING_SIDES:
        s = stats(rows, group, side, "fit")
        cpu = stats(rows, group, side, "fit", "cpu_s")
        if not s:
            if side == "keras":
                keras = next(iter(extra.get((group, "keras"), [])), None)
                reason = keras.get("reason") if keras else "not run"
                body.append((SIDE_LABELS[side], f"not run: {reason}", "", "", "", "", "", "", ""))
            continue
        vs_py = ratio(s.median, ref_py.median) if side != "engine_python" else None
        vs_py_min = ratio(s.min, ref_py.min) if side != "engine_python" else None
        body.append((SIDE_LABELS[side], fmt_time(s.median), spread(s), iqr(s), s.n, fmt_time(cpu.median) if cpu else "–",
                     f"{fmt_ratio(vs_py)} (min {fmt_ratio(vs_py_min)})" if vs_py else "1 (reference)",
                     fmt_ratio(ratio(s.median, ref_plain.median)) if side != "plain_torch" else "1 (reference)",
                     fmt_mb(memory.get((group, side)))))
    header = ["run", "median", "min – max", "IQR", "N", "CPU (median)", "vs engine from Python", "vs plain PyTorch", "peak RSS"]
    text = f"### {title}\n\n" + table(header, body)
    keras = next(iter(extra.get((group, "keras"), [])), None)
    if keras and keras.get("available"):
        text += (f"\n\nReal Keras: {keras.get('keras')} on the {keras.get('backend')} backend, run by "
                 f"`{keras.get('env', {}).get('executable', '?')}` (torch {keras.get('env', {}).get('torch', '?')}), "
                 "`model.fit(verbose=0)` with the same data, batch and epochs.")
    if group in TRAINING_NOTES:
        text += "\n\n" + TRAINING_NOTES[group]
    notes = []
    bridge = paired(rows, group, "fit", "csharp", "engine_embedded")
    bridge_cpu = paired(rows, group, "fit", "csharp", "engine_embedded", "cpu_s")
    if bridge:
        notes.append(f"Paired in the C# processes, C# `Model.Fit` / the same fit made by Python code in that process: median "
                     f"{fmt_ratio(bridge.median)} (IQR {fmt_ratio(bridge.q1)} – {fmt_ratio(bridge.q3)}, {bridge.n} pairs; CPU "
                     f"{fmt_ratio(bridge_cpu.median) if bridge_cpu else '–'}): what the bridge itself adds.")
    eng = paired(rows, group, "fit", "engine_python", "plain_torch_paired")
    eng_cpu = paired(rows, group, "fit", "engine_python", "plain_torch_paired", "cpu_s")
    if eng:
        notes.append(f"Paired in the `/usr/bin/python3` engine processes, engine / plain PyTorch loop: median "
                     f"{fmt_ratio(eng.median)} (IQR {fmt_ratio(eng.q1)} – {fmt_ratio(eng.q3)}, {eng.n} pairs; CPU "
                     f"{fmt_ratio(eng_cpu.median) if eng_cpu else '–'}).")
    if notes:
        text += "\n\n" + "\n".join(f"- {n}" for n in notes)
    return text


def coldstart_section(rows, memory, extra):
    g = "coldstart"
    body = []
    for side, label in (("csharp", "C# console app (`KerasBridge.Benchmarks coldstart`, apphost)"), ("python", "`/usr/bin/python3 -c` (same imports, same calls)"),
                        ("csharp_onnx", "C# app loading the exported `.onnx` (`coldstart-onnx`: KerasBridge.Onnx, no Python)")):
        ready = stats(rows, g, side, "first_prediction")
        exited = stats(rows, g, side, "process_exit")
        if ready:
            body.append((label, fmt_time(ready.median), spread(ready), fmt_time(exited.median), spread(exited), ready.n, fmt_mb(memory.get((g, side)))))
    text = table(["process", "start → first prediction (median)", "min – max", "start → exit (median)", "min – max", "N", "peak RSS"], body)
    runs = extra.get((g, "both"), [])
    steps = [s for r in runs for s in r.get("csharp_steps_s", [])]
    if steps:
        def med(key):
            return statistics.median(s[key] for s in steps)
        marks = [("`Main` entered (.NET runtime started)", "main_entered"),
                 ("Python started (locate + probe interpreter, `PythonEngine.Initialize`, numpy)", "python_started"),
                 ("PyTorch engine ready (`import torch`, engine)", "engine_ready"),
                 ("`.keras` file loaded", "model_loaded"),
                 ("first prediction", "predicted")]
        sbody, previous = [], 0.0
        for label, key in marks:
            value = med(key)
            sbody.append((label, fmt_time(value), fmt_time(value - previous)))
            previous = value
        text += "\n\nInside the C# process (median over the runs, from the process's start time):\n\n"
        text += table(["step reached", "since process start", "step took"], sbody)
    preds = next((r.get("predictions") for r in runs), None)
    if preds:
        text += f"\n\nBoth predict the same row of `{runs[0].get('model')}`: C# {preds.get('csharp')}, Python {preds.get('python')}."
    return text


def memory_section(memory):
    groups = ["transfer", "penguins", "regression", "lstm", "cnn", "predict", "coldstart"]
    sides = ["csharp", "engine_python", "engine_python_shared", "plain_torch", "python"]  # per process
    body = []
    for g in groups:
        cells = [fmt_mb(memory.get((g, s))) for s in sides]
        if any(c != "–" for c in cells):
            body.append([g] + cells)
    return table(["process", "C#", "engine from python3", "engine, libpython.so", "plain PyTorch", "python3 -c (cold start)"], body)


def training_targets(rows, groups):
    def med(group, side, name):
        s = stats(rows, group, side, name)
        return s.median if s else None

    items = []
    for group in groups:
        title = f"{group} fit"
        c, p = med(group, "csharp", "fit"), med(group, "engine_python", "fit")
        if c is None or p is None:
            continue
        cpu_c, cpu_p = stats(rows, group, "csharp", "fit", "cpu_s"), stats(rows, group, "engine_python", "fit", "cpu_s")
        r = ratio(c, p)
        cpu_r = ratio(cpu_c.median if cpu_c else None, cpu_p.median if cpu_p else None)
        bridge = paired(rows, group, "fit", "csharp", "engine_embedded")
        items.append((f"{title}: C# at most 1.05× the same engine from Python", f"{fmt_time(c)} vs {fmt_time(p)}",
                      f"{fmt_ratio(r)} (CPU {fmt_ratio(cpu_r)}; the bridge alone, paired: {fmt_ratio(bridge.median if bridge else None)})",
                      verdict(r, 1.05)))
    for group in groups:
        title = f"{group} fit"
        e, p = med(group, "engine_python", "fit"), med(group, "plain_torch", "fit")
        if e is None or p is None:
            continue
        pair = paired(rows, group, "fit", "engine_python", "plain_torch_paired")
        r = pair.median if pair else ratio(e, p)
        items.append((f"{title}: the PyTorch engine at most 1.2× a plain PyTorch loop",
                      f"{fmt_time(e)} vs {fmt_time(p)} (separate processes)",
                      f"{fmt_ratio(r)} paired in one process ({fmt_ratio(ratio(e, p))} across processes)" if pair
                      else f"{fmt_ratio(r)} across processes", verdict(r, 1.2)))
    return items


def targets_section(rows):
    def med(group, side, name):
        s = stats(rows, group, side, name)
        return s.median if s else None

    copy = med("transfer", "dotnet", "array_copy_existing")
    items = []
    for direction, name in (("C# → numpy (`ToNumpy`, a new array)", "to_numpy"), ("C# → numpy (`CopyTo`, an existing array)", "copy_to_numpy_existing"),
                            ("numpy → C# (`ToArray`, a new array)", "to_array"), ("numpy → C# (`CopyTo`, an existing array)", "copy_to_existing")):
        r = ratio(med("transfer", "kerasbridge", name), copy)
        items.append((f"transfer 40 MB {direction}: at most 2× `Array.Copy`", f"{fmt_time(med('transfer', 'kerasbridge', name))} vs {fmt_time(copy)}", fmt_ratio(r), verdict(r, 2.0)))
    items += training_targets(rows, ["penguins", "regression", "lstm", "cnn"])
    items += predict_targets(rows)
    items += onnx_targets(rows, med, fmt_time, fmt_ratio, verdict)
    return table(["target", "measured (medians)", "ratio", "result"], items)


def splice(folder, out, groups):
    """Replaces (or adds at the end of section 2) the subsections of these training groups, and their target rows;
    the predict group replaces section 3 and the one-row Predict target rows."""
    rows, memory, extra, machine = load(folder)
    page = open(out, encoding="utf-8").read()
    spliced = list(groups)
    if "predict" in groups:
        page = splice_predict(page, rows, memory, extra, machine)
        groups = [g for g in groups if g != "predict"]
    start = page.index("## 2. Training")
    end = page.index("\n## 3.", start)
    section = page[start:end]
    for group in groups:
        title = f"### {TRAINING_TITLES[group]}"
        text = training_section(rows, memory, extra, group, TRAINING_TITLES[group])
        text = text.replace(title + "\n\n", title + "\n\n" + run_note(machine) + "\n\n", 1)
        if title in section:
            a = section.index(title)
            b = section.find("\n### ", a + 1)
            section = section[:a] + text + ("\n" + section[b:] if b >= 0 else "\n")
        else:
            section = section.rstrip("\n") + "\n\n" + text + "\n"
    page = page[:start] + section + page[end:]
    # The hand-written analysis at the end of the page: the current benchmarks/analysis.md.
    analysis_path = os.path.join(HERE, "analysis.md")
    if os.path.exists(analysis_path):
        analysis = open(analysis_path, encoding="utf-8").read().strip()
        first = analysis.split("\n", 1)[0]
        if first in page:
            page = page[:page.index(first)] + analysis + "\n"
    # Target rows: replace those of these groups, or add them after the last training target.
    lines = page.split("\n")
    new_rows = ["| " + " | ".join(c if i != 1 else f"{c}; run of {machine.get('date')}" for i, c in enumerate(item)) + " |"
                for item in training_targets(rows, groups)]
    prefixes = tuple(f"| {g} fit:" for g in groups)
    kept = [i for i, l in enumerate(lines) if l.startswith(prefixes)]
    for i in reversed(kept):
        del lines[i]
    at = max((i for i, l in enumerate(lines) if l.startswith("| ") and " fit: " in l.split("|")[1]), default=None)
    if at is not None:
        lines[at + 1:at + 1] = new_rows
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"render.py: spliced {', '.join(spliced)} into {out}")


def main():
    folder, out = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] == "--splice":
        splice(folder, out, sys.argv[4:])
        return
    rows, memory, extra, machine = load(folder)
    analysis_path = os.path.join(HERE, "analysis.md")
    analysis = open(analysis_path, encoding="utf-8").read().strip() if os.path.exists(analysis_path) else ""
    parts = [
        "# Benchmarks",
        "",
        "Generated by `benchmarks/run.sh` (do not edit: rerun it; the prose after the tables is "
        "`benchmarks/analysis.md`). Every row is the median of N timed runs after warm-up, with the spread (min – max "
        "and the interquartile range, IQR). Training and predict run in separate processes per side, in "
        f"{machine.get('rounds', 'several')} rounds with the sides in alternating order. No test asserts a time: "
        "this page is the record.",
        "",
        "## Machine and versions",
        "",
        environment(machine, extra),
        "",
        "## Targets",
        "",
        targets_section(rows),
        "",
        "## 1. Array transfer: 40 MB of float32 (10M floats)",
        "",
        transfer_section(rows, memory),
        "",
        "## 2. Training",
        "",
        "Same data for every run (benchmarks/python/make_data.py, fixed seeds), a fresh model per timed fit (built "
        "outside the timed part), shuffling on, no metrics, no validation. Warm-up: one fit of a fifth of the epochs. "
        "CPU is the process's CPU time during the fit (less disturbed by other processes than wall time).",
        "",
    ]
    for group in ("penguins", "regression", "lstm", "cnn"):
        if group in ("penguins", "regression") or any(k[0] == group for k in rows):
            parts += [training_section(rows, memory, extra, group, TRAINING_TITLES[group]), ""]
    parts += [
        PREDICT_HEADING,
        "",
        predict_section(rows, memory, extra),
        "",
        "## 3b. Predict through ONNX Runtime (`KerasBridge.Onnx`) vs the bridge",
        "",
        "The model is exported by `Model.ExportOnnx` and scored by `OnnxModel` in the same C# process (no Python on "
        "the ONNX side); see docs/onnx.md.",
        "",
        onnx_section(rows, memory, fmt_time, fmt_ratio, stats, table, pct),
        "",
        "## 4. Cold start: process start to first prediction (`penguins_mlp.keras`, one row)",
        "",
        coldstart_section(rows, memory, extra),
        "",
        "## 5. Peak resident memory (VmHWM) of each process",
        "",
        "Each benchmark group runs in its own process per side; the largest value over its rounds.",
        "",
        memory_section(memory),
        "",
    ]
    if analysis:
        parts += [analysis, ""]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    print(f"render.py: wrote {out}")


if __name__ == "__main__":
    main()
