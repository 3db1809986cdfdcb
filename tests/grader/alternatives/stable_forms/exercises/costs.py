"""Alternative costs: every scalar returned as a numpy float64, other formulas."""

import numpy as np

from .activations import softmax


def mse(y_true, y_pred):
    return np.mean(np.square(np.subtract(y_pred, y_true, dtype=np.float64)))


def mse_gradient(y_true, y_pred):
    diff = np.subtract(y_pred, y_true, dtype=np.float64)
    return diff * (2.0 / diff.size)


def half_squared_error(target, output):
    diff = np.ravel(np.subtract(target, output, dtype=np.float64))
    return np.float64(0.5) * np.dot(diff, diff)


def half_squared_error_gradient(target, output):
    return -np.subtract(target, output, dtype=np.float64)


def quadratic_cost(Y, A):
    diff = np.subtract(A, Y, dtype=np.float64)
    if diff.ndim == 1:
        return np.dot(diff, diff)
    return np.einsum("ij,ij->", diff, diff) / diff.shape[0]


def binary_cross_entropy(y_true, p, eps=1e-12):
    y = np.asarray(y_true, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p))


def cross_entropy(labels, probs, eps=1e-12):
    labels = np.asarray(labels)
    picked = np.take_along_axis(np.asarray(probs, dtype=np.float64), labels[:, None], axis=1)
    return -np.log(np.clip(picked, eps, None)).mean()


def softmax_cross_entropy_gradient(labels, logits):
    labels = np.asarray(labels)
    grad = softmax(np.asarray(logits, dtype=np.float64), axis=1)
    grad[np.arange(len(labels)), labels] -= 1.0
    return grad / len(labels)
