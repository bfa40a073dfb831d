"""Atomic file replacement: write a temporary file next to the target, fsync it, os.replace it.

On any failure (including KeyboardInterrupt) the temporary file is removed and the previous file,
if any, is left untouched.
"""

from __future__ import annotations

import glob
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


def _remove_stale_temporaries(directory: str, base: str) -> None:
    """Removes .BASE.*.tmp* files that a process killed mid-save left beside the target."""
    now = time.time()
    for leftover in glob.glob(os.path.join(glob.escape(directory), f".{glob.escape(base)}.*.tmp*")):
        try:
            if now - os.stat(leftover).st_mtime > _STALE_AFTER_SECONDS:
                os.unlink(leftover)
        except OSError:
            pass


def _new_temporary(path: str, suffix: str = ".tmp") -> tuple[int, str, str]:
    """(fd, temporary path, directory) for a new temporary file beside `path`."""
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    _remove_stale_temporaries(directory, base)
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=suffix, dir=directory)
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


@contextmanager
def atomic_path(path: str, suffix: str = ".tmp") -> Iterator[str]:
    """Like atomic_writer, for writers that need a file name (h5py, Keras's save): yields the path of an
    empty temporary file in the target's directory, ending in `suffix` (which must start with ".tmp";
    Keras insists on ".keras" / ".weights.h5" endings); on a clean exit it is fsynced and replaces `path`."""
    path = os.fspath(path)
    fd, tmp, directory = _new_temporary(path, suffix)
    os.close(fd)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _commit(tmp, path, directory)
        tmp = None
    finally:
        _discard(tmp)


def write_bytes_atomic(path: str, data: bytes) -> None:
    with atomic_writer(path) as f:
        f.write(data)
