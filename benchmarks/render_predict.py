"""Section 3 of docs/benchmarks.md (group "predict": benchmarks/KerasBridge.Benchmarks/PredictBenchmarks.cs and
bench_engine.py), its target rows, and splicing a predict-only run into the page."""
from render_common import (PREDICT_SIDES, SIDE_LABELS, fmt_mb, fmt_ratio, fmt_time, iqr, pct, ratio, run_note, spread, stats,
                           table, verdict)

PREDICT_HEADING = "## 3. Predict (the regression model)"


def predict_section(rows, memory, extra):
    g = "predict"
    body = []
    for name, label in (("predict_20000", "20,000 rows (batch 32)"), ("predict_1", "one row")):
        ref = stats(rows, g, "engine_python", name)
        for side in PREDICT_SIDES:
            s = stats(rows, g, side, name)
            if not s:
                if side == "keras" and name == "predict_1":
                    keras = next(iter(extra.get((g, "keras"), [])), None)
                    body.append((label if side == "csharp" else "", SIDE_LABELS[side], f"not run: {keras.get('reason') if keras else 'not run'}", "", "", "", ""))
                continue
            body.append((label, SIDE_LABELS[side], fmt_time(s.median), spread(s) if name != "predict_1" else f"p10–p90 {fmt_time(pct(s, 10))} – {fmt_time(pct(s, 90))}",
                         iqr(s), s.n, fmt_ratio(ratio(s.median, ref.median)) if side != "engine_python" else "1 (reference)"))
    header = ["rows", "run", "median", "spread", "IQR", "N", "vs engine from Python"]
    text = table(header, body)
    text += ("\n\nOne-row rows time every call on its own (N calls after 500 warm-up calls); the median is a typical call "
             "and the p10–p90 range shows the disturbance by other processes. The 20,000-row rows time whole predict calls.")
    # Breakdown of one C# Predict.
    parts = [
        ("breakdown_run_empty", "an empty `PythonRuntime.Run(() => 0)`: hand-off to the Python thread and back, GIL included"),
        ("breakdown_on_python_thread", "`model.Predict(row)` called on the Python thread itself (no hand-off): pinning, one Python call, output written into the .NET array"),
        ("breakdown_engine_predict_embedded", "the engine's `model.predict(row)` timed by Python inside the C# process (embedded interpreter)"),
    ]
    pbody = []
    for name, label in parts:
        s = stats(rows, g, "csharp", name)
        if s:
            pbody.append((label, fmt_time(s.median), f"{fmt_time(pct(s, 10))} – {fmt_time(pct(s, 90))}", s.n))
    total = stats(rows, g, "csharp", "predict_1")
    if total:
        pbody.append(("the whole `model.Predict(row)` from the calling thread (as above)", fmt_time(total.median),
                      f"{fmt_time(pct(total, 10))} – {fmt_time(pct(total, 90))}", total.n))
    text += "\n\nWhere one C# one-row Predict spends its time (each line timed separately, per call):\n\n"
    text += table(["part", "median", "p10 – p90", "N"], pbody)
    counts = rows.get((g, "csharp", "python_calls_per_predict"))
    if counts:
        raw = counts["raw"][-1]
        text += (f"\n\nPython function calls per one-row predict (counted with `sys.setprofile`, C functions included): "
                 f"{raw['from_csharp']} for `Model.Predict` from C#, {raw['from_python']} for the engine's `model.predict` "
                 "called from Python.")
    during = stats(rows, g, "csharp", "predict_1_during_fit")
    if during:
        text += ("\n\nOne-row `Predict` while another model trains (the regression fit, batch 32, on a second thread; "
                 "every call timed on its own, only calls made while the fit ran): "
                 f"p50 {fmt_time(pct(during, 50))}, p99 {fmt_time(pct(during, 99))}, max {fmt_time(during.values[-1])} "
                 f"over {during.n} calls. The fit loop runs queued calls between its batches, so a Predict waits for "
                 "about one batch, not for the whole fit (docs/reliability.md).")
    mem = [(SIDE_LABELS[s], fmt_mb(memory.get((g, s)))) for s in PREDICT_SIDES if memory.get((g, s))]
    text += "\n\nPeak RSS of the predict processes: " + "; ".join(f"{a}: {b}" for a, b in mem) + "."
    return text


def predict_targets(rows):
    """The one-row Predict targets: under 0.2 ms, and at most 1.2× the same engine's predict called from Python."""
    one, engine = stats(rows, "predict", "csharp", "predict_1"), stats(rows, "predict", "engine_python", "predict_1")
    one, engine = (one.median if one else None), (engine.median if engine else None)
    r = ratio(one, engine)
    return [("one-row predict from C#: under 0.2 ms (median call)", fmt_time(one), fmt_ratio(ratio(one, 2e-4)) + " of the limit",
             verdict(one / 2e-4 if one else None, 1.0)),
            ("one-row predict from C#: at most 1.2× the same engine's predict from Python (median calls)",
             f"{fmt_time(one)} vs {fmt_time(engine)}", fmt_ratio(r), verdict(r, 1.2))]


def splice_predict(page, rows, memory, extra, machine):
    """Section 3 and the one-row Predict target rows of the page, from a run of the predict group."""
    start = page.index(PREDICT_HEADING)
    end = page.index("\n## ", start + 1)
    text = f"{PREDICT_HEADING}\n\n{run_note(machine)}\n\n{predict_section(rows, memory, extra)}\n"
    page = page[:start] + text + page[end:]
    lines = page.split("\n")
    at = [i for i, l in enumerate(lines) if l.startswith("| one-row predict from C#:")]
    new_rows = ["| " + " | ".join(c if i != 1 else f"{c}; run of {machine.get('date')}" for i, c in enumerate(item)) + " |"
                for item in predict_targets(rows)]
    if at:
        lines[at[0]:at[-1] + 1] = new_rows
    return "\n".join(lines)
