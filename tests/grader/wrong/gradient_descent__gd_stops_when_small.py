"""A loop that breaks once the gradient is small, so the trajectory can be shorter than asked."""

MISTAKES = ("gd-stops-early",)

import numpy as np


def gradient_descent(grad_fn, x0, learning_rate, n_steps):
    x = np.atleast_1d(np.asarray(x0, dtype=np.float64))
    points = [x]
    for _ in range(n_steps):
        g = np.asarray(grad_fn(x), dtype=np.float64)
        if np.linalg.norm(g) < 1.0:
            break
        x = x - learning_rate * g
        points.append(x)
    return np.array(points)
