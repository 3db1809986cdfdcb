"""Activation functions of a neuron and their derivatives.

A neuron computes a weighted sum ``z`` of its inputs (the pre-activation) and passes it through
an activation function ``f``; backpropagation needs the derivative ``f'(z)``. Every derivative
here takes the pre-activation ``z`` (not the output ``f(z)``).

Elementwise functions accept a Python scalar or an array of any shape and return float64 of the
same shape (a numpy scalar for a scalar input).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def sigmoid(z: ArrayLike) -> np.ndarray:
    """Logistic sigmoid, 1 / (1 + exp(-z)), elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``, float64
        Values in [0, 1]. Numerically stable: no overflow and no warning even at |z| = 1000.

    Notes
    -----
    For z >= 0 use 1 / (1 + exp(-z)); for z < 0 the equal form exp(z) / (1 + exp(z)). With
    e = exp(-|z|), which lies in (0, 1] and never overflows, these are 1 / (1 + e) and e / (1 + e).
    """
    # Hint: for large negative z, exp(-z) overflows; rewrite the formula with exp(z) there
    # (np.where on the sign of z chooses between the two forms).
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)
    ### END SOLUTION


def sigmoid_prime(z: ArrayLike) -> np.ndarray:
    """Derivative of the sigmoid with respect to its input z, elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations (the input of the sigmoid, not its output).

    Returns
    -------
    ndarray, same shape as ``z``, float64
        The derivative of the sigmoid with respect to z at each element. It is largest at
        z = 0, where it is 0.25.
    """
    # Hint: differentiate 1 / (1 + exp(-z)) by the chain rule; can you write the result with
    # sigmoid(z) itself? Check it numerically: (sigmoid(z + h) - sigmoid(z - h)) / (2 h) with
    # h = 1e-5 should agree to about 6 digits.
    ### BEGIN SOLUTION
    s = sigmoid(z)
    return s * (1.0 - s)
    ### END SOLUTION


def tanh(z: ArrayLike) -> np.ndarray:
    """Hyperbolic tangent, elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``, float64
        Values in [-1, 1].
    """
    # Hint: numpy has it; make sure integer input gives float64.
    ### BEGIN SOLUTION
    return np.tanh(np.asarray(z, dtype=np.float64))
    ### END SOLUTION


def tanh_prime(z: ArrayLike) -> np.ndarray:
    """Derivative of tanh with respect to its input z, elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``, float64
        The derivative of tanh with respect to z at each element. It is largest at z = 0,
        where it is 1.
    """
    # Hint: write tanh(z) = sinh(z) / cosh(z) and use the quotient rule; can the result be
    # written with tanh(z) itself? Check it with a central difference, as for sigmoid_prime.
    ### BEGIN SOLUTION
    return 1.0 - tanh(z) ** 2
    ### END SOLUTION


def relu(z: ArrayLike) -> np.ndarray:
    """Rectified linear unit, max(0, z), elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``, float64
        z where z > 0, else 0.
    """
    # Hint: one numpy function compares elementwise with 0.
    ### BEGIN SOLUTION
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)
    ### END SOLUTION


def relu_prime(z: ArrayLike) -> np.ndarray:
    """Derivative of the ReLU with respect to z, elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``, float64
        The derivative of the ReLU with respect to z at each element.

    Notes
    -----
    The ReLU has no derivative at z = 0; by convention we use 0 there.
    """
    # Hint: on each side of 0 the ReLU is a straight line; what is its slope there? A boolean
    # array converted to float can hold the answer. Check it with a central difference at a few
    # points away from 0.
    ### BEGIN SOLUTION
    return (np.asarray(z) > 0).astype(np.float64)
    ### END SOLUTION


def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU: z for z > 0, alpha * z for z <= 0, elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations.
    alpha : float, default 0.01
        Slope for z <= 0, so that a unit with negative input still passes a gradient.

    Returns
    -------
    ndarray, same shape as ``z``, float64
    """
    # Hint: np.where(condition, value_if_true, value_if_false).
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, alpha * z)
    ### END SOLUTION


def leaky_relu_prime(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    """Derivative of the leaky ReLU with respect to z, elementwise.

    Parameters
    ----------
    z : float or ndarray, any shape
        Pre-activations.
    alpha : float, default 0.01
        Slope for z <= 0.

    Returns
    -------
    ndarray, same shape as ``z``, float64
        The derivative of the leaky ReLU with respect to z at each element. At z = 0, where
        it has none, the convention is the slope of the negative side.
    """
    # Hint: as for relu_prime, what is the slope of each straight piece? Check it with a central
    # difference at a few points away from 0.
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, 1.0, alpha)
    ### END SOLUTION


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """Softmax along an axis: exp(z_j) / sum_k exp(z_k).

    Parameters
    ----------
    z : ndarray, any shape
        Scores (logits). Usually shape (n, k): one row of k class scores per example.
    axis : int, default -1
        The axis along which the values sum to 1 (the class axis).

    Returns
    -------
    ndarray, same shape as ``z``, float64
        Positive values summing to 1 along ``axis``. Numerically stable: no overflow and no warning
        even for scores of 1000, e.g. ``softmax([[1001, 1002], [3, 4]])`` is
        ``[0.26894142, 0.73105858]`` on both rows.

    Notes
    -----
    Softmax does not change when a constant is subtracted from every score, so subtracting the
    maximum along ``axis`` first keeps every exponent <= 0.
    """
    # Hint: subtract the maximum along the axis (keepdims=True keeps it broadcastable) before exp.
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
    ### END SOLUTION
