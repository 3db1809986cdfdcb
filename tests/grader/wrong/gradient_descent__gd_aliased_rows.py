"""x updated with -= and the same array appended every step: every row is the last point."""

MISTAKES = ("gd-aliased-rows",)

import numpy as np


def gradient_descent(grad_fn, x0, learning_rate, n_steps):
    x = np.atleast_1d(np.array(x0, dtype=np.float64))
    path = [x]
    for _ in range(n_steps):
        x -= learning_rate * np.asarray(grad_fn(x), dtype=np.float64)
        path.append(x)
    return np.vstack(path)
