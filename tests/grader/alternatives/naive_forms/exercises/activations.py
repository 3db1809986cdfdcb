"""Alternative activations: the textbook formulas, which warn about overflow at |z| = 1000."""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s - s**2


def tanh(z):
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_prime(z):
    return 1.0 / np.cosh(np.asarray(z, dtype=np.float64)) ** 2


def relu(z):
    return np.clip(np.asarray(z, dtype=np.float64), 0.0, None)


def relu_prime(z):
    return np.greater(z, 0).astype(np.float64)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, z, alpha * z)


def leaky_relu_prime(z, alpha=0.01):
    return np.where(np.asarray(z) > 0, 1.0, alpha).astype(np.float64)


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
