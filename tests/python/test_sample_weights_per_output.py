"""fit's and evaluate's sample_weight with one array per output (a dict by output name or a list in output order),
as Keras's array_data_adapter.py takes it and CompileLoss/CompileMetrics apply it (keras/src/trainers/compile_utils.py:
each output's loss with its own weights under "sum_over_batch_size", each output's weighted metrics with its own
weights): the PyTorch engine against real Keras 3.15.1 (the bridge's Keras engine and Keras called directly) on the
two-head fixture; a None entry leaves that output unweighted as in Keras's list form; a dict that leaves an output
out is refused, as Keras's tree.assert_same_structure(y, sample_weight) refuses it."""

import copy
import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge.errors import InvalidArgumentError
from test_weighted_metrics import TWO_HEADS, _assert_logs_equal, _close, _two_heads

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

COMPILE = dict(loss={"species": "categorical_crossentropy", "mass": "mse"}, loss_weights={"species": 1.0, "mass": 0.5},
               metrics={"species": ["accuracy"], "mass": ["mae"]},
               weighted_metrics={"species": ["accuracy"], "mass": ["mae"]})
X = np.asarray(TWO_HEADS["x"], dtype=np.float32)
Y = {k: np.asarray(v, dtype=np.float32) for k, v in TWO_HEADS["y"].items()}
ROWS = X.shape[0]
WEIGHTS = {"species": np.linspace(0.0, 2.0, ROWS).astype(np.float32),
           "mass": np.where(np.arange(ROWS) % 3 == 0, 0.0, 1.5).astype(np.float32)}


def _form(form, weights=WEIGHTS):
    return dict(weights) if form == "dict" else [weights["species"], weights["mass"]]


def _raw_keras():
    """The fixture model in Keras itself (not through the bridge), compiled as COMPILE with the same Adam."""
    import keras
    model = keras.models.model_from_json(json.dumps(TWO_HEADS["model"]))
    model.set_weights([np.asarray(w, dtype=np.float32) for w in TWO_HEADS["initial_weights"]])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), **copy.deepcopy(COMPILE))
    return model


def _assert_same_values(got, expected, what):
    assert sorted(got) == sorted(expected), what
    for key in expected:
        _close(got[key], expected[key], f"{what} {key}")


@pytest.mark.parametrize("form", ["dict", "list"])
def test_fit_with_per_output_weights_matches_keras(form):
    fitted = {engine: _two_heads(engine, **COMPILE) for engine in ("torch", "keras")}
    histories = {engine: model.fit({"x": X}, Y, epochs=2, batch_size=16, shuffle=False,
                                   sample_weight=_form(form))["history"] for engine, model in fitted.items()}
    _assert_logs_equal(histories["torch"], histories["keras"], "history")
    # Keras itself, given y and the weights as lists in output order (its dict form needs y as a dict of outputs).
    raw = _raw_keras()
    expected = raw.fit(X, [Y["species"], Y["mass"]], epochs=2, batch_size=16, shuffle=False, verbose=0,
                       sample_weight=[WEIGHTS["species"], WEIGHTS["mass"]]).history
    _assert_same_values(histories["torch"], expected, "history against Keras")
    for got, want in zip(fitted["torch"].get_weights(), raw.get_weights()):
        _close(got, want, "weights after fit")
    # The weights reached training: the plain (unweighted) fit ends elsewhere.
    plain = _two_heads("torch", **COMPILE).fit({"x": X}, Y, epochs=2, batch_size=16, shuffle=False)["history"]
    assert abs(plain["loss"][1] - histories["torch"]["loss"][1]) > 1e-3


