"""int(n * fraction) validation rows where the contract rounds: one row short at n * f = 2.7."""

MISTAKES = ("split-size-truncated",)

import numpy as np


def train_validation_split(X, y, validation_fraction=0.2, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    X, y = np.asarray(X), np.asarray(y)
    n_val = int(len(X) * validation_fraction)
    order = rng.permutation(len(X))
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]
