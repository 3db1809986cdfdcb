"""The gradient of the mean cost summed over the points instead of averaged."""

MISTAKES = ("line-gradient-sum",)

import numpy as np


def line_gradient(w, x, z):
    x = np.asarray(x, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    return float(np.sum(2 * x * (w * x - z)))
