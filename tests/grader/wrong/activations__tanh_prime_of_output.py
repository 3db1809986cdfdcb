"""1 - a**2 is tanh's derivative in terms of its output; here it is applied to z itself."""

MISTAKES = ("tanh-prime-takes-activation",)

import numpy as np


def tanh_prime(z):
    return 1 - np.square(np.asarray(z, dtype=np.float64))
