"""Keras's remaining classification metrics on the PyTorch engine, held against real Keras 3 (skipped without keras):
top-k accuracies, F1/F-beta scores, the confusion counts, the rates at a target rate and the IoU family.

Each family shares one tiny Dense classifier built in Keras (seeded), rebuilt in the PyTorch engine from Keras's
config and weights; both fit 2 epochs in batches of 7 without shuffling (so the metrics accumulate over batches
and reset per epoch), some with a validation split (evaluate's path), and every history series, then evaluate,
is compared at 1e-4 relative (1e-6 absolute floor). Vector-valued metrics (F1Score with average=None, several
thresholds) are lists per epoch where Keras's History holds arrays. The families with a confusion count
(TruePositives, ...) fit without validation: Keras on the CPU logs a count as a numpy view of its variable, which
validation then resets and refills, so its History shows the validation counts under the training key too; the
engine logs the training counts. Configs: Keras's serialized metrics round-trip
through the engine unchanged, and compile_config through .keras files both ways.
"""

import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

SGD = {"module": "keras.optimizers", "class_name": "SGD", "config": {"learning_rate": 0.5}, "registered_name": None}
ROWS = 40


def _pair(units, activation, seed=3):
    import keras
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="tanh"),
                              keras.layers.Dense(units, activation=activation)])
    config = {"module": "keras", "class_name": "Sequential", "registered_name": None,
              "config": json.loads(json.dumps(model.get_config()))}
    ours = bridge.get_engine("torch").model_from_config(config)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    return model, ours


def _x(seed=0):
    return np.random.default_rng(seed).normal(size=(ROWS, 4)).astype(np.float32)


def _serialized(metric):
    import keras
    return metric if isinstance(metric, str) else json.loads(json.dumps(keras.metrics.serialize(metric)))


def _fit_both(units, activation, loss, y, metrics, sample_weight=None, validation_split=0.2):
    """Fits Keras and the engine alike; returns (Keras's history, ours, Keras's evaluate, ours)."""
    import keras
    model, ours = _pair(units, activation)
    x = _x()
    model.compile(optimizer=keras.optimizers.deserialize(SGD), loss=loss, metrics=metrics)
    ours.compile(optimizer=SGD, loss=loss, metrics=[_serialized(m) for m in metrics])
    options = dict(epochs=2, batch_size=7, shuffle=False, validation_split=validation_split, sample_weight=sample_weight)
    expected = model.fit(x, y, verbose=0, **options).history
    got = ours.fit(x, y, **options)["history"]
    return expected, got, model.evaluate(x, y, batch_size=9, verbose=0, return_dict=True), ours.evaluate(x, y, batch_size=9)


def _assert_same(expected, got, evaluated, ours_evaluated):
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(np.asarray(got[key]), np.asarray([np.asarray(v) for v in expected[key]]), f"history {key}")
    assert sorted(ours_evaluated) == sorted(evaluated)
    for key in evaluated:
        assert_close(ours_evaluated[key], evaluated[key], f"evaluate {key}")


def _categorical_metrics():
    import keras
    M = keras.metrics
    return [M.TopKCategoricalAccuracy(k=2), "top_k_categorical_accuracy", M.F1Score(), "f1_score",
            M.F1Score(average="micro"), M.F1Score(average="macro", threshold=0.2, name="f1_macro"),
            M.FBetaScore(average="weighted", beta=2.0, threshold=0.3), M.FBetaScore(beta=0.5, name="f_half"),
            M.OneHotIoU(6, [0, 2]), M.OneHotMeanIoU(6, ignore_class=1),
            M.IoU(6, [1, 4, 5], sparse_y_true=False, sparse_y_pred=False, name="iou_dense"),
            M.MeanIoU(6, sparse_y_true=False, sparse_y_pred=False),
            M.Precision(thresholds=[0.1, 0.3]), M.TruePositives(thresholds=[0.15, 0.5, 0.9]),
            M.PrecisionAtRecall(0.3, num_thresholds=25, class_id=2)]


def test_categorical_family_matches_keras():
    labels = np.random.default_rng(1).integers(0, 6, ROWS)
    y = np.eye(6, dtype=np.float32)[labels]
    expected, got, evaluated, ours = _fit_both(6, "softmax", "categorical_crossentropy", y, _categorical_metrics(),
                                               validation_split=0.0)
    _assert_same(expected, got, evaluated, ours)
    # average=None: one score per class, a list per epoch (Keras: an array per epoch).
    assert len(got["f1_score"][0]) == 6 and len(got["true_positives"][1]) == 3


