"""kerasbridge.model_files against the Keras 3.15.1 fixtures.

- read_model_file reads every fixture as .keras and as legacy .h5, read_weights_file every
  .weights.h5; the weights (and optimizer variables) are identical across the three forms;
- the config translated from the legacy .h5 equals the .keras config (apart from Keras's
  shared_object_id bookkeeping and the backend-specific optimizer module);
- a numpy forward pass with the loaded weights reproduces NAME.predictions.csv (1e-5);
- write_keras_file(read_model_file(x)) gives the fixture's zip members (names, order, zip
  metadata), the same config.json bytes, metadata keys, and the same HDF5 tree (groups, datasets,
  attributes, shapes, dtypes, values); write_weights_file likewise reproduces NAME.weights.h5.
"""

import json
import os
import zipfile

import h5py
import numpy as np
import pytest

from kerasbridge.model_files import (
    model_spec,
    read_model_file,
    read_weights_and_optimizer,
    read_weights_file,
    write_keras_file,
    write_weights_file,
)

from conftest import FIXTURES

NAMES = ["penguins_mlp", "regression_bn_dropout", "digits_cnn", "single_neuron"]


def strip_ids(obj):
    if isinstance(obj, dict):
        return {k: strip_ids(v) for k, v in obj.items() if k != "shared_object_id"}
    if isinstance(obj, list):
        return [strip_ids(v) for v in obj]
    return obj


def without_optimizer_module(config):
    config = json.loads(json.dumps(config))
    opt = (config.get("compile_config") or {}).get("optimizer")
    if isinstance(opt, dict):
        opt.pop("module", None)
        opt.pop("registered_name", None)
    return config


def same_weights(a, b):
    if [n for n, _ in a] != [n for n, _ in b]:
        return False
    for (_, xs), (_, ys) in zip(a, b):
        if len(xs) != len(ys):
            return False
        for x, y in zip(xs, ys):
            if x.shape != y.shape or x.dtype != y.dtype or not np.array_equal(x, y):
                return False
    return True


def same_arrays(xs, ys):
    return len(xs) == len(ys) and all(
        x.shape == y.shape and x.dtype == y.dtype and np.array_equal(x, y) for x, y in zip(xs, ys))


# ---------------------------------------------------------------------------------------------
# numpy forward pass of the supported layers (inference mode)


def activation(x, name):
    if name in (None, "linear"):
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    raise NotImplementedError(name)


