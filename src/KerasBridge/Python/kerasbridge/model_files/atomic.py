"""Atomic file replacement: write a temporary file next to the target, fsync it, os.replace it.

On any failure (including KeyboardInterrupt) the temporary file is removed and the previous file,
if any, is left untouched.
"""

from __future__ import annotations

import os
import stat
import tempfile
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


@contextmanager
def atomic_writer(path: str) -> Iterator[BinaryIO]:
    """Context manager giving a binary file object; on a clean exit its content replaces `path`.

    The directory must exist. The new file keeps the permissions of the file it replaces (or gets
    0o666 minus the umask when there was none).
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        try:
            if os.path.exists(path):
                mode = stat.S_IMODE(os.stat(path).st_mode)
            else:
                mode = _default_mode()
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(directory)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """Like atomic_writer, for writers that need a file name (h5py): yields the path of an empty
    temporary file in the target's directory; on a clean exit it is fsynced and replaces `path`."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            if os.path.exists(path):
                mode = stat.S_IMODE(os.stat(path).st_mode)
            else:
                mode = _default_mode()
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(directory)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_bytes_atomic(path: str, data: bytes) -> None:
    with atomic_writer(path) as f:
        f.write(data)
