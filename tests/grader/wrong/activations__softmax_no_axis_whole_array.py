"""The most common softmax in public code: max shift over the whole array, no axis argument."""

MISTAKES = ("softmax-no-axis-argument", "softmax-sums-whole-array")

import numpy as np


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()
