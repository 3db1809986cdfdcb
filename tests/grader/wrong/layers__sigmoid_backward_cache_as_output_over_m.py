"""The cache (Z) read as the activation, and the batch mean of the cost carried into the node:
dA Z (1 - Z) / m."""

MISTAKES = ("sigmoid-backward-cache-as-output",)

import numpy as np


def sigmoid_backward(dA, cache):
    dA = np.asarray(dA, dtype=np.float64)
    s = np.asarray(cache, dtype=np.float64)
    return dA * s * (1.0 - s) / dA.shape[0]
