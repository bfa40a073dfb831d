"""numpy 2 and Python 3.12 compatibility of the bridge's Python package, held here (numpy 1.24, Python 3.11) by the
same checks tools/gpu_check runs on the device machine (numpy 2, Python 3.12): tools/gpu_check/compat_checks.py.

- The source uses none of the names numpy 2 removed (np.float_, np.NaN, np.product, np.in1d, np.row_stack,
  ndarray.newbyteorder, numpy.core, ...), no np.array(..., copy=False) (numpy 2 raises where a copy is needed), and
  none of the modules Python 3.12 removed (distutils, imp, asyncore, ...) or calls it deprecates (datetime.utcnow).
- The scan finds each of those when they are there (so it cannot pass by finding nothing).
- Every module imports without a DeprecationWarning or FutureWarning raised from the package.
- The behaviour numpy 2 changes where the package meets it, on both engines: float32 features reach the engine
  without a copy, read-only arrays predict without a warning, History/evaluate values are plain Python floats (numpy
  2 keeps numpy scalars and prints them as np.float32(...)), per-sample losses are float32.
"""

import os
import sys
import textwrap

import numpy as np
import pytest

from conftest import PACKAGE_ROOT, REPO, keras_available
from kerasbridge import bridge

sys.path.insert(0, os.path.join(REPO, "tools", "gpu_check"))
import compat_checks  # noqa: E402

ENGINES = ["torch", pytest.param("keras", marks=pytest.mark.skipif(not keras_available(), reason="Keras does not import"))]


def test_the_package_uses_nothing_numpy_2_or_python_3_12_removed():
    assert compat_checks.scan_source(PACKAGE_ROOT) == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "kerasbridge" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(textwrap.dedent("""\
        import numpy as numeric
        import distutils.version
        from imp import reload
        from numpy.core import multiarray
        import datetime
        a = numeric.float_(1) + numeric.NaN + numeric.product([1]) + numeric.in1d([1], [1]).sum()
        b = numeric.array([1], copy=False).newbyteorder()
        c = numeric.row_stack([a, a]).ptp()
        d = datetime.datetime.utcnow()
        """))
    found = "\n".join(compat_checks.scan_source(str(tmp_path)))
    for what in ("numpy.float_", "numpy.NaN", "numpy.product", "numpy.in1d", "numpy.row_stack", ".newbyteorder",
                 ".ptp", "import distutils.version", "import imp", "numpy.core", "copy=False", "utcnow"):
        assert what in found, (what, found)
    assert len(found.splitlines()) == 12


def test_every_module_imports_without_the_package_s_own_deprecation_warnings():
    results = compat_checks.import_all_modules(PACKAGE_ROOT)
    assert len(results) > 50
    assert {k: v for k, v in results.items() if v.startswith("error")} == {}


@pytest.mark.parametrize("engine_name", ENGINES)
def test_numpy_2_sensitive_behaviour(engine_name):
    results = compat_checks.behaviour_probes(bridge.get_engine(engine_name))
    assert len(results) == 5
    assert [r for r in results if not r[1]] == []


def test_numpy_copy_semantics_the_package_relies_on():
    """np.asarray / astype(copy=False) never copy a float32 C-contiguous array (numpy 1 and 2 alike), while
    np.array(copy=False) is the one whose meaning changed: numpy 2 raises instead of copying."""
    x = np.ones((3, 2), dtype=np.float32)
    assert np.shares_memory(np.asarray(x, dtype=np.float32), x)
    assert np.shares_memory(x.astype(np.float32, copy=False), x)
    assert not np.shares_memory(x.astype(np.float64, copy=False), x)
    if int(np.__version__.split(".")[0]) >= 2:
        with pytest.raises(ValueError):
            np.array(x, dtype=np.float64, copy=False)
    else:
        assert not np.shares_memory(np.array(x, dtype=np.float64, copy=False), x)
