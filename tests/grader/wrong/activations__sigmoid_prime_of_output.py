"""The derivative written for the sigmoid's output a, a * (1 - a), but fed the pre-activation z."""

MISTAKES = ("sigmoid-prime-takes-activation",)

import numpy as np


def sigmoid_prime(z):
    a = np.array(z, dtype=np.float64)
    return a - a * a
