"""The forms in which graded tests pass a setting the way numpy code does.

A count, size or axis that a program read from an array is an ``np.int64`` or a 0-d integer
array, not a Python ``int``; a rate, fraction or tolerance an ``np.float64`` or a 0-d float
array. Graded tests parametrize over these forms (each with its name, for the test's id) next to
the Python numbers of the contract's examples.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

COUNT_FORMS: dict[str, Callable[[int], object]] = {
    "a numpy int64": np.int64,
    "a 0-d integer array": lambda v: np.array(v, dtype=np.int64),
}
REAL_FORMS: dict[str, Callable[[float], object]] = {
    "a numpy float64": np.float64,
    "a 0-d float array": lambda v: np.array(v, dtype=np.float64),
}
# (count form, real form) pairs, for a test that passes both kinds of setting in one call.
SETTING_FORMS = list(zip(COUNT_FORMS, REAL_FORMS, strict=True))
