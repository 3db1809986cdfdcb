"""2 (target - output): the sign flipped and the 2 of the square kept (two mistakes at once)."""

MISTAKES = ("result-scaled",)

import numpy as np


def half_squared_error_gradient(target, output):
    return 2.0 * (np.asarray(target, dtype=np.float64) - np.asarray(output, dtype=np.float64))