def test_sparse_family_matches_keras():
    import keras
    M = keras.metrics
    y = np.random.default_rng(2).integers(0, 6, (ROWS, 1)).astype(np.int32)
    metrics = [M.SparseTopKCategoricalAccuracy(k=3), "sparse_top_k_categorical_accuracy",
               M.SparseTopKCategoricalAccuracy(k=1, name="top1"),
               M.IoU(6, [1, 3], sparse_y_pred=False), M.MeanIoU(6, sparse_y_pred=False, ignore_class=0)]
    _assert_same(*_fit_both(6, "softmax", "sparse_categorical_crossentropy", y, metrics))


def test_binary_family_matches_keras_with_sample_weight():
    """fit's sample_weight weighs the loss (so training differs from unweighted); compile's metrics stay
    unweighted, as in Keras (only weighted_metrics would take the weights)."""
    import keras
    M = keras.metrics
    rng = np.random.default_rng(4)
    y = (rng.random((ROWS, 1)) < 0.45).astype(np.float32)
    weights = rng.uniform(0.2, 2.0, ROWS).astype(np.float32)
    metrics = [M.TruePositives(), M.TrueNegatives(thresholds=[0.2, 0.5, 0.8]), M.FalsePositives(thresholds=0.35),
               M.FalseNegatives(), "true_positives", "false_negatives",
               M.PrecisionAtRecall(0.6), M.RecallAtPrecision(0.5, num_thresholds=30),
               M.SensitivityAtSpecificity(0.5, num_thresholds=1), M.SpecificityAtSensitivity(0.7, num_thresholds=2),
               M.BinaryIoU(), M.BinaryIoU(target_class_ids=[1], threshold=0.4, name="iou_pos"), "binary_io_u"]
    expected, got, evaluated, ours = _fit_both(1, "sigmoid", "binary_crossentropy", y, metrics, sample_weight=weights,
                                               validation_split=0.0)
    _assert_same(expected, got, evaluated, ours)
    unweighted = _fit_both(1, "sigmoid", "binary_crossentropy", y, [M.TruePositives()])[1]
    assert not np.allclose(unweighted["loss"], got["loss"])


def test_multilabel_class_id_matches_keras():
    import keras
    M = keras.metrics
    y = (np.random.default_rng(5).random((ROWS, 3)) < 0.5).astype(np.float32)
    metrics = [M.PrecisionAtRecall(0.4, class_id=2), M.SensitivityAtSpecificity(0.6, num_thresholds=40, class_id=0),
               M.RecallAtPrecision(0.55, class_id=1), M.SpecificityAtSensitivity(0.5),
               M.FBetaScore(average="micro", beta=1.5, threshold=0.5), M.F1Score(threshold=0.45),
               M.FalsePositives(thresholds=[0.25, 0.75])]
    _assert_same(*_fit_both(3, "sigmoid", "binary_crossentropy", y, metrics, validation_split=0.0))


def _engine_metric(metric):
    from kerasbridge.torch_engine import metrics as metrics_module
    return metrics_module.get(_serialized(metric), None, None)


def _accumulate_both(keras_metric, batches):
    """update_state over the batches on Keras's metric and the engine's; returns both results."""
    import torch
    ours = _engine_metric(keras_metric)
    ours.reset("cpu")
    for y_true, y_pred in batches:
        keras_metric.update_state(y_true, y_pred)
        ours.update(torch.from_numpy(y_true), torch.from_numpy(y_pred))
    return np.asarray(keras_metric.result()), ours.result().numpy()


