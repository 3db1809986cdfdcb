"""The network as a graph of nodes: each node has a forward and a backward.

A forward takes the node's inputs and returns ``(out, cache)``: its output and what its backward
needs. A backward takes the gradient of the loss with respect to the node's output (the upstream
gradient, ``dout``) and the cache, and returns the gradient of the loss with respect to the node's
inputs. Chaining forwards computes the loss; chaining backwards in the reverse order computes
every gradient (backpropagation). No function changes its arguments.

The cache of each node is part of the contract (so that any node's backward can be tested on its
own): linear ``(X, W, b)``; sigmoid, tanh and ReLU their input ``Z``; softmax cross-entropy
``(logits, labels)``; dropout ``(mask, keep_prob)``. A batch is rows: X has shape (n, d).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax, tanh, tanh_prime
from .costs import cross_entropy, softmax_cross_entropy_gradient


def linear_forward(
    X: ArrayLike, W: ArrayLike, b: ArrayLike
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """A fully connected layer: Z = X W + b.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        A batch of inputs, one example per row.
    W : ndarray, shape (d, h)
        Weights.
    b : ndarray, shape (h,)
        Biases, one per unit.

    Returns
    -------
    Z : ndarray, shape (n, h), float64
        The pre-activations.
    cache : tuple
        ``(X, W, b)`` as float64 arrays.
    """
    # Hint: one matrix product; the bias broadcasts over the rows.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return X @ W + b, (X, W, b)
    ### END SOLUTION


def linear_backward(
    dZ: ArrayLike, cache: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the loss with respect to the inputs of ``linear_forward``.

    Parameters
    ----------
    dZ : ndarray, shape (n, h)
        The gradient of the loss with respect to Z.
    cache : tuple
        ``(X, W, b)`` from ``linear_forward``: X (n, d), W (d, h), b (h,).

    Returns
    -------
    dX : ndarray, shape (n, d), float64
        The gradient of the loss with respect to X.
    dW : ndarray, shape (d, h), float64
        The gradient of the loss with respect to W.
    db : ndarray, shape (h,), float64
        The gradient of the loss with respect to b.
    """
    # Hint: write one element Z[i, j] as a sum over k and ask which elements of X, W and b it
    # depends on, and how strongly; then sum the chain rule over every Z[i, j] that an element
    # touches. The shapes tell you which products and sums fit. Check: with a random dZ the loss
    # L = sum(Z * dZ) has exactly these gradients; nudge one entry of W by h = 1e-5 and compare
    # the change of L, divided by h, with that entry of dW.
    ### BEGIN SOLUTION
    dZ = np.asarray(dZ, dtype=np.float64)
    X, W, _ = cache
    return dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0)
    ### END SOLUTION


def sigmoid_forward(Z: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """A sigmoid node: A = sigmoid(Z), elementwise.

    Parameters
    ----------
    Z : ndarray, any shape
        Pre-activations.

    Returns
    -------
    A : ndarray, same shape as ``Z``, float64
    cache : ndarray, same shape as ``Z``, float64
        Z itself.
    """
    # Hint: use your sigmoid from activations.py.
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=np.float64)
    return sigmoid(Z), Z
    ### END SOLUTION


def sigmoid_backward(dA: ArrayLike, cache: np.ndarray) -> np.ndarray:
    """Gradient of the loss with respect to Z, the input of ``sigmoid_forward``.

    Parameters
    ----------
    dA : ndarray, same shape as Z
        The gradient of the loss with respect to A = sigmoid(Z).
    cache : ndarray
        Z, from ``sigmoid_forward``.

    Returns
    -------
    dZ : ndarray, same shape as Z, float64
    """
    # Hint: the chain rule through the node's output: how much does A[i] move when Z[i] moves,
    # and does A[i] depend on any other element of Z? Your activations.py knows the local
    # gradient. Check one element numerically: nudge Z[i] by h and watch sum(A * dA).
    ### BEGIN SOLUTION
    return np.asarray(dA, dtype=np.float64) * sigmoid_prime(cache)
    ### END SOLUTION


def tanh_forward(Z: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """A tanh node: A = tanh(Z), elementwise.

    Parameters
    ----------
    Z : ndarray, any shape
        Pre-activations.

    Returns
    -------
    A : ndarray, same shape as ``Z``, float64
    cache : ndarray, same shape as ``Z``, float64
        Z itself.
    """
    # Hint: use your tanh from activations.py.
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=np.float64)
    return tanh(Z), Z
    ### END SOLUTION


def tanh_backward(dA: ArrayLike, cache: np.ndarray) -> np.ndarray:
    """Gradient of the loss with respect to Z, the input of ``tanh_forward``.

    Parameters
    ----------
    dA : ndarray, same shape as Z
        The gradient of the loss with respect to A = tanh(Z).
    cache : ndarray
        Z, from ``tanh_forward``.

    Returns
    -------
    dZ : ndarray, same shape as Z, float64
    """
    # Hint: the same chain rule as for the sigmoid node, with tanh's local gradient.
    ### BEGIN SOLUTION
    return np.asarray(dA, dtype=np.float64) * tanh_prime(cache)
    ### END SOLUTION


