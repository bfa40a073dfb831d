"""compile(weighted_metrics=...) on the PyTorch engine against real Keras 3.15.1 (keras/src/trainers/compile_utils.py
CompileMetrics, keras/src/trainers/trainer.py compile and get_compile_config).

Both engines run through the bridge's contract (kerasbridge.bridge) from the same config and initial weights:
fit histories (sample_weight, class_weight, validation_split, validation_data with weights), evaluate with
sample_weight, the names Keras gives clashing weighted metrics, the dict/list forms for several outputs,
R2Score(class_aggregation=None) as a vector and .keras files round-tripped both ways.
"""

import copy
import json
import os

import numpy as np
import pytest

from conftest import TRAINING_FIXTURES, keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

ADAM = {"module": "keras.optimizers", "class_name": "Adam", "config": {"learning_rate": 0.02}, "registered_name": None}
SAMPLES, BATCH = 24, 8
TWO_HEADS = json.load(open(os.path.join(TRAINING_FIXTURES, "multi_io", "functional_two_heads.json")))


def _metric(class_name, name, **config):
    # Named, as files and the C# API write them (Keras would otherwise number the names per process: auc_1, ...).
    return {"module": "keras.metrics", "class_name": class_name, "config": {"name": name, **config},
            "registered_name": None}


def _close(actual, expected, what):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    error = np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-2)
    assert float(error.max(initial=0.0)) <= 1e-4, f"{what}: {actual} != {expected}"


def _assert_logs_equal(got, expected, what):
    assert list(got) == list(expected), what  # the same names in the same order
    for key in expected:
        _close(got[key], expected[key], f"{what} {key}")


def _data(kind):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(SAMPLES, 4)).astype(np.float32)
    if kind == "binary":
        y = (rng.random((SAMPLES, 3)) > 0.5).astype(np.float32)
    elif kind == "categorical":
        y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, SAMPLES)]
    else:
        y = rng.uniform(0.1, 2.0, size=(SAMPLES, 3)).astype(np.float32)
    return x, y


def _sequential(engine, activation):
    """A Dense(3) model (seeded weights from real Keras) on one engine."""
    import keras
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation=activation)])
    config = {"module": "keras", "class_name": "Sequential", "config": model.get_config(), "registered_name": None}
    ours = bridge.get_engine(engine).model_from_config(config)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    return ours


def _both(activation, **compile_args):
    models = {}
    for engine in ("keras", "torch"):
        models[engine] = _sequential(engine, activation)
        models[engine].compile(optimizer=ADAM, **copy.deepcopy(compile_args))
    return models


def _fit_both(models, x, y, **options):
    histories = {name: m.fit(x, y, epochs=2, batch_size=BATCH, shuffle=False, **options)["history"]
                 for name, m in models.items()}
    _assert_logs_equal(histories["torch"], histories["keras"], "history")
    for i, (a, e) in enumerate(zip(models["torch"].get_weights(), models["keras"].get_weights())):
        _close(a, e, f"weight {i}")
    return histories["torch"]


BINARY_METRICS = dict(
    loss="binary_crossentropy",
    metrics=["accuracy", _metric("AUC", "auc"), "mse"],
    # accuracy, auc and mse clash with the plain metrics: weighted_accuracy, weighted_auc, weighted_mse, then
    # weighted_mse_1 for the second weighted mse.
    weighted_metrics=["accuracy", _metric("AUC", "auc"), "mse", "mse",
                      _metric("Precision", "precision", thresholds=[0.3, 0.7]),
                      _metric("F1Score", "f1_score", average=None, threshold=0.5),
                      _metric("RecallAtPrecision", "recall_at_precision", precision=0.5, num_thresholds=20)])


def test_fit_with_sample_weight_and_validation_split_matches_keras():
    x, y = _data("binary")
    weights = np.linspace(0.1, 2.5, SAMPLES).astype(np.float32)
    history = _fit_both(_both("sigmoid", **BINARY_METRICS), x, y, sample_weight=weights, validation_split=0.25)
    for name in ("weighted_accuracy", "weighted_auc", "weighted_mse", "weighted_mse_1", "precision",
                 "val_weighted_accuracy"):
        assert name in history
    # The weights change the weighted metrics only: the plain ones are the unweighted values.
    assert history["weighted_mse"] == history["weighted_mse_1"]
    assert abs(history["weighted_mse"][0] - history["mse"][0]) > 1e-4
    assert np.shape(history["f1_score"][0]) == (3,) and np.shape(history["precision"][0]) == (2,)


