"""The mean taken over the wrong dimension: the summed log-losses divided by the number of classes."""

MISTAKES = ()

import numpy as np


def cross_entropy(labels, probs, eps=1e-12):
    probs = np.clip(np.asarray(probs, dtype=np.float64), eps, 1.0)
    picked = probs[np.arange(len(probs)), np.asarray(labels)]
    return float(-np.sum(np.log(picked)) / probs.shape[1])
