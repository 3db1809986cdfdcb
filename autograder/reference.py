"""The reference solutions as trusted functions of the grading process.

In an instructor's repository the graded function F runs with the reference versions of every
other contract function it reaches (see ``sandbox/trusted.py``), and a test's calls of other
functions than the one it grades are answered by the reference, so that F's points depend on F
alone. Students' copies have no ``solutions/``: there everything is their own.
"""

from __future__ import annotations

import graphlib
import hashlib
import heapq
import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from .contract import EXERCISES, GIVEN, TOPICS
from .sandbox.reach import reached


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


def callees_first(functions: dict[str, Callable]) -> dict[str, int]:
    """Each function's place in an order that puts every contract function it reaches (through
    its code, its topic modules or its own helpers) before it, and is the order of ``functions``
    (the contract's, whose later functions' tests use earlier ones) wherever that allows."""
    position = {key: place for place, key in enumerate(functions)}
    graph = graphlib.TopologicalSorter()
    for key, function in functions.items():
        package = function.__module__.split(".")[0]
        graph.add(key, *(reached(function, package) & set(functions) - {key}))
    graph.prepare()
    ready: list[tuple[int, str]] = []
    order: dict[str, int] = {}
    while graph.is_active():
        for key in graph.get_ready():
            heapq.heappush(ready, (position[key], key))
        _, key = heapq.heappop(ready)
        order[key] = len(order)
        graph.done(key)
    return order
