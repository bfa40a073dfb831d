"""kerasbridge.host_environment: what the C# runtime sets before keras, torch or h5py load."""
import os
import subprocess
import sys

from kerasbridge import host_environment


def test_prepare_sets_the_torch_device_and_turns_hdf5_locks_off(monkeypatch):
    monkeypatch.delenv("KERAS_TORCH_DEVICE", raising=False)
    monkeypatch.delenv("HDF5_USE_FILE_LOCKING", raising=False)
    host_environment.prepare("cpu")
    assert os.environ["KERAS_TORCH_DEVICE"] == "cpu"
    assert os.environ["HDF5_USE_FILE_LOCKING"] == "FALSE"


def test_prepare_keeps_the_users_own_choices(monkeypatch):
    monkeypatch.setenv("KERAS_TORCH_DEVICE", "cuda")
    monkeypatch.setenv("HDF5_USE_FILE_LOCKING", "BEST_EFFORT")
    host_environment.prepare(None)
    assert os.environ["KERAS_TORCH_DEVICE"] == "cuda"
    assert os.environ["HDF5_USE_FILE_LOCKING"] == "BEST_EFFORT"


_INHERITED_LOCK = """
import subprocess, sys
sys.path.insert(0, {package!r})
if {prepare}:
    from kerasbridge import host_environment
    host_environment.prepare(None)
import h5py
f = h5py.File({path!r}, "w")
child = subprocess.Popen(["sleep", "30"], close_fds=False)  # as .NET's Process.Start: descriptors inherited
f.close()
try:
    h5py.File({path!r}, "w").close()
    print("written")
finally:
    child.kill()
"""


def _write_after_a_child_inherited(tmp_path, prepare):
    package = os.path.dirname(os.path.dirname(host_environment.__file__))
    code = _INHERITED_LOCK.format(package=package, prepare=prepare, path=str(tmp_path / "held.h5"))
    env = {k: v for k, v in os.environ.items() if k != "HDF5_USE_FILE_LOCKING"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)


def test_a_file_a_child_process_inherited_is_written_again_once_prepared(tmp_path):
    unprepared = _write_after_a_child_inherited(tmp_path, prepare=False)
    assert "unable to lock file" in unprepared.stderr  # the failure the setting prevents, shown to exist
    prepared = _write_after_a_child_inherited(tmp_path, prepare=True)
    assert prepared.returncode == 0, prepared.stderr
    assert prepared.stdout.strip() == "written"
