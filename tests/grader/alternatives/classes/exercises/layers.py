"""Alternative layers: each layer a small class with forward and backward, the contract's
functions thin wrappers that build one and hand its cache around."""

import math

import numpy as np


class _Elementwise:
    """A layer that applies a scalar function and its derivative elementwise."""

    def __init__(self, function, derivative):
        self.function = np.vectorize(function, otypes=[np.float64])
        self.derivative = np.vectorize(derivative, otypes=[np.float64])

    def forward(self, Z):
        Z = np.array(Z, dtype=np.float64)
        return self.function(Z) if Z.size else Z.copy(), Z

    def backward(self, dA, Z):
        Z = np.asarray(Z, dtype=np.float64)
        local = self.derivative(Z) if Z.size else Z.copy()
        return np.asarray(dA, dtype=np.float64) * local


def _logistic(t):
    e = math.exp(-abs(t))
    return (1.0 if t >= 0 else e) / (1.0 + e)


SIGMOID = _Elementwise(_logistic, lambda t: _logistic(t) * _logistic(-t))
TANH = _Elementwise(math.tanh, lambda t: 1.0 - math.tanh(t) ** 2)
RELU = _Elementwise(lambda t: t if t > 0 else 0.0, lambda t: 1.0 if t > 0 else 0.0)


class _Affine:
    def forward(self, X, W, b):
        X, W, b = (np.array(v, dtype=np.float64) for v in (X, W, b))
        return np.dot(X, W) + b, (X, W, b)

    def backward(self, dZ, cache):
        X, W, _ = cache
        dZ = np.asarray(dZ, dtype=np.float64)
        return np.dot(dZ, W.T), np.dot(X.T, dZ), dZ.sum(axis=0)


class _SoftmaxCrossEntropy:
    @staticmethod
    def probabilities(logits):
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        return e / e.sum(axis=1, keepdims=True)

    def forward(self, logits, labels):
        logits = np.array(logits, dtype=np.float64)
        labels = np.asarray(labels)
        p = self.probabilities(logits)[np.arange(len(labels)), labels]
        return float(-np.log(np.maximum(p, 1e-12)).mean()), (logits, labels)

    def backward(self, cache):
        logits, labels = cache
        grad = self.probabilities(np.asarray(logits, dtype=np.float64))
        grad[np.arange(len(labels)), labels] -= 1.0
        return grad / len(labels)


class _Dropout:
    def __init__(self, keep_prob):
        if not (0.0 < keep_prob <= 1.0):
            raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
        self.keep_prob = keep_prob

    def forward(self, A, rng):
        A = np.asarray(A, dtype=np.float64)
        mask = rng.random(A.shape) < self.keep_prob
        out = np.zeros_like(A)
        out[mask] = A[mask] / self.keep_prob
        return out, (mask, self.keep_prob)

    @staticmethod
    def backward(dout, cache):
        mask, keep_prob = cache
        grad = np.zeros(np.shape(dout))
        dout = np.asarray(dout, dtype=np.float64)
        grad[mask] = dout[mask] / keep_prob
        return grad


def linear_forward(X, W, b):
    return _Affine().forward(X, W, b)


def linear_backward(dZ, cache):
    return _Affine().backward(dZ, cache)


def sigmoid_forward(Z):
    return SIGMOID.forward(Z)


def sigmoid_backward(dA, cache):
    return SIGMOID.backward(dA, cache)


def tanh_forward(Z):
    return TANH.forward(Z)


def tanh_backward(dA, cache):
    return TANH.backward(dA, cache)


def relu_forward(Z):
    return RELU.forward(Z)


def relu_backward(dA, cache):
    return RELU.backward(dA, cache)


def softmax_cross_entropy_forward(logits, labels):
    return _SoftmaxCrossEntropy().forward(logits, labels)


def softmax_cross_entropy_backward(cache):
    return _SoftmaxCrossEntropy().backward(cache)


def dropout_forward(A, keep_prob, rng):
    return _Dropout(keep_prob).forward(A, rng)


def dropout_backward(dout, cache):
    return _Dropout.backward(dout, cache)
