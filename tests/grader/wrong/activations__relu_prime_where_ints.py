"""np.where(z > 0, 1, 0): the right values, as integers."""

MISTAKES = ("result-not-float",)

import numpy as np


def relu_prime(z):
    return np.where(np.asarray(z) > 0, 1, 0)