def test_corner_cases_match_keras():
    """Predictions of exactly 0 and 1 (the bucket below the first threshold), ties in top-k, sorted ids,
    labels outside [0, num_classes), ignore_class and truncated float labels."""
    import keras
    M = keras.metrics
    binary = [(np.array([[1.0], [0.0], [1.0], [0.0]], np.float32), np.array([[0.0], [0.0], [1.0], [0.6]], np.float32)),
              (np.array([[1.0], [1.0], [0.0]], np.float32), np.array([[0.3], [0.0], [1.0]], np.float32))]
    for metric in (M.SensitivityAtSpecificity(0.5, num_thresholds=5), M.SpecificityAtSensitivity(0.4, num_thresholds=2),
                   M.PrecisionAtRecall(0.9, num_thresholds=3), M.RecallAtPrecision(0.0, num_thresholds=4),
                   M.TrueNegatives(thresholds=[0.0, 0.5, 1.0]), M.FalseNegatives(thresholds=[0.0, 0.5, 1.0])):
        expected, got = _accumulate_both(metric, binary)
        assert_close(got, expected, metric.name)
    ties = np.array([[0.2, 0.2, 0.2, 0.4], [0.1, 0.5, 0.2, 0.2]], np.float32)
    expected, got = _accumulate_both(M.SparseTopKCategoricalAccuracy(k=2), [(np.array([1, 3], np.int32), ties)])
    assert_close(got, expected, "ties")
    ids = np.array([[3, 1, 0], [2, 0, 1], [0, 2, 3]], np.float32)
    expected, got = _accumulate_both(M.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
                                     [(np.array([1, 1, 3], np.int32), ids)])
    assert_close(got, expected, "from_sorted_ids")
    labels = (np.array([0, 1, 2, 5, -1, 2.7], np.float32), np.array([0, 2, 2, 1, 0, 2.2], np.float32))
    for metric in (M.MeanIoU(3), M.IoU(3, [2], ignore_class=1), M.BinaryIoU(threshold=0.25)):
        expected, got = _accumulate_both(metric, [labels, labels[::-1]])
        assert_close(got, expected, metric.name)


def test_configs_round_trip_through_the_engine():
    import keras
    M = keras.metrics
    metrics = _categorical_metrics() + [
        M.SparseTopKCategoricalAccuracy(k=3, from_sorted_ids=True), M.BinaryIoU(target_class_ids=[1], threshold=0.3),
        M.MeanIoU(4, ignore_class=2), M.OneHotIoU(3, [1], sparse_y_pred=True), M.TrueNegatives(0.4),
        M.FalseNegatives([0.1, 0.2]), M.RecallAtPrecision(0.8, num_thresholds=7, class_id=1),
        M.SensitivityAtSpecificity(0.1), M.SpecificityAtSensitivity(0.9, 3)]
    for metric in metrics:
        if isinstance(metric, str):
            continue
        config = _serialized(metric)
        assert _engine_metric(metric).serialize() == config, config["class_name"]
    for name, class_name in [("top_k_categorical_accuracy", "TopKCategoricalAccuracy"), ("f1_score", "F1Score"),
                             ("true_negatives", "TrueNegatives"), ("binary_io_u", "BinaryIoU"),
                             ("FalsePositives", "FalsePositives"), ("f_beta_score", "FBetaScore")]:
        assert _engine_metric(name).class_name == type(keras.metrics.get(name)).__name__ == class_name


def test_compile_config_round_trips_through_keras_files(tmp):
    import keras
    model, ours = _pair(6, "softmax")
    objects = _categorical_metrics()
    metrics = [_serialized(m) for m in objects]
    ours.compile(optimizer=SGD, loss="categorical_crossentropy", metrics=metrics)
    ours.save(tmp("ours.keras"))
    theirs = keras.saving.load_model(tmp("ours.keras"))
    assert theirs.get_compile_config()["metrics"] == metrics
    y = np.eye(6, dtype=np.float32)[np.random.default_rng(1).integers(0, 6, ROWS)]
    assert sorted(theirs.evaluate(_x(), y, verbose=0, return_dict=True)) == sorted(ours.evaluate(_x(), y))
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=objects)
    model.save(tmp("theirs.keras"))
    loaded = bridge.get_engine("torch").load_model(tmp("theirs.keras"))
    assert loaded.config()["compile_config"]["metrics"] == metrics


def test_direction_of_each_metric():
    """EarlyStopping's mode="auto": rates and scores go up; Keras gives the counts no direction."""
    directions = {name: _engine_metric(name).direction for name in
                  ("top_k_categorical_accuracy", "f1_score", "binary_io_u", "true_positives", "false_negatives")}
    assert directions == {"top_k_categorical_accuracy": "up", "f1_score": "up", "binary_io_u": "up",
                          "true_positives": None, "false_negatives": None}


