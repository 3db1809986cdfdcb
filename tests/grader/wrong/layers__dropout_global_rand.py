"""Inverted dropout with a mask from np.random.rand: right in law, not reproducible from rng."""

MISTAKES = ("ignores-rng",)

import numpy as np


def dropout_forward(A, keep_prob, rng):
    if not 0.0 < keep_prob <= 1.0:
        raise ValueError("keep_prob must be in (0, 1]")
    A = np.asarray(A, dtype=np.float64)
    mask = np.random.rand(*A.shape) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
