"""Cross-entropy with math.log per example and eps never used: log(0) raises at p = 0 or 1."""

MISTAKES = ("bce-no-clip",)

import math

import numpy as np


def binary_cross_entropy(y_true, p, eps=1e-12):
    ys = np.ravel(y_true).astype(float)
    ps = np.ravel(p).astype(float)
    total = 0.0
    for y, q in zip(ys, ps, strict=False):
        total -= y * math.log(q) + (1 - y) * math.log(1 - q)
    return total / len(ys)
