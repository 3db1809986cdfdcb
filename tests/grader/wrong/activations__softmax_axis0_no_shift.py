"""exp(z) / sum(exp(z), axis=0): no max shift and the columns normalised (two mistakes)."""

MISTAKES = ("softmax-no-max-shift", "softmax-wrong-axis")

import numpy as np


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(z) / np.sum(np.exp(z), axis=0)
