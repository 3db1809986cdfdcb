"""Loops over the examples that average the bias gradient instead of summing it."""

MISTAKES = ("linear-backward-db-mean",)

import numpy as np


def linear_backward(dZ, cache):
    X, W, _ = (np.asarray(a, dtype=np.float64) for a in cache)
    dZ = np.asarray(dZ, dtype=np.float64)
    dX = np.zeros_like(X)
    dW = np.zeros_like(W)
    db = np.zeros(W.shape[1])
    for i in range(X.shape[0]):
        dX[i] = W @ dZ[i]
        dW += np.outer(X[i], dZ[i])
        db += dZ[i]
    return dX, dW, db / X.shape[0]
