"""Bad model files, safe mode, legacy Keras 2 files and atomic writes (kerasbridge.model_files)."""

import copy
import io
import json
import os
import zipfile
from unittest import mock

import h5py
import numpy as np
import pytest

from kerasbridge.errors import ModelFileError, UnsafeModelError
from kerasbridge.model_files import (
    read_model_file,
    read_weights_file,
    write_keras_file,
    write_weights_file,
)
import kerasbridge.model_files.atomic as atomic_mod

from conftest import FIXTURES

TMP = None  # this test's own folder (see _own_folder)


@pytest.fixture(autouse=True)
def _own_folder(tmp_path):
    global TMP
    TMP = str(tmp_path)


@pytest.fixture(scope="module")
def penguins():
    """(members of penguins_mlp.keras, its config) for the tests that edit them."""
    base = keras_members(fixture("penguins_mlp.keras"))
    return base, json.loads(base["config.json"])


def expect_error(what, fn, exc=ModelFileError, must_contain=(), path=None):
    """fn() raises exc whose message holds each of must_contain and names `path` (as e.path and in the text)."""
    with pytest.raises(exc) as raised:
        fn()
    e = raised.value
    msg = str(e)
    missing = [s for s in must_contain if s not in msg]
    assert not missing, f"{what}: {type(e).__name__}: {msg[:230]}  [missing {missing}]"
    named = path is None or (getattr(e, "path", None) == str(path) and str(path) in msg)
    assert named, f"{what}: {type(e).__name__}: {msg[:230]}  [file not named]"
    return e


def fixture(name):
    return os.path.join(FIXTURES, name)


def tmp(name):
    return os.path.join(TMP, name)


