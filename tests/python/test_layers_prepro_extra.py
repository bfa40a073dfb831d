"""CategoryEncoding, Discretization, SpectralNormalization and ReversibleEmbedding on the PyTorch engine, held against real Keras 3
(torch backend; skipped without keras): configs in Keras's key order, predictions, summaries, a short Adam fit
(history, weights after fit), file round trips both ways, refusals.
"""

import json

import numpy as np
import pytest

from conftest import (
    assert_files_round_trip, assert_predicts_and_fits_like_keras, keras_available, keras_config, keras_summary)
from kerasbridge import bridge
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


def _torch(model):
    return bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": model.__class__.__name__, "config": keras_config(model), "registered_name": None})


def _category_cases():
    import keras
    from keras import layers as L
    return {
        "discretize_int": lambda: keras.Sequential([keras.Input((5,)), L.Discretization([-0.5, 0.0, 0.7])]),
        "discretize_one_hot": lambda: keras.Sequential([
            keras.Input((5,)), L.Discretization([-0.5, 0.0, 0.7], output_mode="one_hot"), L.Flatten(), L.Dense(2)]),
        "discretize_one_hot_last1": lambda: keras.Sequential([
            keras.Input((1,)), L.Discretization([0.0, 1.0], output_mode="one_hot")]),
        "discretize_multi_hot": lambda: keras.Sequential([
            keras.Input((6,)), L.Discretization([-1.0, 0.0, 1.0], output_mode="multi_hot"), L.Dense(2)]),
        "discretize_count_rank3": lambda: keras.Sequential([
            keras.Input((3, 2)), L.Discretization([0.0], output_mode="count"), L.Flatten(), L.Dense(1)]),
        "encode_counts_of_bins": lambda: keras.Sequential([
            keras.Input((6,)), L.Discretization([-1.0, 0.0, 1.0]), L.CategoryEncoding(5, output_mode="count"),
            L.Dense(1)]),
        "encode_one_hot": lambda: keras.Sequential([
            keras.Input((3,)), L.Discretization([0.0, 1.0]), L.CategoryEncoding(4, output_mode="one_hot"),
            L.Flatten()]),
        "encode_multi_hot": lambda: keras.Sequential([
            keras.Input((6,)), L.Discretization([-1.0, 0.0, 1.0]), L.CategoryEncoding(4), L.Dense(2)]),
    }


CATEGORY_CASES = list(_category_cases()) if keras_available() else []


def _category_pair(case):
    import keras
    keras.utils.set_random_seed(1)
    model = _category_cases()[case]()
    ours = _torch(model)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    x = np.random.default_rng(0).normal(size=(7,) + tuple(model.inputs[0].shape[1:])).astype(np.float32)
    x[0, 0] = 0.0  # on a boundary: bins are [b_i, b_i+1)
    return model, ours, x


@pytest.mark.parametrize("case", CATEGORY_CASES)
def test_category_layers_predict_like_keras(case):
    model, ours, x = _category_pair(case)
    assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
    assert ours.summary() == keras_summary(model)
    assert_close(ours.predict(x), np.asarray(model.predict(x, verbose=0), dtype=np.float32), "predict")


def _assert_files_round_trip(model, ours, x, tmp):
    """conftest.assert_files_round_trip (Keras's .weights.h5 read into a model made from Keras's config, weights
    exactly Keras's), and our .weights.h5 holds the same datasets as Keras's own."""
    import h5py
    fresh = assert_files_round_trip(model, ours, x, tmp, rebuild=lambda: _torch(model))
    for a, e in zip(fresh.get_weights(), model.get_weights()):
        assert np.array_equal(a, e)
    with h5py.File(tmp("ours.weights.h5")) as a, h5py.File(tmp("theirs.weights.h5")) as b:
        names, theirs_names = [], []
        a["layers"].visit(names.append)
        b["layers"].visit(theirs_names.append)
        assert names == theirs_names  # SpectralNormalization: the kernel in its vars and in layer/vars, as Keras
        for n in names:
            if isinstance(a["layers"][n], h5py.Dataset):
                assert np.array_equal(a["layers"][n][()], b["layers"][n][()]), n


@pytest.mark.parametrize("case", ["discretize_multi_hot", "encode_counts_of_bins"])
def test_category_layers_files_round_trip_both_ways(case, tmp):
    model, ours, x = _category_pair(case)
    _assert_files_round_trip(model, ours, x, tmp)


