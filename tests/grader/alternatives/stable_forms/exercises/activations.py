"""Alternative activations: other stable formulas, tanh from the sigmoid, softmax on a view."""

import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def sigmoid_prime(z):
    z = np.asarray(z, dtype=np.float64)
    return sigmoid(z) * sigmoid(-z)


def tanh(z):
    return 2.0 * sigmoid(2.0 * np.asarray(z, dtype=np.float64)) - 1.0


def tanh_prime(z):
    return 4.0 * sigmoid_prime(2.0 * np.asarray(z, dtype=np.float64))


def relu(z):
    z = np.asarray(z, dtype=np.float64)
    return z * (z > 0)


def relu_prime(z):
    return np.heaviside(np.asarray(z, dtype=np.float64), 0.0)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, alpha * z)


def leaky_relu_prime(z, alpha=0.01):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, 1.0, float(alpha))


def softmax(z, axis=-1):
    # Work on a transposed view with the class axis first, then transpose back.
    view = np.moveaxis(np.asarray(z, dtype=np.float64), axis, 0)
    shifted = view - view.max(axis=0)
    log_norm = np.log(np.exp(shifted).sum(axis=0))
    return np.moveaxis(np.exp(shifted - log_norm), 0, axis)
