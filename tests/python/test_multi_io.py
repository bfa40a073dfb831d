"""Functional models with several inputs and outputs in compile/fit/evaluate/predict, on both engines.

The fixture training/multi_io/functional_two_heads.json is Keras 3.15.1's own run of a two-output model
(loss and metrics dicts, loss_weights, no shuffling): every History value, final weight and prediction is
reproduced within 1e-4. The other loss/metric forms are compared with real Keras on the same model
(skipped where Keras does not import); the error cases need no Keras.
"""

import copy
import json
import os

import numpy as np
import pytest

from conftest import FIXTURES, TRAINING_FIXTURES, keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError

TOLERANCE = 1e-4
CASE_PATH = os.path.join(TRAINING_FIXTURES, "multi_io", "functional_two_heads.json")
CASE = json.load(open(CASE_PATH))
ENGINES = ["torch", pytest.param("keras", marks=pytest.mark.skipif(not keras_available(), reason="Keras does not import"))]
requires_keras = pytest.mark.skipif(not keras_available(), reason="Keras does not import")


def rel_error(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"shape {actual.shape} != expected {expected.shape}"
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-2))) if actual.size else 0.0


def data():
    x = np.asarray(CASE["x"], dtype=np.float32)
    y = {k: np.asarray(v, dtype=np.float32) for k, v in CASE["y"].items()}
    return x, y


def fresh_model(engine_name, compile_args=None):
    """The fixture's model (its compile_config dropped) with the fixture's initial weights."""
    config = copy.deepcopy(CASE["model"])
    config["compile_config"] = {}
    model = bridge.get_engine(engine_name).model_from_config(config)
    model.set_weights([np.asarray(w, dtype=np.float32) for w in CASE["initial_weights"]])
    if compile_args is not None:
        model.compile(**compile_args)
    return model


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("x_form", ["dict", "list", "array"])
def test_two_heads_trajectory_matches_keras(engine_name, x_form):
    c = CASE["compile"]
    model = fresh_model(engine_name, dict(optimizer=c["optimizer"], loss=c["loss"], metrics=c["metrics"],
                                          loss_weights=c["loss_weights"]))
    x, y = data()
    xs = {"dict": {"x": x}, "list": [x], "array": x}[x_form]
    ys = y if x_form == "dict" else [y["species"], y["mass"]]
    fit = CASE["fit"]
    result = model.fit(xs, ys, epochs=fit["epochs"], batch_size=fit["batch_size"], shuffle=fit["shuffle"])
    assert sorted(result["history"]) == sorted(CASE["history"])
    for key, expected in CASE["history"].items():
        assert rel_error(result["history"][key], expected) <= TOLERANCE, key
    for weight, expected in zip(model.get_weights(), CASE["final_weights"]):
        assert rel_error(weight, expected) <= TOLERANCE
    predictions = model.predict(xs)
    assert isinstance(predictions, list) and len(predictions) == 2
    assert rel_error(predictions[0], CASE["predictions"]["species"]) <= TOLERANCE
    assert rel_error(predictions[1], CASE["predictions"]["mass"]) <= TOLERANCE


def test_two_heads_compile_config_from_the_fixture_model_trains_the_same():
    """The fixture's model carries Keras's compile_config (loss/metrics dicts, loss_weights): the engine
    compiles from it and writes the same compile_config back."""
    model = bridge.get_engine("torch").model_from_config(copy.deepcopy(CASE["model"]))
    model.set_weights([np.asarray(w, dtype=np.float32) for w in CASE["initial_weights"]])
    x, y = data()
    history = model.fit(x, y, epochs=3, batch_size=16, shuffle=False)["history"]
    assert rel_error(history["loss"], CASE["history"]["loss"]) <= TOLERANCE
    written = model.config()["compile_config"]
    for key in ("loss", "loss_weights", "metrics"):
        assert written[key] == CASE["model"]["compile_config"][key]


def _validation_logs_equal_evaluate(engine_name):
    c = CASE["compile"]
    args = dict(optimizer=c["optimizer"], loss=c["loss"], metrics=c["metrics"], loss_weights=c["loss_weights"])
    model = fresh_model(engine_name, args)
    x, y = data()
    train_y = {k: v[:36] for k, v in y.items()}
    val_y = {k: v[36:] for k, v in y.items()}
    result = model.fit({"x": x[:36]}, train_y, epochs=2, batch_size=16, shuffle=False,
                       validation_data=({"x": x[36:]}, val_y))
    logs = model.evaluate({"x": x[36:]}, val_y, batch_size=16)
    assert set(result["history"]) == set(CASE["history"]) | {f"val_{k}" for k in CASE["history"]}
    for key, value in logs.items():
        assert abs(result["history"][f"val_{key}"][-1] - value) <= 1e-5 * max(1.0, abs(value)), key
    # validation_split takes the same last quarter: the same trajectory as validation_data.
    split = fresh_model(engine_name, args).fit(x, y, epochs=2, batch_size=16, shuffle=False, validation_split=0.25)
    for key, values in result["history"].items():
        assert rel_error(split["history"][key], values) <= TOLERANCE, key
    return result["history"]


