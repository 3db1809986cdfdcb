"""Alternative layers: textbook forms, derivatives from the recomputed outputs."""

import numpy as np

from .activations import relu, sigmoid, softmax, tanh


def linear_forward(X, W, b):
    X = np.array(X, dtype=np.float64)
    W = np.array(W, dtype=np.float64)
    b = np.array(b, dtype=np.float64)
    return np.dot(X, W) + b[np.newaxis, :], (X, W, b)


def linear_backward(dZ, cache):
    X, W, b = cache
    dZ = np.array(dZ, dtype=np.float64)
    return np.dot(dZ, np.transpose(W)), np.dot(np.transpose(X), dZ), dZ.sum(axis=0)


def sigmoid_forward(Z):
    Z = np.array(Z, dtype=np.float64)
    return sigmoid(Z), Z


def sigmoid_backward(dA, cache):
    A = sigmoid(cache)
    return dA * A * (1.0 - A)


def tanh_forward(Z):
    Z = np.array(Z, dtype=np.float64)
    return tanh(Z), Z


def tanh_backward(dA, cache):
    A = tanh(cache)
    return dA * (1.0 - A * A)


def relu_forward(Z):
    Z = np.array(Z, dtype=np.float64)
    return relu(Z), Z


def relu_backward(dA, cache):
    return np.where(cache > 0, dA, 0.0)


def softmax_cross_entropy_forward(logits, labels):
    logits = np.array(logits, dtype=np.float64)
    labels = np.array(labels)
    probs = softmax(logits)
    picked = probs[np.arange(len(labels)), labels]
    return float(-np.log(np.maximum(picked, 1e-12)).sum() / len(labels)), (logits, labels)


def softmax_cross_entropy_backward(cache):
    logits, labels = cache
    grad = softmax(logits)
    grad[np.arange(len(labels)), labels] -= 1.0
    return grad / len(labels)


def dropout_forward(A, keep_prob, rng):
    if not (0 < keep_prob <= 1):
        raise ValueError("keep_prob must be in (0, 1]")
    A = np.array(A, dtype=np.float64)
    mask = rng.random(A.shape) < keep_prob
    return np.where(mask, A / keep_prob, 0.0), (mask, keep_prob)


def dropout_backward(dout, cache):
    mask, keep_prob = cache
    return np.where(mask, np.asarray(dout, dtype=np.float64) / keep_prob, 0.0)
