"""a * (1 - a) at z, written element by element with math-style loops over a flattened copy."""

MISTAKES = ("sigmoid-prime-takes-activation",)

import numpy as np


def sigmoid_prime(z):
    flat = np.array(z, dtype=float).reshape(-1)
    out = np.empty_like(flat)
    for i, v in enumerate(flat):
        out[i] = v * (1 - v)
    return out.reshape(np.shape(z))
