"""2 (y_pred - y_true) written with an einsum identity, the 1/N forgotten."""

MISTAKES = ("mse-gradient-no-mean",)

import numpy as np


def mse_gradient(y_true, y_pred):
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return 2.0 * np.einsum("...->...", diff)
