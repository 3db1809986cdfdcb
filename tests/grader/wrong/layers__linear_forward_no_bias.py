"""X @ W without the bias, the cache still complete."""

MISTAKES = ("linear-forward-no-bias",)

import numpy as np


def linear_forward(X, W, b):
    X, W, b = (np.asarray(a, dtype=np.float64) for a in (X, W, b))
    return np.einsum("nd,dk->nk", X, W), (X, W, b)
