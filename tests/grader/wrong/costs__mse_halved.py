"""The 1/2 of the half squared error carried over into the mean squared error."""

MISTAKES = ("mse-extra-half",)

import numpy as np


def mse(y_true, y_pred):
    return 0.5 * float(np.mean(np.square(np.subtract(y_true, y_pred, dtype=float))))
