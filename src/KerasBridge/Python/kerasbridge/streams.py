"""Routes Python's stdout/stderr through .NET writers and prepares a fast interpreter exit."""
import faulthandler
import gc
import io
import sys


class DotNetWriter(io.TextIOBase):
    """A text stream whose write() calls a .NET delegate (works in hosts without a console)."""

    def __init__(self, write, name):
        self._write = write
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if text:
            self._write(str(text))
        return len(text)

    def flush(self):
        pass


def install(write_stdout, write_stderr):
    # A crash inside native code (torch, numpy) then prints every Python thread's stack to the real
    # stderr before the process dies, instead of a bare "exit code 139".
    try:
        if sys.__stderr__ is not None and sys.__stderr__.fileno() >= 0:
            faulthandler.enable(file=sys.__stderr__, all_threads=True)
    except (OSError, ValueError, AttributeError):
        pass
    sys.stdout = DotNetWriter(write_stdout, "<stdout>")
    sys.stderr = DotNetWriter(write_stderr, "<stderr>")


def prepare_exit():
    """Collect once, then freeze every survivor so finalization does not walk them again (~10 s -> ~0.2 s)."""
    try:
        sys.stdout = sys.__stdout__ or io.StringIO()
        sys.stderr = sys.__stderr__ or io.StringIO()
    except Exception:
        pass
    gc.collect()
    gc.freeze()
