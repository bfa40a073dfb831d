"""Optimizers, their base options and learning-rate schedules, and the added losses and metrics of the
PyTorch engine, each held against real Keras 3 (skipped without keras).

Each case builds the same small Sequential model in Keras and in the PyTorch engine with the same
initial weights, fits both for a few steps without shuffling, and compares the per-epoch history, the
final weights, the optimizer variables (count, shapes, values: what a .keras file stores) and the
optimizer's get_config. Tolerance: 1e-4 relative with an absolute floor of 1e-6."""

import json

import numpy as np
import pytest

from conftest import keras_available, keras_numpy
from kerasbridge import bridge

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

RTOL, ATOL = 1e-4, 1e-6

OPTIMIZER_CASES = {
    "sgd": ("SGD", {"learning_rate": 0.05}),
    "sgd_momentum": ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    "sgd_nesterov": ("SGD", {"learning_rate": 0.05, "momentum": 0.8, "nesterov": True}),
    "adam": ("Adam", {"learning_rate": 0.01}),
    "adam_amsgrad": ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    "adamw": ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.05}),
    "rmsprop": ("RMSprop", {"learning_rate": 0.01}),
    "rmsprop_centered_momentum": ("RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.5}),
    "adagrad": ("Adagrad", {"learning_rate": 0.1}),
    "adadelta": ("Adadelta", {"learning_rate": 1.0}),
    "adamax": ("Adamax", {"learning_rate": 0.02}),
    "nadam": ("Nadam", {"learning_rate": 0.01}),
    "lion": ("Lion", {"learning_rate": 0.003}),
    "lamb": ("Lamb", {"learning_rate": 0.01}),
    "lamb_weight_decay": ("Lamb", {"learning_rate": 0.02, "beta_1": 0.8, "epsilon": 1e-5, "weight_decay": 0.01}),
    "adafactor": ("Adafactor", {"learning_rate": 0.05}),
    "adafactor_absolute_step": ("Adafactor", {"learning_rate": 0.02, "relative_step": False, "clip_threshold": 0.3,
                                              "beta_2_decay": -0.5, "epsilon_2": 0.01}),
    "adafactor_schedule": ("Adafactor", {"learning_rate": {"module": "keras.optimizers.schedules",
                                                           "class_name": "ExponentialDecay",
                                                           "config": {"initial_learning_rate": 0.05, "decay_steps": 3,
                                                                      "decay_rate": 0.5},
                                                           "registered_name": None}}),
    "muon": ("Muon", {"learning_rate": 0.01}),
    "muon_options": ("Muon", {"learning_rate": 0.02, "nesterov": False, "rms_rate": None, "adam_lr_ratio": 0.5,
                              "ns_steps": 3, "weight_decay": None, "momentum": 0.9, "adam_beta_1": 0.8}),
    "muon_schedule": ("Muon", {"learning_rate": {"module": "keras.optimizers.schedules",
                                                 "class_name": "ExponentialDecay",
                                                 "config": {"initial_learning_rate": 0.02, "decay_steps": 3,
                                                            "decay_rate": 0.5},
                                                 "registered_name": None},
                                "adam_weight_decay": None}),
    "schedule_free_adamw": ("ScheduleFreeAdamW", {"learning_rate": 0.01}),
    "schedule_free_adamw_warmup": ("ScheduleFreeAdamW", {"learning_rate": 0.02, "warmup_steps": 7, "beta_1": 0.8,
                                                         "epsilon": 1e-6, "weight_decay": 0.01}),
    "ftrl": ("Ftrl", {"learning_rate": 0.1}),
    "ftrl_regularized": ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
                                  "l2_regularization_strength": 0.01, "l2_shrinkage_regularization_strength": 0.01,
                                  "beta": 0.1}),
    # Base options.
    "clipnorm": ("Adam", {"learning_rate": 0.01, "clipnorm": 0.1}),
    "clipvalue": ("SGD", {"learning_rate": 0.05, "clipvalue": 0.05}),
    "global_clipnorm": ("RMSprop", {"learning_rate": 0.01, "global_clipnorm": 0.2}),
    "weight_decay_sgd": ("SGD", {"learning_rate": 0.05, "weight_decay": 0.1}),
    "weight_decay_adam": ("Adam", {"learning_rate": 0.01, "weight_decay": 0.02}),
    "use_ema": ("Adam", {"learning_rate": 0.01, "use_ema": True, "ema_momentum": 0.9}),
    "use_ema_overwrite": ("SGD", {"learning_rate": 0.05, "use_ema": True, "ema_momentum": 0.8,
                                  "ema_overwrite_frequency": 3}),
}

