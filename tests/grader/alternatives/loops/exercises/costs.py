"""Alternative costs written with loops over the examples."""

import math

import numpy as np

from .activations import softmax


def _flat_pairs(a, b):
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    return list(zip(a.tolist(), b.tolist(), strict=True))


def mse(y_true, y_pred):
    pairs = _flat_pairs(y_true, y_pred)
    return sum((p - t) ** 2 for t, p in pairs) / len(pairs)


def mse_gradient(y_true, y_pred):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    grad = np.zeros(y_pred.shape)
    for index in np.ndindex(y_pred.shape):
        grad[index] = 2.0 * (y_pred[index] - y_true[index]) / y_pred.size
    return grad


def half_squared_error(target, output):
    return 0.5 * sum((t - o) ** 2 for t, o in _flat_pairs(target, output))


def half_squared_error_gradient(target, output):
    output = np.asarray(output, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    grad = np.zeros(output.shape)
    for index in np.ndindex(output.shape):
        grad[index] = output[index] - target[index]
    return grad


def quadratic_cost(Y, A):
    Y = np.asarray(Y, dtype=np.float64)
    A = np.asarray(A, dtype=np.float64)
    if Y.ndim == 1:
        Y, A = Y[None, :], A[None, :]
    total = 0.0
    for y_row, a_row in zip(Y, A, strict=True):
        total += sum((a - y) ** 2 for y, a in zip(y_row, a_row, strict=True))
    return total / len(Y)


def binary_cross_entropy(y_true, p, eps=1e-12):
    total, pairs = 0.0, _flat_pairs(y_true, p)
    for y, q in pairs:
        q = min(max(q, eps), 1.0 - eps)
        total -= y * math.log(q) + (1.0 - y) * math.log(1.0 - q)
    return total / len(pairs)


def cross_entropy(labels, probs, eps=1e-12):
    probs = np.asarray(probs, dtype=np.float64)
    total = 0.0
    for i, label in enumerate(np.asarray(labels).tolist()):
        total -= math.log(max(probs[i, label], eps))
    return total / len(probs)


def softmax_cross_entropy_gradient(labels, logits):
    labels = np.asarray(labels)
    grad = softmax(logits, axis=1)
    for i, label in enumerate(labels.tolist()):
        grad[i, label] -= 1.0
    return grad / len(labels)
