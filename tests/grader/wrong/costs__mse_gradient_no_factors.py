"""The gradient taken as the plain residual: both the 2 and the 1/N left out."""

MISTAKES = ("result-scaled",)

import numpy as np


def mse_gradient(y_true, y_pred):
    return np.subtract(y_pred, y_true, dtype=np.float64)
