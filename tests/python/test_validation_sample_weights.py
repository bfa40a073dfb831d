"""fit's validation_data=(x_val, y_val, sample_weight_val) with one weight array per output (a dict by output name
or a list in output order), as Keras's array_data_adapter.py takes it and CompileLoss/CompileMetrics apply it
(keras/src/trainers/compile_utils.py): the PyTorch engine's history equals real Keras's on the two-head fixture;
the bridge's dotnet_api refuses weights without validation data; bad per-output weights name the argument."""

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import dotnet_api
from kerasbridge.errors import InvalidArgumentError
from test_weighted_metrics import TWO_HEADS, _assert_logs_equal, _two_heads

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

COMPILE = dict(loss={"species": "categorical_crossentropy", "mass": "mse"}, loss_weights={"species": 1.0, "mass": 0.5},
               metrics={"species": ["accuracy"], "mass": ["mae"]},
               weighted_metrics={"species": ["accuracy"], "mass": ["mae"]})


def _data():
    x = np.asarray(TWO_HEADS["x"], dtype=np.float32)
    y = {k: np.asarray(v, dtype=np.float32) for k, v in TWO_HEADS["y"].items()}
    rows = x.shape[0]
    weights = {"species": np.linspace(0.0, 2.0, rows).astype(np.float32),
               "mass": np.where(np.arange(rows) % 3 == 0, 0.0, 1.5).astype(np.float32)}
    return x, y, weights


def _fit(engine, x, y, val_weights):
    model = _two_heads(engine, **COMPILE)
    return model.fit({"x": x}, y, epochs=2, batch_size=16, shuffle=False,
                     validation_data=({"x": x}, y, val_weights))["history"]


@pytest.mark.parametrize("form", ["dict", "list"])
def test_per_output_validation_weights_match_keras(form):
    x, y, weights = _data()
    given = weights if form == "dict" else [weights["species"], weights["mass"]]
    histories = {engine: _fit(engine, x, y, given) for engine in ("keras", "torch")}
    _assert_logs_equal(histories["torch"], histories["keras"], "history")
    plain = _fit("torch", x, y, None)
    # The training logs do not see the validation weights; the validation losses and weighted metrics do, the
    # plain validation metrics do not.
    for key in ("loss", "species_loss", "val_species_accuracy", "val_mass_mae"):
        assert histories["torch"][key] == pytest.approx(plain[key], rel=1e-6), key
    for key in ("val_loss", "val_species_loss", "val_mass_loss", "val_species_weighted_accuracy",
                "val_mass_weighted_mae"):
        assert abs(histories["torch"][key][0] - plain[key][0]) > 1e-4, key


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_bad_per_output_validation_weights_name_the_argument(engine):
    x, y, weights = _data()
    model = _two_heads(engine, **COMPILE)
    with pytest.raises(InvalidArgumentError, match=r"validation_data\[2\].*one entry per model output") as info:
        model.fit({"x": x}, y, validation_data=({"x": x}, y, {"species": weights["species"]}))
    assert info.value.argument == "validation_data[2]"
    with pytest.raises(InvalidArgumentError, match=r"validation_data\[2\]\['mass'\].*shape \(48,\); got shape \(3,\)"):
        model.fit({"x": x}, y, validation_data=({"x": x}, y, {"species": weights["species"], "mass": np.ones(3)}))


def test_dotnet_fit_refuses_validation_weights_without_validation_data():
    x, y, weights = _data()
    model = _two_heads("torch", **COMPILE)
    with pytest.raises(InvalidArgumentError, match="validation sample weights need validation_data") as info:
        dotnet_api.fit(model, {"x": x}, y, '{"epochs": 1, "batch_size": 16, "validation_split": 0.0, "shuffle": false, '
                       '"verbose": 0, "callbacks": []}', None, None, None, None, val_sample_weight=weights["mass"])
    assert info.value.argument == "validation_data"
