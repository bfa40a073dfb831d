"""The ONNX Runtime section of docs/benchmarks.md (group "onnx": benchmarks/KerasBridge.Benchmarks/OnnxBenchmarks.cs),
rendered by render.py from the same results folder."""


def onnx_section(rows, memory, fmt_time, fmt_ratio, stats, table, pct):
    g = "onnx"
    if not any(key[0] == g for key in rows):
        return "Not run (benchmarks/run.sh runs the onnx group after predict)."
    body = []
    for model, label in (("regression", "regression 20 → 100 → 50 → 1"), ("penguins", "penguins 4 → 10 → 3")):
        for name, what in ((f"{model}_20000", "20,000 rows"), (f"{model}_1", "one row")):
            bridge = stats(rows, g, "bridge", name)
            for side, run in (("bridge", "bridge `Model.Predict` (PyTorch engine, batch 32)"),
                              ("onnx", "`OnnxModel.Predict`" + (" (ONNX Runtime's default threads, one batch)" if name.endswith("20000") else " (1 intra-op thread)")),
                              ("onnx_1_thread", "`OnnxModel.Predict` (1 intra-op thread, one batch)")):
                s = stats(rows, g, side, name)
                if not s:
                    continue
                spread = (f"p10–p90 {fmt_time(pct(s, 10))} – {fmt_time(pct(s, 90))}" if name.endswith("_1")
                          else f"{fmt_time(s.min)} – {fmt_time(s.max)}")
                body.append((label, what, run, fmt_time(s.median), spread, s.n,
                             "1 (reference)" if side == "bridge" else fmt_ratio(s.median / bridge.median if bridge else None)))
                label = ""
    text = table(["model", "rows", "run", "median", "spread", "N", "vs bridge"], body)

    throughput = []
    for model in ("regression", "penguins"):
        for threads in (1, 2, 8):
            cells = [model if threads == 1 else "", str(threads)]
            for side in ("onnx", "bridge"):
                row = rows.get((g, side, f"{model}_1_threads_{threads}"))
                one = rows.get((g, side, f"{model}_1_threads_1"))
                if row and one:
                    rate = row["raw"][-1]["calls_per_s"]
                    base = one["raw"][-1]["calls_per_s"]
                    cells += [f"{rate:,.0f}", f"{rate / base:.2f}×"]
                else:
                    cells += ["–", "–"]
            throughput.append(tuple(cells))
    text += ("\n\nOne-row calls per second with 1, 2 and 8 threads scoring one loaded model at once (1.5 s window each; "
             "ONNX: one session with 1 intra-op thread; the bridge serializes calls on its Python thread):\n\n")
    text += table(["model", "threads", "ONNX calls/s", "ONNX vs 1 thread", "bridge calls/s", "bridge vs 1 thread"], throughput)
    allocated = [f"{m}: {rows[(g, 'onnx', f'{m}_1_allocated_bytes')]['raw'][-1]['bytes_per_call']:.0f} B"
                 for m in ("regression", "penguins") if (g, "onnx", f"{m}_1_allocated_bytes") in rows]
    if allocated:
        text += ("\n\nManaged bytes allocated per one-row `OnnxModel.Predict` (GC.GetAllocatedBytesForCurrentThread over "
                 "1,000 calls): " + "; ".join(allocated) + " — about the size of the returned float[1, units] array (48 B for one unit, 56 B for three on x64).")
    return text


def onnx_targets(rows, med, fmt_time, fmt_ratio, verdict):
    """Issue 14's targets: one row at most 10 µs from C#, 2 threads at least 1.6x one thread, cold start at most 0.3 s."""
    items = []
    for model in ("regression", "penguins"):
        one = med("onnx", "onnx", f"{model}_1")
        if one:
            items.append((f"ONNX one-row predict from C# ({model}): at most 10 µs (median call)", fmt_time(one),
                          fmt_ratio(one / 1e-5) + " of the limit", verdict(one / 1e-5, 1.0)))
        two, single = rows.get(("onnx", "onnx", f"{model}_1_threads_2")), rows.get(("onnx", "onnx", f"{model}_1_threads_1"))
        if two and single:
            r = two["raw"][-1]["calls_per_s"] / single["raw"][-1]["calls_per_s"]
            items.append((f"ONNX 2 threads on one model ({model}): at least 1.6× one thread's calls/s", f"{r:.2f}× one thread",
                          f"{r:.2f}×", "**pass**" if r >= 1.6 else f"**miss** ({r / 1.6 * 100:.0f} % of the target)"))
    cold = med("coldstart", "csharp_onnx", "first_prediction")
    if cold:
        items.append(("cold start of a C# app that loads the .onnx: at most 0.3 s to the first prediction", fmt_time(cold),
                      fmt_ratio(cold / 0.3) + " of the limit", verdict(cold / 0.3, 1.0)))
    return items