def test_evaluate_with_sample_weight_matches_keras():
    x, y = _data("binary")
    weights = np.linspace(2.0, 0.0, SAMPLES).astype(np.float32)
    # TruePositives only here: Keras's torch backend logs a view of its count, so a fit's training value shows the
    # validation count (a Keras quirk the engine does not copy).
    compile_args = dict(BINARY_METRICS, weighted_metrics=BINARY_METRICS["weighted_metrics"] + [
        _metric("TruePositives", "true_positives"), _metric("FalseNegatives", "fn", thresholds=[0.2, 0.6])])
    models = _both("sigmoid", **compile_args)
    logs = {name: m.evaluate(x, y, batch_size=BATCH, sample_weight=weights) for name, m in models.items()}
    _assert_logs_equal(logs["torch"], logs["keras"], "evaluate")
    unweighted = models["torch"].evaluate(x, y, batch_size=BATCH)
    assert unweighted["accuracy"] == logs["torch"]["accuracy"]
    assert unweighted["weighted_accuracy"] == pytest.approx(unweighted["accuracy"], abs=1e-6)
    assert abs(logs["torch"]["weighted_accuracy"] - logs["torch"]["accuracy"]) > 1e-4


def test_class_weight_weighs_the_weighted_metrics_as_keras():
    x, y = _data("categorical")
    history = _fit_both(
        _both("softmax", loss="categorical_crossentropy", metrics=["accuracy"],
              weighted_metrics=["accuracy", _metric("CategoricalCrossentropy", "categorical_crossentropy"),
                                _metric("TopKCategoricalAccuracy", "top_k_categorical_accuracy", k=2),
                                # IoU casts the weights to int32, as Keras does (0.5 counts 0).
                                _metric("OneHotIoU", "one_hot_io_u", num_classes=3, target_class_ids=[0, 2])]),
        x, y, class_weight={0: 2.0, 1: 0.5, 2: 3.0}, validation_data=(x[:8], y[:8]))
    # Validation data without weights: the weighted metrics are the plain ones there.
    assert history["val_weighted_accuracy"] == pytest.approx(history["val_accuracy"], abs=1e-6)
    assert abs(history["weighted_accuracy"][0] - history["accuracy"][0]) > 1e-4


def test_validation_data_with_sample_weights_matches_keras():
    x, y = _data("regression")
    val_weights = np.linspace(0.0, 3.0, 10).astype(np.float32)
    history = _fit_both(
        _both("softplus", loss="mse", metrics=["mae", _metric("R2Score", "r2_score", class_aggregation=None)],
              weighted_metrics=["mae", _metric("R2Score", "r2", class_aggregation=None),
                                _metric("R2Score", "r2_score", class_aggregation="variance_weighted_average"),
                                _metric("RootMeanSquaredError", "root_mean_squared_error"),
                                _metric("PearsonCorrelation", "pearson_correlation"),
                                _metric("CosineSimilarity", "cosine_similarity")]),
        x, y, validation_data=(x[:10], y[:10], val_weights))
    assert abs(history["val_weighted_mae"][0] - history["val_mae"][0]) > 1e-4
    assert history["weighted_mae"] == pytest.approx(history["mae"], abs=1e-6)  # no training weights


def test_r2_score_per_column_is_a_vector_as_in_keras():
    x, y = _data("regression")
    history = _fit_both(_both("softplus", loss="mse", metrics=[_metric("R2Score", "r2_score", class_aggregation=None)]), x, y)
    assert np.shape(history["r2_score"]) == (2, 3)


def _two_heads(engine, **compile_args):
    model = bridge.get_engine(engine).model_from_config(copy.deepcopy(TWO_HEADS["model"]) | {"compile_config": {}})
    model.set_weights([np.asarray(w, dtype=np.float32) for w in TWO_HEADS["initial_weights"]])
    model.compile(optimizer=ADAM, **copy.deepcopy(compile_args))
    return model


