"""Hostile conditions around model files (Python side; the C# side is tests/KerasBridge.Tests/ModelFiles/HardFileTests):
a full disk during a save, a file rewritten in place while it loads, 250-character file names, and a small
archive whose config.json unpacks to a gigabyte. The first two run in child processes: before the fixes they
crashed (segfault) or hung the interpreter."""

import os
import random
import shutil
import struct
import subprocess
import sys
import textwrap
import time
import zipfile

import numpy as np
import pytest

from conftest import PACKAGE_ROOT, fixture_path, keras_available
from kerasbridge.errors import ModelFileError
from kerasbridge.model_files import read_model_file, read_weights_file, write_keras_file, write_weights_file
from kerasbridge.model_files import atomic

BIG_CONFIG = {"module": "keras", "class_name": "Sequential", "config": {"name": "big", "layers": [
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 500], "dtype": "float32", "name": "input"}},
    {"module": "keras.layers", "class_name": "Dense", "config": {"name": "wide", "units": 2000, "activation": "linear", "use_bias": True}},
    {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 1, "activation": "linear", "use_bias": True}}]}}


def _run_child(code, *args, timeout=120):
    env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


FULL_DISK_CHILD = """
    import json, os, sys
    import numpy as np
    from kerasbridge.errors import ModelFileError
    from kerasbridge.model_files import read_model_file, write_keras_file, write_weights_file
    folder, engine, config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    weights = [("wide", [np.ones((500, 2000), np.float32), np.ones(2000, np.float32)]),
               ("out", [np.ones((2000, 1), np.float32), np.ones(1, np.float32)])]
    if engine == "keras":
        from kerasbridge.keras_engine import KerasEngine
        keras_engine = KerasEngine()
        model = keras_engine.model_from_config(config)
        save_weights = lambda path: model.save_weights(path)
        save = lambda path: model.save(path)
    else:
        save_weights = lambda path: write_weights_file(path, config, weights)
        save = lambda path: write_keras_file(path, config, weights)
    for name, function in (("big.weights.h5", save_weights), ("big.keras", save)):
        try:
            function(os.path.join(folder, name))
            print("saved", name)
        except ModelFileError as e:
            print("save failed:", e)
    for name in sys.argv[4:]:
        if engine == "keras":
            keras_engine.load_model(name).predict(np.ones((1, 4), np.float32))
        else:
            read_model_file(name)
        print("loaded", name)
    print("leftovers:", sorted(os.listdir(folder)))
"""


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_saving_onto_a_full_disk_fails_cleanly_and_hdf5_keeps_working(tmp_path, engine):
    if engine == "keras" and not keras_available():
        pytest.skip("Keras is not installed")
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to mount a small tmpfs in a private mount namespace")
    import json

    good = [fixture_path("penguins_mlp.h5"), fixture_path("penguins_mlp.keras")]
    env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT)

    # A 1 MiB tmpfs mounted in the child's own mount namespace: it vanishes with the child.
    folder = str(tmp_path / "full")
    os.mkdir(folder)
    script = 'mount -t tmpfs -o size=1m tmpfs "$2" || exit 90; exec "$0" -c "$1" "${@:2}"'
    result = subprocess.run(["unshare", "--mount", "--propagation", "private", "bash", "-c", script, sys.executable,
                             textwrap.dedent(FULL_DISK_CHILD), folder, engine, json.dumps(BIG_CONFIG), *good],
                            capture_output=True, text=True, timeout=180, env=env)
    if result.returncode == 90:
        pytest.skip("mounting a tmpfs failed: " + result.stderr)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr[-3000:]}"
    lines = result.stdout.splitlines()
    for name in ("big.weights.h5", "big.keras"):
        assert any(l.startswith("save failed: ") and name in l
                   and "could not be written: No space left on device ([Errno 28]); the previous file, if any, is unchanged" in l
                   for l in lines), result.stdout
    for name in good:
        assert f"loaded {name}" in lines
    assert "leftovers: []" in lines  # no temporary file left on the full disk


