"""Alternative layers: einsum, a log-sum-exp loss, float masks turned back into booleans."""

import numpy as np

from .activations import relu, relu_prime, sigmoid, sigmoid_prime, tanh, tanh_prime


def linear_forward(X, W, b):
    X, W, b = (np.asarray(v, dtype=np.float64) for v in (X, W, b))
    return np.einsum("nd,dh->nh", X, W) + b, (X, W, b)


def linear_backward(dZ, cache):
    X, W, _ = cache
    dZ = np.asarray(dZ, dtype=np.float64)
    return np.einsum("nh,dh->nd", dZ, W), np.einsum("nd,nh->dh", X, dZ), np.einsum("nh->h", dZ)


def _node(f, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return f(Z), Z


def sigmoid_forward(Z):
    return _node(sigmoid, Z)


def sigmoid_backward(dA, cache):
    return np.multiply(dA, sigmoid_prime(cache), dtype=np.float64)


def tanh_forward(Z):
    return _node(tanh, Z)


def tanh_backward(dA, cache):
    return np.multiply(dA, tanh_prime(cache), dtype=np.float64)


def relu_forward(Z):
    return _node(relu, Z)


def relu_backward(dA, cache):
    return np.multiply(dA, relu_prime(cache), dtype=np.float64)


def _log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax_cross_entropy_forward(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    picked = _log_softmax(logits)[np.arange(labels.size), labels]
    return -np.maximum(picked, np.log(1e-12)).mean(), (logits, labels)


def softmax_cross_entropy_backward(cache):
    logits, labels = cache
    onehot = np.eye(logits.shape[1])[labels]
    return (np.exp(_log_softmax(logits)) - onehot) / labels.size


def dropout_forward(A, keep_prob, rng):
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob!r}")
    A = np.asarray(A, dtype=np.float64)
    scale = (rng.random(A.shape) < keep_prob) / keep_prob
    return A * scale, (scale > 0, keep_prob)


def dropout_backward(dout, cache):
    mask, keep_prob = cache
    return np.asarray(dout, dtype=np.float64) * (mask / keep_prob)
