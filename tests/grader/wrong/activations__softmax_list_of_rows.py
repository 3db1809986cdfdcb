"""A list comprehension over the rows, each exponentiated as is, and no axis argument."""

MISTAKES = ("softmax-no-axis-argument", "softmax-no-max-shift")

import numpy as np


def softmax(z):
    return np.array([np.exp(row) / np.sum(np.exp(row)) for row in np.asarray(z, dtype=float)])
