"""kerasbridge.summary reproduces every NAME.summary.txt byte for byte.

Rows come from the model config (summary_rows_from_config), the parameter counts from NAME.json,
the optimizer parameter count from the "Optimizer params" line of the reference (absent for the
untrained single_neuron). Also checks that the config-only path (summary_from_config) gives the same
text, and that the counts derived from the config agree with NAME.json.
"""

import json
import re

import pytest

from conftest import fixture_path
from kerasbridge.model_files import read_model_file
from kerasbridge.summary import format_summary, summary_from_config, summary_rows_from_config

NAMES = ["penguins_mlp", "regression_bn_dropout", "digits_cnn", "single_neuron"]


@pytest.mark.parametrize("form", ["keras", "h5"])
@pytest.mark.parametrize("name", NAMES)
def test_summary_matches_the_keras_reference(name, form):
    with open(fixture_path(name + ".summary.txt"), "rb") as f:
        ref = f.read().decode("utf-8")
    facts = json.load(open(fixture_path(name + ".json")))
    m = re.search(r"Optimizer params: ([\d,]+)", ref)
    optimizer_params = int(m.group(1).replace(",", "")) if m else None
    config = read_model_file(fixture_path(f"{name}.{form}")).config
    rows = summary_rows_from_config(config)
    trainable = facts["trainable_params"]
    non_trainable = facts["total_params"] - trainable
    assert format_summary(config["config"]["name"], rows, trainable, non_trainable, optimizer_params) == ref
    assert summary_from_config(config, optimizer_params) == ref
