"""A "stable" sigmoid with np.where: both branches are evaluated, so one of them still overflows."""

MISTAKES = ("sigmoid-overflow-warning",)

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    positive = 1.0 / (1.0 + np.exp(-z))
    negative = np.exp(z) / (1.0 + np.exp(z))
    return np.where(z >= 0, positive, negative)
