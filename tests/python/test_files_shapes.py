"""Shape/variable/param derivation of kerasbridge.model_files.shapes on hand-computed cases
(Keras's compute_conv_output_shape / compute_pooling_output_shape arithmetic)."""

import pytest

from kerasbridge.model_files import ConfigError, model_spec, unique_h5_names, to_snake_case
from kerasbridge.summary import summary_from_config

def seq(batch_shape, *layers, name="m"):
    entries = [{"module": "keras.layers", "class_name": "InputLayer",
                "config": {"batch_shape": list(batch_shape), "name": "in"}, "registered_name": None}]
    for i, (cls, cfg) in enumerate(layers):
        cfg = dict(cfg)
        cfg.setdefault("name", f"l{i}")
        entries.append({"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None})
    return {"module": "keras", "class_name": "Sequential", "config": {"name": name, "layers": entries},
            "registered_name": None}


def shapes(spec):
    return [(l.output_shape, [v.shape for v in l.variables], l.params) for l in spec.layers]


def test_conv_pool_batchnorm_chain():
    s = model_spec(seq((None, 28, 28, 3),
                       ("Conv2D", {"filters": 8, "kernel_size": [5, 5], "strides": [2, 2], "padding": "same"}),
                       ("MaxPooling2D", {"pool_size": [3, 3], "strides": [2, 2], "padding": "valid"}),
                       ("Conv2D", {"filters": 8, "kernel_size": 3, "padding": "valid"}),
                       ("MaxPooling2D", {"pool_size": [2, 2], "strides": None, "padding": "same"}),
                       ("BatchNormalization", {"axis": -1}),
                       ("GlobalAveragePooling2D", {}),
                       ("Dense", {"units": 5, "use_bias": False})))
    assert (shapes(s) == [
        ((None, 14, 14, 8), [(5, 5, 3, 8), (8,)], 608),
        ((None, 6, 6, 8), [], 0),
        ((None, 4, 4, 8), [(3, 3, 8, 8), (8,)], 584),
        ((None, 2, 2, 8), [], 0),
        ((None, 2, 2, 8), [(8,), (8,), (8,), (8,)], 32),
        ((None, 8), [], 0),
        ((None, 5), [(8, 5)], 40),
    ]), f"conv/pool/bn/gap chain: {shapes(s)}"
    assert s.trainable_params == 608 + 584 + 16 + 40 and s.non_trainable_params == 16, "trainable / non-trainable"
    assert ([l.h5_path for l in s.layers] == ["layers/conv2d", "layers/max_pooling2d", "layers/conv2d_1",
                                             "layers/max_pooling2d_1", "layers/batch_normalization",
                                             "layers/global_average_pooling2d", "layers/dense"]), "h5 paths"


def test_channels_first_chain():
    s = model_spec(seq((None, 3, 32, 32),
                       ("Conv2D", {"filters": 4, "kernel_size": [3, 3], "data_format": "channels_first",
                                   "dilation_rate": [2, 2]}),
                       ("BatchNormalization", {"axis": 1, "center": False}),
                       ("MaxPooling2D", {"pool_size": [2, 2], "data_format": "channels_first"}),
                       ("GlobalAveragePooling2D", {"data_format": "channels_first", "keepdims": True}),
                       ("Flatten", {})))
    assert (shapes(s) == [
        ((None, 4, 28, 28), [(3, 3, 3, 4), (4,)], 112),
        ((None, 4, 28, 28), [(4,), (4,), (4,)], 12),
        ((None, 4, 14, 14), [], 0),
        ((None, 4, 1, 1), [], 0),
        ((None, 4), [], 0),
    ]), f"channels_first chain: {shapes(s)}"


def test_grouped_conv_rank3_dense_unknown_dims_and_frozen_layers():
    s = model_spec(seq((None, 6, 6, 8), ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2})))
    assert shapes(s) == [((None, 4, 4, 4), [(3, 3, 4, 4), (4,)], 148)], f"grouped conv: {shapes(s)}"
    s = model_spec(seq((None, 10, 3), ("Dense", {"units": 7}), ("Flatten", {})))
    assert shapes(s) == [((None, 10, 7), [(3, 7), (7,)], 28), ((None, 70), [], 0)], f"rank-3 dense: {shapes(s)}"
    s = model_spec(seq((None, None, 5), ("Flatten", {}), ("Dropout", {"rate": 0.5})))
    assert shapes(s) == [((None, None), [], 0), ((None, None), [], 0)], f"flatten of unknown dims: {shapes(s)}"
    s = model_spec(seq((None, 4), ("BatchNormalization", {"renorm": True}), ("Dense", {"units": 2, "trainable": False})))
    assert shapes(s)[0][2] == 28 and s.trainable_params == 8 and s.non_trainable_params == 20 + 10, f"renorm vars, frozen layer counted non-trainable ({s.trainable_params}, {s.non_trainable_params})"


def test_unknown_input_shape_and_legacy_batch_input_shape():
    # unknown input: params unknown ("0 (unbuilt)" in the summary), shapes "?"
    cfg = seq((None, 4), ("Dense", {"units": 3}), ("Dropout", {"rate": 0.1}))
    del cfg["config"]["layers"][0]
    s = model_spec(cfg)
    assert s.layers[0].params is None and s.layers[1].params == 0 and s.layers[0].output_shape is None, "no input shape: Dense unbuilt, Dropout 0 params"
    text = summary_from_config(cfg)
    assert "0 (unbuilt)" in text and "│ ?" in text, "unbuilt summary shows '?' and '0 (unbuilt)'"
    # legacy first-layer batch_input_shape
    cfg["config"]["layers"][0]["config"]["batch_input_shape"] = [None, 6]
    s = model_spec(cfg)
    assert s.input_shape == (None, 6) and s.layers[0].params == 21, "legacy batch_input_shape on the first layer"

@pytest.mark.parametrize("bad, what", [
    (seq((None, 4, 4, 1), ("Conv2D", {"filters": 2, "kernel_size": 5})), "kernel larger than input"),
    (seq((None, 4), ("Conv2D", {"filters": 2, "kernel_size": 3})), "conv on rank-2 input"),
    (seq((None, 4), ("Dense", {"units": 0})), "units 0"),
    (seq((None, 4), ("Dense", {"units": 3, "name": "a"}), ("Dense", {"units": 3, "name": "a"})), "duplicate names"),
    (seq((None, 4), ("Dropout", {"rate": 2})), "dropout rate 2"),
    (seq((None, 4), ("MaxPooling2D", {"pool_size": 2})), "pooling rank-2"),
])
def test_bad_configs_raise_config_error(bad, what):
    with pytest.raises(ConfigError):
        model_spec(bad)


def test_names_like_keras():
    assert (to_snake_case("GlobalAveragePooling2D") == "global_average_pooling2d"
          and to_snake_case("BatchNormalization") == "batch_normalization" and to_snake_case("RMSprop") == "rm_sprop"), "to_snake_case like Keras"
    assert (unique_h5_names(["Dense", "Dropout", "Dense", "Dense", "Dropout"])
          == ["dense", "dropout", "dense_1", "dense_2", "dropout_1"]), "unique h5 names"
