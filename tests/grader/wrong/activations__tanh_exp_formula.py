"""tanh from its exponential definition: inf / inf = nan at |z| = 1000."""

MISTAKES = ("tanh-overflow-nan",)

import numpy as np


def tanh(z):
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
