"""A loop over the rows that forgets the max shift: nan for scores of 1000."""

MISTAKES = ("softmax-no-max-shift",)

import numpy as np


def softmax(z, axis=-1):
    z = np.moveaxis(np.array(z, dtype=np.float64), axis, -1)
    out = np.empty_like(z)
    for index in np.ndindex(z.shape[:-1]):
        e = np.exp(z[index])
        out[index] = e / e.sum()
    return np.moveaxis(out, -1, axis)
