"""dW computed as dZ^T X, the transpose of the right shape's matrix."""

MISTAKES = ("linear-backward-dw-transposed",)

import numpy as np


def linear_backward(dZ, cache):
    X, W, _ = cache
    dZ = np.asarray(dZ, dtype=np.float64)
    return dZ @ np.transpose(W), (dZ.T @ X).T.T, dZ.sum(axis=0)
