"""The textbook sigmoid: right in value, but exp(-z) overflows (a RuntimeWarning) at z = -1000."""

MISTAKES = ("sigmoid-overflow-warning",)

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
