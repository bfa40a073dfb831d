"""Shared paths and fixtures for the Python-side tests (run: python-env/.venv/bin/python -m pytest tests/python -q).

The package under test is the one shipped in the assembly (src/KerasBridge/Python); the fixture files are the
repository's own Keras 3.15.1 files (tests/KerasBridge.Tests/fixtures/).
"""

import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGE_ROOT = os.path.join(REPO, "src", "KerasBridge", "Python")
FIXTURES_ROOT = os.path.join(REPO, "tests", "KerasBridge.Tests", "fixtures")
FIXTURES = os.path.join(FIXTURES_ROOT, "keras-3.15.1")
TRAINING_FIXTURES = os.path.join(FIXTURES, "training")
PENGUINS_CSV = os.path.join(FIXTURES_ROOT, "penguins.csv")

if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)


def fixture_path(name):
    """A file of the Keras 3.15.1 fixtures, e.g. fixture_path("penguins_mlp.keras")."""
    return os.path.join(FIXTURES, name)


@pytest.fixture
def fixture():
    return fixture_path


@pytest.fixture
def tmp(tmp_path):
    """tmp("name") -> a path (str) in this test's own temporary folder."""
    return lambda name: str(tmp_path / name)


def keras_available():
    try:
        import keras  # noqa: F401
    except Exception:
        return False
    return True