def keras_members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_zip(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    return path


def with_config(members, config):
    m = dict(members)
    m["config.json"] = json.dumps(config).encode()
    return m


def edit_h5_bytes(data, fn):
    bio = io.BytesIO(data)
    with h5py.File(bio, "a") as f:
        fn(f)
    return bio.getvalue()



def test_missing_and_wrong_kinds_of_files(penguins):
    base, config = penguins
    p = tmp("nope.keras")
    expect_error("does not exist", lambda: read_model_file(p), must_contain=["does not exist"], path=p)
    expect_error("directory", lambda: read_model_file(TMP), must_contain=["directory"], path=TMP)
    p = tmp("empty.keras")
    open(p, "wb").close()
    expect_error("empty file", lambda: read_model_file(p), must_contain=["empty"], path=p)
    p = tmp("text.keras")
    open(p, "w").write("hello, not a model\n")
    expect_error("text file", lambda: read_model_file(p), must_contain=["neither"], path=p)
    p = tmp("text.h5")
    open(p, "w").write("hello")
    expect_error("text file named .h5", lambda: read_model_file(p), must_contain=["neither"], path=p)



def test_truncated_files(penguins):
    base, config = penguins
    data = open(fixture("penguins_mlp.keras"), "rb").read()
    for frac in (0.3, 0.5, 0.9, 0.999):
        p = tmp(f"trunc_{frac}.keras")
        open(p, "wb").write(data[: int(len(data) * frac)])
        expect_error(f"truncated .keras at {frac:.0%}", lambda: read_model_file(p),
                     must_contain=["truncated"], path=p)
    data = open(fixture("regression_bn_dropout.h5"), "rb").read()
    for frac in (0.1, 0.5, 0.95):
        p = tmp(f"trunc_{frac}.h5")
        open(p, "wb").write(data[: int(len(data) * frac)])
        expect_error(f"truncated .h5 at {frac:.0%}", lambda: read_model_file(p), path=p)
    p = tmp("corrupt_member.keras")
    raw = bytearray(open(fixture("penguins_mlp.keras"), "rb").read())
    i = raw.find(b'"units"')
    raw[i + 1] ^= 0x20
    open(p, "wb").write(bytes(raw))
    expect_error("corrupted config.json bytes (CRC)", lambda: read_model_file(p), must_contain=["config.json"], path=p)



def test_zip_content_problems(penguins):
    base, config = penguins
    m = dict(base)
    del m["config.json"]
    p = write_zip(tmp("noconfig.keras"), m)
    expect_error("no config.json", lambda: read_model_file(p), must_contain=["config.json"], path=p)
    m = dict(base)
    m["config.json"] = b'{"module": "keras", "class_name": "Sequential", "config": {'
    p = write_zip(tmp("badjson.keras"), m)
    expect_error("invalid JSON", lambda: read_model_file(p), must_contain=["not valid JSON", "line 1"], path=p)
    m["config.json"] = b"[1, 2, 3]"
    p = write_zip(tmp("listjson.keras"), m)
    expect_error("config.json not an object", lambda: read_model_file(p), must_contain=["JSON object"], path=p)
    m = dict(base)
    del m["model.weights.h5"]
    p = write_zip(tmp("noweights.keras"), m)
    expect_error("no model.weights.h5", lambda: read_model_file(p), must_contain=["model.weights.h5"], path=p)
    m = dict(base)
    m["model.weights.h5"] = b"garbage" * 10
    p = write_zip(tmp("badweights.keras"), m)
    expect_error("model.weights.h5 not HDF5", lambda: read_model_file(p), must_contain=["model.weights.h5"], path=p)



def test_weights_that_do_not_match_the_config(penguins):
    base, config = penguins
    c = copy.deepcopy(config)
    c["config"]["layers"][1]["config"]["units"] = 11
    p = write_zip(tmp("shape.keras"), with_config(base, c))
    expect_error("shape mismatch", lambda: read_model_file(p),
                 must_contain=["'dense'", "(4, 10)", "(4, 11)", "kernel"], path=p)
    c = copy.deepcopy(config)
    c["config"]["layers"][0]["config"]["batch_shape"] = [None, 5]
    p = write_zip(tmp("shape_in.keras"), with_config(base, c))
    expect_error("input shape mismatch", lambda: read_model_file(p), must_contain=["(4, 10)", "(5, 10)"], path=p)
    m = dict(base)
    m["model.weights.h5"] = edit_h5_bytes(base["model.weights.h5"], lambda f: f.__delitem__("layers/dense_1"))
    p = write_zip(tmp("missing_layer.keras"), m)
    expect_error("missing weights for a layer", lambda: read_model_file(p),
                 must_contain=["missing weights", "'dense_1'"], path=p)
    m["model.weights.h5"] = edit_h5_bytes(base["model.weights.h5"], lambda f: f.__delitem__("layers/dense/vars/1"))
    p = write_zip(tmp("missing_bias.keras"), m)
    expect_error("missing one variable", lambda: read_model_file(p), must_contain=["'dense'", "found 1"], path=p)
    c = copy.deepcopy(config)
    c["config"]["layers"][1]["config"]["use_bias"] = False
    p = write_zip(tmp("extra_var.keras"), with_config(base, c))
    expect_error("more weights than the config has", lambda: read_model_file(p), must_contain=["found 2"], path=p)



def test_unsupported_classes_and_versions(penguins):
    base, config = penguins
    c = copy.deepcopy(config)
    c["config"]["layers"][2]["class_name"] = "TorchModuleWrapper"  # (LSTM and ConvLSTM2D are supported now)
    p = write_zip(tmp("wrapper.keras"), with_config(base, c))
    expect_error("unknown layer class", lambda: read_model_file(p),
                 must_contain=["TorchModuleWrapper", "'dense_1'", "supported layers: InputLayer, Dense, Activation, Dropout, BatchNormalization, "
                               "Flatten, Conv2D, MaxPooling2D, GlobalAveragePooling2D"], path=p)
    c = copy.deepcopy(config)
    c["class_name"] = "MyModel"
    p = write_zip(tmp("subclassed.keras"), with_config(base, c))
    expect_error("unsupported model class", lambda: read_model_file(p),
                 must_contain=["MyModel", "Sequential", "Functional"], path=p)
    c = copy.deepcopy(config)
    c["class_name"] = "Functional"
    p = write_zip(tmp("functional.keras"), with_config(base, c))
    expect_error("Functional config without a graph", lambda: read_model_file(p), must_contain=["input_layers"], path=p)
    m = dict(base)
    m["metadata.json"] = b'{"keras_version": "4.0.0", "date_saved": "2030-01-01@00:00:00"}'
    p = write_zip(tmp("newer.keras"), m)
    expect_error("newer format (.keras)", lambda: read_model_file(p), must_contain=["4.0.0", "newer"], path=p)
    p = tmp("newer.h5")
    open(p, "wb").write(open(fixture("single_neuron.h5"), "rb").read())
    with h5py.File(p, "a") as f:
        f.attrs["keras_version"] = "4.2.0"
    expect_error("newer format (.h5)", lambda: read_model_file(p), must_contain=["4.2.0", "newer"], path=p)
    m = dict(base)
    m["metadata.json"] = b'{"keras_version": "3.99.0", "date_saved": "2030-01-01@00:00:00"}'
    p = write_zip(tmp("newer_minor.keras"), m)
    assert read_model_file(p).metadata["keras_version"] == "3.99.0", "a later 3.x file still reads"
    expect_error("weights-only .h5 as a model", lambda: read_model_file(fixture("penguins_mlp.weights.h5")),
                 must_contain=["weights"], path=fixture("penguins_mlp.weights.h5"))



def test_safe_mode(penguins):
    base, config = penguins
    lam = copy.deepcopy(config)
    lam["config"]["layers"].insert(2, {
        "module": "keras.layers", "class_name": "Lambda",
        "config": {"name": "lambda", "trainable": True, "dtype": "float32",
                   "function": {"class_name": "__lambda__", "config": {"value": "4wEAAAAAAAAAAAAAAAEAAAAC"}},
                   "arguments": {}},
        "registered_name": None})
    p = write_zip(tmp("lambda.keras"), with_config(base, lam))
    e = expect_error("Lambda layer refused", lambda: read_model_file(p), exc=UnsafeModelError,
                     must_contain=["'lambda'", "Lambda", "safe_mode=False"], path=p)
    assert isinstance(e, UnsafeModelError) and isinstance(e, ValueError), f"UnsafeModelError is a ValueError (a ModelFileError too: {isinstance(e, ModelFileError)})"
    loaded = read_model_file(p, safe_mode=False)
    assert [n for n, _ in loaded.layer_weights] == ["dense", "lambda", "dense_1"], "safe_mode=False reads the Lambda model"
    act = copy.deepcopy(config)
    act["config"]["layers"][1]["config"]["activation"] = {
        "module": "builtins", "class_name": "__lambda__", "config": {"value": "abc"}, "registered_name": None}
    p = write_zip(tmp("lambda_act.keras"), with_config(base, act))
    expect_error("__lambda__ activation refused", lambda: read_model_file(p), exc=UnsafeModelError,
                 must_contain=["'dense'", "lambda"], path=p)
    fn = copy.deepcopy(config)
    fn["config"]["layers"][1]["config"]["activation"] = {
        "module": "my_project.acts", "class_name": "function", "config": "swishy", "registered_name": "my>swishy"}
    p = write_zip(tmp("custom_fn.keras"), with_config(base, fn))
    expect_error("custom function refused", lambda: read_model_file(p), exc=UnsafeModelError,
                 must_contain=["'dense'", "my_project.acts"], path=p)
    cust = copy.deepcopy(config)
    cust["compile_config"]["loss"] = {"module": "my_losses", "class_name": "Focal", "config": {},
                                      "registered_name": "Custom>Focal"}
    p = write_zip(tmp("custom_loss.keras"), with_config(base, cust))
    expect_error("custom registered loss refused", lambda: read_model_file(p), exc=UnsafeModelError,
                 must_contain=["compile_config", "Focal"], path=p)
    tfop = copy.deepcopy(config)
    tfop["config"]["layers"][2]["class_name"] = "TFOpLambda"
    p = write_zip(tmp("tfop.keras"), with_config(base, tfop))
    expect_error("TFOpLambda refused", lambda: read_model_file(p), exc=UnsafeModelError, must_contain=["TFOpLambda"], path=p)



def test_legacy_keras2_files(penguins):
    base, config = penguins
    ref = read_model_file(fixture("penguins_mlp.keras"))
    k2 = make_keras2_h5(tmp("k2_penguins.h5"), ref, first_layer_input=False)
    got = read_model_file(k2)
    assert same(got.layer_weights, ref.layer_weights), "tf.keras 2.12-style .h5: weights"
    assert (got.config["config"]["layers"][0]["config"]["batch_shape"] == [None, 4]
          and got.config["compile_config"]["optimizer"]["class_name"] == "Adam"
          and got.config["compile_config"]["metrics"] == ["accuracy"]
          and got.config["config"]["layers"][1]["build_config"] == {"input_shape": [None, 4]}), "tf.keras 2.12-style .h5: translated config"
    assert got.optimizer_variables == [] and any("Keras 2" in n for n in got.notes), f"Keras 2 optimizer state dropped with a note ({got.notes})"
    assert same(read_weights_file(k2, ref.config), ref.layer_weights), "read_weights_file on a Keras 2 .h5"
    k22 = make_keras2_h5(tmp("k22_penguins.h5"), ref, first_layer_input=True)
    got = read_model_file(k22)
    assert (same(got.layer_weights, ref.layer_weights)
          and got.config["config"]["layers"][0]["class_name"] == "InputLayer"), "Keras 2.2-style .h5 (no InputLayer)"
    assert (got.config["compile_config"]["optimizer"]["config"]["learning_rate"] == 0.001
          and "lr" not in got.config["compile_config"]["optimizer"]["config"]), "Keras 2.2 lr -> learning_rate"
    out = tmp("k2_converted.keras")
    write_keras_file(out, got.config, got.layer_weights, got.optimizer_variables)
    assert same(read_model_file(out).layer_weights, ref.layer_weights), "Keras 2 .h5 -> .keras"
    wonly = tmp("k2_weights_only.h5")
    with h5py.File(wonly, "w") as f:
        write_keras2_weights(f, ref)
    assert same(read_weights_file(wonly, ref.config), ref.layer_weights), "Keras 2 weights-only .h5"
    expect_error("Keras 2 weights-only .h5 as a model", lambda: read_model_file(wonly),
                 must_contain=["weights-only"], path=wonly)
    lam2 = tmp("k2_lambda.h5")
    make_keras2_h5(lam2, ref, first_layer_input=False, add_lambda=True)
    expect_error("Keras 2 Lambda refused", lambda: read_model_file(lam2), exc=UnsafeModelError,
                 must_contain=["Lambda"], path=lam2)
    expect_error("read_weights_file with a mismatched config",
                 lambda: read_weights_file(fixture("digits_cnn.weights.h5"), ref.config), path=fixture("digits_cnn.weights.h5"))

    k213 = make_keras213_keras(tmp("k213.keras"), ref)
    got = read_model_file(k213)
    c0 = got.config["config"]["layers"]
    assert (same(got.layer_weights, ref.layer_weights) and c0[0]["config"]["batch_shape"] == [None, 4]
          and c0[1]["config"]["dtype"]["class_name"] == "DTypePolicy"
          and "is_legacy_optimizer" not in got.config["compile_config"]["optimizer"]["config"]), "Keras 2.13-style .keras (_layer_checkpoint_dependencies, legacy config) normalized"



def test_atomic_writes(penguins):
    base, config = penguins
    ref = read_model_file(fixture("penguins_mlp.keras"))
    target = tmp("model.keras")
    write_keras_file(target, ref.config, ref.layer_weights, ref.optimizer_variables)
    before = open(target, "rb").read()
    orig_writestr = zipfile.ZipFile.writestr

    def failing_writestr(self, *a, **k):
        raise OSError("disk full (simulated)")

    with mock.patch.object(zipfile.ZipFile, "writestr", failing_writestr):
        try:
            write_keras_file(target, ref.config, ref.layer_weights, ref.optimizer_variables)
            assert False, "simulated failure raised"
        except ModelFileError as e:  # the OSError, reported naming the file
            assert e.path == target and "could not be written" in str(e) and "unchanged" in str(e), f"write failure reported as ModelFileError: {e}"
    assert open(target, "rb").read() == before, "failure mid-way (weights member): old .keras intact"
    assert os.listdir(TMP).count("model.keras") == 1 and not any(n.endswith(".tmp") for n in os.listdir(TMP)), "no temporary file left behind"

    class Boom(BaseException):
        pass

    def interrupt_fsync(fd):
        raise Boom()

    with mock.patch.object(atomic_mod.os, "fsync", interrupt_fsync):
        try:
            write_keras_file(target, ref.config, ref.layer_weights, [])
        except Boom:
            pass
    assert open(target, "rb").read() == before and not any(n.endswith(".tmp") for n in os.listdir(TMP)), "interrupt (BaseException) during fsync: old file intact, temp removed"
    with mock.patch.object(atomic_mod.os, "replace", side_effect=OSError("rename failed")):
        try:
            write_keras_file(target, ref.config, ref.layer_weights, [])
        except ModelFileError:
            pass
    assert open(target, "rb").read() == before and not any(n.endswith(".tmp") for n in os.listdir(TMP)), "failing rename: old file intact, temp removed"
    bad = [("dense", [np.zeros((4, 9), np.float32), np.zeros(10, np.float32)]), ref.layer_weights[1]]
    try:
        write_keras_file(target, ref.config, bad, [])
        assert False, "bad weights rejected"
    except ValueError as e:
        assert "'dense'" in str(e) and "(4, 9)" in str(e) and "(4, 10)" in str(e), f"bad weights rejected: {e}"
    assert open(target, "rb").read() == before, "rejected write leaves old file intact"
    try:
        write_keras_file(target, ref.config, ref.layer_weights[:1], [])
        assert False, "missing layer rejected"
    except ValueError as e:
        assert "dense_1" in str(e), f"missing layer rejected: {e}"
    wt = tmp("w.weights.h5")
    write_weights_file(wt, ref.config, ref.layer_weights)
    wbefore = open(wt, "rb").read()
    with mock.patch.object(atomic_mod.os, "fsync", interrupt_fsync):
        try:
            write_weights_file(wt, ref.config, ref.layer_weights, ref.optimizer_variables)
        except Boom:
            pass
    assert open(wt, "rb").read() == wbefore and not any(n.endswith(".tmp") for n in os.listdir(TMP)), "weights file: interrupted write leaves old file intact"
    os.chmod(target, 0o640)
    write_keras_file(target, ref.config, ref.layer_weights, ref.optimizer_variables)
    assert os.stat(target).st_mode & 0o777 == 0o640, "replacing keeps the old file's permissions"


def same(a, b):
    return [n for n, _ in a] == [n for n, _ in b] and all(
        len(x) == len(y) and all(np.array_equal(p, q) and p.dtype == q.dtype for p, q in zip(x, y))
        for (_, x), (_, y) in zip(a, b))


# ---------------------------------------------------------------------------------------------
# hand-made files in the tf.keras 2.x legacy HDF5 layout (what save_model_to_hdf5 of tf.keras 2.12
# writes: JSON attributes as bytes, layer_names/weight_names as arrays of bytes, "<layer>/<var>:0"
# dataset names, Keras 2 optimizer variables)


def keras2_layers(ref, first_layer_input, add_lambda=False):
    layers = []
    if not first_layer_input:
        layers.append({"class_name": "InputLayer", "config": {
            "batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "ragged": False,
            "name": "dense_input"}})
    for i, (name, units, act) in enumerate([("dense", 10, "relu"), ("dense_1", 3, "softmax")]):
        cfg = {"name": name, "trainable": True}
        if first_layer_input and i == 0:
            cfg["batch_input_shape"] = [None, 4]
        cfg.update({"dtype": "float32", "units": units, "activation": act, "use_bias": True,
                    "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                    "bias_initializer": {"class_name": "Zeros", "config": {}},
                    "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                    "kernel_constraint": None, "bias_constraint": None})
        layers.append({"class_name": "Dense", "config": cfg})
        if add_lambda and i == 0:
            layers.append({"class_name": "Lambda", "config": {
                "name": "lambda", "trainable": True, "dtype": "float32",
                "function": ["4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwA=", None, None],
                "function_type": "lambda", "module": "__main__", "output_shape": None,
                "output_shape_type": "raw", "output_shape_module": None, "arguments": {}}})
    return layers


def write_keras2_weights(group, ref):
    group.attrs["layer_names"] = np.array([b"dense", b"dense_1"])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.12.0"
    for name, arrays in ref.layer_weights:
        g = group.create_group(name)
        names = [f"{name}/kernel:0".encode(), f"{name}/bias:0".encode()]
        g.attrs["weight_names"] = np.array(names)
        for n, a in zip(names, arrays):
            g.create_dataset(n.decode(), data=a)


def make_keras2_h5(path, ref, first_layer_input, add_lambda=False):
    layers = keras2_layers(ref, first_layer_input, add_lambda)
    if first_layer_input:  # Keras 2.2: plain lr, decay, name-less optimizer config
        model_config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers}}
        optimizer = {"class_name": "Adam", "config": {"lr": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                                                      "decay": 0.0, "epsilon": 1e-07, "amsgrad": False}}
        version = b"2.2.4"
    else:
        model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
        optimizer = {"class_name": "Custom>Adam", "config": {
            "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
            "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None, "jit_compile": True,
            "is_legacy_optimizer": False, "learning_rate": 0.0010000000474974513, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}}
        version = b"2.12.0"
    training_config = {
        "loss": "categorical_crossentropy",
        "metrics": [[{"class_name": "MeanMetricWrapper",
                      "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]],
        "weighted_metrics": None, "loss_weights": None, "optimizer_config": optimizer}
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = version.decode()
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        f.attrs["training_config"] = json.dumps(training_config).encode("utf8")
        write_keras2_weights(f.create_group("model_weights"), ref)
        if add_lambda:
            names = list(f["model_weights"].attrs["layer_names"])
            f["model_weights"].attrs["layer_names"] = np.array(names[:1] + [b"lambda"] + names[1:])
            f["model_weights"].create_group("lambda").attrs["weight_names"] = np.array([], dtype="S1")
        og = f.create_group("optimizer_weights")
        onames = [b"Adam/iter:0", b"Adam/m/dense/kernel:0", b"Adam/v/dense/kernel:0"]
        og.attrs["weight_names"] = np.array(onames)
        og.create_dataset("Adam/iter:0", data=np.int64(300))
        og.create_dataset("Adam/m/dense/kernel:0", data=np.zeros((4, 10), np.float32))
        og.create_dataset("Adam/v/dense/kernel:0", data=np.zeros((4, 10), np.float32))
    return path


def make_keras213_keras(path, ref):
    layers = []
    for entry in keras2_layers(ref, first_layer_input=False):
        e = {"module": "keras.layers", **entry, "registered_name": None}
        if entry["class_name"] == "Dense":
            units_in = 4 if entry["config"]["name"] == "dense" else 10
            e["build_config"] = {"input_shape": [None, units_in]}
        layers.append(e)
    config = {"module": "keras", "class_name": "Sequential",
              "config": {"name": "sequential", "trainable": True, "dtype": "float32", "layers": layers},
              "registered_name": None, "build_config": {"input_shape": [None, 4]},
              "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {
                  "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
                  "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None, "jit_compile": False,
                  "is_legacy_optimizer": False, "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                  "epsilon": 1e-07, "amsgrad": False}, "registered_name": None},
                  "loss": "categorical_crossentropy", "metrics": ["accuracy"], "loss_weights": None,
                  "weighted_metrics": None, "run_eagerly": None, "steps_per_execution": None, "jit_compile": None}}
    bio = io.BytesIO()
    with h5py.File(bio, "w") as f:
        for i, (name, arrays) in enumerate(ref.layer_weights):
            g = f.create_group(f"_layer_checkpoint_dependencies/{'dense' if i == 0 else 'dense_1'}/vars")
            for j, a in enumerate(arrays):
                g[str(j)] = a
    return write_zip(path, {"metadata.json": b'{"keras_version": "2.13.1", "date_saved": "2023-08-01@10:00:00"}',
                            "config.json": json.dumps(config).encode(), "model.weights.h5": bio.getvalue()})
