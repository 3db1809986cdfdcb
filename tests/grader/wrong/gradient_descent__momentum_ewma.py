"""The exponentially averaged velocity beta v + (1 - beta) g of other courses, not the contract's sum."""

MISTAKES = ("momentum-averaged-velocity",)

import numpy as np


def momentum_step(params, grads, velocity, learning_rate, beta=0.9):
    if isinstance(params, dict):
        velocity = {k: None for k in params} if velocity is None else velocity
        new = {
            k: momentum_step(params[k], grads[k], velocity[k], learning_rate, beta) for k in params
        }
        return {k: v[0] for k, v in new.items()}, {k: v[1] for k, v in new.items()}
    v = 0.0 if velocity is None else np.asarray(velocity, dtype=np.float64)
    v = beta * v + (1 - beta) * np.asarray(grads, dtype=np.float64)
    p = np.asarray(params, dtype=np.float64) - learning_rate * v
    return (float(p), float(v)) if np.ndim(p) == 0 else (p, v)
