"""The upstream gradient rescaled but passed through the dropped units too."""

MISTAKES = ("dropout-backward-ignores-mask",)

import numpy as np


def dropout_backward(dout, cache):
    _, keep_prob = cache
    return np.asarray(dout, dtype=np.float64) / keep_prob
