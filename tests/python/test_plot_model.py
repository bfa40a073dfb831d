"""plot_model from a config draws Keras's picture: the nodes' labels and the edges equal those Keras's own
model_to_dot (keras/src/utils/model_visualization.py) makes for the same real Keras model (pydot, which Keras
hands them to, is replaced by a recorder), and Graphviz renders PNG and SVG files with the layer names."""

import json
import shutil
import struct
import sys
import types

import pytest

from conftest import keras_available
from kerasbridge import plot_model as pm

needs_keras = pytest.mark.skipif(not keras_available(), reason="keras is not installed in this Python")
needs_dot = pytest.mark.skipif(pm.find_dot() is None, reason="Graphviz's dot is not installed")

OPTIONS = [
    dict(show_shapes=False, show_dtype=False, show_layer_names=True, show_layer_activations=False, show_trainable=False),
    dict(show_shapes=True, show_dtype=True, show_layer_names=True, show_layer_activations=True, show_trainable=True),
    dict(show_shapes=True, show_dtype=False, show_layer_names=False, show_layer_activations=True, show_trainable=False),
]


class _Recorder:
    """Just enough of pydot for model_to_dot: records nodes (id -> label) and edges."""

    def __init__(self):
        self.nodes, self.edges, self.attrs = {}, [], {}

    def set(self, key, value):
        self.attrs[key] = value

    def set_node_defaults(self, **kwargs):
        self.attrs["node"] = kwargs

    def add_node(self, node):
        self.nodes[node.name] = node.attrs["label"]

    def get_edge(self, a, b):
        return [(a, b)] if (a, b) in self.edges else []

    def add_edge(self, edge):
        self.edges.append((edge.a, edge.b))


def _fake_pydot():
    module = types.SimpleNamespace()

    class Node:
        def __init__(self, name, label):
            self.name, self.attrs = name, {"label": label}

        def set(self, key, value):
            self.attrs[key] = value

    class Edge:
        def __init__(self, a, b):
            self.a, self.b = a, b

        def set(self, key, value):
            pass

    module.Dot = _Recorder
    module.Node = Node
    module.Edge = Edge
    return module


def _keras_picture(model, options):
    from keras.src.utils import model_visualization as mv
    saved = mv.pydot
    mv.pydot = _fake_pydot()
    try:
        dot = mv.model_to_dot(model, **options)
    finally:
        mv.pydot = saved
    layers = model.layers if model.__class__.__name__ == "Sequential" else model._operations
    names = {str(id(layer)): layer.name for layer in layers}
    return ({names[k]: v for k, v in dot.nodes.items()}, [(names[a], names[b]) for a, b in dot.edges], dot.attrs)


def _our_picture(config, options):
    nodes, edges = pm.graph_of(config)
    labels = {name: pm.make_layer_label(layer, shape, options["show_layer_names"], options["show_layer_activations"],
                                        options["show_dtype"], options["show_shapes"], options["show_trainable"])
              for name, layer, shape in nodes}
    return labels, edges


def _models():
    import keras
    sequential = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                                   keras.layers.Dropout(0.2), keras.layers.BatchNormalization(),
                                   keras.layers.Dense(3, activation="softmax")], name="seq")
    a = keras.Input((4,), name="numeric")
    b = keras.Input((3,), name="onehot")
    x = keras.layers.Dense(5, activation="relu", name="left")(a)
    y = keras.layers.Dense(5, name="right")(b)
    z = keras.layers.Concatenate(name="merge")([x, y])
    r = keras.layers.Add(name="add")([z, keras.layers.Dense(10, name="skip")(z)])
    out = keras.layers.Dense(1, activation="sigmoid", name="out")(r)
    functional = keras.Model([a, b], out, name="branches")
    images = keras.Input((8, 8, 1))
    c = keras.layers.Conv2D(2, 3, activation="relu")(images)
    c = keras.layers.MaxPooling2D()(c)
    c = keras.layers.Flatten()(c)
    frozen = keras.layers.Dense(4)
    frozen.trainable = False
    cnn = keras.Model(images, keras.layers.Dense(2)(frozen(c)), name="cnn")
    return [sequential, functional, cnn]


@needs_keras
@pytest.mark.parametrize("options", OPTIONS)
def test_labels_and_edges_equal_keras(options):
    import keras
    for model in _models():
        config = json.loads(json.dumps(keras.saving.serialize_keras_object(model)))
        expected_nodes, expected_edges, attrs = _keras_picture(model, options)
        nodes, edges = _our_picture(config, options)
        assert nodes == expected_nodes, model.name
        assert edges == expected_edges, model.name
        assert attrs["rankdir"] == "TB" and attrs["splines"] == "ortho" and attrs["dpi"] == 200


@needs_keras
def test_branches_and_merges_are_edges():
    import keras
    functional = _models()[1]
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(functional)))
    _, edges = pm.graph_of(config)
    assert sorted(edges) == sorted([("numeric", "left"), ("onehot", "right"), ("left", "merge"), ("right", "merge"),
                                    ("merge", "skip"), ("merge", "add"), ("skip", "add"), ("add", "out")])


def _sequential_config():
    from kerasbridge.torch_engine.engine import TorchEngine
    engine = TorchEngine()
    model = engine.model_from_config({"class_name": "Sequential", "config": {"name": "tiny", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}},
        {"class_name": "Dense", "config": {"name": "hidden", "units": 6, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"}}]}})
    return model.config()


@needs_dot
def test_png_and_svg_files(tmp):
    config = _sequential_config()
    png = pm.plot_model(config, tmp("model.png"), show_shapes=True, show_layer_names=True,
                        show_layer_activations=True)
    with open(png, "rb") as handle:
        data = handle.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100
    svg = pm.plot_model(config, tmp("model.svg"), show_shapes=True, show_layer_names=True, rankdir="LR")
    text = open(svg, encoding="utf-8").read()
    assert "<svg" in text and "hidden" in text and "out" in text and "(None, 6)" in text
    assert text.count("class=\"edge\"") == 1


def test_bad_arguments(tmp):
    config = _sequential_config()
    with pytest.raises(ValueError, match="rankdir"):
        pm.plot_model(config, tmp("m.png"), rankdir="XY")
    with pytest.raises(ValueError, match="to_file"):
        pm.plot_model(config, tmp("m.bmpx"))


def test_missing_dot_is_a_clear_error(tmp, monkeypatch):
    monkeypatch.setenv("KERASBRIDGE_DOT", tmp("no-such-dot"))
    with pytest.raises(pm.GraphvizMissingError, match="apt-get install -y graphviz"):
        pm.plot_model(_sequential_config(), tmp("m.png"))
