"""Squared errors added up in a loop, never divided by their number."""

MISTAKES = ("mse-sum-not-mean",)

import numpy as np


def mse(y_true, y_pred):
    total = 0.0
    for t, p in zip(np.ravel(y_true).tolist(), np.ravel(y_pred).tolist(), strict=False):
        total += (p - t) ** 2
    return total
