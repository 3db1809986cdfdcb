"""relu by zeroing the negative entries of the caller's array."""

MISTAKES = ("relu-in-place",)

import numpy as np


def relu(z):
    z = np.asarray(z, dtype=np.float64)
    np.putmask(z, z < 0, 0.0)
    return z
