"""Alternative activations written with explicit loops over the elements (no vectorization)."""

import math

import numpy as np


def _elementwise(function, z):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    for index in np.ndindex(z.shape):
        out[index] = function(float(z[index]))
    return out


def _sigmoid(t):
    if t >= 0:
        return 1.0 / (1.0 + math.exp(-t))
    e = math.exp(t)
    return e / (1.0 + e)


def sigmoid(z):
    return _elementwise(_sigmoid, z)


def sigmoid_prime(z):
    return _elementwise(lambda t: _sigmoid(t) * (1.0 - _sigmoid(t)), z)


def tanh(z):
    return _elementwise(math.tanh, z)


def tanh_prime(z):
    return _elementwise(lambda t: 1.0 - math.tanh(t) ** 2, z)


def relu(z):
    return _elementwise(lambda t: t if t > 0 else 0.0, z)


def relu_prime(z):
    return _elementwise(lambda t: 1.0 if t > 0 else 0.0, z)


def leaky_relu(z, alpha=0.01):
    return _elementwise(lambda t: t if t > 0 else alpha * t, z)


def leaky_relu_prime(z, alpha=0.01):
    return _elementwise(lambda t: 1.0 if t > 0 else alpha, z)


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    moved = np.moveaxis(z, axis, -1)
    out = np.empty_like(moved)
    for index in np.ndindex(moved.shape[:-1]):
        row = moved[index]
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        total = sum(exps)
        out[index] = [e / total for e in exps]
    return np.moveaxis(out, -1, axis)
