"""kerasbridge.symbolic: the output shapes the C# Functional API asks for at layer.Apply, from the engines' shape rules
or (for classes they do not know) from real Keras, with the mask kwargs Keras records and Keras's refusals."""

import json

import pytest

from conftest import keras_available
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.symbolic import output_shapes

needs_keras = pytest.mark.skipif(not keras_available(), reason="keras is not installed in this Python")


def entry(class_name, **config):
    config.setdefault("name", class_name.lower())
    return json.dumps({"module": "keras.layers", "class_name": class_name, "config": config, "registered_name": None})


def ask(layer, *shapes, as_list=False):
    return json.loads(output_shapes(layer, json.dumps({"shapes": [list(s) for s in shapes], "as_list": as_list})))


def test_dense_shape_variables_and_no_mask():
    answer = ask(entry("Dense", units=3), (None, 5))
    assert answer["outputs"] == [[None, 3]]
    assert answer["variables"] == [["kernel", [5, 3]], ["bias", [3]]]
    assert answer["kwargs"] == {}


def test_batch_normalization_records_mask_none_as_keras_does():
    assert ask(entry("BatchNormalization"), (None, 4))["kwargs"] == {"mask": None}


def test_merge_layer_takes_a_list():
    answer = ask(entry("Concatenate", axis=-1), (None, 2), (None, 3), as_list=True)
    assert answer["outputs"] == [[None, 5]]


def test_wrong_shape_is_refused_naming_the_layer_and_shape():
    with pytest.raises(InvalidArgumentError) as caught:
        ask(entry("Conv2D", name="conv", filters=2, kernel_size=[3, 3]), (None, 5))
    assert caught.value.argument == "inputs"
    assert "layer 'conv' (Conv2D)" in str(caught.value)
    assert "(None, 5)" in str(caught.value)


def test_nested_model_checks_its_input_shape():
    model = {"module": "keras", "class_name": "Sequential", "config": {"name": "base", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "i"}},
        {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}}]}}
    assert ask(json.dumps(model), (None, 4))["outputs"] == [[None, 2]]
    assert ask(json.dumps(model), (None, 4))["kwargs"] == {"mask": None}
    with pytest.raises(InvalidArgumentError) as caught:
        ask(json.dumps(model), (None, 6))
    assert "model expects input shape (None, 4)" in str(caught.value)


@needs_keras
def test_a_class_without_bridge_rule_is_asked_of_keras():
    answer = ask(entry("AdditiveAttention"), (None, 4, 3), (None, 6, 3), as_list=True)
    assert answer["outputs"] == [[None, 4, 3]]
    assert answer["kwargs"] == {"mask": [None, None]}
