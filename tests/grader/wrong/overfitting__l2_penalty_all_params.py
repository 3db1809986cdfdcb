"""Every parameter array penalised, biases included."""

MISTAKES = ("l2-penalty-includes-biases",)

import functools

import numpy as np


def l2_penalty(params, lam):
    squares = (np.sum(np.square(np.asarray(v, dtype=float))) for v in params.values())
    return float(lam / 2 * functools.reduce(lambda s, t: s + t, squares, 0.0))
