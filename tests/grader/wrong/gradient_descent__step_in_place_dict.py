"""The update written with -= on the caller's arrays, as many training loops do."""

MISTAKES = ("step-in-place",)

import numpy as np


def gradient_step(params, grads, learning_rate):
    if isinstance(params, dict):
        for key in params:
            params[key] -= learning_rate * np.asarray(grads[key], dtype=np.float64)
        return params
    if np.ndim(params) == 0:
        return float(params - learning_rate * grads)
    params -= learning_rate * np.asarray(grads, dtype=np.float64)
    return params
