"""Collection rules for ``python -m pytest`` from the repository root (tests and doctests).

The README's quick start installs only ``.[test]``, without PyTorch: docstring examples that need
it are skipped then (like the tests marked ``torch``), and modules that import it at import time
are not collected. CI installs the ``torch`` extra and runs them all.
"""

import importlib.util

import pytest

HAS_TORCH = importlib.util.find_spec("torch") is not None

collect_ignore = [] if HAS_TORCH else ["src/computelimits/architectures/_nets.py"]


def pytest_collection_modifyitems(config, items):
    if HAS_TORCH:
        return
    skip = pytest.mark.skip(reason="needs PyTorch: pip install 'computelimits[torch]'")
    for item in items:
        test = getattr(item, "dtest", None)  # a doctest
        if test is not None and any("torch" in ex.source or "count_flops" in ex.source
                                    or "architectures" in ex.source for ex in test.examples):
            item.add_marker(skip)