def test_adapted_discretization_runs_with_keras_boundaries():
    """Keras writes both num_bins and the adapted bin_boundaries; the engine runs those boundaries."""
    import keras
    layer = keras.layers.Discretization(num_bins=4, epsilon=0.01)
    data = np.random.default_rng(2).normal(size=(50, 3)).astype(np.float32)
    layer.update_state(data)  # what adapt() does with an array (adapt() itself imports TensorFlow)
    layer.finalize_state()
    model = keras.Sequential([keras.Input((3,)), layer])
    ours = _torch(model)
    assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
    assert_close(ours.predict(data), np.asarray(model.predict(data, verbose=0), dtype=np.float32), "predict")


def _sequential(layer, shape):
    return {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None] + list(shape)}},
        {"class_name": layer[0], "config": dict(layer[1], name="layer")}]}}


@pytest.mark.parametrize("layer, shape, message", [
    (("Discretization", {"num_bins": 4}), (3,), "'bin_boundaries' must be given: the PyTorch engine does not run adapt"),
    (("Discretization", {"bin_boundaries": [1.0, 0.0]}), (3,), "must be sorted ascending"),
    (("Discretization", {"bin_boundaries": [0.0], "output_mode": "binary"}), (3,), "'output_mode' must be one of"),
    (("Discretization", {"bin_boundaries": [0.0], "output_mode": "count", "sparse": True}), (3,), "'sparse' must be"),
    (("CategoryEncoding", {"num_tokens": 0}), (3,), "'num_tokens' must be an int >= 1"),
    (("CategoryEncoding", {"num_tokens": 3, "output_mode": "tf_idf"}), (3,), "'output_mode' must be one of"),
    (("CategoryEncoding", {"num_tokens": 3}), (2, 3), "takes inputs of rank 2 at most"),
    (("ReversibleEmbedding", {"input_dim": 5, "output_dim": 2, "reverse_dtype": "bfloat16"}), (3,),
     "'reverse_dtype' must be null or 'float32'"),
    (("ReversibleEmbedding", {"input_dim": 5, "output_dim": 2, "logit_soft_cap": 0}), (3,),
     "'logit_soft_cap' must be a non-zero number"),
])
def test_bad_options_are_refused(layer, shape, message):
    with pytest.raises(ValueError, match=message):
        bridge.get_engine("torch").model_from_config(_sequential(layer, shape))


def test_category_encoding_refuses_values_past_num_tokens():
    model = bridge.get_engine("torch").model_from_config(_sequential(("CategoryEncoding", {"num_tokens": 3}), (2,)))
    assert model.predict(np.array([[2, -1], [0, 0]], dtype=np.float32)).tolist() == [[0, 0, 1], [1, 0, 0]]
    with pytest.raises(ValueError, match="input values must be below 3; got 3"):
        model.predict(np.array([[3, 0]], dtype=np.float32))


def _trained_cases():
    import keras
    from keras import layers as L
    return {
        "spectral_dense": lambda: keras.Sequential([
            keras.Input((3,)), L.SpectralNormalization(L.Dense(4, activation="tanh")), L.Dense(1)]),
        "spectral_conv2d": lambda: keras.Sequential([
            keras.Input((5, 4, 2)), L.SpectralNormalization(L.Conv2D(3, 2), power_iterations=3), L.Flatten(),
            L.Dense(1)]),
        # A float input of token ids: Keras casts the wrapper's output to the input's dtype (an int32 input would
        # truncate the embeddings to integers).
        "spectral_embedding": lambda: keras.Sequential([
            keras.Input((4,)), L.SpectralNormalization(L.Embedding(10, 3)), L.Flatten(), L.Dense(1)]),
    }


def _language_model(**options):
    """ids -> ReversibleEmbedding -> Dense -> the same layer with reverse=True (logits over the vocabulary)."""
    import keras
    inputs = keras.Input((4,))
    embedding = keras.layers.ReversibleEmbedding(10, 3, **options)
    hidden = keras.layers.Dense(3, activation="tanh")(embedding(inputs))
    return keras.Model(inputs, keras.layers.Flatten()(embedding(hidden, reverse=True)))


def _reversible_cases():
    return {
        "reversible_tied": lambda: _language_model(),
        "reversible_untied_capped": lambda: _language_model(tie_weights=False, logit_soft_cap=2.0, reverse_dtype="float32"),
        "reversible_masked": lambda: _language_model(mask_zero=True, logit_soft_cap=0.5),
    }