@pytest.mark.parametrize("form", ["dict", "list"])
def test_several_outputs_match_keras(form):
    x = np.asarray(TWO_HEADS["x"], dtype=np.float32)
    y = {k: np.asarray(v, dtype=np.float32) for k, v in TWO_HEADS["y"].items()}
    weighted = {"mass": ["mae", "mae", "mse"], "species": ["accuracy"]}
    if form == "list":
        weighted = [weighted["species"], weighted["mass"]]
    args = dict(loss={"species": "categorical_crossentropy", "mass": "mse"}, metrics={"mass": ["mae"]},
                weighted_metrics=weighted)
    models = {engine: _two_heads(engine, **args) for engine in ("keras", "torch")}
    weights = np.linspace(0.2, 2.0, x.shape[0]).astype(np.float32)
    histories = {name: m.fit({"x": x}, y, epochs=2, batch_size=16, shuffle=False, sample_weight=weights,
                             validation_split=0.25)["history"] for name, m in models.items()}
    _assert_logs_equal(histories["torch"], histories["keras"], "history")
    for name in ("mass_mae", "mass_weighted_mae", "mass_weighted_mae_1", "mass_mse", "species_accuracy"):
        assert name in histories["torch"]
    logs = {name: m.evaluate({"x": x}, y, batch_size=16, sample_weight=weights) for name, m in models.items()}
    _assert_logs_equal(logs["torch"], logs["keras"], "evaluate")


def test_keras_files_round_trip_both_ways(tmp):
    import keras
    x, y = _data("binary")
    weights = np.linspace(0.1, 2.5, SAMPLES).astype(np.float32)
    theirs = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="sigmoid")])
    theirs.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"],
                   weighted_metrics=["accuracy", keras.metrics.AUC(name="wauc"), "mse"])
    theirs.fit(x, y, epochs=1, batch_size=BATCH, verbose=0, sample_weight=weights)
    theirs.save(tmp("theirs.keras"))
    loaded = bridge.get_engine("torch").load_model(tmp("theirs.keras"))
    expected_config = json.loads(json.dumps(theirs.get_compile_config()))
    got_config = loaded.config()["compile_config"]
    assert got_config.pop("optimizer")["class_name"] == expected_config.pop("optimizer")["class_name"]
    assert got_config == expected_config
    expected = theirs.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True, sample_weight=weights)
    got = loaded.evaluate(x, y, batch_size=BATCH, sample_weight=weights)
    assert sorted(got) == sorted(expected)
    for key in expected:
        _close(got[key], expected[key], f"loaded evaluate {key}")
    loaded.fit(x, y, epochs=1, batch_size=BATCH, sample_weight=weights)  # trains on from Keras's optimizer state
    loaded.save(tmp("ours.keras"))
    again = keras.saving.load_model(tmp("ours.keras"))
    written = loaded.config()["compile_config"]
    read = json.loads(json.dumps(again.get_compile_config()))
    assert read.pop("optimizer")["class_name"] == written.pop("optimizer")["class_name"]
    assert read == written == expected_config
    assert again.get_compile_config()["weighted_metrics"][0] == "accuracy"


def test_compile_config_is_written_as_keras_writes_it():
    models = _both("sigmoid", **BINARY_METRICS)
    expected = models["keras"].config()["compile_config"]
    got = models["torch"].config()["compile_config"]
    assert got["weighted_metrics"] == expected["weighted_metrics"]
    assert got["metrics"] == expected["metrics"]


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_bad_weighted_metrics_are_refused_naming_the_argument(engine):
    model = _sequential(engine, "sigmoid")
    with pytest.raises(InvalidArgumentError, match="weighted_metrics") as info:
        model.compile(optimizer=ADAM, loss="mse", weighted_metrics="mae")
    assert info.value.argument == "weighted_metrics"
    if engine == "torch":
        with pytest.raises(InvalidArgumentError, match="weighted_metrics"):
            model.compile(optimizer=ADAM, loss="mse", weighted_metrics=["no_such_metric"])
    model.compile(optimizer=ADAM, loss="mse", weighted_metrics=["mae"])
    x, y = _data("binary")
    with pytest.raises(InvalidArgumentError, match=r"validation_data\[2\]"):
        model.fit(x, y, validation_data=(x, y, np.ones(3, dtype=np.float32)))
