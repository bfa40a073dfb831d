"""Process environment the embedded interpreter needs, set before anything imports keras, torch or h5py.

Both settings are read once, when their library starts (keras/src/backend/torch/core.py reads
KERAS_TORCH_DEVICE; HDF5 reads HDF5_USE_FILE_LOCKING when h5py first loads it), so C# calls prepare()
right after the interpreter starts.
"""
import os

# HDF5 opens files without O_CLOEXEC and locks them with flock(). A .NET host that starts any child process
# (Process.Start does not close inherited descriptors) while a .keras/.h5 file is open hands the child that
# descriptor, and the child then holds the lock for its whole life: every later save of that file in the host
# fails with "unable to lock file, errno = 11". A user's own setting of the variable is kept.
_HDF5_LOCKING = "HDF5_USE_FILE_LOCKING"


def prepare(torch_device=None):
    """Sets KERAS_TORCH_DEVICE (when given) and turns HDF5's file locks off unless the user chose otherwise."""
    if torch_device is not None:
        os.environ["KERAS_TORCH_DEVICE"] = torch_device
    os.environ.setdefault(_HDF5_LOCKING, "FALSE")
