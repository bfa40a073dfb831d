"""What every section of docs/benchmarks.md uses: loading the results folder, statistics, formatting."""
import glob
import json
import os
import statistics

SIDE_LABELS = {
    "csharp": "KerasBridge from C#",
    "engine_python": "same engine from `/usr/bin/python3`",
    "engine_python_shared": "same engine from a python linked to `libpython3.11.so` (diagnostic)",
    "plain_torch": "plain PyTorch loop (`/usr/bin/python3`)",
    "keras": "real Keras",
    "engine_embedded": "same engine called by Python code inside the C# process (diagnostic, paired with the C# fits)",
    "plain_torch_paired": "plain PyTorch loop in the engine's `/usr/bin/python3` process (paired with its fits)",
}


PREDICT_SIDES = ["csharp", "engine_python", "engine_python_shared", "plain_torch", "keras"]


def load(folder):
    rows, memory, extra = {}, {}, {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        name = os.path.basename(path)
        if name == "machine.json":
            continue
        with open(path, encoding="utf-8") as f:
            result = json.load(f)
        group, side = result["group"], result["side"]
        extra.setdefault((group, side), []).append(result)
        peak = result.get("vmhwm_kb")
        if result.get("available") is False:
            peak = None  # e.g. real Keras that did not import: its process measured nothing
        if isinstance(peak, dict):
            for s, kb in peak.items():
                memory[(group, s)] = max(memory.get((group, s), 0), kb or 0)
        elif peak:
            memory[(group, side)] = max(memory.get((group, side), 0), peak)
        for row in result.get("rows", []):
            key = (group, row["side"], row["name"])
            merged = rows.setdefault(key, {"times_s": [], "cpu_s": [], "raw": []})
            merged["times_s"] += row.get("times_s", [])
            merged["cpu_s"] += row.get("cpu_s", [])
            merged["raw"].append(row)
    with open(os.path.join(folder, "machine.json"), encoding="utf-8") as f:
        machine = json.load(f)
    return rows, memory, extra, machine


class Stats:
    def __init__(self, values):
        self.values = sorted(values)
        self.n = len(self.values)
        if self.n:
            self.median = statistics.median(self.values)
            self.min, self.max = self.values[0], self.values[-1]
            if self.n >= 4:
                q = statistics.quantiles(self.values, n=4, method="inclusive")
                self.q1, self.q3 = q[0], q[2]
            else:
                self.q1, self.q3 = self.min, self.max

    def __bool__(self):
        return self.n > 0


def paired(rows, group, name, side_a, side_b, field="times_s"):
    """Per-pair ratios a/b of two rows timed alternately in the same processes (same files, same order)."""
    a, b = rows.get((group, side_a, name)), rows.get((group, side_b, name))
    if not a or not b:
        return Stats([])
    ratios = []
    for ra, rb in zip(a["raw"], b["raw"]):
        ratios += [x / y for x, y in zip(ra.get(field, []), rb.get(field, [])) if y]
    return Stats(ratios)


def stats(rows, group, side, name, field="times_s"):
    row = rows.get((group, side, name))
    return Stats(row[field]) if row else Stats([])


def fmt_time(seconds):
    if seconds is None:
        return "–"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"
    return f"{seconds * 1e6:.0f} µs" if seconds >= 1e-5 else f"{seconds * 1e6:.1f} µs"


def spread(s):
    if not s:
        return "–"
    return f"{fmt_time(s.min)} – {fmt_time(s.max)}"


def iqr(s):
    if not s:
        return "–"
    return f"{fmt_time(s.q1)} – {fmt_time(s.q3)}"


def ratio(a, b):
    return a / b if a and b else None


def fmt_ratio(r):
    return "–" if r is None else f"{r:.2f}×"


def fmt_mb(kb):
    return f"{kb / 1024:.0f} MB" if kb else "–"


def verdict(value, limit):
    if value is None:
        return "not measured"
    if value <= limit:
        return "**pass**"
    return f"**miss** by {(value / limit - 1) * 100:.0f} %"


def table(header, body):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def pct(s, p):
    if not s:
        return None
    k = (s.n - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, s.n - 1)
    return s.values[lo] + (s.values[hi] - s.values[lo]) * (k - lo)


def run_note(machine):
    load_start = (machine.get("load_start") or [None])[0]
    load_end = (machine.get("load_end") or [None])[0]
    loads = f"{load_start:.1f} / {load_end:.1f}" if load_start is not None and load_end is not None else "–"
    return (f"*From a separate run, `BENCH_GROUPS=\"{' '.join(machine.get('groups', []))}\" benchmarks/run.sh`, on "
            f"{machine.get('date')} (commit {machine.get('commit')}{', with uncommitted changes' if machine.get('dirty') else ''}; "
            f"{machine.get('cores')} cores, {machine.get('rounds')} rounds; load average {loads} at start / end: the "
            "machine was shared with other agents' builds and tests, so wall times are noisy and the paired ratios "
            "and CPU times are the steadier figures), not the run of the machine table above.*")
