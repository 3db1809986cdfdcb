"""Cost functions: how wrong a network's outputs are, and the gradients of that cost.

Conventions: a batch is rows (an array of shape (n, k) holds n examples of k outputs each); class
labels are int arrays of shape (n,); a cost is returned as a Python float.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .activations import softmax


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error: the mean over all elements of (y_pred - y_true)^2.

    Parameters
    ----------
    y_true : ndarray, any shape
        Targets.
    y_pred : ndarray, same shape as ``y_true``
        Predictions.

    Returns
    -------
    float
    """
    # Hint: square the differences, then one mean over every element.
    ### BEGIN SOLUTION
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return float(np.mean(diff**2))
    ### END SOLUTION


def mse_gradient(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """Gradient of ``mse`` with respect to ``y_pred``: the derivative for every element.

    Parameters
    ----------
    y_true : ndarray, any shape
        Targets.
    y_pred : ndarray, same shape as ``y_true``
        Predictions.

    Returns
    -------
    ndarray, same shape as ``y_pred``, float64
        Element i is the partial derivative of ``mse(y_true, y_pred)`` with respect to
        y_pred[i]; ``mse`` averages over all N elements.
    """
    # Hint: differentiate one term of the mean by the chain rule; what happens to the 1/N?
    # Check one element numerically: nudge y_pred[i] by h and watch mse change.
    ### BEGIN SOLUTION
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return 2.0 * diff / diff.size
    ### END SOLUTION


def half_squared_error(target: ArrayLike, output: ArrayLike) -> float:
    """Half the sum of squared errors, E = 1/2 sum (target - output)^2.

    Parameters
    ----------
    target : float or ndarray, any shape
        Desired outputs.
    output : float or ndarray, same shape as ``target``
        Actual outputs.

    Returns
    -------
    float

    Notes
    -----
    This is the backpropagation convention: the 1/2 is there to cancel the factor 2 that
    differentiating the square brings. The two-neuron chain of ``backprop.py`` uses it: for its
    output a2 = 0.7153 and target T = 0.25, E = 1/2 (T - a2)^2 = 0.1082. Some lessons write the
    chain's error without the 1/2, as (T - a2)^2 (quoted as 0.2176; it is 0.2165), yet quote the
    updates w1 = 0.1496, b1 = 0.3959, w2 = 0.427, b2 = 0.612 (learning rate 0.4): those hold only
    for the error with the 1/2. Without it every gradient doubles.
    """
    # Hint: a sum, not a mean; do not forget the 1/2.
    ### BEGIN SOLUTION
    diff = np.asarray(target, dtype=np.float64) - np.asarray(output, dtype=np.float64)
    return float(0.5 * np.sum(diff**2))
    ### END SOLUTION


def half_squared_error_gradient(target: ArrayLike, output: ArrayLike) -> np.ndarray:
    """Gradient of ``half_squared_error`` with respect to ``output``, elementwise.

    Parameters
    ----------
    target : float or ndarray, any shape
        Desired outputs.
    output : float or ndarray, same shape as ``target``
        Actual outputs.

    Returns
    -------
    ndarray, same shape as ``output``, float64
    """
    # Hint: differentiate 1/2 (target - output)^2 with respect to output by the chain rule,
    # minding the sign of the inner derivative. Check it with a central difference.
    ### BEGIN SOLUTION
    return np.asarray(output, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    ### END SOLUTION


def quadratic_cost(Y: ArrayLike, A: ArrayLike) -> float:
    """Quadratic cost averaged over the training data: mean over rows of sum_j (A - Y)^2.

    Parameters
    ----------
    Y : ndarray, shape (n, k) or (k,)
        Desired outputs, one row per example. A 1-D input is one example.
    A : ndarray, same shape as ``Y``
        Network outputs.

    Returns
    -------
    float
        The cost of each example is the squared distance between its output and its desired
        output; the cost of the network is the average over the examples.
    """
    # Hint: sum over the columns (axis=1), then average over the rows; np.atleast_2d turns one
    # example into a batch of one.
    ### BEGIN SOLUTION
    diff = np.atleast_2d(np.asarray(A, dtype=np.float64) - np.asarray(Y, dtype=np.float64))
    return float(np.mean(np.sum(diff**2, axis=1)))
    ### END SOLUTION


def binary_cross_entropy(y_true: ArrayLike, p: ArrayLike, eps: float = 1e-12) -> float:
    """Binary cross-entropy: the mean of -[y log p + (1 - y) log(1 - p)].

    Parameters
    ----------
    y_true : ndarray, any shape
        Targets in {0, 1} (values in [0, 1] are allowed).
    p : ndarray, same shape as ``y_true``
        Predicted probabilities of the class 1.
    eps : float, default 1e-12
        ``p`` is clipped to [eps, 1 - eps] so that neither logarithm sees 0.

    Returns
    -------
    float
    """
    # Hint: np.clip first, then the formula, then the mean over all elements.
    ### BEGIN SOLUTION
    y = np.asarray(y_true, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return float(np.mean(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))))
    ### END SOLUTION


def cross_entropy(labels: ArrayLike, probs: ArrayLike, eps: float = 1e-12) -> float:
    """Cross-entropy of class probabilities: the mean over rows of -log probs[i, labels[i]].

    Parameters
    ----------
    labels : int ndarray, shape (n,)
        The true class of each example, in 0..k-1.
    probs : ndarray, shape (n, k)
        Predicted class probabilities, one row per example (e.g. the output of ``softmax``).
    eps : float, default 1e-12
        The probability of the true class is clipped to at least ``eps`` so that log never sees 0.

    Returns
    -------
    float
    """
    # Hint: pick probs[i, labels[i]] for every row at once with two index arrays.
    ### BEGIN SOLUTION
    labels = np.asarray(labels)
    probs = np.asarray(probs, dtype=np.float64)
    picked = probs[np.arange(len(labels)), labels]
    return float(np.mean(-np.log(np.maximum(picked, eps))))
    ### END SOLUTION


### BEGIN SOLUTION
def _onehot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows of the identity: shape (n, n_classes) float64 with a 1 at each example's label."""
    return np.eye(n_classes)[labels]


### END SOLUTION


def softmax_cross_entropy_gradient(labels: ArrayLike, logits: ArrayLike) -> np.ndarray:
    """Gradient of the mean cross-entropy of softmax(logits) with respect to the logits.

    Parameters
    ----------
    labels : int ndarray, shape (n,)
        The true class of each example, in 0..k-1.
    logits : ndarray, shape (n, k)
        Class scores before the softmax.

    Returns
    -------
    ndarray, shape (n, k), float64
        Element [i, j] is the partial derivative of the mean over the rows of
        -log softmax(logits)[r, labels[r]] with respect to logits[i, j].
    """
    # Hint: for one row, write -log softmax(z)[y] = -z[y] + log sum_j exp(z[j]) and
    # differentiate with respect to z[j], once for j = y and once for j != y. What does the
    # mean over the rows add? Check numerically with central differences on a small case.
    ### BEGIN SOLUTION
    labels = np.asarray(labels)
    probs = softmax(logits, axis=1)
    return (probs - _onehot(labels, probs.shape[1])) / len(labels)
    ### END SOLUTION
