"""probs - onehot by subtracting 1 at the true classes of a copy, never divided by n."""

MISTAKES = ("sce-gradient-no-mean",)

import numpy as np


def softmax_cross_entropy_gradient(labels, logits):
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    grad = e / e.sum(axis=1, keepdims=True)
    grad[np.arange(len(grad)), np.asarray(labels)] -= 1.0
    return grad
