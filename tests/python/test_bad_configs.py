"""Bad layer, optimizer, loss and metric configs: what the hostile-input sweep of the PyTorch engine found and fixed
(docs/reliability.md, "Bad configs"), held against real Keras (skipped without keras).

Each case: real Keras refuses the config (its exception type is asserted), and the PyTorch engine refuses it with an
InvalidArgumentError (a ValueError; C# shows an ArgumentException) whose `argument` is the option and whose message
names the option and the value given. Where Keras raises ValueError the engine's type is the same; where Keras fails
only with an internal error (an IndexError or TypeError from torch or from a comparison, an AttributeError), the
engine raises the ValueError instead. Build only: nothing is trained.
"""

import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine import callbacks, losses, metrics, optimizers

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

# (layer class, its valid arguments, sample shape, bad option, bad value, what Keras raises)
LAYERS = [
    # Fixed: the engine accepted these (a seed that is no integer; a momentum or epsilon that is no number gave
    # "could not convert string to float", naming nothing).
    ("Dropout", {"rate": 0.5}, (3,), "seed", "x", ValueError),
    ("GaussianNoise", {"stddev": 0.1}, (3,), "seed", "x", ValueError),
    ("SpatialDropout1D", {"rate": 0.5}, (4, 3), "seed", "x", ValueError),
    ("LSTM", {"units": 2}, (4, 3), "seed", 1.5, ValueError),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 2}, (3, 4, 2), "seed", "x", ValueError),
    ("GaussianNoise", {"stddev": 0.1}, (3,), "stddev", 1.5, ValueError),  # Keras: 0 <= stddev <= 1
    ("GaussianNoise", {"stddev": 0.1}, (3,), "stddev", float("nan"), ValueError),
    ("BatchNormalization", {}, (3,), "momentum", "x", ValueError),
    ("BatchNormalization", {}, (3,), "epsilon", "x", ValueError),
    # Refused before too, as a plain ValueError: now an argument error naming the option.
    ("Dropout", {"rate": 0.5}, (3,), "rate", 1.5, ValueError),
    ("Dense", {"units": 2}, (3,), "units", 0, ValueError),
    ("Embedding", {"input_dim": 5, "output_dim": 2}, (3,), "input_dim", 0, ValueError),
    ("Conv1D", {"filters": 2, "kernel_size": 2}, (4, 3), "padding", "full", ValueError),
    ("Dense", {"units": 2}, (3,), "activation", "nope", ValueError),
    ("LSTM", {"units": 2}, (4, 3), "recurrent_initializer", "nope", ValueError),
    ("Normalization", {}, (3,), "axis", 5, ValueError),
    # Keras fails only when the layer is built or called, with an internal error (from torch, or an index).
    ("BatchNormalization", {}, (3,), "axis", 5, IndexError),
    ("UnitNormalization", {}, (3,), "axis", 5, IndexError),
    ("GroupNormalization", {"groups": 2}, (4, 4), "axis", 5, IndexError),
    ("PReLU", {}, (3, 2), "shared_axes", [5], IndexError),
    ("MixUp", {}, (4, 4, 3), "alpha", float("nan"), ValueError),  # from torch's Beta(NaN, NaN) in Keras's call
    ("Softmax", {}, (3,), "axis", 5, IndexError),
    ("Softmax", {}, (4, 3), "axis", -4, IndexError),
    ("LayerNormalization", {}, (3,), "epsilon", "x", TypeError),
]

# The ones whose Keras message follows Keras's "Received: option=value": the Keras engine names the option too.
KERAS_NAMES_IT = [("Dropout", "rate"), ("Dropout", "seed"), ("LSTM", "seed"), ("Dense", "units"),
                  ("Embedding", "input_dim")]


def _layer_id(case):
    return f"{case[0]}-{case[3]}={case[4]!r}"


def _keras_layer(class_name, arguments, option, value):
    import keras

    return getattr(keras.layers, class_name)(**{**arguments, option: value})


def _bad_model_config(class_name, arguments, shape, option, value):
    """A Sequential config of Input(shape) and the layer (made by Keras from the valid `arguments`) with `option` set
    to `value` in its config."""
    import keras

    entry = json.loads(json.dumps(keras.layers.serialize(getattr(keras.layers, class_name)(**arguments))))
    entry["config"][option] = value
    return {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "bad", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
         "config": {"batch_shape": [None, *shape], "dtype": "float32", "sparse": False, "name": "input"}},
        entry]}}


def _assert_names(error, option, value):
    assert isinstance(error, InvalidArgumentError)
    assert error.argument == option
    assert option in str(error)
    assert repr(value) in str(error) or str(value) in str(error)


@pytest.mark.parametrize("case", LAYERS, ids=_layer_id)
def test_layer_option_is_refused_like_keras(case):
    class_name, arguments, shape, option, value, keras_error = case
    with pytest.raises(keras_error):
        layer = _keras_layer(class_name, arguments, option, value)
        layer(np.zeros((2, *shape), np.float32))  # builds and calls it: some errors come only then
    config = _bad_model_config(class_name, arguments, shape, option, value)
    with pytest.raises(ValueError) as raised:
        bridge.get_engine("torch").model_from_config(config)
    _assert_names(raised.value, option, value)


