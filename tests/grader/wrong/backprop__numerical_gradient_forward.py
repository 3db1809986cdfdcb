"""A one-sided difference (f(x + h) - f(x)) / h, written with a list of unit vectors."""

MISTAKES = ("numgrad-forward-difference",)

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    fx = f(x)
    grad = np.empty(x.size)
    for i in range(x.size):
        step = np.zeros(x.size)
        step[i] = h
        grad[i] = (f(x + step.reshape(x.shape)) - fx) / h
    return grad.reshape(x.shape)
