"""np.heaviside with 1 at zero: the derivative taken as 1 where z = 0."""

MISTAKES = ("relu-prime-one-at-zero",)

import numpy as np


def relu_prime(z):
    return np.heaviside(np.asarray(z, dtype=np.float64), 1.0)
