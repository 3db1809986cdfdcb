"""The cache (which holds Z) read as if it held the activation A = sigmoid(Z)."""

MISTAKES = ("sigmoid-backward-cache-as-output",)

import numpy as np


def sigmoid_backward(dA, cache):
    a = np.asarray(cache, dtype=np.float64)
    return np.multiply(dA, a * (1.0 - a))