def forward(config, layer_weights, x):
    spec = model_spec(config)
    weights = dict(layer_weights)
    x = x.astype(np.float64).reshape((x.shape[0],) + tuple(spec.input_shape[1:]))
    for layer in spec.layers:
        cfg = layer.config
        w = [np.asarray(a, np.float64) for a in weights[layer.name]]
        if layer.class_name == "Dense":
            x = x @ w[0] + (w[1] if cfg.get("use_bias", True) else 0)
            x = activation(x, cfg.get("activation"))
        elif layer.class_name == "BatchNormalization":
            gamma, beta, mean, var = w
            x = gamma * (x - mean) / np.sqrt(var + cfg["epsilon"]) + beta
        elif layer.class_name == "Dropout":
            pass
        elif layer.class_name == "Flatten":
            x = x.reshape(x.shape[0], -1)
        elif layer.class_name == "Conv2D":
            k = w[0]
            kh, kw = k.shape[:2]
            n, h, wd, c = x.shape
            oh, ow = h - kh + 1, wd - kw + 1
            out = np.zeros((n, oh, ow, k.shape[3]))
            for i in range(kh):
                for j in range(kw):
                    out += np.einsum("nhwc,cf->nhwf", x[:, i:i + oh, j:j + ow, :], k[i, j])
            x = activation(out + w[1], cfg.get("activation"))
        elif layer.class_name == "MaxPooling2D":
            n, h, wd, c = x.shape
            x = x[:, : h // 2 * 2, : wd // 2 * 2, :].reshape(n, h // 2, 2, wd // 2, 2, c).max(axis=(2, 4))
        else:
            raise NotImplementedError(layer.class_name)
    return x


def h5_tree(data_or_path):
    """{path: (kind, attrs, shape, dtype, values)} of an HDF5 file (bytes or path)."""
    import io
    src = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    out = {}
    with h5py.File(src, "r") as f:
        out["/"] = ("group", dict(f.attrs), None, None, None)

        def visit(name, obj):
            attrs = {k: obj.attrs[k] for k in obj.attrs}
            if isinstance(obj, h5py.Dataset):
                out[name] = ("dataset", attrs, obj.shape, obj.dtype, np.array(obj[()]),
                             obj.chunks, obj.compression)
            else:
                out[name] = ("group", attrs, None, None, None)

        f.visititems(visit)
    return out


def same_tree(a, b):
    if sorted(a) != sorted(b):
        print("    paths only in fixture:", sorted(set(a) - set(b)), "only in ours:", sorted(set(b) - set(a)))
        return False
    ok = True
    for key in a:
        x, y = a[key], b[key]
        if x[0] != y[0] or {k: str(v) for k, v in x[1].items()} != {k: str(v) for k, v in y[1].items()}:
            print("    differs:", key, x[:2], y[:2])
            ok = False
        if x[0] == "dataset":
            if x[2] != y[2] or x[3] != y[3] or not np.array_equal(x[4], y[4]) or x[5:] != y[5:]:
                print("    dataset differs:", key, x[2], y[2], x[3], y[3], x[5:], y[5:])
                ok = False
    return ok


def whole_archive_identical(keras_path, loaded, out):
    import datetime
    import time
    from unittest import mock
    import kerasbridge.model_files.writing as files_mod

    with zipfile.ZipFile(keras_path) as z:
        saved = json.loads(z.read("metadata.json"))["date_saved"]
        stamp = z.getinfo("model.weights.h5").date_time
    when = datetime.datetime.strptime(saved, "%Y-%m-%d@%H:%M:%S")

    class FixedDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return when

    fixed = time.mktime(stamp + (0, 0, -1))
    with mock.patch.object(files_mod.datetime, "datetime", FixedDatetime), \
            mock.patch.object(zipfile.time, "time", lambda: fixed):
        write_keras_file(out, loaded.config, loaded.layer_weights, loaded.optimizer_variables)
    return open(keras_path, "rb").read() == open(out, "rb").read()


@pytest.mark.parametrize("name", NAMES)
def test_fixture_reads_and_writes_like_keras(tmp_path, name):
    tmp = str(tmp_path)
    if True:
        keras_path = os.path.join(FIXTURES, name + ".keras")
        h5_path = os.path.join(FIXTURES, name + ".h5")
        weights_path = os.path.join(FIXTURES, name + ".weights.h5")
        a = read_model_file(keras_path)
        b = read_model_file(h5_path)
        lw, opt_w = read_weights_and_optimizer(weights_path, a.config)
        assert a.format == "keras" and b.format == "h5", "formats detected by content"
        assert same_weights(a.layer_weights, b.layer_weights), ".keras and .h5 weights identical"
        assert same_weights(a.layer_weights, lw), ".keras and .weights.h5 weights identical"
        assert same_weights(a.layer_weights, read_weights_file(weights_path, b.config)), ".weights.h5 read with the config translated from .h5"
        assert same_weights(a.layer_weights, read_weights_file(h5_path, a.config)), "read_weights_file on the legacy .h5 model file"
        assert same_weights(a.layer_weights, read_weights_file(keras_path, a.config)), "read_weights_file on the .keras archive"
        assert same_arrays(a.optimizer_variables, b.optimizer_variables), "optimizer variables .keras == .h5"
        assert same_arrays(a.optimizer_variables, opt_w), "optimizer variables .keras == .weights.h5"
        assert b.notes == [], f"no translation notes ({b.notes})"
        assert strip_ids(without_optimizer_module(a.config)) == strip_ids(without_optimizer_module(b.config)), "config translated from .h5 == .keras config (except shared_object_id, optimizer module)"
        assert a.metadata.get("keras_version") == "3.15.1" and b.metadata.get("keras_version") == "3.15.1", "metadata keras_version"
        facts = json.load(open(os.path.join(FIXTURES, name + ".json")))
        spec = model_spec(a.config)
        assert ([(l.name, l.class_name, l.params) for l in spec.layers]
              == [(l["name"], l["class"], l["params"]) for l in facts["layers"]]), "layer names/classes/params from the config == NAME.json"
        assert spec.total_params == facts["total_params"] and spec.trainable_params == facts["trainable_params"], "total/trainable params == NAME.json"

        # forward pass
        x = np.loadtxt(os.path.join(FIXTURES, name + ".inputs.csv"), delimiter=",", ndmin=2)
        want = np.loadtxt(os.path.join(FIXTURES, name + ".predictions.csv"), delimiter=",", ndmin=2)
        for label, loaded in (("keras", a), ("h5", b)):
            got = forward(loaded.config, loaded.layer_weights, x)
            # 1e-5 absolute; relative to the magnitude for the regression outputs (~150, float32)
            err = float(np.max(np.abs(got.reshape(want.shape) - want) / np.maximum(1.0, np.abs(want))))
            assert err < 1e-5, (f"numpy forward pass ({label} weights) matches predictions.csv "
                              f"(max err {err:.2e}, relative where |y| > 1)")

        # write_keras_file round trip
        out = os.path.join(tmp, name + ".keras")
        write_keras_file(out, a.config, a.layer_weights, a.optimizer_variables)
        with zipfile.ZipFile(keras_path) as zr, zipfile.ZipFile(out) as zo:
            ir, io_ = zr.infolist(), zo.infolist()
            assert [i.filename for i in ir] == [i.filename for i in io_], f"zip members {[i.filename for i in io_]}"
            assert ([(i.compress_type, i.external_attr, i.create_system, i.flag_bits) for i in ir]
                  == [(i.compress_type, i.external_attr, i.create_system, i.flag_bits) for i in io_]), "zip member compression/attributes"
            assert [i.date_time for i in ir[:2]] == [i.date_time for i in io_[:2]] == [(1980, 1, 1, 0, 0, 0)] * 2, "metadata/config dated 1980 like Keras"
            assert zr.read("config.json") == zo.read("config.json"), "config.json bytes identical"
            mr, mo = json.loads(zr.read("metadata.json")), json.loads(zo.read("metadata.json"))
            assert list(mr) == list(mo) and mo["keras_version"] == "3.15.1", f"metadata.json {mo}"
            assert same_tree(h5_tree(zr.read("model.weights.h5")), h5_tree(zo.read("model.weights.h5"))), "model.weights.h5: same groups, datasets, attrs, shapes, dtypes, values"
            assert zr.read("model.weights.h5") == zo.read("model.weights.h5"), "model.weights.h5 byte-identical"
        # with Keras's timestamps, the whole archive is byte-identical
        assert whole_archive_identical(keras_path, a, os.path.join(tmp, name + "_dated.keras")), "whole .keras byte-identical when written with the fixture's timestamps"
        again = read_model_file(out)
        assert same_weights(a.layer_weights, again.layer_weights) and again.config == a.config, "written .keras reads back identically"

        # from the legacy file: writing the translated config works and reads back
        out_h5 = os.path.join(tmp, name + "_from_h5.keras")
        write_keras_file(out_h5, b.config, b.layer_weights, b.optimizer_variables)
        back = read_model_file(out_h5)
        assert same_weights(b.layer_weights, back.layer_weights) and back.config == b.config, ".h5 -> .keras conversion reads back"
        with zipfile.ZipFile(keras_path) as zr, zipfile.ZipFile(out_h5) as zo:
            assert same_tree(h5_tree(zr.read("model.weights.h5")), h5_tree(zo.read("model.weights.h5"))), ".h5 -> .keras: model.weights.h5 tree identical to Keras's"

        # write_weights_file
        outw = os.path.join(tmp, name + ".weights.h5")
        write_weights_file(outw, a.config, a.layer_weights, a.optimizer_variables)
        assert same_tree(h5_tree(weights_path), h5_tree(outw)), "write_weights_file tree identical to NAME.weights.h5"
        assert open(weights_path, "rb").read() == open(outw, "rb").read(), "write_weights_file byte-identical"
        outw2 = os.path.join(tmp, name + "_noopt.weights.h5")
        write_weights_file(outw2, a.config, dict(a.layer_weights))
        assert same_weights(a.layer_weights, read_weights_file(outw2, a.config)), "write_weights_file without optimizer reads back"
