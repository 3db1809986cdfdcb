"""Plain dropout: the kept activations are not divided by keep_prob."""

MISTAKES = ("dropout-no-scale",)

import numpy as np


def dropout_forward(A, keep_prob, rng):
    if not 0.0 < keep_prob <= 1.0:
        raise ValueError("keep_prob must be in (0, 1]")
    A = np.asarray(A, dtype=np.float64)
    mask = rng.random(A.shape) < keep_prob
    return np.where(mask, A, 0.0), (mask, keep_prob)
