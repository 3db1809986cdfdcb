"""The classic loop: grad = np.zeros_like(x) and x nudged in place; at an integer point both
the nudges and the result are truncated to integers (and the caller's array is used as scratch)."""

MISTAKES = ("integer-input-truncated",)

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
        it.iternext()
    return grad
