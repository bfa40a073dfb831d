"""The focal, overlap and metric-learning losses and the regression, hinge, probabilistic and correlation metrics on
the PyTorch engine, held against real Keras 3.15.1 (skipped without keras).

Each loss family shares one tiny Dense model (Keras's config and initial weights, built once). Per case both
engines compile the same loss and metrics, evaluate at the initial weights (loss and metric values), fit 2 epochs
of 20 samples in batches of 8, 8 and 4 without shuffling (the gradients, and the metrics' accumulation over
unequal batches) and compare history and final weights at 1e-4 relative (1e-6 absolute floor); the
compile_config each writes must be the other's. Then files both ways, Mean/Sum's reductions and bad options.
"""

import functools
import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

ADAM = {"module": "keras.optimizers", "class_name": "Adam", "config": {"learning_rate": 0.02}, "registered_name": None}
SAMPLES, BATCH = 20, 8

# family: (units, activation, labels)
FAMILIES = {
    "binary": (3, "sigmoid", "binary"),
    "logits": (3, None, "binary"),
    "categorical": (3, "softmax", "one_hot"),
    "sparse": (3, "softmax", "ids"),
    "regression": (3, "softplus", "positive"),
    "embedding": (4, "tanh", "groups"),
}


@functools.lru_cache(maxsize=None)
def _family(name):
    """(Keras's model config, initial weights, x, y) of a family, built once."""
    import keras
    units, activation, labels = FAMILIES[name]
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units, activation=activation)])
    rng = np.random.default_rng(7)
    x = rng.normal(size=(SAMPLES, 4)).astype(np.float32)
    if labels == "binary":
        y = (rng.random((SAMPLES, units)) > 0.5).astype(np.float32)
    elif labels == "one_hot":
        y = np.eye(units, dtype=np.float32)[rng.integers(0, units, SAMPLES)]
    elif labels == "ids":
        y = rng.integers(0, units, SAMPLES).astype(np.int64)
    elif labels == "positive":
        y = rng.uniform(0.1, 2.0, size=(SAMPLES, units)).astype(np.float32)
    else:
        # Group ids, each batch (8, 8, 4) holding every group at least twice: every sample has positives.
        y = np.array([0, 1, 2, 0, 1, 2, 0, 1] * 2 + [5, 7, 5, 7], dtype=np.int64)
    return model.get_config(), [np.asarray(w) for w in model.get_weights()], x, y


def _serialized(obj):
    import keras
    return obj if isinstance(obj, str) else keras.saving.serialize_keras_object(obj)


def _pair(family):
    import keras
    config, weights, x, y = _family(family)
    theirs = keras.Sequential.from_config(config)
    theirs.set_weights(weights)
    ours = bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None})
    ours.set_weights(weights)
    return theirs, ours, x, y


def _losses():
    from keras import losses as K
    return {
        "bfce": ("binary", K.BinaryFocalCrossentropy()),
        "bfce-balanced": ("binary", K.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.4, gamma=1.5,
                                                              label_smoothing=0.1)),
        "bfce-logits": ("logits", K.BinaryFocalCrossentropy(from_logits=True, gamma=3.0, reduction="sum")),
        "bfce-string": ("binary", "binary_focal_crossentropy"),
        "cfce": ("categorical", K.CategoricalFocalCrossentropy()),
        "cfce-smooth": ("categorical", K.CategoricalFocalCrossentropy(alpha=0.5, gamma=1.0, label_smoothing=0.2)),
        "cfce-logits": ("logits", K.CategoricalFocalCrossentropy(from_logits=True, reduction="mean_with_sample_weight")),
        "cfce-string": ("categorical", "categorical_focal_crossentropy"),
        "cfce-alpha-per-class": ("categorical", K.CategoricalFocalCrossentropy(alpha=[0.2, 0.3, 0.5], gamma=2.5)),
        # Per-class weights above 1 (inverse class frequencies), with logits and label smoothing; one entry for all classes.
        "cfce-alpha-weights-logits": ("logits", K.CategoricalFocalCrossentropy(alpha=[1.5, 0.25, 2.0], gamma=1.5, from_logits=True,
                                                                               label_smoothing=0.1)),
        "cfce-alpha-one-entry": ("categorical", K.CategoricalFocalCrossentropy(alpha=[0.6], reduction="sum")),
        "cgce": ("sparse", K.CategoricalGeneralizedCrossEntropy()),
        "cgce-q": ("sparse", K.CategoricalGeneralizedCrossEntropy(q=0.8, reduction="sum")),
        "dice": ("binary", K.Dice()),
        "dice-axis": ("binary", K.Dice(axis=(1,))),
        "dice-string": ("binary", "dice"),
        "tversky": ("binary", K.Tversky(alpha=0.3, beta=0.7)),
        "tversky-axis": ("binary", K.Tversky(alpha=0.6, beta=0.2, axis=1, reduction="sum")),
        "tversky-string": ("binary", "tversky"),
        "circle": ("embedding", K.Circle(gamma=8.0)),
        "circle-keep-diagonal": ("embedding", K.Circle(gamma=4.0, margin=0.25, remove_diagonal=False)),
        "circle-string": ("embedding", "circle"),
    }


