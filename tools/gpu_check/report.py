"""gpu_check.json and gpu_check.md from the phases' results (tools/gpu_check/check.py)."""

import json
import os

CHECK_PHASES = ("environment", "compat", "torch", "keras", "keras-tf32")


def _counted(result):
    return not result.get("informational") and result.get("ok") is not None


def verdict(summary):
    phases = summary["phases"].values()
    if any(r.get("ok") is False for p in phases for r in p.get("results", []) if _counted(r)):
        return "fail"
    if any(p.get("phase") in CHECK_PHASES and str(p.get("status")).startswith("crashed")
           and not p.get("info", {}).get("informational") for p in phases):
        return "fail"  # a check phase that crashed checked nothing after that point
    if any(p.get("status") != "ok" for p in phases) or any(
            r.get("ok") is None and r.get("skipped") for p in phases for r in p.get("results", [])) or any(
            "stopped early" in str(r.get("note")) or "skipped" in str(r.get("note"))
            for p in phases for r in p.get("results", [])):
        return "incomplete"
    return "pass"


def _seconds(value):
    if value is None:
        return "–"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def _error(value):
    return "–" if value is None else f"{value:.1e}"


def _check_section(name, phase):
    lines = [f"### {name}: {phase.get('status')} ({phase.get('seconds')} s)", ""]
    info = {k: v for k, v in phase.get("info", {}).items() if k not in ("engine_status",)}
    if info:
        lines += ["| | |", "|---|---|"] + [f"| {k} | {json.dumps(v, default=str) if isinstance(v, (dict, list)) else v} |"
                                           for k, v in info.items()] + [""]
    results = phase.get("results", [])
    if results:
        lines += ["| kind | case | worst error (1e-4 allowed), or what was seen | result |", "|---|---|---|---|"]
    for r in results:
        if r.get("ok") is None:
            outcome = "skipped"
        else:
            outcome = ("pass" if r["ok"] else "**FAIL**") + (" (informational)" if r.get("informational") else "")
        detail = _error(r["max_error"]) if "max_error" in r else r.get("error") or r.get("skipped") or r.get("detail", "")
        if "errors" in r and "save -> load (exact)" in r["errors"] and r["errors"]["save -> load (exact)"] != 0:
            detail += f"; save->load differs by {r['errors']['save -> load (exact)']:.1e}"
        if "errors" in r and "engine vs fixture" in r["errors"]:
            detail += "; against the CPU fixture: engine {engine vs fixture:.1e}, Keras {Keras vs fixture:.1e}".format(**r["errors"])
        detail = json.dumps(detail, default=str) if isinstance(detail, (dict, list)) else str(detail)
        lines.append(f"| {r.get('kind', '')} | {r.get('case', '')} | {detail.replace('|', '/')[:400]} | {outcome} |")
    if phase.get("log_tail"):
        lines += ["", "```", phase["log_tail"][-1500:], "```"]
    return lines + [""]


def _speed_section(phase):
    lines = [f"### speed: {phase.get('status')} ({phase.get('seconds')} s)", ""]
    info = phase.get("info", {})
    lines += [f"Device {info.get('device')} {info.get('gpu', '')}; Keras {info.get('keras')}; float32 flags "
              f"`{json.dumps(info.get('float32_flags'))}`.", "",
              "| benchmark | PyTorch engine | real Keras | plain PyTorch | engine / plain | Keras / plain | Keras / engine | note |",
              "|---|---|---|---|---|---|---|---|"]
    for r in phase.get("results", []):
        m, q = r.get("median_s", {}), r.get("ratios", {})
        facts = {k: v for k, v in r.items() if k not in ("benchmark", "median_s", "times_s", "ratios", "note")}
        ratio = lambda key: f"{q[key]:.2f}×" if key in q else "–"  # noqa: E731
        note = "; ".join(x for x in (r.get("note"), ", ".join(f"{k} {v}" for k, v in facts.items() if v is not None)) if x)
        lines.append(f"| {r.get('benchmark')} | {_seconds(m.get('engine'))} | {_seconds(m.get('keras'))} | "
                     f"{_seconds(m.get('plain_torch'))} | {ratio('engine/plain_torch')} | {ratio('keras/plain_torch')} | "
                     f"{ratio('keras/engine')} | {note} |")
    if phase.get("log_tail"):
        lines += ["", "```", phase["log_tail"][-1500:], "```"]
    return lines + [""]


def markdown(summary):
    env = summary["phases"].get("environment", {}).get("info", {})
    lines = [f"# GPU check ({summary['started_utc']}): {summary.get('verdict', 'running')}", "",
             f"Device: {', '.join(env.get('gpus', [])) or 'no GPU'}; Python {env.get('python')}, numpy {env.get('numpy')}, "
             f"torch {env.get('torch')} (CUDA {env.get('torch_cuda')}, cuDNN {env.get('cudnn')}); Keras: {env.get('keras')}. "
             f"Whole run {summary.get('seconds')} s of a {summary['budget_s']:.0f} s budget; arguments `{' '.join(summary['argv'])}`.", ""]
    for name, phase in summary["phases"].items():
        if name == "speed":
            lines += _speed_section(phase)
        else:
            if phase.get("info", {}).get("informational"):
                name += " (informational: not counted in the verdict)"
            lines += _check_section(name, phase)
    return "\n".join(lines)


def write(summary, out):
    with open(os.path.join(out, "gpu_check.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1, default=str)
    text = markdown(summary)
    with open(os.path.join(out, "gpu_check.md"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    return text