def _all_trained_cases():
    return {**_trained_cases(), **_reversible_cases()}


TRAINED_CASES = list(_all_trained_cases()) if keras_available() else []


def _trained_pair(case):
    import keras
    keras.utils.set_random_seed(1)
    model = _all_trained_cases()[case]()
    ours = _torch(model)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    rng = np.random.default_rng(0)
    shape = (16,) + tuple(model.inputs[0].shape[1:])
    integer = "embedding" in case or "reversible" in case
    x = rng.integers(0, 10, size=shape).astype(np.float32) if integer else rng.normal(size=shape).astype(np.float32)
    return model, ours, x, rng.normal(size=(16,) + tuple(model.outputs[0].shape[1:])).astype(np.float32)


@pytest.mark.parametrize("case", TRAINED_CASES)
def test_trained_layers_predict_and_fit_like_keras(case):
    # The weights after fit include SpectralNormalization's vector_u and normalized kernel.
    assert_predicts_and_fits_like_keras(*_trained_pair(case))


@pytest.mark.parametrize("case", ["spectral_dense", "spectral_conv2d", "reversible_untied_capped"])
def test_trained_layers_files_round_trip_both_ways(case, tmp):
    model, ours, x, y = _trained_pair(case)
    ours.compile(optimizer="adam", loss="mse")
    ours.fit(x, y, epochs=1, batch_size=8)  # kernel and vector_u no longer at their initial values
    model.set_weights(ours.get_weights())
    _assert_files_round_trip(model, ours, x, tmp)


@pytest.mark.parametrize("inner, message", [
    ({"class_name": "Dense", "config": {"units": 2}}, None),
    ({"class_name": "Flatten", "config": {}}, "has no variable 'kernel' nor 'embeddings'"),
])
def test_spectral_normalization_needs_a_kernel(inner, message):
    entry = ("SpectralNormalization", {"layer": inner, "power_iterations": 1})
    if message is None:
        with pytest.raises(ValueError, match="'power_iterations' must be an int > 0; got 0"):
            bridge.get_engine("torch").model_from_config(_sequential((entry[0], dict(entry[1], power_iterations=0)), (3,)))
        return
    with pytest.raises(ValueError, match=message):
        bridge.get_engine("torch").model_from_config(_sequential(entry, (3,)))


@pytest.mark.parametrize("config, shape", [
    ({}, (8, 1, 5)), ({"side": "imag", "periodic": True}, (8, 1, 5)),
    ({"window": "hamming", "scaling": "spectrum"}, (7, 1, 4)), ({"window": None}, (6, 1, 3)),
    ({"window": [1.0, 2.0, 3.0, 4.0], "scaling": "spectrum", "side": "imag"}, (4, 1, 3)),
    ({"window": "blackman", "scaling": None}, (9, 1, 5)), ({"periodic": True}, (1, 1, 2)),
])
def test_stft_initializer_values_are_keras(config, shape):
    import keras
    from kerasbridge.torch_engine import initializers
    expected = np.asarray(keras.initializers.STFT(**config)(shape))
    ours = initializers.get({"class_name": "STFT", "config": config}, "kernel_initializer")
    assert np.array_equal(ours(shape, "cpu").numpy(), expected)
    assert ours.serialize() == json.loads(json.dumps(keras.saving.serialize_keras_object(keras.initializers.STFT(**config))))


def test_initialized_layers_start_with_keras_weights():
    """Conv1D with an STFT kernel and Dense with an Identity kernel: the engine's initial weights are Keras's."""
    import keras
    from keras import initializers as I
    from keras import layers as L
    model = keras.Sequential([
        keras.Input((16, 1)), L.Conv1D(5, 8, use_bias=False, kernel_initializer=I.STFT(side="imag", window="hamming")),
        L.Flatten(), L.Dense(45, kernel_initializer=I.Identity(), bias_initializer="ones")])
    ours = _torch(model)
    assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
    for a, e in zip(ours.get_weights(), model.get_weights()):
        assert np.array_equal(a, e)
    x = np.random.default_rng(0).normal(size=(3, 16, 1)).astype(np.float32)
    assert_close(ours.predict(x), model.predict(x, verbose=0), "predict")