def _metrics(family):
    """Metrics that fit the family's labels, so that every metric is exercised beside some loss."""
    from keras import metrics as M
    if family in ("binary", "logits"):
        return ["hinge", M.SquaredHinge(), M.Poisson(name="pois"), "kl_divergence", "mape"]
    if family == "categorical":
        return [M.CategoricalHinge(), M.KLDivergence(), "log_cosh_error"]
    if family == "regression":
        return [M.LogCoshError(), M.MeanAbsolutePercentageError(), "msle", M.CosineSimilarity(),
                M.R2Score(), M.R2Score(class_aggregation="variance_weighted_average", num_regressors=2, name="adj"),
                M.PearsonCorrelation(), M.ConcordanceCorrelation(), "pearson_correlation", "cosine_similarity"]
    return []


def _compile_both(theirs, ours, loss, metrics):
    import keras
    theirs.compile(optimizer=keras.optimizers.deserialize(ADAM), loss=loss, metrics=metrics or None)
    ours.compile(optimizer=ADAM, loss=_serialized(loss), metrics=[_serialized(m) for m in metrics] or None)
    expected = json.loads(json.dumps(theirs.get_compile_config()))  # as in a file: tuples become lists
    got = ours.config()["compile_config"]
    assert got["loss"] == expected["loss"]
    assert got["metrics"] == expected["metrics"]


def _compare_runs(theirs, ours, x, y, sample_weight=None, validation_split=0.0):
    expected = theirs.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
    got = ours.evaluate(x, y, batch_size=BATCH)
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(got[key], expected[key], f"evaluate {key}")
    options = dict(epochs=2, batch_size=BATCH, shuffle=False, sample_weight=sample_weight, validation_split=validation_split)
    expected = theirs.fit(x, y, verbose=0, **options).history
    got = ours.fit(x, y, **options)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(got[key], expected[key], f"history {key}")
    for i, (a, e) in enumerate(zip(ours.get_weights(), theirs.get_weights())):
        assert_close(a, e, f"weight {i}")


@pytest.mark.parametrize("case", [
    "bfce", "bfce-balanced", "bfce-logits", "bfce-string", "cfce", "cfce-smooth", "cfce-logits", "cfce-string",
    "cfce-alpha-per-class", "cfce-alpha-weights-logits", "cfce-alpha-one-entry",
    "cgce", "cgce-q", "dice", "dice-axis", "dice-string", "tversky", "tversky-axis", "tversky-string", "circle",
    "circle-keep-diagonal", "circle-string"])
def test_loss_matches_keras(case):
    family, loss = _losses()[case]
    theirs, ours, x, y = _pair(family)
    _compile_both(theirs, ours, loss, _metrics(family) if not case.endswith("-string") else [])
    _compare_runs(theirs, ours, x, y)


@pytest.mark.parametrize("case", ["dice", "circle", "cfce-logits"])
def test_weighted_loss_matches_keras(case):
    """Sample weights with a loss that is one number per batch (Dice), a masked one (Circle) and
    mean_with_sample_weight."""
    family, loss = _losses()[case]
    theirs, ours, x, y = _pair(family)
    _compile_both(theirs, ours, loss, [])
    weights = np.linspace(0.2, 2.0, SAMPLES).astype(np.float32)
    _compare_runs(theirs, ours, x, y, sample_weight=weights)


def test_regression_metrics_match_keras():
    """Every regression and correlation metric, accumulated over unequal batches, beside the mse loss; then
    with validation data (val_ metrics from freshly reset states, R2Score's per-column sums included)."""
    theirs, ours, x, y = _pair("regression")
    _compile_both(theirs, ours, "mse", _metrics("regression"))
    _compare_runs(theirs, ours, x, y)
    _compare_runs(theirs, ours, x, y, validation_split=0.3)


def test_losses_and_metrics_by_string_are_known():
    from kerasbridge.torch_engine import losses, metrics
    for name in ("binary_focal_crossentropy", "categorical_focal_crossentropy", "dice", "tversky", "circle"):
        assert losses.get(name).name == name
    for name in ("hinge", "squared_hinge", "categorical_hinge", "kl_divergence", "poisson", "log_cosh_error",
                 "mape", "msle", "cosine_similarity", "r2_score", "pearson_correlation", "concordance_correlation",
                 "mean", "sum"):
        assert metrics.get(name, (None, 3), (None, 3)).name == name
    # Keras 3.15.1 knows CategoricalGeneralizedCrossEntropy by its class only.
    with pytest.raises(InvalidArgumentError, match="categorical_generalized_cross_entropy"):
        losses.get("categorical_generalized_cross_entropy")