SCHEDULE_CASES = {
    "exponential": ("ExponentialDecay", {"initial_learning_rate": 0.05, "decay_steps": 3, "decay_rate": 0.5}),
    "exponential_staircase": ("ExponentialDecay", {"initial_learning_rate": 0.05, "decay_steps": 2,
                                                   "decay_rate": 0.7, "staircase": True}),
    "piecewise": ("PiecewiseConstantDecay", {"boundaries": [2, 5], "values": [0.05, 0.02, 0.005]}),
    "polynomial": ("PolynomialDecay", {"initial_learning_rate": 0.05, "decay_steps": 6, "end_learning_rate": 0.001,
                                       "power": 2.0}),
    "polynomial_cycle": ("PolynomialDecay", {"initial_learning_rate": 0.05, "decay_steps": 4, "cycle": True}),
    "inverse_time": ("InverseTimeDecay", {"initial_learning_rate": 0.05, "decay_steps": 2, "decay_rate": 0.5}),
    "cosine": ("CosineDecay", {"initial_learning_rate": 0.05, "decay_steps": 7, "alpha": 0.1}),
    "cosine_warmup": ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 6, "warmup_target": 0.05,
                                      "warmup_steps": 3}),
    "cosine_restarts": ("CosineDecayRestarts", {"initial_learning_rate": 0.05, "first_decay_steps": 2}),
    "cosine_restarts_tmul1": ("CosineDecayRestarts", {"initial_learning_rate": 0.05, "first_decay_steps": 3,
                                                      "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1}),
}

LOSS_CASES = ["poisson", "kl_divergence", "log_cosh", "mean_squared_logarithmic_error",
              "mean_absolute_percentage_error", "hinge", "squared_hinge", "categorical_hinge", "cosine_similarity"]

METRIC_CASES = {
    "precision": {"class_name": "Precision", "config": {"name": "precision"}},
    "recall_threshold": {"class_name": "Recall", "config": {"thresholds": 0.4, "name": "recall"}},
    "precision_top_k": {"class_name": "Precision", "config": {"top_k": 1, "name": "precision"}},
    "recall_class_id": {"class_name": "Recall", "config": {"class_id": 1, "name": "recall"}},
    "auc_roc": {"class_name": "AUC", "config": {"name": "auc"}},
    "auc_pr": {"class_name": "AUC", "config": {"curve": "PR", "num_thresholds": 50, "name": "auc"}},
    "auc_minoring": {"class_name": "AUC", "config": {"summation_method": "minoring", "num_thresholds": 20, "name": "auc"}},
    "auc_thresholds": {"class_name": "AUC", "config": {"thresholds": [0.2, 0.45, 0.6], "name": "auc"}},
    "auc_from_logits_pr": {"class_name": "AUC", "config": {"from_logits": True, "curve": "PR", "name": "auc"}},
}


def data(outputs=1, kind="regression", seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 4)).astype(np.float32)
    if kind == "regression":
        y = (x @ rng.normal(size=(4, outputs)) + 0.1).astype(np.float32)
    elif kind == "positive":
        y = np.exp(0.3 * x @ rng.normal(size=(4, outputs))).astype(np.float32)
    elif kind == "binary":
        y = (x @ rng.normal(size=(4, outputs)) > 0).astype(np.float32)
    else:  # one-hot
        y = np.eye(outputs, dtype=np.float32)[rng.integers(0, outputs, size=40)]
    return x, y


def build_pair(outputs=1, activation=None):
    import keras
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="tanh"),
                              keras.layers.Dense(outputs, activation=activation)])
    ours = bridge.get_engine("torch").model_from_config(
        json.loads(json.dumps({"module": "keras", "class_name": "Sequential", "config": model.get_config(),
                               "registered_name": None})))
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    return model, ours


def assert_close(actual, expected, what):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    bad = np.abs(actual - expected) > np.maximum(RTOL * np.abs(expected), ATOL)
    assert not bad.any(), f"{what}: max error {np.max(np.abs(actual - expected))} (got {actual.ravel()[:6]}, " \
                          f"expected {expected.ravel()[:6]})"