@pytest.mark.parametrize("engine_name", ENGINES)
def test_validation_data_and_split_with_dicts(engine_name):
    _validation_logs_equal_evaluate(engine_name)


# The loss/metric forms of compile_utils.py, each compared with real Keras on the same model and data.
FORMS = {
    "one_loss_every_output": dict(loss="mse", metrics=["mae", "mse"]),
    "loss_list_weights_list": dict(loss=["categorical_crossentropy", "mse"], loss_weights=[0.3, 2.0],
                                   metrics=[["accuracy", "mae"], ["mae"]]),
    "loss_dict_metrics_dict_subset": dict(loss={"mass": "mae", "species": "crossentropy"}, metrics={"mass": "mse"}),
    "one_output_without_loss": dict(loss={"species": "categorical_crossentropy", "mass": None},
                                    metrics={"species": ["acc"], "mass": ["mae"]}),
    "repeated_metric_names": dict(loss="mse", metrics=[["mae", "mae"], None]),
}


@requires_keras
@pytest.mark.parametrize("form", sorted(FORMS))
def test_loss_and_metric_forms_match_real_keras(form):
    x, y = data()
    results = {}
    for engine_name in ("torch", "keras"):
        model = fresh_model(engine_name, dict(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.01}},
                                              **FORMS[form]))
        history = model.fit({"x": x}, y, epochs=2, batch_size=16, shuffle=False)["history"]
        results[engine_name] = (history, model.evaluate({"x": x}, y), model.get_weights())
    (torch_history, torch_eval, torch_weights), (keras_history, keras_eval, keras_weights) = results["torch"], results["keras"]
    assert sorted(torch_history) == sorted(keras_history)
    assert sorted(torch_eval) == sorted(keras_eval)
    for key in keras_history:
        assert rel_error(torch_history[key], keras_history[key]) <= TOLERANCE, key
        assert rel_error(torch_eval[key], keras_eval[key]) <= TOLERANCE, key
    for a, b in zip(torch_weights, keras_weights):
        assert rel_error(a, b) <= TOLERANCE


def test_sparse_labels_for_one_output():
    x, y = data()
    ids = np.argmax(y["species"], axis=1).astype(np.int64)
    model = fresh_model("torch", dict(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"],
                                      metrics=[["accuracy"], []]))
    logs = model.evaluate({"x": x}, {"species": ids, "mass": y["mass"]})
    onehot = fresh_model("torch", dict(optimizer="adam", loss=["categorical_crossentropy", "mse"], metrics=[["accuracy"], []]))
    expected = onehot.evaluate({"x": x}, y)
    assert set(logs) == {"loss", "species_accuracy", "species_loss", "mass_loss"}
    for key in logs:
        assert abs(logs[key] - expected[key]) <= 1e-6, key


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("name", ["two_inputs", "two_outputs"])
def test_predict_fixture_models_by_name_and_by_position(engine_name, name):
    facts = json.load(open(os.path.join(FIXTURES, "functional", name + ".json")))
    model = bridge.get_engine(engine_name).load_model(os.path.join(FIXTURES, "functional", name + ".keras"))
    inputs = [np.asarray(v, dtype=np.float32) for v in facts["inputs"].values()]
    by_name = dict(zip(model.input_names, inputs))
    for x in (by_name, inputs):
        out = model.predict(x)
        out = out if isinstance(out, list) else [out]
        assert len(out) == len(facts["output_names"])
        for array, expected in zip(out, facts["outputs"].values()):
            assert rel_error(array, expected) <= TOLERANCE
    assert model.output_names == facts["output_names"]


def _compiled(engine_name):
    c = CASE["compile"]
    return fresh_model(engine_name, dict(optimizer="adam", loss=c["loss"], metrics=c["metrics"]))


@pytest.mark.parametrize("engine_name", ENGINES)
def test_missing_and_unknown_output_names_are_refused(engine_name):
    model = _compiled(engine_name)
    x, y = data()
    with pytest.raises(InvalidArgumentError) as e:
        model.fit({"x": x}, {"species": y["species"], "mas": y["mass"]})
    assert "one entry per model output (species, mass)" in str(e.value)
    assert "missing: mass; unknown: mas" in str(e.value)
    assert e.value.argument == "y"


