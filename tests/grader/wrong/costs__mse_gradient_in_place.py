"""The residual computed by overwriting y_pred (np.asarray makes no copy of a float64 array)."""

MISTAKES = ("changes-its-input",)

import numpy as np


def mse_gradient(y_true, y_pred):
    grad = np.asarray(y_pred, dtype=np.float64)
    grad -= np.asarray(y_true, dtype=np.float64)
    grad *= 2.0 / grad.size
    return grad
