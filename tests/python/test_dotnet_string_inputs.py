"""What C# string inputs rely on (docs/engines.md "String inputs from C#"): arrays.from_strings builds the numpy object
array of str that a C# string[,] becomes, and dotnet_api.input_dtypes tells C# which inputs take strings, read from the
model's InputLayers on either engine. Tests that need Keras skip when it does not import."""

import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import arrays, bridge, dotnet_api

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras does not import here")


def _input(name, dtype, shape):
    return {"module": "keras.layers", "class_name": "InputLayer", "name": name, "registered_name": None,
            "config": {"batch_shape": [None, *shape], "dtype": dtype, "sparse": False, "ragged": False, "name": name}}


def _config():
    """species (string) → StringLookup one_hot, next to measures (float32) and count (int32) → Concatenate → Dense."""
    layers = [_input("species", "string", [1]), _input("measures", "float32", [2]), _input("count", "int32", [1]),
              {"module": "keras.layers", "class_name": "StringLookup", "name": "lookup", "registered_name": None,
               "config": {"name": "lookup", "vocabulary": ["Adelie", "Gentoo"], "output_mode": "one_hot"},
               "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
                   "shape": [None, 1], "dtype": "string", "keras_history": ["species", 0, 0]}}], "kwargs": {}}]}]
    joined = [["lookup", 0, 0], ["measures", 0, 0], ["count", 0, 0]]
    inputs = [["species", 0, 0], ["measures", 0, 0], ["count", 0, 0]]
    tensors = [{"class_name": "__keras_tensor__", "config": {"shape": None, "dtype": "float32", "keras_history": j}}
               for j in joined]
    layers.append({"module": "keras.layers", "class_name": "Concatenate", "name": "joined", "registered_name": None,
                   "config": {"name": "joined", "axis": -1}, "inbound_nodes": [{"args": [tensors], "kwargs": {}}]})
    layers.append({"module": "keras.layers", "class_name": "Dense", "name": "head", "registered_name": None,
                   "config": {"name": "head", "units": 1},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
                       "shape": None, "dtype": "float32", "keras_history": ["joined", 0, 0]}}], "kwargs": {}}]})
    return {"module": "keras", "class_name": "Functional", "registered_name": "Functional",
            "config": {"name": "mixed", "trainable": True, "layers": layers, "input_layers": inputs,
                       "output_layers": [["head", 0, 0]]}}


def test_from_strings_keeps_shape_and_python_str():
    array = arrays.from_strings(["Adelie", "é", "", "Gentoo"], (2, 2))
    assert array.dtype == object and array.shape == (2, 2)
    assert array.tolist() == [["Adelie", "é"], ["", "Gentoo"]]
    assert all(type(v) is str for v in array.ravel())
    assert arrays.from_strings([], (0, 1)).shape == (0, 1)


def test_input_dtypes_on_the_pytorch_engine():
    model = bridge.get_engine("torch").model_from_config(_config())
    assert json.loads(dotnet_api.input_dtypes(model)) == ["string", "float32", "int32"]
    x = {"species": arrays.from_strings(["Gentoo", "Adelie", "Emperor"], (3, 1)),
         "measures": np.ones((3, 2), np.float32), "count": np.ones((3, 1), np.int32)}
    out = model.predict(x)
    kernel, bias = model.get_weights()
    one_hot = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]], np.float32)
    np.testing.assert_allclose(out, np.hstack([one_hot, np.ones((3, 3), np.float32)]) @ kernel + bias, rtol=1e-6)


@needs_keras
def test_input_dtypes_on_the_keras_engine():
    import keras

    measures, count = keras.Input((2,), name="measures"), keras.Input((1,), name="count", dtype="int32")
    head = keras.layers.Dense(1)(keras.layers.Concatenate()([measures, keras.ops.cast(count, "float32")]))
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(keras.Model([measures, count], head))))
    model = bridge.get_engine("keras").model_from_config(config)
    assert json.loads(dotnet_api.input_dtypes(model)) == ["float32", "int32"]
