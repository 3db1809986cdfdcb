"""Alternative costs: norms and explicit clipping, Python floats."""

import numpy as np

from .activations import softmax


def mse(y_true, y_pred):
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return float(np.linalg.norm(diff.ravel()) ** 2 / diff.size)


def mse_gradient(y_true, y_pred):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return (y_pred + y_pred - 2.0 * np.asarray(y_true, dtype=np.float64)) / y_pred.size


def half_squared_error(target, output):
    return float(np.sum(np.square(np.asarray(target) - np.asarray(output))) / 2)


def half_squared_error_gradient(target, output):
    return np.asarray(output, dtype=np.float64) - target


def quadratic_cost(Y, A):
    diff = np.asarray(A, dtype=np.float64) - np.asarray(Y, dtype=np.float64)
    if diff.ndim == 1:
        diff = diff.reshape(1, -1)
    return float(np.sum(diff**2) / diff.shape[0])


def binary_cross_entropy(y_true, p, eps=1e-12):
    y = np.asarray(y_true, dtype=np.float64)
    p = np.minimum(np.maximum(np.asarray(p, dtype=np.float64), eps), 1.0 - eps)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)) / y.size)


def cross_entropy(labels, probs, eps=1e-12):
    labels = np.asarray(labels)
    picked = np.asarray(probs, dtype=np.float64)[range(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, eps, 1.0))))


def softmax_cross_entropy_gradient(labels, logits):
    logits = np.asarray(logits, dtype=np.float64)
    onehot = np.zeros_like(logits)
    onehot[np.arange(logits.shape[0]), labels] = 1.0
    return (softmax(logits, axis=1) - onehot) / logits.shape[0]
