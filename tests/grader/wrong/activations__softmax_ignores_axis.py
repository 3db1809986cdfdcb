"""A row-wise softmax that accepts axis but always works on the last one."""

MISTAKES = ("softmax-ignores-axis",)

import numpy as np


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
