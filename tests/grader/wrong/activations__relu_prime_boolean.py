"""The derivative returned as the comparison itself: a boolean array, not float64."""

MISTAKES = ("result-not-float",)

import numpy as np


def relu_prime(z):
    return np.asarray(z) > 0