REWRITER = """
    import os, random, sys
    target, first, second = sys.argv[1], sys.argv[2], sys.argv[3]
    good = [open(first, "rb").read(), open(second, "rb").read()]
    rnd = random.Random(1)
    while True:
        choice = rnd.randrange(10)
        with open(target, "r+b") as f:
            if choice < 8:  # one good file or the other, so that a load may see a mix of both
                f.seek(0); f.write(good[choice % 2]); f.truncate()
            elif choice == 8:
                f.truncate(rnd.randrange(len(good[0])))
            else:
                f.seek(0); f.write(os.urandom(rnd.randrange(1, 4096)))
"""

LOADER = """
    import json, sys
    from kerasbridge.errors import ModelFileError
    from kerasbridge.model_files import check_model_file, read_model_file, read_weights_file
    target, count, config = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    loaded = refused = 0
    for i in range(count):
        try:
            if target.endswith(".weights.h5"):
                read_weights_file(target, config)
            elif i % 2:
                read_model_file(target)
            else:
                check_model_file(target)
            loaded += 1
        except ModelFileError:
            refused += 1
    print("loaded", loaded, "refused", refused)
"""


@pytest.mark.parametrize("extension", [".h5", ".keras", ".weights.h5"])
def test_a_file_rewritten_in_place_while_it_loads_gives_a_model_or_a_model_file_error(tmp_path, extension):
    """Another process keeps rewriting the file in place: two good models, truncations, garbage at the start.
    (Not random bytes in the middle of an HDF5 file: HDF5 1.10 itself can crash on such a file even when it does not
    change, in H5HG_read of a variable-length attribute; see docs/model-files.md.)"""
    source = fixture_path("regression_bn_dropout" + extension)
    target = str(tmp_path / ("rewritten" + extension))
    shutil.copyfile(source, target)
    config = read_model_file(fixture_path("regression_bn_dropout.keras")).config
    import json

    other = fixture_path("penguins_mlp" + extension)
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(REWRITER), target, source, other])
    try:
        started = time.monotonic()
        result = _run_child(LOADER, target, "800" if extension == ".keras" else "40", json.dumps(config), timeout=120)
        elapsed = time.monotonic() - started
    finally:
        writer.kill()
        writer.wait()
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr[-3000:]}"
    assert result.stdout.startswith("loaded "), result.stdout
    assert elapsed < 120


def _damaged_h5():
    """regression_bn_dropout.h5 with 64 random bytes written into its global heap (found by a search
    with this seed): HDF5 1.10 itself segfaults reading its model_config attribute, changing or not."""
    data = open(fixture_path("regression_bn_dropout.h5"), "rb").read()
    rnd = random.Random(2)
    for i in range(179):
        damaged = bytearray(data)
        kind = rnd.randrange(3)
        if kind == 0:
            damaged = damaged[:rnd.randrange(len(damaged))]
        else:
            at = rnd.randrange(len(damaged))
            damaged[at:at + 64] = bytes(rnd.randrange(256) for _ in range(64))
    return bytes(damaged)


def test_a_file_that_crashes_hdf5_is_refused_without_crashing_this_process(tmp_path):
    path = str(tmp_path / "damaged.h5")
    open(path, "wb").write(_damaged_h5())
    # Plain h5py reading every attribute and dataset, in a child process: the crash is real.
    from kerasbridge.model_files import hdf5_probe

    crash = subprocess.run([sys.executable, "-c", hdf5_probe._PROBE], input=_damaged_h5(), capture_output=True,
                           timeout=60)
    if crash.returncode >= 0:
        pytest.skip(f"this HDF5 does not crash on the damaged file (exit {crash.returncode})")
    with pytest.raises(ModelFileError) as e:
        read_model_file(path)
    assert str(e.value) == (f"{path}: is a damaged HDF5 file: reading it crashed HDF5 (SIGSEGV, in a separate "
                            "process); it is truncated or corrupt")


def test_a_snapshot_is_parsed_not_the_live_file(tmp_path, monkeypatch):
    """The readers take the file's bytes once: h5py and zipfile never get the path."""
    import h5py

    opened = []
    real_file = h5py.File

    def spy(name, *args, **kwargs):
        opened.append(name)
        return real_file(name, *args, **kwargs)

    monkeypatch.setattr(h5py, "File", spy)
    read_model_file(fixture_path("penguins_mlp.h5"))
    read_model_file(fixture_path("penguins_mlp.keras"))
    assert opened and all(not isinstance(name, (str, bytes, os.PathLike)) for name in opened)