def test_identity_initializer_gain_and_refusals():
    import keras
    from kerasbridge.errors import InvalidArgumentError
    from kerasbridge.torch_engine import initializers
    identity = initializers.get({"class_name": "Identity", "config": {"gain": 2.5}}, "kernel_initializer")
    assert np.array_equal(identity((3, 4), "cpu").numpy(), np.asarray(keras.initializers.Identity(2.5)((3, 4))))
    assert identity.get_config() == {"gain": 2.5}  # kept, where Keras's get_config would drop it
    assert initializers.get("identity", "kernel_initializer").serialize()["config"] == {}
    with pytest.raises(InvalidArgumentError, match="needs a 2D shape; got \\[2, 2, 2\\]"):
        identity((2, 2, 2), "cpu")
    with pytest.raises(InvalidArgumentError, match="'side' must be 'real' or 'imag'"):
        initializers.get({"class_name": "STFT", "config": {"side": "both"}}, "kernel_initializer")
    with pytest.raises(InvalidArgumentError, match="unknown window 'nope'"):
        initializers.get({"class_name": "STFT", "config": {"window": "nope"}}, "kernel_initializer")
    stft = initializers.get("stft", "kernel_initializer")
    with pytest.raises(InvalidArgumentError, match=r"needs a kernel shape \(frame_length, 1, fft_bins\); got \[4, 2, 3\]"):
        stft((4, 2, 3), "cpu")


def _ops_model():
    import keras
    from keras import ops
    x, ids = keras.Input((3, 4), name="x"), keras.Input((5,), name="ids")
    pieces = ops.unstack(x, axis=1)
    outputs = [ops.average(x, axis=2), ops.average(x, axis=-2), ops.multi_hot(ids, 6),
               ops.multi_hot(keras.layers.Reshape((5, 1))(ids), 6, axis=1), keras.layers.Add()(pieces), pieces[2]]
    return keras.Model([x, ids], outputs)


def test_average_multi_hot_and_unstack_ops_run_like_keras(tmp):
    import keras
    model = _ops_model()
    ours = _torch(model)
    assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
    assert ours.summary() == keras_summary(model)
    x = [np.random.default_rng(0).normal(size=(2, 3, 4)).astype(np.float32),
         np.array([[0, 1, 1, 5, 2], [3, 3, 3, 3, -1]], dtype=np.float32)]  # -1: no class, as Keras's one_hot
    expected = model.predict(x, verbose=0)
    got = ours.predict(x)
    assert len(got) == len(expected)
    for i, (a, e) in enumerate(zip(got, expected)):
        assert_close(a, e, f"output {i}")
    ours.save(tmp("ops.keras"))
    theirs = keras.saving.load_model(tmp("ops.keras"))
    for i, (a, e) in enumerate(zip(theirs.predict(x, verbose=0), expected)):
        assert_close(a, e, f"Keras reading our file, output {i}")


def _op_graph(op_entry, node_kwargs, shape):
    return {"class_name": "Functional", "config": {"name": "f", "layers": [
        {"class_name": "InputLayer", "name": "x", "config": {"batch_shape": [None] + list(shape), "name": "x"},
         "inbound_nodes": []},
        dict(op_entry, name=op_entry["config"]["name"], inbound_nodes=[{"args": [
            {"class_name": "__keras_tensor__", "config": {"shape": [None] + list(shape), "dtype": "float32",
                                                          "keras_history": ["x", 0, 0]}}], "kwargs": node_kwargs}])],
        "input_layers": [["x", 0, 0]], "output_layers": [[op_entry["config"]["name"], 0, 0]]}}


@pytest.mark.parametrize("entry, kwargs, shape, message", [
    ({"module": "keras.src.ops.numpy", "class_name": "Average", "config": {"name": "avg", "axis": 1}},
     {"weights": {"class_name": "__keras_tensor__", "config": {"shape": [None, 3], "dtype": "float32",
                                                              "keras_history": ["x", 0, 0]}}}, (3,),
     "call argument weights as a tensor is not supported"),
    ({"module": "keras.src.ops.core", "class_name": "Unstack", "config": {"name": "u", "num": 2, "axis": 1}}, {}, (3,),
     "num=2 differs from the size 3 of axis 1"),
    ({"module": "keras.src.ops.nn", "class_name": "MultiHot", "config": {"name": "m", "num_classes": 0}}, {}, (3,),
     "argument 'num_classes' of MultiHot: expected an int >= 1"),
])
def test_bad_op_configs_are_refused(entry, kwargs, shape, message):
    with pytest.raises(Exception, match=message):
        bridge.get_engine("torch").model_from_config(_op_graph(entry, kwargs, shape))
