"""keras.losses.CTC on the PyTorch engine (torch_engine/losses_ctc.py) held against real Keras 3.15.1 (skipped
without keras): loss values for logits and softmax outputs, padded labels, sample weights and reductions; a model
compiled with "ctc" and with CTC() evaluated and fitted (shuffle off) on both engines; the labels checked."""

import numpy as np
import pytest
import torch

from conftest import keras_available
from kerasbridge import bridge
from kerasbridge.torch_engine import losses as torch_losses

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras does not import here")
TORCH = bridge.get_engine("torch")
STEPS, CLASSES = 6, 5


def _labels():
    # 0 pads the labels (and is the blank); repeated labels need a blank between them in the frames.
    return np.array([[1, 2, 0, 0], [3, 3, 1, 0], [4, 0, 0, 0], [2, 1, 4, 3], [1, 1, 0, 0], [0, 0, 0, 0]], dtype=np.int64)


def _close(actual, expected, what):
    np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-6, err_msg=what)


@needs_keras
@pytest.mark.parametrize("softmax", [False, True])
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight", None])
def test_loss_values_match_keras(softmax, reduction):
    import keras

    rng = np.random.default_rng(3)
    y_pred = rng.normal(size=(6, STEPS, CLASSES)).astype(np.float32)
    if softmax:
        y_pred = np.asarray(keras.ops.softmax(y_pred, axis=-1))
    weights = rng.uniform(0.2, 2.0, size=6).astype(np.float32)
    y_true = _labels()
    expected = keras.losses.CTC(reduction=reduction)(y_true, y_pred, sample_weight=weights)
    ours = torch_losses.get({"class_name": "CTC", "config": {"reduction": reduction, "name": "ctc"}})(
        torch.from_numpy(y_true), torch.from_numpy(y_pred), torch.from_numpy(weights))
    _close(ours.numpy(), np.asarray(expected), f"softmax={softmax} reduction={reduction}")
    per_sample = keras.losses.ctc(y_true, y_pred)
    _close(torch_losses.get("ctc").fn(torch.from_numpy(y_true), torch.from_numpy(y_pred)).numpy(), np.asarray(per_sample),
           "keras.losses.ctc")


def _config():
    def layer(class_name, config):
        return {"module": "keras.layers", "class_name": class_name, "registered_name": None, "config": config}
    return {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "ctc", "layers": [
        layer("InputLayer", {"batch_shape": [None, STEPS, 3], "dtype": "float32", "name": "frames"}),
        layer("GRU", {"units": 4, "return_sequences": True, "name": "gru"}),
        layer("Dense", {"units": CLASSES, "name": "logits"})]}}


@needs_keras
@pytest.mark.parametrize("loss", ["ctc", {"module": "keras.losses", "class_name": "CTC",
                                          "config": {"name": "ctc", "reduction": "sum"}, "registered_name": None}])
def test_fit_and_evaluate_match_keras(loss):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(12, STEPS, 3)).astype(np.float32)
    y = np.concatenate([_labels(), _labels()[::-1]])
    keras_model = bridge.get_engine("keras").model_from_config(_config())
    torch_model = TORCH.model_from_config(_config())
    torch_model.set_weights(keras_model.get_weights())
    results = {}
    for name, model in (("keras", keras_model), ("torch", torch_model)):
        model.compile({"class_name": "Adam", "config": {"learning_rate": 0.05}}, loss)
        before = model.evaluate(x, y, batch_size=5)
        fit = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, validation_split=0.25)
        results[name] = (before, fit["history"], model.get_weights())
    _close(results["torch"][0]["loss"], results["keras"][0]["loss"], "evaluate before fit")
    assert list(results["torch"][1]) == list(results["keras"][1])
    for key, values in results["keras"][1].items():
        _close(results["torch"][1][key], values, key)
    for ours, theirs in zip(results["torch"][2], results["keras"][2]):
        _close(ours, theirs, "weights after fit")
    assert results["torch"][1]["loss"][-1] < results["torch"][1]["loss"][0]


def test_labels_are_checked():
    model = TORCH.model_from_config(_config())
    model.compile("adam", "ctc")
    x = np.zeros((2, STEPS, 3), np.float32)
    with pytest.raises(ValueError, match=r"argument 'y'.*\(samples, max_length\)"):
        model.fit(x, np.zeros((2, 4, 1)), epochs=1)
    with pytest.raises(ValueError, match=r"argument 'y'.*\[0, 4\]"):
        model.fit(x, np.full((2, 3), CLASSES), epochs=1)
    with pytest.raises(ValueError, match="y_pred"):
        torch_losses.get("ctc")(torch.zeros((2, 3), dtype=torch.long), torch.zeros((2, 5)))
