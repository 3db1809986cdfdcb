"""A pytest plugin for ``test_input_kinds.py``: which kinds of input each graded test gives the
function it grades.

Loaded with ``-p record_inputs`` in a run of the graded suite; every call a graded test makes of
the function it grades is recorded as ``(exercise, argument, kind)`` and written, when the run
ends, as JSON to the file ``$RECORD_INPUTS`` names.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path

import numpy as np
import pytest

from autograder.core import calling
from autograder.reference import load_reference

PYTHON_SCALAR = "a Python scalar"
NUMPY_SCALAR = "a numpy scalar"
ZERO_D = "a 0-d array"
INTEGER_ARRAY = "an integer array"
# Settings: a count (int) or a real number (float) in a numpy form, told apart by dtype.
NUMPY_INTEGER = "a numpy integer"
NUMPY_FLOAT = "a numpy float"
ZERO_D_INTEGER = "a 0-d integer array"
ZERO_D_FLOAT = "a 0-d float array"
KINDS = (
    PYTHON_SCALAR,
    NUMPY_SCALAR,
    ZERO_D,
    INTEGER_ARRAY,
    NUMPY_INTEGER,
    NUMPY_FLOAT,
    ZERO_D_INTEGER,
    ZERO_D_FLOAT,
)


def kinds_of(value: object) -> set[str]:
    """The kinds of input in ``value``, looking into dicts, lists and tuples; never a bool's."""
    if isinstance(value, (bool, np.bool_)):
        return set()
    if isinstance(value, np.number):  # before float: np.float64 is a float too
        return {NUMPY_SCALAR, *_by_dtype(value.dtype, NUMPY_INTEGER, NUMPY_FLOAT)}
    if isinstance(value, (int, float)):
        return {PYTHON_SCALAR}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":  # bool, complex, object, strings
            return set()
        if value.ndim == 0:
            return {ZERO_D, *_by_dtype(value.dtype, ZERO_D_INTEGER, ZERO_D_FLOAT)}
        return {INTEGER_ARRAY} if value.dtype.kind in "iu" else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return set().union(*(kinds_of(v) for v in value))
    return set()


def _by_dtype(dtype: np.dtype, integer: str, real: str) -> set[str]:
    return {integer} if dtype.kind in "iu" else {real} if dtype.kind == "f" else set()


def pytest_configure(config: pytest.Config) -> None:
    seen: set[tuple[str, str, str]] = set()
    original = calling.Course.call
    reference = load_reference(config.rootpath / "solutions")

    def call(self, topic: str, name: str, args: tuple, kwargs: dict, *rest: object) -> object:
        exercise = f"{topic}.{name}"
        test = getattr(self.caller, "test", None)  # the graded test of a sandboxed call
        if test is not None and test.exercise == exercise:
            bound = inspect.signature(reference[exercise]).bind(*args, **kwargs)
            for argument, value in bound.arguments.items():
                seen.update((exercise, argument, kind) for kind in kinds_of(value))
        return original(self, topic, name, args, kwargs, *rest)

    calling.Course.call = call  # type: ignore[method-assign]
    config.stash[SEEN] = seen


def pytest_unconfigure(config: pytest.Config) -> None:
    Path(os.environ["RECORD_INPUTS"]).write_text(json.dumps(sorted(config.stash[SEEN])))


SEEN = pytest.StashKey[set]()
