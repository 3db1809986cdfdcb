"""The softmax probabilities returned, not the predicted classes."""

MISTAKES = ()

import numpy as np


def predict(params, X):
    logits, _ = mlp_forward(params, X, activation="relu")
    return softmax(np.asarray(logits), axis=1)
