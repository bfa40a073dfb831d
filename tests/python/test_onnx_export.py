"""ONNX export on the PyTorch engine (kerasbridge/onnx_export.py): every fixture model exports with Keras's input
and output names; an unexportable layer is refused by name and nothing is written (an older file is kept, no
temporary is left); the weights' requires_grad flags are restored, so the model still trains; bad arguments are
named. The numbers are checked through ONNX Runtime from C# (tests/KerasBridge.Tests/Onnx), as no onnxruntime
is installed for Python here.
"""

import glob
import os

import numpy as np
import pytest

from conftest import FIXTURES
from kerasbridge.errors import InvalidArgumentError, OnnxExportError
from kerasbridge.onnx_export import unsupported_layers
from kerasbridge.torch_engine.engine import TorchEngine

MODELS = sorted(glob.glob(os.path.join(FIXTURES, "*.keras")) + glob.glob(os.path.join(FIXTURES, "functional", "*.keras")))


def _sequential(*layers, name="tiny"):
    entries = [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "features"}}]
    entries += [{"module": "keras.layers", "class_name": c, "config": dict(config)} for c, config in layers]
    return {"module": "keras", "class_name": "Sequential", "config": {"name": name, "layers": entries}}


@pytest.fixture(scope="module")
def engine():
    return TorchEngine()


@pytest.mark.parametrize("path", MODELS, ids=[os.path.relpath(p, FIXTURES) for p in MODELS])
def test_every_fixture_exports_with_keras_names(engine, path, tmp):
    model = engine.load_model(path)
    target = tmp("model.onnx")
    model.export_onnx(target)
    data = open(target, "rb").read()
    assert len(data) > 100
    names = [layer.name for layer in model._input_layers] if hasattr(model, "_input_layers") else [model._input_layer.name]
    outputs = [ref.layer for ref in model.graph.outputs] if hasattr(model, "graph") else [model.layers[-1].name]
    for name in names + outputs + ["batch"]:
        assert name.encode() in data  # graph input/output names and the dynamic batch dimension's name
    assert os.listdir(os.path.dirname(target)) == ["model.onnx"]


def test_refused_layer_is_named_and_the_previous_file_is_kept(engine, tmp):
    model = engine.model_from_config(_sequential(("Dense", {"name": "hidden", "units": 3}),
                                                 ("LayerNormalization", {"name": "norm", "center": False, "scale": False})))
    target = tmp("model.onnx")
    with open(target, "wb") as f:
        f.write(b"previous")
    with pytest.raises(OnnxExportError, match=r"layer 'norm' \(LayerNormalization\) of model 'tiny' cannot be exported to ONNX opset 17"):
        model.export_onnx(target, 17)
    assert open(target, "rb").read() == b"previous"
    assert os.listdir(os.path.dirname(target)) == ["model.onnx"]
    model.export_onnx(target, 14)  # the same layer exports at opset 14
    assert open(target, "rb").read() != b"previous"


def test_export_leaves_the_model_trainable(engine, tmp):
    model = engine.model_from_config(_sequential(("Dense", {"name": "hidden", "units": 3}),
                                                 ("BatchNormalization", {"name": "bn"}), ("Dense", {"name": "out", "units": 1})))
    model.compile("sgd", "mse")
    flags = [v.value.requires_grad for v in model._all_variables()]
    model.export_onnx(tmp("model.onnx"))
    assert [v.value.requires_grad for v in model._all_variables()] == flags
    before = [w.copy() for w in model.get_weights()]
    x = np.random.default_rng(0).normal(size=(16, 4)).astype("float32")
    model.fit(x, x[:, :1], epochs=1, batch_size=8, shuffle=False)
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_bad_arguments_are_named(engine, tmp):
    model = engine.model_from_config(_sequential(("Dense", {"name": "out", "units": 2})))
    with pytest.raises(InvalidArgumentError, match=r"argument 'path' must end in \.onnx; got"):
        model.export_onnx(tmp("model.keras"))
    for opset in (8, 18, "14", True):
        with pytest.raises(InvalidArgumentError, match=r"argument 'opset' must be an integer from 9 to 17"):
            model.export_onnx(tmp("model.onnx"), opset)


def test_unsupported_layers_are_found_in_nested_models():
    inner = _sequential(("MyCustomLayer", {"name": "noise"}), name="inner")
    outer = _sequential(("Dense", {"name": "d", "units": 2}), ("Activation", {"name": "a", "activation": "relu"}))
    outer["config"]["layers"].append(inner)
    assert unsupported_layers(outer) == [("noise", "MyCustomLayer")]


def test_a_model_without_input_shape_is_refused(engine, tmp):
    config = _sequential(("Dense", {"name": "out", "units": 2}))
    del config["config"]["layers"][0]  # no InputLayer: not built until it sees data
    model = engine.model_from_config(config)
    with pytest.raises(OnnxExportError, match=r"model 'tiny' has no input shape yet"):
        model.export_onnx(tmp("model.onnx"))
    assert not os.path.exists(tmp("model.onnx"))