def fit_both(optimizer, loss="mse", metrics=None, outputs=1, activation=None, kind="regression", epochs=3):
    import keras
    model, ours = build_pair(outputs, activation)
    x, y = data(outputs, kind)
    # deserialize_keras_object, as a .keras file's compile config is read (optimizers.deserialize lacks Lamb).
    keras_optimizer = keras.saving.deserialize_keras_object(json.loads(json.dumps(optimizer)))
    keras_metrics = None if metrics is None else [
        keras.metrics.deserialize(json.loads(json.dumps(m))) if isinstance(m, dict) else m for m in metrics]
    model.compile(optimizer=keras_optimizer, loss=loss, metrics=keras_metrics)
    ours.compile(optimizer=json.loads(json.dumps(optimizer)), loss=loss, metrics=metrics)
    expected = model.fit(x, y, epochs=epochs, batch_size=8, shuffle=False, verbose=0).history
    got = ours.fit(x, y, epochs=epochs, batch_size=8, shuffle=False)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(got[key], expected[key], f"history {key}")
    for i, (a, e) in enumerate(zip(ours.get_weights(), model.get_weights())):
        assert_close(a, e, f"weight {i}")
    assert_close(ours.predict(x), model.predict(x, verbose=0), "predictions")
    return model, ours


def serialized(class_name, config):
    return {"module": "keras.optimizers", "class_name": class_name, "config": config, "registered_name": None}


@pytest.mark.parametrize("case", sorted(OPTIMIZER_CASES))
def test_optimizer_matches_keras(case):
    class_name, config = OPTIMIZER_CASES[case]
    model, ours = fit_both(serialized(class_name, config))
    keras_vars = [np.asarray(v.numpy()) for v in model.optimizer.variables]
    our_vars = ours.optimizer.get_variables()
    assert len(our_vars) == len(keras_vars), [v.path for v in model.optimizer.variables]
    for i, (a, e) in enumerate(zip(our_vars, keras_vars)):
        assert_close(a, e, f"optimizer variable {i} ({model.optimizer.variables[i].path})")
    expected_config = model.optimizer.get_config()
    got_config = ours.optimizer.get_config()
    expected_config["name"] = got_config["name"]
    assert got_config == expected_config


@pytest.mark.parametrize("case", sorted(SCHEDULE_CASES))
def test_schedule_matches_keras(case):
    import keras
    class_name, config = SCHEDULE_CASES[case]
    schedule = {"module": "keras.optimizers.schedules", "class_name": class_name, "config": config,
                "registered_name": None}
    from kerasbridge.torch_engine.optimizers import schedules
    ours = schedules.get(schedule)
    theirs = keras.optimizers.schedules.deserialize(json.loads(json.dumps(schedule)))
    for step in range(12):
        assert float(ours(step)) == float(theirs(step)), f"step {step}: {float(ours(step))} != {float(theirs(step))}"
    assert ours.get_config() == theirs.get_config()
    fit_both(serialized("SGD", {"learning_rate": schedule, "momentum": 0.5}))


@pytest.mark.parametrize("loss", LOSS_CASES)
def test_loss_trajectory_matches_keras(loss):
    if loss in ("kl_divergence", "categorical_hinge"):
        fit_both(serialized("Adam", {"learning_rate": 0.01}), loss=loss, outputs=3, activation="softmax", kind="onehot")
    elif loss in ("hinge", "squared_hinge"):
        fit_both(serialized("Adam", {"learning_rate": 0.01}), loss=loss, outputs=3, activation="tanh", kind="onehot")
    elif loss in ("poisson", "mean_squared_logarithmic_error"):
        fit_both(serialized("Adam", {"learning_rate": 0.01}), loss=loss, outputs=2, activation="softplus", kind="positive")
    else:
        fit_both(serialized("Adam", {"learning_rate": 0.01}), loss=loss, outputs=2)


@pytest.mark.parametrize("case", sorted(METRIC_CASES))
def test_metric_matches_keras(case):
    metric = dict(METRIC_CASES[case], module="keras.metrics", registered_name=None)
    if case in ("precision_top_k", "recall_class_id"):
        fit_both(serialized("Adam", {"learning_rate": 0.02}), loss="categorical_crossentropy", metrics=[metric],
                 outputs=3, activation="softmax", kind="onehot")
    else:
        fit_both(serialized("Adam", {"learning_rate": 0.02}), loss="binary_crossentropy", metrics=[metric, "mae"],
                 outputs=1, activation="sigmoid", kind="binary")


def test_lamb_by_name_is_refused_as_keras_refuses_it():
    import keras
    from kerasbridge.errors import InvalidArgumentError
    from kerasbridge.torch_engine import optimizers
    with pytest.raises(ValueError, match="Could not interpret"):
        keras.optimizers.get("lamb")
    with pytest.raises(InvalidArgumentError, match="cannot be given by name"):
        optimizers.get("lamb")
    assert "lamb" not in optimizers.names() and "adafactor" in optimizers.names()
    assert type(optimizers.get("adafactor")).__name__ == "Adafactor"


