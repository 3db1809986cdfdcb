"""Alternative activations: a float64 copy of the input first, then numpy's in-place forms
(out=, where=, *=) on that copy only, never on the caller's array."""

import numpy as np


def _copy(z):
    return np.array(z, dtype=np.float64, copy=True)


def sigmoid(z):
    out = _copy(z)
    negative = out < 0
    np.abs(out, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)  # e = exp(-|z|) in (0, 1]
    denominator = out + 1.0
    np.copyto(out, 1.0, where=~negative)
    out /= denominator
    return out


def sigmoid_prime(z):
    s = _copy(sigmoid(z))
    s *= sigmoid(-_copy(z))  # s(z) s(-z) = s(z) (1 - s(z))
    return s


def tanh(z):
    out = _copy(z)
    np.tanh(out, out=out)
    return out


def tanh_prime(z):
    out = _copy(tanh(z))
    np.square(out, out=out)
    np.subtract(1.0, out, out=out)
    return out


def relu(z):
    out = _copy(z)
    np.maximum(out, 0.0, out=out)
    return out


def relu_prime(z):
    out = _copy(z)
    np.greater(out, 0.0, out=out, casting="unsafe")
    return out


def leaky_relu(z, alpha=0.01):
    out = _copy(z)
    np.multiply(out, alpha, out=out, where=out <= 0)
    return out


def leaky_relu_prime(z, alpha=0.01):
    positive = _copy(z) > 0
    out = np.full(positive.shape, alpha, dtype=np.float64)
    out[positive] = 1.0
    return out


def softmax(z, axis=-1):
    out = _copy(z)
    out -= out.max(axis=axis, keepdims=True)
    np.exp(out, out=out)
    out /= out.sum(axis=axis, keepdims=True)
    return out
