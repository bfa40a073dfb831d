"""Atomic file replacement: write a temporary file next to the target, fsync it, os.replace it.

On any failure (including KeyboardInterrupt) the temporary file is removed and the previous file,
if any, is left untouched. The temporary file is `.NAME.<random>.tmp`; when NAME is too long for that
to fit the file system's name limit (255 bytes), `.<start of NAME>~<hash of NAME>.<random>.tmp`.
Only bytes are written here (write_bytes_atomic / atomic_writer): HDF5 must never write to a real
file (see writing.py).
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
import tempfile
import time
from contextlib import contextmanager
from typing import BinaryIO, Iterator


def _default_mode() -> int:
    """0o666 minus the process umask (read without changing it where possible)."""
    try:
        with open("/proc/self/status", "r", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    return 0o644


def _fsync_dir(directory: str) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# A temporary file this old is left over from a process killed mid-save; no save takes this long.
_STALE_AFTER_SECONDS = 3600


_RANDOM_CHARS = 8  # what tempfile.mkstemp puts between prefix and suffix
_SUFFIX = ".tmp"


def _name_max(directory: str) -> int:
    try:
        return int(os.pathconf(directory, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


def _temporary_prefix(directory: str, base: str) -> str:
    """".BASE." when the temporary name fits the file system's limit; otherwise the start of BASE
    (whole characters) and 8 hex digits of a hash of BASE, so that each long name still has its own
    prefix (used to find the temporaries a killed save left)."""
    room = _name_max(directory) - len(".") - len(".") - _RANDOM_CHARS - len(_SUFFIX)
    encoded = os.fsencode(base)
    if len(encoded) <= room:
        return f".{base}."
    digest = hashlib.sha256(encoded).hexdigest()[:8]
    head = encoded[:room - len(digest) - 1].decode("utf-8", "ignore")  # no half characters
    return f".{head}~{digest}."


def _remove_stale_temporaries(directory: str, prefix: str) -> None:
    """Removes PREFIX*.tmp* files that a process killed mid-save left beside the target (older
    versions' Keras-engine temporaries ended in .tmp.keras / .tmp.weights.h5)."""
    now = time.time()
    for leftover in glob.glob(os.path.join(glob.escape(directory), f"{glob.escape(prefix)}*{_SUFFIX}*")):
        try:
            if now - os.stat(leftover).st_mtime > _STALE_AFTER_SECONDS:
                os.unlink(leftover)
        except OSError:
            pass


def _new_temporary(path: str) -> tuple[int, str, str]:
    """(fd, temporary path, directory) for a new temporary file beside `path`."""
    directory = os.path.dirname(os.path.abspath(path))
    prefix = _temporary_prefix(directory, os.path.basename(path))
    _remove_stale_temporaries(directory, prefix)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=_SUFFIX, dir=directory)
    return fd, tmp, directory


def _commit(tmp: str, path: str, directory: str) -> None:
    """Gives the fsynced temporary file the target's permissions and renames it over the target."""
    try:
        if os.path.exists(path):
            mode = stat.S_IMODE(os.stat(path).st_mode)
        else:
            mode = _default_mode()
        os.chmod(tmp, mode)
    except OSError:
        pass
    os.replace(tmp, path)
    _fsync_dir(directory)


def _discard(tmp: str | None) -> None:
    if tmp is not None:
        try:
            os.unlink(tmp)
        except OSError:
            pass


@contextmanager
def atomic_writer(path: str) -> Iterator[BinaryIO]:
    """Context manager giving a binary file object; on a clean exit its content replaces `path`.

    The directory must exist. The new file keeps the permissions of the file it replaces (or gets
    0o666 minus the umask when there was none).
    """
    path = os.fspath(path)
    fd, tmp, directory = _new_temporary(path)
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        _commit(tmp, path, directory)
        tmp = None
    finally:
        _discard(tmp)


def write_bytes_atomic(path: str, data: bytes) -> None:
    with atomic_writer(path) as f:
        f.write(data)