@pytest.mark.parametrize("identifier, message", [
    ({"class_name": "FBetaScore", "config": {"beta": 2}}, "'beta' must be a float > 0; got 2"),
    ({"class_name": "F1Score", "config": {"average": "mean"}}, "'average' must be None, 'micro', 'macro' or 'weighted'"),
    ({"class_name": "F1Score", "config": {"threshold": 1.5}}, "0 < threshold <= 1; got 1.5"),
    ({"class_name": "IoU", "config": {"num_classes": 3, "target_class_ids": [3]}}, "target class id 3 is out of range"),
    ({"class_name": "MeanIoU", "config": {"num_classes": 0}}, "'num_classes' must be an int >= 1; got 0"),
    ({"class_name": "PrecisionAtRecall", "config": {"recall": 1.2}}, "'recall' must be a number in [0, 1]; got 1.2"),
    ({"class_name": "SensitivityAtSpecificity", "config": {"specificity": 0.5, "num_thresholds": 0}},
     "'num_thresholds' must be an integer > 0; got 0"),
    ({"class_name": "TruePositives", "config": {"thresholds": [0.2, 1.4]}}, "must hold numbers in [0, 1]"),
    ({"class_name": "TopKCategoricalAccuracy", "config": {"k": 0}}, "'k' must be an int >= 1; got 0"),
    ("mean_io_u", "Invalid config for metric mean_io_u"),
])
def test_bad_options_are_refused_clearly(identifier, message):
    with pytest.raises(InvalidArgumentError) as error:
        _engine_metric(identifier)
    assert message in str(error.value)


def test_shape_errors_are_clear():
    import torch
    f1 = _engine_metric("f1_score")
    f1.reset("cpu")
    with pytest.raises(InvalidArgumentError, match=r"expects 2D inputs"):
        f1.update(torch.zeros(4), torch.zeros(4))
    top = _engine_metric("top_k_categorical_accuracy")
    with pytest.raises(InvalidArgumentError, match=r"'k' \(5\) must not exceed the number of classes \(3\)"):
        top.update(torch.eye(3), torch.eye(3))


def test_vector_metrics_in_progress_bar_and_csv_logger_as_keras(tmp, capsys):
    """Keras's progress bar shows a vector metric's mean; its CSVLogger writes the array as "[v1, v2, ...]"."""
    import keras
    M = keras.metrics
    model, ours = _pair(6, "softmax")
    y = np.eye(6, dtype=np.float32)[np.random.default_rng(1).integers(0, 6, ROWS)]
    objects = [M.F1Score(), M.TruePositives(thresholds=[0.1, 0.2])]
    model.compile(optimizer=keras.optimizers.deserialize(SGD), loss="categorical_crossentropy", metrics=objects)
    ours.compile(optimizer=SGD, loss="categorical_crossentropy", metrics=[_serialized(m) for m in objects])
    capsys.readouterr()
    model.fit(_x(), y, epochs=2, batch_size=20, shuffle=False, verbose=2,
              callbacks=[keras.callbacks.CSVLogger(tmp("theirs.csv"))])
    theirs = capsys.readouterr().out
    ours.fit(_x(), y, epochs=2, batch_size=20, shuffle=False, verbose=2,
             callbacks=[{"class_name": "CSVLogger", "config": {"filename": tmp("ours.csv")}}])
    mine = capsys.readouterr().out

    def metrics_part(out):  # the step time differs; the logged values must not
        return [line.split("/step")[1] for line in out.splitlines() if "/step" in line]

    assert metrics_part(mine) == metrics_part(theirs) and len(metrics_part(mine)) == 2
    with open(tmp("theirs.csv")) as a, open(tmp("ours.csv")) as b:
        assert b.read() == a.read()


def test_monitoring_a_vector_metric_is_refused_clearly():
    model, ours = _pair(6, "softmax")
    y = np.eye(6, dtype=np.float32)[np.random.default_rng(1).integers(0, 6, ROWS)]
    ours.compile(optimizer=SGD, loss="categorical_crossentropy", metrics=["f1_score"])
    stop = {"class_name": "EarlyStopping", "config": {"monitor": "f1_score", "mode": "max"}}
    with pytest.raises(InvalidArgumentError, match="monitor 'f1_score' is a vector-valued metric"):
        ours.fit(_x(), y, epochs=1, batch_size=20, callbacks=[stop])
