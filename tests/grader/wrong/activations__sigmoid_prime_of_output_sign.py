"""a (a - 1) for the sigmoid's derivative: written for its output a, fed z, and with the factors
of a (1 - a) turned round, which flips the sign."""

MISTAKES = ("sigmoid-prime-takes-activation",)

import numpy as np


def sigmoid_prime(z):
    a = np.asarray(z, dtype=np.float64)
    return a * (a - 1.0)