def relu_forward(Z: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """A ReLU node: A = max(0, Z), elementwise.

    Parameters
    ----------
    Z : ndarray, any shape
        Pre-activations.

    Returns
    -------
    A : ndarray, same shape as ``Z``, float64
    cache : ndarray, same shape as ``Z``, float64
        Z itself.
    """
    # Hint: use your relu from activations.py.
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=np.float64)
    return relu(Z), Z
    ### END SOLUTION


def relu_backward(dA: ArrayLike, cache: np.ndarray) -> np.ndarray:
    """Gradient of the loss with respect to Z, the input of ``relu_forward``.

    Parameters
    ----------
    dA : ndarray, same shape as Z
        The gradient of the loss with respect to A = max(0, Z).
    cache : ndarray
        Z, from ``relu_forward``.

    Returns
    -------
    dZ : ndarray, same shape as Z, float64
        At Z = 0 exactly, where the ReLU has no derivative, the convention of ``relu_prime``
        holds: no gradient passes.
    """
    # Hint: the same chain rule as for the sigmoid node, with the ReLU's local gradient.
    ### BEGIN SOLUTION
    return np.asarray(dA, dtype=np.float64) * relu_prime(cache)
    ### END SOLUTION


def softmax_cross_entropy_forward(
    logits: ArrayLike, labels: ArrayLike
) -> tuple[float, tuple[np.ndarray, np.ndarray]]:
    """The loss node: the mean cross-entropy of softmax(logits) against the labels.

    loss = mean over the rows i of -log softmax(logits)[i, labels[i]].

    Parameters
    ----------
    logits : ndarray, shape (n, k)
        Class scores, one row per example.
    labels : int ndarray, shape (n,)
        The true class of each example, in 0..k-1.

    Returns
    -------
    loss : float
    cache : tuple
        ``(logits, labels)``: logits as a float64 array, labels as an int array.
    """
    # Hint: your softmax from activations.py and your cross_entropy from costs.py.
    ### BEGIN SOLUTION
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    return cross_entropy(labels, softmax(logits, axis=1)), (logits, labels)
    ### END SOLUTION


def softmax_cross_entropy_backward(cache: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Gradient of the loss of ``softmax_cross_entropy_forward`` with respect to the logits.

    The loss is the last node, so there is no upstream gradient (dloss/dloss = 1).

    Parameters
    ----------
    cache : tuple
        ``(logits, labels)`` from ``softmax_cross_entropy_forward``: logits (n, k), labels (n,).

    Returns
    -------
    dlogits : ndarray, shape (n, k), float64
    """
    # Hint: you have derived this gradient already in costs.py; what does the mean over the
    # rows contribute?
    ### BEGIN SOLUTION
    logits, labels = cache
    return softmax_cross_entropy_gradient(labels, logits)
    ### END SOLUTION


def dropout_forward(
    A: ArrayLike, keep_prob: float, rng: np.random.Generator
) -> tuple[np.ndarray, tuple[np.ndarray, float]]:
    """Inverted dropout: keep each unit with probability ``keep_prob``, scaled by 1 / keep_prob.

    Parameters
    ----------
    A : ndarray, any shape
        Activations.
    keep_prob : float
        Probability of keeping a unit, in (0, 1]. With keep_prob = 1 the output is a copy of A.
    rng : numpy.random.Generator
        Draws ``rng.random(A.shape)`` once; a unit is kept where its draw is < keep_prob.

    Returns
    -------
    out : ndarray, same shape as ``A``, float64
        A kept unit's value divided by keep_prob, 0 for a dropped unit; so every unit keeps its
        expected value and nothing needs rescaling at test time.
    cache : tuple
        ``(mask, keep_prob)``: mask a bool array of A's shape, True for the kept units.

    Raises
    ------
    ValueError
        If ``keep_prob`` is not in (0, 1].
    """
    # Hint: build a boolean mask from one call of rng.random; never change A itself.
    ### BEGIN SOLUTION
    if not 0.0 < keep_prob <= 1.0:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    A = np.asarray(A, dtype=np.float64)
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
    ### END SOLUTION


def dropout_backward(dout: ArrayLike, cache: tuple[np.ndarray, float]) -> np.ndarray:
    """Gradient of the loss with respect to A, the input of ``dropout_forward``.

    Parameters
    ----------
    dout : ndarray, same shape as A
        The gradient of the loss with respect to the output of ``dropout_forward``.
    cache : tuple
        ``(mask, keep_prob)`` from ``dropout_forward``.

    Returns
    -------
    dA : ndarray, same shape as A, float64
    """
    # Hint: with the mask fixed, each output element is a constant times one input element;
    # which constant, for a kept unit and for a dropped one?
    ### BEGIN SOLUTION
    mask, keep_prob = cache
    return np.asarray(dout, dtype=np.float64) * mask / keep_prob
    ### END SOLUTION
