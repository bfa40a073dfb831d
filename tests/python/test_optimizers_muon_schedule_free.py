"""Muon's per-variable choice of update and ScheduleFreeAdamW around fit/evaluate, held against real Keras 3
(skipped without keras). The plain fits of both are cases of test_optimizers_keras.py (OPTIMIZER_CASES), as are their
.keras round trips (test_per_weight_optimizer_state_round_trips_through_keras_files)."""

import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine import optimizers
from test_optimizers_keras import assert_close, data, fit_both, serialized

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


def embedding_pair():
    """Embedding -> Flatten -> Dense "hidden" -> Dense "output_dense", Keras's side made from the config (as a .keras
    file is read), so its variable paths are "embedding/embeddings", "hidden/kernel", ..."""
    import keras
    keras.utils.set_random_seed(2)
    built = keras.Sequential([keras.Input((3,), dtype="int32"), keras.layers.Embedding(10, 4, name="embedding"),
                              keras.layers.Flatten(name="flatten"), keras.layers.Dense(5, activation="tanh", name="hidden"),
                              keras.layers.Dense(1, name="output_dense")])
    config = json.loads(json.dumps(built.get_config()))
    model = keras.Sequential.from_config(json.loads(json.dumps(config)))
    model.set_weights(built.get_weights())
    ours = bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None})
    ours.set_weights([np.asarray(w) for w in built.get_weights()])
    rng = np.random.default_rng(3)
    x = rng.integers(0, 10, size=(32, 3)).astype(np.int32)
    y = rng.normal(size=(32, 1)).astype(np.float32)
    return model, ours, x, y


@pytest.mark.parametrize("options", [{}, {"exclude_layers": ["output_"], "exclude_embeddings": False},
                                     {"exclude_layers": ["hid+en/k"], "weight_decay": 0.1, "adam_weight_decay": None}])
def test_muon_chooses_the_update_of_each_variable_as_keras(options):
    import keras
    model, ours, x, y = embedding_pair()
    optimizer = serialized("Muon", dict(options, learning_rate=0.01))
    model.compile(optimizer=keras.optimizers.deserialize(json.loads(json.dumps(optimizer))), loss="mse")
    ours.compile(optimizer=optimizer, loss="mse")
    expected = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0).history
    got = ours.fit(x, y, epochs=2, batch_size=8, shuffle=False)["history"]
    assert_close(got["loss"], expected["loss"], "loss")
    variables = model.trainable_variables
    assert ours.optimizer.paths == [v.path for v in variables]
    assert ours.optimizer._use_adamw == [model.optimizer._should_use_adamw(v) for v in variables]
    keras_vars = model.optimizer.variables
    assert [v.shape for v in ours.optimizer.get_variables()] == [tuple(v.shape) for v in keras_vars]
    for i, (a, e) in enumerate(zip(ours.optimizer.get_variables(), keras_vars)):
        assert_close(a, np.asarray(e.numpy()), f"optimizer variable {keras_vars[i].path}")
    for i, (a, e) in enumerate(zip(ours.get_weights(), model.get_weights())):
        assert_close(a, e, f"weight {i}")


def test_variable_paths_of_a_nested_functional_model_are_keras():
    """A model read from its config: Keras scopes a variable by its own layer only, inside a nested model too."""
    import keras
    i = keras.Input((3,))
    inner = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, name="inner_dense")], name="inner")
    config = json.loads(json.dumps(keras.Model(i, inner(keras.layers.Dense(4, name="outer_dense")(i))).get_config()))
    theirs = keras.Model.from_config(json.loads(json.dumps(config)))  # Keras empties the dict it reads
    ours = bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": "Functional", "config": config, "registered_name": None})
    ours.compile(optimizer=serialized("Muon", {"exclude_layers": ["^inner_"]}), loss="mse")
    ours.fit(np.ones((4, 3), np.float32), np.ones((4, 2), np.float32), epochs=1)
    assert ours.optimizer.paths == [v.path for v in theirs.trainable_variables]
    assert ours.optimizer._use_adamw == [False, True, True, True]


def test_muon_default_rules():
    opt = optimizers.get("muon")
    assert opt.uses_adamw((3,), "hidden/bias")  # rank 1
    assert opt.uses_adamw((2, 3, 4), "conv/kernel")  # rank 3
    assert opt.uses_adamw((10, 4), "my_Embedding/embeddings")  # exclude_embeddings, case-insensitive
    assert not opt.uses_adamw((4, 5), "hidden/kernel")
    assert optimizers.get(serialized("Muon", {"exclude_layers": ["^hid"]})).uses_adamw((4, 5), "hidden/kernel")


def test_schedule_free_adamw_evaluates_the_weights_it_trains():
    """Keras 3.15.1 swaps no weights around evaluate: it evaluates y, the weights fit leaves; so do we."""
    model, ours = fit_both(serialized("ScheduleFreeAdamW", {"learning_rate": 0.02}), epochs=2)
    x, y = data()
    before = [w.copy() for w in ours.get_weights()]
    expected = model.evaluate(x, y, batch_size=8, verbose=0)
    got = ours.evaluate(x, y, batch_size=8)
    got = got["loss"] if isinstance(got, dict) else got
    assert_close(got, expected, "evaluate loss")
    assert_close(np.mean((model.predict(x, verbose=0) - y) ** 2), expected, "Keras's loss of its own weights")
    assert all(np.array_equal(a, b) for a, b in zip(before, ours.get_weights()))
    momentum, weight = ours.optimizer.momentums[0], ours.get_weights()[0]
    assert not np.array_equal(momentum.numpy(), weight)  # z and y differ after training


def test_known_by_name_as_in_keras():
    import keras
    for name in ("muon", "schedulefreeadamw"):
        expected = type(keras.optimizers.get(name)).__name__
        assert type(optimizers.get(name)).__name__ == expected
        assert name in optimizers.names()
    assert optimizers.get("muon").get_config()["exclude_layers"] == []
    assert optimizers.get("schedulefreeadamw").get_config()["learning_rate"] == keras.optimizers.get(
        "schedulefreeadamw").get_config()["learning_rate"]


@pytest.mark.parametrize("class_name, config, message", [
    ("Muon", {"exclude_layers": "dense"}, "exclude_layers"),
    ("Muon", {"exclude_layers": ["("]}, "not a valid regular expression"),
    ("Muon", {"ns_steps": -1}, "ns_steps"),
    ("Muon", {"nesterov": "yes"}, "nesterov"),
    ("Muon", {"momentum": 1.5}, "momentum"),
    ("Muon", {"adam_beta_1": None}, "adam_beta_1"),
    ("ScheduleFreeAdamW", {"warmup_steps": -2}, "warmup_steps"),
    ("ScheduleFreeAdamW", {"beta_1": 0.0}, "beta_1"),
    ("ScheduleFreeAdamW", {"epsilon": "small"}, "epsilon"),
    ("ScheduleFreeAdamW", {"amsgrad": True}, "unknown option"),
])
def test_bad_options_are_refused(class_name, config, message):
    with pytest.raises(InvalidArgumentError, match=message):
        optimizers.get(serialized(class_name, config))