def test_keras_files_round_trip_both_ways(tmp):
    import keras
    from keras import losses as K
    from keras import metrics as M
    theirs, ours, x, y = _pair("regression")
    metrics = [M.R2Score(num_regressors=1), M.PearsonCorrelation(axis=-1), M.LogCoshError(name="lc"), "mape"]
    _compile_both(theirs, ours, K.Tversky(alpha=0.2, beta=0.8, axis=[1]), metrics)
    theirs.save(tmp("theirs.keras"))
    loaded = bridge.get_engine("torch").load_model(tmp("theirs.keras"))
    assert loaded.config()["compile_config"]["loss"] == theirs.get_compile_config()["loss"]
    assert loaded.config()["compile_config"]["metrics"] == theirs.get_compile_config()["metrics"]
    expected = theirs.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
    got = loaded.evaluate(x, y, batch_size=BATCH)
    for key in expected:
        assert_close(got[key], expected[key], f"loaded evaluate {key}")
    ours.save(tmp("ours.keras"))
    again = keras.saving.load_model(tmp("ours.keras"))
    assert again.get_compile_config()["loss"] == ours.config()["compile_config"]["loss"]
    assert again.get_compile_config()["metrics"] == ours.config()["compile_config"]["metrics"]


@pytest.mark.parametrize("weights", [None, "rank1", "rank2"])
def test_mean_and_sum_reduce_as_keras(weights):
    """Keras's Mean (weighted mean over every update) and Sum (running total), values of rank 2."""
    import keras
    import torch
    from kerasbridge.torch_engine import metrics
    rng = np.random.default_rng(1)
    batches = [rng.normal(size=(n, 3)).astype(np.float32) for n in (8, 8, 4)]
    sample_weights = {None: [None] * 3,
                      "rank1": [rng.uniform(0, 2, size=(len(b),)).astype(np.float32) for b in batches],
                      "rank2": [rng.uniform(0, 2, size=b.shape).astype(np.float32) for b in batches]}[weights]
    for ours, theirs in ((metrics.get("mean", None, None), keras.metrics.Mean()),
                         (metrics.get("sum", None, None), keras.metrics.Sum())):
        ours.reset(torch.device("cpu"))
        for values, sw in zip(batches, sample_weights):
            ours.update_state(torch.from_numpy(values), sw)
            theirs.update_state(values, sample_weight=sw)
            assert_close(float(ours.result()), float(theirs.result()), f"{theirs.name} with weights {weights}")


def test_mean_and_sum_are_refused_as_compiled_metrics_as_keras_refuses_them():
    theirs, ours, x, y = _pair("regression")
    for metric in ("mean", "sum"):
        _compile_both(theirs, ours, "mse", [metric])
        with pytest.raises(TypeError, match="multiple values for argument 'sample_weight'"):
            theirs.fit(x, y, epochs=1, batch_size=BATCH, verbose=0)
        with pytest.raises(InvalidArgumentError, match="(values, sample_weight)"):
            ours.fit(x, y, epochs=1, batch_size=BATCH)


@pytest.mark.parametrize("loss, argument", [
    ({"class_name": "BinaryFocalCrossentropy", "config": {"gamma": -1.0}}, "gamma"),
    ({"class_name": "BinaryFocalCrossentropy", "config": {"alpha": 1.5}}, "alpha"),
    ({"class_name": "CategoricalFocalCrossentropy", "config": {"from_logits": "yes"}}, "from_logits"),
    ({"class_name": "CategoricalFocalCrossentropy", "config": {"label_smoothing": 2}}, "label_smoothing"),
    ({"class_name": "CategoricalFocalCrossentropy", "config": {"alpha": []}}, "alpha"),
    ({"class_name": "CategoricalFocalCrossentropy", "config": {"alpha": [0.5, "high"]}}, "alpha"),
    ({"class_name": "CategoricalGeneralizedCrossEntropy", "config": {"q": 1.0}}, "q"),
    ({"class_name": "Dice", "config": {"axis": "rows"}}, "axis"),
    ({"class_name": "Tversky", "config": {"beta": None}}, "beta"),
    ({"class_name": "Circle", "config": {"remove_diagonal": 1}}, "remove_diagonal"),
    ({"class_name": "Circle", "config": {"reduction": "max"}}, "reduction"),
])
def test_bad_loss_options_are_refused(loss, argument):
    ours = _pair("binary")[1]
    with pytest.raises(InvalidArgumentError, match=f"'{argument}'"):
        ours.compile(optimizer="adam", loss=loss)


