"""Alternative activations: one scalar formula per function with the math module, lifted to
arrays by np.frompyfunc; softmax by math.fsum over each slice along the axis."""

import math

import numpy as np


def _lift(scalar_function):
    ufunc = np.frompyfunc(scalar_function, 1, 1)

    def on_arrays(z):
        return np.asarray(ufunc(np.asarray(z, dtype=np.float64)), dtype=np.float64)

    return on_arrays


def _logistic(t):
    # exp of a number <= 0 only: never overflows
    e = math.exp(-abs(t))
    return 1.0 / (1.0 + e) if t >= 0 else e / (1.0 + e)


sigmoid = _lift(_logistic)
sigmoid_prime = _lift(lambda t: _logistic(t) * _logistic(-t))
tanh = _lift(math.tanh)
tanh_prime = _lift(lambda t: 1.0 / math.cosh(t) ** 2 if abs(t) < 350 else 0.0)
relu = _lift(lambda t: max(t, 0.0))
relu_prime = _lift(lambda t: float(t > 0))


def leaky_relu(z, alpha=0.01):
    return _lift(lambda t: t if t > 0 else alpha * t)(z)


def leaky_relu_prime(z, alpha=0.01):
    return _lift(lambda t: 1.0 if t > 0 else float(alpha))(z)


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    last = np.moveaxis(z, axis, -1)
    target = np.moveaxis(out, axis, -1)  # a view: writing it fills out
    for index in np.ndindex(last.shape[:-1]):
        top = max(last[index].tolist())
        exps = [math.exp(v - top) for v in last[index].tolist()]
        total = math.fsum(exps)
        target[index] = [e / total for e in exps]
    return out
