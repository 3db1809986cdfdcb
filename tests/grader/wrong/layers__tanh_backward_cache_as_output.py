"""The cache (Z) read as the activation: dA (1 - Z^2)."""

MISTAKES = ("tanh-backward-cache-as-output",)

import numpy as np


def tanh_backward(dA, cache):
    return np.asarray(dA, dtype=np.float64) * (1.0 - np.asarray(cache, dtype=np.float64) ** 2)
