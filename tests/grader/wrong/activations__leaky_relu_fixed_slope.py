"""The slope 0.01 written into the formula, so the alpha argument is never read."""

MISTAKES = ("leaky-relu-ignores-alpha",)

import numpy as np


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.01 * z)
