"""The derivative computed by overwriting the caller's array: z[z <= 0] = 0; z[z > 0] = 1."""

MISTAKES = ("changes-its-input",)

import numpy as np


def relu_prime(z):
    z = np.asarray(z, dtype=np.float64)
    z[z <= 0] = 0.0
    z[z > 0] = 1.0
    return z