@pytest.mark.parametrize("class_name, option", KERAS_NAMES_IT)
def test_keras_engine_names_the_option_too(class_name, option):
    case = next(c for c in LAYERS if c[0] == class_name and c[3] == option)
    config = _bad_model_config(case[0], case[1], case[2], option, case[4])
    with pytest.raises(InvalidArgumentError) as raised:
        bridge.get_engine("keras").model_from_config(config)
    assert raised.value.argument == option
    assert f"Received: {option}={case[4]}" in str(raised.value)  # Keras's own message, without its wrappers
    assert "could not be deserialized" not in str(raised.value)


def test_the_layers_still_build_with_good_values():
    """The new checks take what Keras takes: an int seed, number momentum/epsilon, an axis in range."""
    engine = bridge.get_engine("torch")
    for class_name, arguments, shape, option, good in [
            ("Dropout", {"rate": 0.5}, (3,), "seed", 7), ("LSTM", {"units": 2}, (4, 3), "seed", None),
            ("BatchNormalization", {}, (3,), "epsilon", 0.01), ("BatchNormalization", {}, (3,), "momentum", 0),
            ("LayerNormalization", {}, (3,), "epsilon", 1e-5), ("Softmax", {}, (4, 3), "axis", -3),
            ("Softmax", {}, (4, 3), "axis", [1, 2])]:
        model = engine.model_from_config(_bad_model_config(class_name, arguments, shape, option, good))
        assert model.predict(np.ones((2, *shape), np.float32)).shape[0] == 2


# (optimizer class, option, bad value, what Keras raises at construction)
OPTIMIZERS = [
    ("Adam", "name", 5, ValueError),
    ("SGD", "name", "a/b", ValueError),
    ("Lion", "beta_1", "x", TypeError),
    ("Ftrl", "learning_rate_power", "x", TypeError),
]


@pytest.mark.parametrize("class_name, option, value, keras_error", OPTIMIZERS)
def test_optimizer_option_is_refused_like_keras(class_name, option, value, keras_error):
    import keras

    with pytest.raises(keras_error):
        getattr(keras.optimizers, class_name)(**{option: value})
    with pytest.raises(ValueError) as raised:
        optimizers.get({"class_name": class_name, "config": {option: value}})
    _assert_names(raised.value, option, value)


def test_muon_keeps_its_optional_floats():
    """rms_rate and adam_weight_decay may be None (Keras's Muon: no scaling / no decay): the number check spares them."""
    muon = optimizers.get({"class_name": "Muon", "config": {"rms_rate": None, "adam_weight_decay": None}})
    assert muon.rms_rate is None and muon.adam_weight_decay is None


def test_metric_name_is_refused_like_keras():
    import keras

    with pytest.raises(AttributeError):  # keras/src/metrics/metric.py calls name.replace
        keras.metrics.Precision(name=5)
    with pytest.raises(ValueError) as raised:
        metrics.get({"class_name": "Precision", "config": {"name": 5}}, (None, 1), (None, 1))
    _assert_names(raised.value, "name", 5)


@pytest.mark.parametrize("class_name, option, keras_error", [
    ("BinaryCrossentropy", "label_smoothing", TypeError), ("CategoricalCrossentropy", "label_smoothing", TypeError),
    ("Huber", "delta", ValueError)])  # Huber: "Invalid dtype: str32"
def test_loss_number_must_be_a_number(class_name, option, keras_error):
    import keras

    with pytest.raises(keras_error):  # Keras takes it, then fails in its first call
        getattr(keras.losses, class_name)(**{option: "x"})(np.eye(2, dtype=np.float32), np.full((2, 2), 0.5, np.float32))
    with pytest.raises(ValueError) as raised:
        losses.get({"class_name": class_name, "config": {option: "x"}})
    _assert_names(raised.value, option, "x")


# (callback class, its required arguments, option, bad value, what Keras raises at construction)
CALLBACKS = [
    ("ModelCheckpoint", {}, "filepath", 5, AttributeError),
    ("BackupAndRestore", {}, "backup_dir", 5, TypeError),
    ("EarlyStopping", {}, "min_delta", "x", TypeError),
    ("ReduceLROnPlateau", {}, "factor", "x", TypeError),
]


@pytest.mark.parametrize("class_name, required, option, value, keras_error", CALLBACKS)
def test_callback_option_is_refused_like_keras(class_name, required, option, value, keras_error):
    """Keras fails inside os.fspath, str.endswith, abs or a comparison; the engine names the option."""
    import keras

    with pytest.raises(keras_error):
        getattr(keras.callbacks, class_name)(**{**required, option: value})
    with pytest.raises(ValueError) as raised:
        callbacks.from_dict({"class_name": class_name, "config": {**required, option: value}})
    _assert_names(raised.value, option, value)


@pytest.mark.parametrize("class_name, option, value", [("CSVLogger", "filename", 5), ("ReduceLROnPlateau", "min_lr", "x")])
def test_callback_option_keras_takes_until_fit_is_refused_at_once(class_name, option, value):
    """Keras takes these and fails in fit (opening the file, comparing the learning rate): the engine refuses them now."""
    with pytest.raises(ValueError) as raised:
        callbacks.from_dict({"class_name": class_name, "config": {option: value}})
    _assert_names(raised.value, option, value)
