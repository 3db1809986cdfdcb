"""Powers 1..degree as columns, the constant column of ones forgotten."""

MISTAKES = ("poly-missing-constant",)

import numpy as np


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=np.float64)
    return np.column_stack([x**p for p in range(1, degree + 1)]) if degree else np.ones((len(x), 0))
