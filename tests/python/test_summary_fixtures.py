"""Dev check: kerasbridge.summary reproduces every NAME.summary.txt byte for byte.

    PYTHONPATH=src/KerasBridge/Python /usr/bin/python3 tests/python/check_summary_fixtures.py

Rows come from the model config (summary_rows_from_config), the parameter counts from NAME.json,
the optimizer parameter count from the "Optimizer params" line of the reference (absent for the
untrained single_neuron). Also checks that the config-only path (summary_from_config) gives the same
text, and that the counts derived from the config agree with NAME.json.
"""

import difflib
import json
import os
import re
import sys

from kerasbridge.model_files import read_model_file
from kerasbridge.summary import format_summary, summary_from_config, summary_rows_from_config

FIXTURES = os.environ.get("KB_FIXTURES", "tests/KerasBridge.Tests/fixtures/keras-3.15.1")
NAMES = ["penguins_mlp", "regression_bn_dropout", "digits_cnn", "single_neuron"]


def main():
    failed = []
    for name in NAMES:
        with open(os.path.join(FIXTURES, name + ".summary.txt"), "rb") as f:
            ref = f.read()
        facts = json.load(open(os.path.join(FIXTURES, name + ".json")))
        m = re.search(rb"Optimizer params: ([\d,]+)", ref)
        optimizer_params = int(m.group(1).replace(b",", b"")) if m else None
        for form in ("keras", "h5"):
            config = read_model_file(os.path.join(FIXTURES, f"{name}.{form}")).config
            rows = summary_rows_from_config(config)
            trainable = facts["trainable_params"]
            non_trainable = facts["total_params"] - trainable
            text = format_summary(config["config"]["name"], rows, trainable, non_trainable, optimizer_params)
            ok = text.encode("utf-8") == ref
            ok2 = summary_from_config(config, optimizer_params).encode("utf-8") == ref
            print(f"{'ok  ' if ok and ok2 else 'FAIL'} {name} ({form}): format_summary {ok}, summary_from_config {ok2}")
            if not ok:
                failed.append(f"{name} ({form})")
                sys.stdout.writelines(difflib.unified_diff(
                    ref.decode("utf-8").splitlines(True), text.splitlines(True), "reference", "ours"))
            if not ok2:
                failed.append(f"{name} ({form}) from config")
    print("FAILED: " + ", ".join(failed) if failed else "all passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
