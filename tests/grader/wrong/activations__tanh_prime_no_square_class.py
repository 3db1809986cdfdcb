"""An activation object whose derivative forgets the square: 1 - tanh(z)."""

MISTAKES = ("tanh-prime-no-square",)

import numpy as np


class _Tanh:
    def value(self, z):
        return np.tanh(np.asarray(z, dtype=np.float64))

    def derivative(self, z):
        return 1.0 - self.value(z)


def tanh_prime(z):
    return _Tanh().derivative(z)
