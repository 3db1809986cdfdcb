"""d/dW of lam/2 ||W||^2 taken as 2 lam W."""

MISTAKES = ("l2-gradient-doubled",)

import numpy as np


def l2_gradient(params, lam):
    return {
        k: (2 * lam * np.asarray(v, dtype=float) if k.startswith("W") else np.zeros(np.shape(v)))
        for k, v in params.items()
    }
