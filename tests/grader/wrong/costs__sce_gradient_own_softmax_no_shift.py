"""Its own softmax without the max shift (nan at logits of 1000), the rest right."""

MISTAKES = ("sce-gradient-overflow",)

import numpy as np


def softmax_cross_entropy_gradient(labels, logits):
    e = np.exp(np.asarray(logits, dtype=np.float64))
    probs = e / e.sum(axis=1, keepdims=True)
    probs[np.arange(len(probs)), np.asarray(labels)] -= 1.0
    return probs / len(probs)
