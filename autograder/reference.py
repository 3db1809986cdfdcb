"""The reference solutions as trusted functions of the grading process.

In an instructor's repository the graded function F runs with the reference versions of every
other contract function it reaches (see ``sandbox/trusted.py``), and a test's calls of other
functions than the one it grades are answered by the reference, so that F's points depend on F
alone. Students' copies have no ``solutions/``: there everything is their own.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from .contract import EXERCISES, GIVEN, TOPICS


def load_reference(folder: Path) -> dict[str, Callable]:
    """Every contract function of the reference package in ``folder``, by ``"topic.name"``."""
    folder = folder.resolve()
    package = "_bplab_reference_" + hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"{folder} is not a Python package")
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    functions = {}
    for topic in TOPICS:
        module = importlib.import_module(f"{package}.{topic}")
        for name in (*EXERCISES[topic], *GIVEN.get(topic, ())):
            functions[f"{topic}.{name}"] = getattr(module, name)
    return functions