def test_precision_with_several_thresholds_gives_one_value_per_threshold():
    """A vector result, as Keras's (the fit histories: test_metrics_classification_extra.py)."""
    import keras
    import torch
    from kerasbridge.torch_engine import metrics
    ours = metrics.get({"class_name": "Precision", "config": {"thresholds": [0.3, 0.6]}}, None, None)
    theirs = keras.metrics.Precision(thresholds=[0.3, 0.6])
    y_true, y_pred = np.array([[1.0], [0.0], [1.0], [0.0]], np.float32), np.array([[0.4], [0.5], [0.7], [0.2]], np.float32)
    ours.reset("cpu")
    ours.update(torch.from_numpy(y_true), torch.from_numpy(y_pred))
    theirs.update_state(y_true, y_pred)
    assert_close(ours.result().numpy(), keras_numpy(theirs.result()), "precision at [0.3, 0.6]")
    assert ours.result().shape == (2,)


def test_schedule_optimizer_has_no_learning_rate_variable():
    from kerasbridge.torch_engine import optimizers
    opt = optimizers.get(serialized("SGD", {"learning_rate": {"class_name": "ExponentialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5}}}))
    assert len(opt.get_variables()) == 1  # iteration only, as in Keras


def test_bad_options_are_refused():
    from kerasbridge.errors import InvalidArgumentError
    from kerasbridge.torch_engine import optimizers
    with pytest.raises(InvalidArgumentError, match="only one of"):
        optimizers.get(serialized("Adam", {"clipnorm": 1.0, "clipvalue": 1.0}))
    with pytest.raises(InvalidArgumentError, match="unknown option"):
        optimizers.get(serialized("Lion", {"epsilon": 1e-7}))
    with pytest.raises(InvalidArgumentError, match="Unknown learning-rate schedule"):
        optimizers.get(serialized("SGD", {"learning_rate": {"class_name": "Nope", "config": {}}}))


@pytest.mark.parametrize("case", ["nadam_ema", "schedule_sgd", "ftrl"])
def test_keras_file_round_trip_with_real_keras(case, tmp):
    """Optimizer variables written by the PyTorch engine load in real Keras and back, value for value."""
    import keras
    optimizer = {
        "nadam_ema": serialized("Nadam", {"learning_rate": 0.01, "use_ema": True}),
        "schedule_sgd": serialized("SGD", {"learning_rate": {
            "module": "keras.optimizers.schedules", "class_name": "CosineDecay", "config": SCHEDULE_CASES["cosine"][1],
            "registered_name": None}, "momentum": 0.9}),
        "ftrl": serialized("Ftrl", {"learning_rate": 0.1}),
    }[case]
    _, ours = fit_both(optimizer, epochs=2)
    path = tmp("model.keras")
    ours.save(path)
    loaded = keras.saving.load_model(path)
    keras_vars = [np.asarray(v.numpy()) for v in loaded.optimizer.variables]
    ours_vars = ours.optimizer.get_variables()
    assert len(keras_vars) == len(ours_vars)
    for i, (a, e) in enumerate(zip(ours_vars, keras_vars)):
        assert_close(a, e, f"optimizer variable {i}")
    path2 = tmp("model2.keras")
    loaded.save(path2)
    again = bridge.get_engine("torch").load_model(path2)
    for i, (a, e) in enumerate(zip(again.optimizer.get_variables(), keras_vars)):
        assert_close(a, e, f"reloaded optimizer variable {i}")


@pytest.mark.parametrize("case", ["lamb", "adafactor", "muon", "schedule_free_adamw"])
def test_per_weight_optimizer_state_round_trips_through_keras_files(case, tmp_path):
    """The per-weight optimizers' slots (Adafactor's int32 placeholders for rank-1 weights, Muon's velocities only for
    its AdamW weights, ScheduleFreeAdamW's momentum started from the weights) survive a .keras file both ways: what
    one side saves after fitting, the other loads and trains on to the same weights."""
    import keras
    model, ours = fit_both(serialized(*OPTIMIZER_CASES[case]))
    x, y = data()
    ours.save(str(tmp_path / "ours.keras"))
    theirs = keras.saving.load_model(str(tmp_path / "ours.keras"))
    keras_vars = [np.asarray(v.numpy()) for v in theirs.optimizer.variables]
    for i, (a, e) in enumerate(zip(ours.optimizer.get_variables(), keras_vars)):
        assert a.dtype == e.dtype and np.array_equal(a, e), f"optimizer variable {i}"
    model.save(str(tmp_path / "theirs.keras"))
    again = bridge.get_engine("torch").load_model(str(tmp_path / "theirs.keras"))
    theirs.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    again.fit(x, y, epochs=1, batch_size=8, shuffle=False)
    for i, (a, e) in enumerate(zip(again.get_weights(), theirs.get_weights())):
        assert_close(a, e, f"weight {i} after one more epoch")