@pytest.mark.parametrize("engine_name", ENGINES)
def test_unknown_input_name_is_refused(engine_name):
    model = _compiled(engine_name)
    x, y = data()
    with pytest.raises(InvalidArgumentError) as e:
        model.evaluate({"input": x}, y)
    assert "one entry per model input (x); missing: x; unknown: input" in str(e.value)
    with pytest.raises(InvalidArgumentError) as e:
        model.predict({"x": x, "z": x})
    assert "unknown: z" in str(e.value)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_labels_not_fitting_their_output_are_refused(engine_name):
    model = _compiled(engine_name)
    x, y = data()
    with pytest.raises(InvalidArgumentError) as e:
        model.fit({"x": x}, {"species": y["species"], "mass": np.zeros((48, 2), np.float32)})
    assert "y['mass']" in str(e.value) and "(48, 2)" in str(e.value)
    with pytest.raises(InvalidArgumentError) as e:
        model.fit({"x": x}, [y["species"]])
    assert "2 outputs (species, mass)" in str(e.value)
    with pytest.raises(InvalidArgumentError) as e:
        model.fit({"x": x}, {"species": y["species"], "mass": y["mass"][:40]})
    assert "same number of samples" in str(e.value)


def test_compile_structures_that_cannot_fit_the_outputs_are_refused():
    model = fresh_model("torch")
    with pytest.raises(InvalidArgumentError, match=r"one entry per model output \(species, mass\); got keys species, masss"):
        model.compile("adam", loss={"species": "categorical_crossentropy", "masss": "mse"})
    with pytest.raises(InvalidArgumentError, match="a list of 2 losses"):
        model.compile("adam", loss=["mse"])
    with pytest.raises(InvalidArgumentError, match="must match the number of losses, got 1 losses and 2 weights"):
        model.compile("adam", loss="mse", loss_weights=[1.0, 2.0])
    with pytest.raises(InvalidArgumentError, match="one entry per model output"):
        model.compile("adam", loss="mse", metrics=["mae"])
    with pytest.raises(InvalidArgumentError, match="Unknown loss"):
        model.compile("adam", loss={"species": "nope", "mass": "mse"})


def _early_stopping(engine_name, monitor, mode):
    c = CASE["compile"]
    model = fresh_model(engine_name, dict(optimizer={"class_name": "SGD", "config": {"learning_rate": 1.0}},
                                          loss=c["loss"], metrics=c["metrics"], loss_weights=c["loss_weights"]))
    x, y = data()
    stop = {"class_name": "EarlyStopping", "config": {"monitor": monitor, "patience": 1, "mode": mode}}
    return model.fit({"x": x}, y, epochs=30, batch_size=16, shuffle=False, validation_split=0.25, callbacks=[stop])


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("monitor", ["val_mass_loss", "val_species_accuracy"])
def test_early_stopping_on_a_per_output_log_needs_a_mode_as_in_keras(engine_name, monitor):
    """Keras's mode="auto" matches a metric's own name ("accuracy"), not its log name ("species_accuracy"), and
    has no direction for an output's loss: both need mode="min"/"max", as in Keras."""
    with pytest.raises(ValueError, match="mode='max'"):
        _early_stopping(engine_name, monitor, "auto")


@pytest.mark.parametrize("monitor,mode", [("val_mass_loss", "min"), ("val_species_accuracy", "max")])
def test_early_stopping_on_a_per_output_log_stops_where_keras_stops(monitor, mode):
    torch_result = _early_stopping("torch", monitor, mode)
    values = torch_result["history"][monitor]
    assert torch_result["stopped_early"] and len(values) < 30
    if keras_available():
        keras_result = _early_stopping("keras", monitor, mode)
        assert keras_result["stopped_early"]
        assert len(keras_result["history"][monitor]) == len(values)
        assert rel_error(values, keras_result["history"][monitor]) <= TOLERANCE


@requires_keras
def test_a_two_output_model_trained_on_torch_opens_in_real_keras_with_its_compile_config(tmp):
    """The saved .keras holds Keras's compile_config (loss/metrics dicts, loss_weights) and the weights: real Keras
    evaluates it to the same per-output logs, and its predictions match."""
    c = CASE["compile"]
    model = fresh_model("torch", dict(optimizer=c["optimizer"], loss=c["loss"], metrics=c["metrics"],
                                      loss_weights=c["loss_weights"]))
    x, y = data()
    model.fit([x], [y["species"], y["mass"]], epochs=2, batch_size=16, shuffle=False)
    path = tmp("two_heads.keras")
    model.save(path)
    again = bridge.get_engine("keras").load_model(path)
    expected, actual = model.evaluate([x], y), again.evaluate([x], y)
    assert sorted(expected) == sorted(actual)
    for key in expected:
        assert abs(actual[key] - expected[key]) <= 1e-4 * max(abs(expected[key]), 1e-2), key
    for a, b in zip(model.predict(x), again.predict([x])):
        assert rel_error(b, a) <= TOLERANCE


