"""torch_engine/staging.py: on a GPU, fit and evaluate scan a large x for NaN/inf on the device copy they make anyway
and reuse that copy. Run here on the CPU by marking a CPU model as on a GPU (the device copy is then the array's own
tensor), which exercises the same code: the same results, the same refusal, the copies released."""
import numpy as np
import pytest

from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine import staging

ROWS, FEATURES = 4200, 1000  # 16.8 MB of float32: above staging.DEVICE_SCAN_BYTES


def _model(on_gpu):
    model = bridge.get_engine("torch").model_from_config({"module": "keras", "class_name": "Sequential", "config": {
        "name": "staged", "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, FEATURES]}},
            {"module": "keras.layers", "class_name": "Dense", "config": {"units": 1, "kernel_initializer": {
                "module": "keras.initializers", "class_name": "Constant", "config": {"value": 0.001}}}}]}})
    model.compile(optimizer="sgd", loss="mse")
    model._on_gpu = on_gpu
    return model


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(5)
    x = rng.random((ROWS, FEATURES), dtype=np.float32)
    return x, x[:, :1] * 2


def test_a_large_x_is_scanned_and_copied_once_with_the_same_results(data, monkeypatch):
    x, y = data
    assert x.nbytes >= staging.DEVICE_SCAN_BYTES
    taken = []
    original = staging.take
    monkeypatch.setattr(staging, "take", lambda model, array: taken.append(original(model, array)) or taken[-1])
    staged, host = _model(True), _model(False)
    got = staged.fit(x, y, epochs=1, batch_size=1000, shuffle=False)["history"]
    assert sum(t is not None for t in taken) == 1  # x's device copy, taken by the conversion instead of a second copy
    assert got == host.fit(x, y, epochs=1, batch_size=1000, shuffle=False)["history"]
    assert staged.evaluate(x, y) == host.evaluate(x, y)
    assert staged._staged == {} and not staged._stage_x


def test_a_split_or_a_small_x_is_scanned_on_the_host(data):
    x, y = data
    model = _model(True)
    model.fit(x, y, epochs=1, batch_size=1000, validation_split=0.25, shuffle=False)
    assert model._staged == {}
    small = _model(True)
    small.fit(x[:10], y[:10], epochs=1)
    assert small._staged == {}


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_a_non_finite_value_is_refused_as_on_the_host_and_nothing_stays_staged(data, method):
    x, y = data
    bad = x.copy()
    bad[7, 3], bad[100, 0] = np.nan, np.inf
    messages = []
    for on_gpu in (True, False):
        model = _model(on_gpu)
        with pytest.raises(InvalidArgumentError) as error:
            getattr(model, method)(bad, y)
        messages.append(str(error.value))
        assert model._staged == {}
    assert messages[0] == messages[1] and "contains 2 NaN or infinite value(s)" in messages[0]
