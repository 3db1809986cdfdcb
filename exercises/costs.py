"""Cost functions: how wrong a network's outputs are, and the gradients of that cost.

Conventions: a batch is rows (an array of shape (n, k) holds n examples of k outputs each); class
labels are int arrays of shape (n,); a cost is returned as a Python float.
"""

from __future__ import annotations

if not __package__:  # run as a script, e.g. python exercises/costs.py
    raise SystemExit(
        "exercises/costs.py holds functions for the tests to call; it is not a script.\n"
        "Run its tests from the repository folder: pytest tests/public/test_costs.py"
    )

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
    # YOUR CODE HERE
    raise NotImplementedError()


def mse_gradient(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """Gradient of ``mse`` with respect to ``y_pred``: 2 (y_pred - y_true) / N.

    Parameters
    ----------
    y_true : ndarray, any shape
        Targets.
    y_pred : ndarray, same shape as ``y_true``
        Predictions.

    Returns
    -------
    ndarray, same shape as ``y_pred``, float64
        N is the number of elements, because ``mse`` averages over all of them.
    """
    # Hint: differentiate one term of the mean; the 1/N stays.
    # YOUR CODE HERE
    raise NotImplementedError()


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
    This is the backpropagation convention: the 1/2 cancels the 2 of the derivative, so that
    dE/doutput is simply output - target.
    """
    # Hint: a sum, not a mean; do not forget the 1/2.
    # YOUR CODE HERE
    raise NotImplementedError()


def half_squared_error_gradient(target: ArrayLike, output: ArrayLike) -> np.ndarray:
    """Gradient of ``half_squared_error`` with respect to ``output``: output - target.

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
    # Hint: mind the sign: the derivative is taken with respect to the output.
    # YOUR CODE HERE
    raise NotImplementedError()


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
    # YOUR CODE HERE
    raise NotImplementedError()


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
    # YOUR CODE HERE
    raise NotImplementedError()


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
    # YOUR CODE HERE
    raise NotImplementedError()


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
        (softmax(logits) - onehot(labels)) / n, where onehot(labels) has a 1 in column
        labels[i] of row i and 0 elsewhere; the 1/n comes from the mean over the examples.
    """
    # Hint: the gradient of -log softmax(z)[y] with respect to z is softmax(z) minus a one-hot
    # vector of y; build the one-hot rows from an identity matrix.
    # YOUR CODE HERE
    raise NotImplementedError()
