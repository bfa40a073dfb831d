"""Reads a snapshot of an HDF5 file once in a separate interpreter before this process does.

HDF5 1.10 (Debian 12's) trusts the sizes inside a file: some damaged files make it crash (a memcpy in
H5HG_read, reading a variable-length attribute such as a legacy .h5's model_config) or spin forever.
Parsing a snapshot instead of the live file (common.read_snapshot) already turns a file that changes
while it loads into a fixed one, but a fixed damaged file can still do this. So every whole-file HDF5
snapshot (legacy .h5, .weights.h5) is first opened in a child interpreter that reads every attribute
and dataset: if that child dies from a signal or runs out of time, the file is refused with a
ModelFileError and this process never gives the bytes to HDF5. If it survives, the same bytes are
safe here, since HDF5 reads them the same way. (.keras members need no probe: zip CRCs catch damage.)

Cost: one interpreter start and `import h5py` per snapshot, about 0.3 s (a check followed by a read of
the same snapshot, as the Keras engine does, probes once).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from ..errors import ModelFileError

_PROBE = r"""
import io, sys
import h5py
try:
    f = h5py.File(io.BytesIO(sys.stdin.buffer.read()), "r")
except Exception:
    sys.exit(0)  # an error, not a crash: the caller reports it itself

def visit(name, obj):
    for key in list(obj.attrs.keys()):
        try:
            obj.attrs[key]
        except Exception:
            pass
    if isinstance(obj, h5py.Dataset):
        try:
            if obj.size * obj.dtype.itemsize < (1 << 31):
                obj[()]
        except Exception:
            pass

try:
    visit("/", f)
    f.visititems(visit)
except Exception:
    pass
sys.exit(0)
"""

#: Seconds the child may take: a base plus time to read the data at a slow 20 MB/s.
_BASE_SECONDS = 60

#: The last snapshot that passed (the object itself: a check and a read of one snapshot probe once).
_last_passed: bytes | None = None


def _interpreter() -> str | None:
    exe = sys.executable
    if exe and os.path.basename(exe).startswith("python") and os.access(exe, os.X_OK):
        return exe
    return None


def check_hdf5_readable(path: str, data: bytes) -> None:
    """Raises ModelFileError when reading `data` (a whole HDF5 file) crashes or hangs HDF5 in a child
    interpreter. Does nothing when no interpreter can be started (the bytes are then read unprobed)."""
    global _last_passed
    if data is _last_passed:
        return
    exe = _interpreter()
    if exe is None:
        return
    limit = _BASE_SECONDS + len(data) / 20e6
    try:
        result = subprocess.run([exe, "-c", _PROBE], input=data, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, timeout=limit)
    except subprocess.TimeoutExpired:
        raise ModelFileError(path, f"is a damaged HDF5 file: reading it made HDF5 spin (no result after "
                                   f"{limit:.0f} s, in a separate process); it is truncated or corrupt") from None
    except OSError:
        return
    if result.returncode < 0:
        try:
            name = signal.Signals(-result.returncode).name
        except ValueError:
            name = f"signal {-result.returncode}"
        raise ModelFileError(path, f"is a damaged HDF5 file: reading it crashed HDF5 ({name}, in a separate "
                                   "process); it is truncated or corrupt")
    _last_passed = data