def test_per_class_alpha_of_another_length_is_refused_as_keras_fails_on_it():
    """Keras broadcasts the alphas over the classes, so 2 alphas for 3 classes fail in its fit (torch's broadcasting
    error); the PyTorch engine names the argument."""
    import keras
    theirs, ours, x, y = _pair("categorical")
    loss = keras.losses.CategoricalFocalCrossentropy(alpha=[0.2, 0.8])
    _compile_both(theirs, ours, loss, [])
    with pytest.raises(RuntimeError, match="must match the size"):
        theirs.fit(x, y, epochs=1, batch_size=BATCH, verbose=0)
    with pytest.raises(InvalidArgumentError, match="'alpha' has 2 entries; expected one per class \\(3"):
        ours.fit(x, y, epochs=1, batch_size=BATCH)


@pytest.mark.parametrize("metric, argument", [
    ({"class_name": "R2Score", "config": {"class_aggregation": "median"}}, "class_aggregation"),
    ({"class_name": "R2Score", "config": {"num_regressors": -1}}, "num_regressors"),
    ({"class_name": "PearsonCorrelation", "config": {"axis": "last"}}, "axis"),
])
def test_bad_metric_options_are_refused(metric, argument):
    ours = _pair("regression")[1]
    with pytest.raises(InvalidArgumentError, match=f"'{argument}'"):
        ours.compile(optimizer="adam", loss="mse", metrics=[metric])


def test_circle_labels_may_be_any_integers_but_class_ids_may_not():
    ours = _pair("embedding")[1]
    x = _family("embedding")[2]
    ours.compile(optimizer="adam", loss="circle")
    assert np.isfinite(ours.evaluate(x, np.array([-3, 40] * 10), batch_size=BATCH)["loss"])
    sparse = _pair("sparse")[1]
    sparse.compile(optimizer="adam", loss={"class_name": "CategoricalGeneralizedCrossEntropy", "config": {}})
    with pytest.raises(InvalidArgumentError, match="class ids"):
        sparse.evaluate(x, np.full(SAMPLES, 3), batch_size=BATCH)


_CGCE = {"module": "keras.losses", "class_name": "CategoricalGeneralizedCrossEntropy", "config": {"q": 0.3},
         "registered_name": None}
_BFCE = {"module": "keras.losses", "class_name": "BinaryFocalCrossentropy", "config": {"gamma": 1.0}, "registered_name": None}


@pytest.mark.parametrize("loss, ids", [(_CGCE, True), (_BFCE, False), ("tversky", False), ("dice", False),
                                       ("circle", True), ("categorical_focal_crossentropy", False)])
def test_loss_values_agree_on_both_engines(loss, ids):
    """Loss.Call's path (engine.loss_values): per-sample values on the Keras engine (which builds
    CategoricalGeneralizedCrossEntropy from its class, as keras.losses.get cannot) and on the PyTorch engine."""
    rng = np.random.default_rng(2)
    y_pred = rng.uniform(0.05, 0.95, size=(6, 3)).astype(np.float32)
    y_pred /= y_pred.sum(axis=1, keepdims=True)
    labels = np.array([0, 1, 2, 1, 0, 2])
    y_true = labels if ids else np.eye(3, dtype=np.float32)[labels]
    expected = bridge.get_engine("keras").loss_values(loss, y_true, y_pred)
    got = bridge.get_engine("torch").loss_values(loss, y_true, y_pred)
    assert_close(got, expected, f"loss values of {loss}")


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
def test_circle_masks_samples_without_positives_as_keras(reduction):
    """A sample alone in its group has no positives: its Circle loss is 0 and Keras's mask (loss > 0) leaves it out
    of the mean, so "sum_over_batch_size" divides by the samples that have positives (and "mean_with_sample_weight"
    by the mask's sum)."""
    import keras
    theirs, ours, x, _ = _pair("embedding")
    loss = keras.losses.Circle(gamma=6.0, reduction=reduction)
    _compile_both(theirs, ours, loss, [])
    y = np.array([0, 0, 1, 2, 3, 3, 4, 9] * 2 + [5, 5, 6, 7], dtype=np.int64)  # 1, 2, 4, 9, 6, 7 alone in their batch
    expected = theirs.evaluate(x, y, batch_size=BATCH, verbose=0)
    got = ours.evaluate(x, y, batch_size=BATCH)["loss"]
    assert_close(got, expected, f"circle {reduction}")
    if reduction == "sum_over_batch_size":
        values = bridge.get_engine("torch").loss_values("circle", y[:BATCH], ours.predict(x[:BATCH]))
        assert (values == 0).sum() == 4 and values.max() > 0  # the mask has something to leave out
