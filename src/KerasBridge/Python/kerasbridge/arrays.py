"""One-copy array transfer between .NET arrays (pinned, passed by address) and numpy.

Only raw addresses cross the boundary; numpy's copyto does the copying in C, handles any strides
(non-contiguous results) and never asks pythonnet for buffer formats (which can abort the process).
"""
import ctypes

import numpy as np

SUPPORTED = {"float32": "float32", "float64": "float64", "int32": "int32", "int64": "int64"}


def _view(address, nbytes, dtype, shape):
    raw = (ctypes.c_char * nbytes).from_address(address)
    return np.frombuffer(raw, dtype=dtype).reshape(shape)


def view_float32(address, shape):
    """A writable float32 numpy view (no copy) of pinned .NET memory; valid while the memory stays pinned."""
    shape = tuple(int(s) for s in shape)
    count = 1
    for s in shape:
        count *= s
    return _view(address, 4 * count, np.float32, shape)


def from_address(address, nbytes, dtype, shape):
    """A new numpy array holding a copy of the .NET memory at address."""
    shape = tuple(int(s) for s in shape)
    if nbytes == 0:
        return np.zeros(shape, dtype=dtype)
    return _view(address, nbytes, dtype, shape).copy()


def describe(array):
    """(dtype name, shape) of a numpy array or anything numpy can turn into one."""
    array = np.asarray(array)
    return array.dtype.name, tuple(int(s) for s in array.shape)


def copy_to_address(array, address, nbytes, dtype, shape):
    """Copies array (any strides; same-kind casting) into the pinned .NET memory at address."""
    if nbytes == 0:
        return
    np.copyto(_view(address, nbytes, dtype, tuple(shape)), np.asarray(array), casting="same_kind")


def copy_from_address(destination, address, nbytes, dtype, shape):
    """Copies the .NET memory at address into an existing numpy array of the same shape (same-kind casting)."""
    shape = tuple(int(s) for s in shape)
    if not isinstance(destination, np.ndarray):
        raise TypeError(f"expected a numpy array; got {type(destination).__name__}")
    if destination.shape != shape:
        raise ValueError(f"expected a numpy array of shape {shape}; got shape {destination.shape}")
    if not destination.flags.writeable:
        raise ValueError("the numpy array is read-only")
    if nbytes == 0:
        return
    np.copyto(destination, _view(address, nbytes, dtype, shape), casting="same_kind")


def copy_if_fits(array, address, nbytes, dtype, shape):
    """copy_to_address when the array has exactly this shape and casts to dtype (same kind); else False."""
    array = np.asarray(array)
    if array.shape != tuple(shape) or not np.can_cast(array.dtype, dtype, casting="same_kind"):
        return False
    copy_to_address(array, address, nbytes, dtype, shape)
    return True


def from_strings(values, shape):
    """A numpy array of dtype object holding Python str, from .NET strings in row-major order: the form Keras's data
    adapters turn into TensorFlow strings (keras/src/trainers/data_adapters/array_slicing.py, "object" arrays of str)
    and the PyTorch engine's StringLookup reads (torch_engine/string_inputs.py)."""
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array.reshape(tuple(int(s) for s in shape))
