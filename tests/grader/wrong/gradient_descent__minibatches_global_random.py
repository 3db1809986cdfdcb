"""The course-notebook habit: np.random.permutation from the global state, rng never used."""

MISTAKES = ("ignores-rng",)

import numpy as np


def minibatches(n, batch_size, rng):
    order = np.random.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]
