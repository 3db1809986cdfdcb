"""Alternative costs in a functional style: functools.reduce, map, partial and operator."""

import functools
import operator

import numpy as np

from .activations import softmax

_f64 = functools.partial(np.asarray, dtype=np.float64)


def _sum(values):
    return functools.reduce(operator.add, values, 0.0)


def _pairs(a, b):
    return zip(_f64(a).ravel().tolist(), _f64(b).ravel().tolist(), strict=True)


def mse(y_true, y_pred):
    squares = [(p - t) ** 2 for t, p in _pairs(y_true, y_pred)]
    return _sum(squares) / len(squares)


def mse_gradient(y_true, y_pred):
    y_pred = _f64(y_pred)
    return functools.reduce(operator.sub, (y_pred, _f64(y_true))) * (2.0 / y_pred.size)


def half_squared_error(target, output):
    return 0.5 * _sum(map(lambda pair: (pair[0] - pair[1]) ** 2, _pairs(target, output)))


def half_squared_error_gradient(target, output):
    return operator.sub(_f64(output), _f64(target))


def quadratic_cost(Y, A):
    Y2, A2 = np.atleast_2d(_f64(Y)), np.atleast_2d(_f64(A))
    per_example = list(map(lambda y, a: half_squared_error(y, a) * 2.0, Y2, A2))
    return _sum(per_example) / len(per_example)


def _bce_term(eps, pair):
    y, q = pair
    q = min(max(q, eps), 1.0 - eps)
    return -(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))


def binary_cross_entropy(y_true, p, eps=1e-12):
    terms = list(map(functools.partial(_bce_term, eps), _pairs(y_true, p)))
    return float(_sum(terms) / len(terms))


def cross_entropy(labels, probs, eps=1e-12):
    probs = _f64(probs)
    rows = enumerate(np.asarray(labels).tolist())
    picked = [max(float(probs[i, k]), eps) for i, k in rows]
    return float(-_sum(map(np.log, picked)) / len(picked))


def softmax_cross_entropy_gradient(labels, logits):
    labels = np.asarray(labels)
    probs = softmax(logits, axis=1)
    onehot = np.eye(probs.shape[1])[labels]
    return operator.truediv(operator.sub(probs, onehot), len(labels))
