"""The local derivative of relu returned on its own, the upstream gradient never multiplied in."""

MISTAKES = ("relu-backward-no-upstream",)

import numpy as np


def relu_backward(dA, cache):
    return np.where(np.asarray(cache) > 0, 1.0, 0.0)
