"""Stops when the error stops changing much, not when it is below the tolerance."""

MISTAKES = ("chain-train-stops-early",)

import numpy as np


def chain_train(x, target, params, learning_rate=0.4, max_epochs=1000, tolerance=0.001):
    params = dict(params)
    errors = []
    for _ in range(max_epochs):
        errors.append(half_squared_error(target, chain_forward(x, params)["a2"]))
        if len(errors) > 1 and abs(errors[-2] - errors[-1]) < tolerance:
            break
        params = chain_train_step(x, target, params, learning_rate)
    return params, np.array(errors)