@pytest.mark.parametrize("length", [236, 250, 255])
def test_file_names_up_to_255_characters_save_and_load(tmp_path, length):
    loaded = read_model_file(fixture_path("penguins_mlp.keras"))
    keras_path = str(tmp_path / ("k" * (length - len(".keras")) + ".keras"))
    weights_path = str(tmp_path / ("w" * (length - len(".weights.h5")) + ".weights.h5"))
    for _ in range(2):
        write_keras_file(keras_path, loaded.config, loaded.layer_weights, loaded.optimizer_variables)
        write_weights_file(weights_path, loaded.config, loaded.layer_weights)
    assert sorted(os.listdir(tmp_path)) == sorted([os.path.basename(keras_path), os.path.basename(weights_path)])
    again = read_model_file(keras_path)
    assert all(np.array_equal(a, b) for a, b in zip(again.flat_weights(), loaded.flat_weights()))
    weights = read_weights_file(weights_path, loaded.config)
    assert all(np.array_equal(a, b) for (_, xs), (_, ys) in zip(weights, loaded.layer_weights) for a, b in zip(xs, ys))


def test_long_names_get_a_short_unique_temporary_prefix_and_stale_temporaries_are_still_removed(tmp_path):
    directory = str(tmp_path)
    long_a, long_b = "a" * 240 + "1.keras", "a" * 240 + "2.keras"
    prefix_a = atomic._temporary_prefix(directory, long_a)
    assert prefix_a != atomic._temporary_prefix(directory, long_b)
    assert len(os.fsencode(prefix_a)) + 8 + len(".tmp") <= 255
    assert atomic._temporary_prefix(directory, "model.keras") == ".model.keras."
    # Non-ASCII names are cut on whole characters (the limit is in bytes).
    prefix_u = atomic._temporary_prefix(directory, "é" * 126 + ".keras")
    assert len(os.fsencode(prefix_u)) + 8 + len(".tmp") <= 255
    stale = os.path.join(directory, prefix_a + "killed01.tmp")
    fresh = os.path.join(directory, prefix_a + "inprogr1.tmp")
    other = os.path.join(directory, atomic._temporary_prefix(directory, long_b) + "killed02.tmp")
    for path in (stale, fresh, other):
        open(path, "w").write("partial")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    loaded = read_model_file(fixture_path("single_neuron.keras"))
    write_keras_file(os.path.join(directory, long_a), loaded.config, loaded.layer_weights)
    assert not os.path.exists(stale)
    assert os.path.exists(fresh)  # may belong to a save in progress
    assert os.path.exists(other)  # belongs to another file


def _spaces_zip(path, declared_size):
    """A .keras whose config.json is `declared_size` spaces, deflated (1 GiB -> about 1 MB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", '{"keras_version": "3.15.1"}')
        with zf.open("config.json", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(declared_size >> 20):
                member.write(chunk)


def test_a_config_json_over_64_mib_is_refused_before_it_is_read(tmp_path):
    import resource

    path = str(tmp_path / "bomb.keras")
    _spaces_zip(path, 1 << 30)
    assert os.path.getsize(path) < 8 << 20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from kerasbridge.model_files import check_model_file

    for read in (read_model_file, check_model_file):
        with pytest.raises(ModelFileError) as e:
            read(path)
        assert str(e.value) == (f"{path}: archive member config.json is too large for a Keras config: it declares "
                                "1073741824 bytes; JSON members over 64 MiB (67108864 bytes) are refused")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KiB


def test_a_config_json_whose_header_understates_its_size_is_still_bounded(tmp_path):
    """The declared sizes say 100 bytes; the bounded read stops long before 65 MiB either way."""
    path = str(tmp_path / "lying.keras")
    _spaces_zip(path, 65 << 20)
    data = bytearray(open(path, "rb").read())
    # Rewrite config.json's uncompressed size in its central-directory entry (the last one) to 100.
    cd = data.rfind(b"PK\x01\x02")
    name_len = struct.unpack_from("<H", data, cd + 28)[0]
    assert data[cd + 46:cd + 46 + name_len] == b"config.json"
    struct.pack_into("<I", data, cd + 24, 100)
    open(path, "wb").write(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("config.json").file_size == 100
    with pytest.raises(ModelFileError) as e:
        read_model_file(path)
    assert str(e.value).startswith(f"{path}: archive member config.json ")
