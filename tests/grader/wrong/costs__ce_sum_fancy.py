"""The negative log-probabilities of the true classes summed instead of averaged."""

MISTAKES = ("ce-sum-not-mean",)

import numpy as np


def cross_entropy(labels, probs, eps=1e-12):
    probs = np.asarray(probs, dtype=np.float64)
    rows = np.arange(probs.shape[0])
    return float(-np.sum(np.log(np.clip(probs[rows, np.asarray(labels)], eps, None))))