def _weighted_fit(engine_name):
    """Two outputs, one sample_weight array (Keras replicates it over the outputs), validation_split (which
    takes its share of the weights) and ReduceLROnPlateau (learning_rate in the logs)."""
    c = CASE["compile"]
    model = fresh_model(engine_name, dict(optimizer=c["optimizer"], loss=c["loss"], metrics=c["metrics"],
                                          loss_weights=c["loss_weights"]))
    x, y = data()
    weights = np.linspace(0.2, 2.0, x.shape[0]).astype(np.float32)
    plateau = {"class_name": "ReduceLROnPlateau", "config": {"monitor": "val_loss", "patience": 0, "factor": 0.5,
                                                             "min_delta": 10.0}}
    result = model.fit({"x": x}, y, epochs=3, batch_size=16, shuffle=False, validation_split=0.25,
                       sample_weight=weights, callbacks=[plateau])
    return result["history"], model.get_weights()


@pytest.mark.parametrize("engine_name", ENGINES)
def test_sample_weight_weighs_every_output(engine_name):
    history, _ = _weighted_fit(engine_name)
    unweighted = _validation_logs_equal_evaluate(engine_name)
    # Logged before the epoch's reduction: epoch 1 does not improve by min_delta, so epoch 2 runs at half.
    assert history["learning_rate"] == pytest.approx([0.01, 0.01, 0.005], rel=1e-6)
    # Both outputs' losses (and the total) change with the weights; metrics stay unweighted, as in Keras.
    for key in ("species_loss", "mass_loss", "loss", "val_species_loss", "val_mass_loss"):
        assert abs(history[key][0] - unweighted[key][0]) > 1e-3, key
    assert history["species_accuracy"][0] == pytest.approx(unweighted["species_accuracy"][0], abs=1e-6)


@requires_keras
def test_sample_weight_with_two_outputs_matches_real_keras():
    expected_history, expected_weights = _weighted_fit("keras")
    history, weights = _weighted_fit("torch")
    assert sorted(history) == sorted(expected_history)
    for key, expected in expected_history.items():
        assert rel_error(history[key], expected) <= TOLERANCE, key
    for weight, expected in zip(weights, expected_weights):
        assert rel_error(weight, expected) <= TOLERANCE


@pytest.mark.parametrize("engine_name", ENGINES)
def test_class_weight_is_refused_for_several_outputs_as_in_keras(engine_name):
    model = _compiled(engine_name)
    x, y = data()
    with pytest.raises(InvalidArgumentError, match="class_weight.*single output") as error:
        model.fit({"x": x}, y, epochs=1, class_weight={0: 2.0})
    assert error.value.argument == "class_weight"


# Keras's BaseOptimizer._filter_empty_gradients drops the variables without a gradient (here the 'mass' head's, whose
# output has no loss) from the step: they and their optimizer slots stay as they were, for every optimizer.
NO_GRADIENT_OPTIMIZERS = ["SGD", "Adam", "AdamW", "Adadelta", "Adagrad", "Adamax", "Ftrl", "Lion", "Nadam", "RMSprop",
                          "Lamb", "Adafactor", "Muon", "ScheduleFreeAdamW"]


@requires_keras
@pytest.mark.parametrize("optimizer", NO_GRADIENT_OPTIMIZERS)
def test_variables_without_a_gradient_keep_their_values_and_slots_as_in_keras(optimizer):
    x, y = data()
    options = {"learning_rate": 0.01, **({"momentum": 0.9} if optimizer == "SGD" else {})}
    results = {}
    for engine_name in ("torch", "keras"):
        model = fresh_model(engine_name, dict(optimizer={"class_name": optimizer, "config": options},
                                              loss={"species": "categorical_crossentropy", "mass": None}))
        history = model.fit({"x": x}, y, epochs=2, batch_size=16, shuffle=False)["history"]
        slots = model.optimizer.get_variables() if engine_name == "torch" else \
            [np.asarray(v.numpy()) for v in model._model.optimizer.variables]
        results[engine_name] = (history, model.get_weights(), slots)
    (torch_history, torch_weights, torch_slots), (keras_history, keras_weights, keras_slots) = results["torch"], results["keras"]
    assert rel_error(torch_history["loss"], keras_history["loss"]) <= TOLERANCE
    initial = CASE["initial_weights"]
    for i, (a, b) in enumerate(zip(torch_weights, keras_weights)):
        assert rel_error(a, b) <= TOLERANCE, f"weight {i}"
    assert [np.shape(v) for v in torch_slots] == [np.shape(v) for v in keras_slots]
    for i, (a, b) in enumerate(zip(torch_slots, keras_slots)):
        assert rel_error(a, b) <= TOLERANCE, f"optimizer variable {i}"
    assert any(np.array_equal(w, np.asarray(w0, dtype=np.float32)) for w, w0 in zip(torch_weights, initial)), \
        "the head without a loss keeps its initial weights"
