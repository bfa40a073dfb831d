"""Writes docs/compatibility.md: every Keras class KerasBridge can reach from C#, how, and whether the PyTorch engine runs it.

Sources (all in this repository, so the doc is reproducible offline):
- the Keras 3.15.1 catalog embedded in the assembly (src/KerasBridge/Keras/Catalog/keras-catalog.json, from
  tools/trim_catalog.py): every constructible class of layers, optimizers, schedules, losses, metrics,
  initializers, regularizers, constraints and callbacks;
- the C# sources under src/KerasBridge/Keras: a class has a typed factory when a `public static` method of that
  name exists in the group's factory class (Layers, Optimizers, ...); every class is reachable through
  `<Group>.Create("Name", new { ... })`;
- the PyTorch engine's registries (kerasbridge.torch_engine: registry.supported_layer_names(), optimizers.REGISTRY,
  optimizers.schedules.SCHEDULES, losses.names(), metrics.names(), initializers._BY_NAME, regularizers._CLASSES,
  constraints._CLASSES, callbacks._CALLBACKS);
- the tests (tests/**/*.cs, tests/python/*.py): the files that name the class (or its snake_case string name).

It fails (exit 1) when a row claims PyTorch-engine support that no test file names. With --check it compares the
committed doc with what it would write and fails when they differ (tests/python/test_compatibility_doc.py runs that).

Usage: python tools/compatibility.py [--check]
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = ROOT / "src/KerasBridge/Keras/Catalog/keras-catalog.json"
SOURCES = ROOT / "src/KerasBridge/Keras"
DOC = ROOT / "docs/compatibility.md"
PYTHON = ROOT / "src/KerasBridge/Python"

# Catalog group -> (C# factory class, heading).
GROUPS = {
    "layers": ("Layers", "Layers"),
    "optimizers": ("Optimizers", "Optimizers"),
    "schedules": ("Schedules", "Learning-rate schedules"),
    "losses": ("Losses", "Losses"),
    "metrics": ("Metrics", "Metrics"),
    "initializers": ("Initializers", "Initializers"),
    "regularizers": ("Regularizers", "Regularizers"),
    "constraints": ("Constraints", "Constraints"),
    "callbacks": ("Callbacks", "Callbacks"),
}


def typed_factories():
    """{C# factory class: {method names}} for `public static` methods (and properties) of the partial factory classes."""
    result = {cls: set() for cls, _ in GROUPS.values()}
    class_re = re.compile(r"public static (?:partial )?class (\w+)")
    member_re = re.compile(r"^\s*public static [\w<>?,\[\] ]+? (\w+)\s*[({]", re.M)
    for path in sorted(SOURCES.rglob("*.cs")):
        text = path.read_text()
        # Split the file at each factory class declaration; members belong to the class declared before them.
        parts = class_re.split(text)
        for name, body in zip(parts[1::2], parts[2::2]):
            if name in result:
                result[name].update(m for m in member_re.findall(body) if m != "Create")
    return result


def torch_support():
    """{group: set of class names the PyTorch engine runs}."""
    sys.path.insert(0, str(PYTHON))
    from kerasbridge.torch_engine import (  # noqa: PLC0415
        callbacks, constraints, initializers, losses, metrics, optimizers, registry, regularizers)
    from kerasbridge.torch_engine.optimizers import schedules  # noqa: PLC0415

    return {
        "layers": set(registry.supported_layer_names()) | set(registry.ALIASES),  # GroupedQueryAttention's class name too
        "optimizers": set(optimizers.REGISTRY),
        "schedules": set(schedules.SCHEDULES),
        "losses": set(losses.names()),
        "metrics": set(metrics.names()),
        "initializers": {n for n in initializers._BY_NAME if n[:1].isupper()},
        "regularizers": {cls.class_name for cls in regularizers._CLASSES},
        "constraints": {cls.class_name for cls in constraints._CLASSES},
        "callbacks": set(callbacks._CALLBACKS),
    }


def test_files():
    """{relative path: text} of every test source."""
    files = {}
    for pattern in ("tests/**/*.cs", "tests/python/*.py"):
        for path in sorted(ROOT.glob(pattern)):
            # Build outputs, and the doc's own test (it names classes to check rows, not to exercise them).
            if "/bin/" in str(path) or "/obj/" in str(path) or path.name == "test_compatibility_doc.py":
                continue
            files[str(path.relative_to(ROOT))] = path.read_text(errors="replace")
    return files


def snake_case(name):
    """Keras's to_snake_case: "GlorotNormal" -> "glorot_normal" (the string name tests often use)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


# Files whose mention of a class means it is exercised (built, trained, compared), shown first.
PREFERRED = ("LayerFactoryCases.cs", "TypedObjectsOnEnginesTests.cs", "CatalogCreateTests.cs", "FactoryDefaultsTests.cs")


def evidence(name, files):
    """Test files naming the class, by class name or by Keras's snake_case string name; the exercising ones first."""
    pattern = re.compile(r"\b(" + re.escape(name) + "|" + re.escape(snake_case(name)) + r")\b")
    found = [path for path, text in files.items() if pattern.search(text)]
    rank = {n: i for i, n in enumerate(PREFERRED)}
    return sorted(found, key=lambda p: (rank.get(pathlib.PurePath(p).name, len(PREFERRED)), p))


def build():
    catalog = json.loads(CATALOG.read_text())
    typed = typed_factories()
    torch = torch_support()
    files = test_files()
    problems = []
    lines = [
        "# Keras compatibility",
        "",
        "<!-- Generated by tools/compatibility.py from the embedded Keras catalog, the C# sources, the PyTorch engine's",
        "     registries and the tests; do not edit by hand. tests/python/test_compatibility_doc.py checks it is current. -->",
        "",
        f"Every constructible class of Keras {catalog['keras_version']} that KerasBridge reaches from C#. **Typed** factories",
        "take Keras's parameters in C# casing with Keras's defaults (`Layers.Conv2D(8, 3, padding: Padding.Same)`); every",
        "class, typed or not, is reachable by name through the group's `Create`, checked against the catalog",
        "(`Layers.Create(\"ConvLSTM2D\", new { filters = 4, kernel_size = 3 })`): unknown names, unknown parameters and",
        "values of the wrong type are refused with the valid choices. The Keras engine runs every class; the PyTorch",
        "column says whether the PyTorch engine runs it too. *Test* is a test file that names the class (one that builds",
        "or trains it where there is one).",
        "",
    ]
    for group, (factory, heading) in GROUPS.items():
        classes = catalog["groups"][group]["classes"]
        aliases = {}
        for c in classes:
            if c["name"] != c["class_name"]:
                aliases.setdefault(c["class_name"], []).append(c["name"])
        canonical = sorted({c["class_name"] for c in classes})
        typed_count = sum(1 for n in canonical if n in typed[factory])
        torch_count = sum(1 for n in canonical if n in torch[group])
        lines += [f"## {heading}", "",
                  f"{len(canonical)} classes: {typed_count} typed, {len(canonical) - typed_count} through `{factory}.Create`; "
                  f"the PyTorch engine runs {torch_count}.", "",
                  "| Keras class | C# | PyTorch engine | Test |", "|---|---|---|---|"]
        for name in canonical:
            shown = name + (f" (also {', '.join(sorted(aliases[name]))})" if name in aliases else "")
            csharp = f"`{factory}.{name}(...)`" if name in typed[factory] else f"`{factory}.Create(\"{name}\", ...)`"
            runs = name in torch[group]
            found = evidence(name, files)
            if runs and not found:
                problems.append(f"{group}.{name}: the PyTorch engine claims to run it, but no test file names it")
            # One file, so that the doc changes only when what shows a class changes, not whenever a test mentions it.
            tests = f"`{found[0]}`" if found else ""
            lines.append(f"| {shown} | {csharp} | {'yes' if runs else '-'} | {tests or '-'} |")
        lines.append("")
    return "\n".join(lines), problems


def main(argv):
    text, problems = build()
    if problems:
        sys.exit("compatibility.py: " + "; ".join(problems))
    if "--check" in argv:
        current = DOC.read_text() if DOC.exists() else ""
        if current != text:
            sys.exit("docs/compatibility.md is out of date: run python tools/compatibility.py")
        print("docs/compatibility.md is up to date")
        return
    DOC.write_text(text)
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main(sys.argv[1:])
