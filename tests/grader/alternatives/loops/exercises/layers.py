"""Alternative layers: explicit loops over examples, units and elements."""

import math

import numpy as np

from .activations import relu, sigmoid, tanh


def linear_forward(X, W, b):
    X, W, b = (np.array(v, dtype=np.float64) for v in (X, W, b))
    n, d = X.shape
    Z = np.zeros((n, W.shape[1]))
    for i in range(n):
        for j in range(W.shape[1]):
            Z[i, j] = b[j] + sum(X[i, k] * W[k, j] for k in range(d))
    return Z, (X, W, b)


def linear_backward(dZ, cache):
    X, W, _ = cache
    dZ = np.asarray(dZ, dtype=np.float64)
    n, d = X.shape
    h = W.shape[1]
    dX, dW, db = np.zeros((n, d)), np.zeros((d, h)), np.zeros(h)
    for i in range(n):
        for j in range(h):
            db[j] += dZ[i, j]
            for k in range(d):
                dX[i, k] += dZ[i, j] * W[k, j]
                dW[k, j] += X[i, k] * dZ[i, j]
    return dX, dW, db


def _elementwise(f, Z):
    Z = np.asarray(Z, dtype=np.float64)
    out = np.empty_like(Z)
    for index in np.ndindex(Z.shape):
        out[index] = f(Z[index])
    return out


def sigmoid_forward(Z):
    Z = np.array(Z, dtype=np.float64)
    return _elementwise(sigmoid, Z), Z


def sigmoid_backward(dA, cache):
    dA = np.asarray(dA, dtype=np.float64)
    dZ = np.empty_like(dA)
    for index in np.ndindex(dA.shape):
        s = float(sigmoid(cache[index]))
        dZ[index] = dA[index] * s * (1.0 - s)
    return dZ


def tanh_forward(Z):
    Z = np.array(Z, dtype=np.float64)
    return _elementwise(tanh, Z), Z


def tanh_backward(dA, cache):
    dA = np.asarray(dA, dtype=np.float64)
    dZ = np.empty_like(dA)
    for index in np.ndindex(dA.shape):
        dZ[index] = dA[index] / math.cosh(cache[index]) ** 2
    return dZ


def relu_forward(Z):
    Z = np.array(Z, dtype=np.float64)
    return _elementwise(relu, Z), Z


def relu_backward(dA, cache):
    dA = np.asarray(dA, dtype=np.float64)
    dZ = np.zeros_like(dA)
    for index in np.ndindex(dA.shape):
        if cache[index] > 0:
            dZ[index] = dA[index]
    return dZ


def _log_softmax_row(row):
    top = max(row)
    total = sum(math.exp(v - top) for v in row)
    return [v - top - math.log(total) for v in row]


def softmax_cross_entropy_forward(logits, labels):
    logits = np.array(logits, dtype=np.float64)
    labels = np.array(labels)
    total = 0.0
    for row, label in zip(logits, labels, strict=True):
        total -= max(_log_softmax_row(list(row))[label], math.log(1e-12))
    return total / len(labels), (logits, labels)


def softmax_cross_entropy_backward(cache):
    logits, labels = cache
    n = len(labels)
    dlogits = np.zeros(logits.shape)
    for i in range(n):
        log_probs = _log_softmax_row(list(logits[i]))
        for j, log_p in enumerate(log_probs):
            dlogits[i, j] = (math.exp(log_p) - (1.0 if j == labels[i] else 0.0)) / n
    return dlogits


def dropout_forward(A, keep_prob, rng):
    if keep_prob <= 0 or keep_prob > 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    A = np.asarray(A, dtype=np.float64)
    draws = rng.random(A.shape)
    mask = np.zeros(A.shape, dtype=bool)
    out = np.zeros(A.shape)
    for index in np.ndindex(A.shape):
        if draws[index] < keep_prob:
            mask[index] = True
            out[index] = A[index] / keep_prob
    return out, (mask, keep_prob)


def dropout_backward(dout, cache):
    mask, keep_prob = cache
    dout = np.asarray(dout, dtype=np.float64)
    dA = np.zeros(dout.shape)
    for index in np.ndindex(dout.shape):
        if mask[index]:
            dA[index] = dout[index] / keep_prob
    return dA
