"""|a - b| / (|a| + |b|) without a floor: 0/0 = nan when both gradients are zero."""

MISTAKES = ("relerr-no-floor",)

import numpy as np


def relative_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))