@pytest.mark.parametrize("form", ["dict", "list"])
@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_evaluate_weighs_each_output_by_its_own_weights(engine, form):
    model = _two_heads(engine, **COMPILE)
    logs = model.evaluate({"x": X}, Y, batch_size=16, sample_weight=_form(form))
    expected = _raw_keras().evaluate(X, [Y["species"], Y["mass"]], batch_size=16, verbose=0, return_dict=True,
                                     sample_weight=[WEIGHTS["species"], WEIGHTS["mass"]])
    _assert_same_values(logs, expected, "evaluate against Keras")
    # Each output takes its own weights: its loss and weighted metric are those of one array weighing every output.
    for name, metric in (("species", "species_weighted_accuracy"), ("mass", "mass_weighted_mae")):
        one = model.evaluate({"x": X}, Y, batch_size=16, sample_weight=WEIGHTS[name])
        _close(logs[f"{name}_loss"], one[f"{name}_loss"], f"{name}_loss")
        _close(logs[metric], one[metric], metric)
    # "sum_over_batch_size": the total is the sum of loss_weight * sum(w * loss) / batch size over the batches' mean.
    _close(logs["loss"], logs["species_loss"] + 0.5 * logs["mass_loss"], "loss")


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_a_none_entry_leaves_its_output_unweighted_as_in_keras(engine):
    model = _two_heads(engine, **COMPILE)
    as_list = model.evaluate({"x": X}, Y, batch_size=16, sample_weight=[WEIGHTS["species"], None])
    as_dict = model.evaluate({"x": X}, Y, batch_size=16, sample_weight={"species": WEIGHTS["species"], "mass": None})
    expected = _raw_keras().evaluate(X, [Y["species"], Y["mass"]], batch_size=16, verbose=0, return_dict=True,
                                     sample_weight=[WEIGHTS["species"], None])
    _assert_same_values(as_list, expected, "evaluate against Keras")
    _assert_same_values(as_dict, expected, "the dict form")
    plain = model.evaluate({"x": X}, Y, batch_size=16)
    _close(as_list["mass_loss"], plain["mass_loss"], "mass_loss unweighted")
    _close(as_list["mass_weighted_mae"], plain["mass_mae"], "mass_weighted_mae unweighted")


def test_validation_split_splits_each_outputs_weights_as_keras_does():
    histories = {engine: _two_heads(engine, **COMPILE).fit({"x": X}, Y, epochs=2, batch_size=16, shuffle=False,
                                                          validation_split=0.25, sample_weight=_form("dict"))["history"]
                 for engine in ("torch", "keras")}
    _assert_logs_equal(histories["torch"], histories["keras"], "history")
    assert "val_mass_weighted_mae" in histories["torch"]


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_bad_per_output_weights_name_the_argument(engine):
    model = _two_heads(engine, **COMPILE)
    before = [w.copy() for w in model.get_weights()]
    cases = [
        ({"species": WEIGHTS["species"]}, r"'sample_weight' given as a dict must have one entry per model output "
                                         r"\(species, mass\); got keys \(species\)"),
        (dict(WEIGHTS, extra=WEIGHTS["mass"]), r"got keys \(species, mass, extra\)"),
        ([WEIGHTS["species"]] * 3, r"given as a list must have one array per model output \(2: species, mass\); got 3"),
        ({"species": WEIGHTS["species"], "mass": np.ones(3)}, r"'sample_weight\['mass'\]' must have one value per "
                                                              r"sample, shape \(48,\); got shape \(3,\)"),
        ({"species": np.where(np.arange(ROWS) == 4, np.nan, 1.0), "mass": WEIGHTS["mass"]},
         r"'sample_weight\['species'\]' contains NaN or infinite values"),
    ]
    for weights, message in cases:
        with pytest.raises(InvalidArgumentError, match=message) as info:
            model.fit({"x": X}, Y, epochs=1, sample_weight=weights)
        assert info.value.argument.startswith("sample_weight")
        with pytest.raises(InvalidArgumentError, match=message):
            model.evaluate({"x": X}, Y, sample_weight=weights)
    with pytest.raises(InvalidArgumentError, match="either argument 'sample_weight' or 'class_weight'"):
        model.fit({"x": X}, Y, sample_weight=_form("dict"), class_weight={0: 1.0})
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)  # nothing trained
