"""Backpropagation: the chain rule, applied layer by layer from the cost back to the first weights.

Two networks:

* the two-neuron chain x -> (w1, b1, sigmoid) -> (w2, b2, sigmoid) -> a2 with the error
  E = 1/2 (T - a2)^2 for a target T, worked by hand on scalars (params: a dict with keys "w1",
  "b1", "w2", "b2", each a float);
* the vectorized two-layer classifier X -> (W1, b1, activation) -> (W2, b2) -> softmax for a batch
  X of shape (n, d) with int labels of shape (n,) (params: "W1" (d, h), "b1" (h,), "W2" (h, k),
  "b2" (k,)), trained on the mean softmax cross-entropy.
"""

from __future__ import annotations

if not __package__:  # run as a script, e.g. python exercises/backprop.py
    raise SystemExit(
        "exercises/backprop.py holds functions for the tests to call; it is not a script.\n"
        "Run its tests from the repository folder: pytest tests/public/test_backprop.py"
    )

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from .activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax, tanh, tanh_prime
from .costs import (
    cross_entropy,
    half_squared_error,
    half_squared_error_gradient,
    softmax_cross_entropy_gradient,
)
from .gradient_descent import gradient_step


def chain_forward(x: float, params: dict[str, float]) -> dict[str, float]:
    """Forward pass of the two-neuron chain.

    z1 = w1 x + b1, a1 = sigmoid(z1), z2 = w2 a1 + b2, a2 = sigmoid(z2).

    Parameters
    ----------
    x : float
        The input.
    params : dict
        Keys "w1", "b1", "w2", "b2", each a float.

    Returns
    -------
    dict
        Keys "z1", "a1", "z2", "a2": every intermediate value, which the backward pass needs.
        For x = 0.1 and params w1 = 0.15, b1 = 0.4, w2 = 0.45, b2 = 0.65:
        z1 = 0.415, a1 = 0.6023, z2 = 0.9210, a2 = 0.7153.
    """
    # Hint: four lines, one per formula; keep every intermediate value.
    # YOUR CODE HERE
    raise NotImplementedError()


def chain_backward(x: float, target: float, params: dict[str, float]) -> dict[str, float]:
    """Gradients of E = 1/2 (T - a2)^2 with respect to the chain's parameters.

    Parameters
    ----------
    x : float
        The input.
    target : float
        The desired output T.
    params : dict
        Keys "w1", "b1", "w2", "b2", each a float.

    Returns
    -------
    dict
        Keys "w1", "b1", "w2", "b2": dE/dw1, dE/db1, dE/dw2, dE/db2.

    Notes
    -----
    The error is E = 1/2 (T - a2)^2, with the 1/2 (see ``costs.half_squared_error``). For
    x = 0.1, T = 0.25 and the params of ``chain_forward``: dE/db2 = 0.09476, dE/dw2 = 0.05707,
    dE/db1 = 0.01021, dE/dw1 = 0.001021. dE/dw1 is 56 times smaller than dE/dw2, but that is
    not mostly the vanishing gradient: only one sigmoid derivative lies between the two
    (sigmoid'(z1) = 0.24, a factor of about 4); the rest comes from the inputs of the two
    weights (x = 0.1 against a1 = 0.60, a factor of 6) and from w2 = 0.45 on the way back (a
    factor of 2.2). The vanishing gradient is an effect of depth: see ``layer_gradient_norms``.
    """
    # Hint: run the forward pass, then go backwards node by node (the chain rule): first the
    # gradient of E with respect to z2, then with respect to z1, and from each of them the
    # gradients of the weight and bias that enter that z. Check every result with
    # numerical_gradient (or the layers of layers.py, which give the same numbers).
    # YOUR CODE HERE
    raise NotImplementedError()


def chain_train_step(
    x: float, target: float, params: dict[str, float], learning_rate: float = 0.4
) -> dict[str, float]:
    """One gradient-descent step on E = 1/2 (T - a2)^2 for the chain.

    Parameters
    ----------
    x : float
        The input.
    target : float
        The desired output T.
    params : dict
        Keys "w1", "b1", "w2", "b2", each a float. Not modified.
    learning_rate : float, default 0.4
        Step size.

    Returns
    -------
    dict
        The new params, same keys. Every gradient is computed from the old params (a
        simultaneous update). For x = 0.1, T = 0.25 and the params of ``chain_forward``:
        w1 = 0.1496, b1 = 0.3959, w2 = 0.4272, b2 = 0.6121.
    """
    # Hint: compute all gradients first, then update; updating w2 before computing dE/dw1 would
    # use the wrong w2.
    # YOUR CODE HERE
    raise NotImplementedError()


def chain_train(
    x: float,
    target: float,
    params: dict[str, float],
    learning_rate: float = 0.4,
    max_epochs: int = 1000,
    tolerance: float = 0.001,
) -> tuple[dict[str, float], np.ndarray]:
    """Train the chain on one example until E = 1/2 (T - a2)^2 drops below ``tolerance``.

    Parameters
    ----------
    x : float
        The input.
    target : float
        The desired output T.
    params : dict
        Starting params, keys "w1", "b1", "w2", "b2". Not modified.
    learning_rate : float, default 0.4
        Step size.
    max_epochs : int, default 1000
        Most epochs to run.
    tolerance : float, default 0.001
        Stop once E < tolerance.

    Returns
    -------
    params : dict
        The final params (a new dict).
    errors : ndarray, shape (n_epochs,), float64
        E of the current params at the start of every epoch, first epoch first. Each epoch records
        E, stops if E < tolerance (the last entry is then below ``tolerance``) and otherwise takes
        one ``chain_train_step``; so n_epochs <= max_epochs.
    """
    # Hint: a loop over epochs: record the error, break when it is small enough, else step.
    # YOUR CODE HERE
    raise NotImplementedError()


def init_mlp(
    n_inputs: int, n_hidden: int, n_outputs: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Fresh parameters of the two-layer classifier.

    Parameters
    ----------
    n_inputs : int
        d, the number of input features.
    n_hidden : int
        h, the number of hidden units.
    n_outputs : int
        k, the number of classes.
    rng : numpy.random.Generator
        Source of randomness; the weights are drawn with ``rng.standard_normal``, W1 first.

    Returns
    -------
    dict
        "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,), float64. Biases are zero. Weights are
        standard normal scaled by sqrt(1 / fan_in) (LeCun scaling; fan_in = d for W1, h for W2),
        so that every unit's pre-activation starts with a variance near that of its inputs.
    """
    # Hint: unscaled standard-normal weights make pre-activations grow with the number of inputs;
    # divide by the square root of the fan-in.
    # YOUR CODE HERE
    raise NotImplementedError()


def _activation(name: str) -> tuple[Callable, Callable]:
    """The activation function called ``name`` and its derivative; ValueError for another name.

    A given helper, not an exercise: ``_activation("tanh")`` returns ``(tanh, tanh_prime)``.
    """
    functions = {
        "sigmoid": (sigmoid, sigmoid_prime),
        "tanh": (tanh, tanh_prime),
        "relu": (relu, relu_prime),
    }
    if name not in functions:
        raise ValueError(f"activation must be one of 'sigmoid', 'tanh', 'relu', got {name!r}")
    return functions[name]


def mlp_forward(
    params: dict[str, np.ndarray], X: ArrayLike, activation: str = "sigmoid"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Forward pass of the two-layer classifier on a batch.

    Z1 = X W1 + b1, A1 = activation(Z1), logits = A1 W2 + b2.

    Parameters
    ----------
    params : dict
        "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,).
    X : ndarray, shape (n, d)
        A batch of inputs, one example per row.
    activation : {"sigmoid", "tanh", "relu"}, default "sigmoid"
        Activation of the hidden layer.

    Returns
    -------
    logits : ndarray, shape (n, k), float64
        Class scores (apply ``softmax`` for probabilities).
    cache : dict
        What the backward pass needs: "X" (n, d), "Z1" (n, h), "A1" (n, h).

    Raises
    ------
    ValueError
        If ``activation`` is not one of "sigmoid", "tanh", "relu".
    """
    # Hint: one matrix product per layer; the bias (shape (h,)) broadcasts over the rows.
    # YOUR CODE HERE
    raise NotImplementedError()


def mlp_loss_and_gradients(
    params: dict[str, np.ndarray],
    X: ArrayLike,
    labels: ArrayLike,
    activation: str = "sigmoid",
    l2: float = 0.0,
) -> tuple[float, dict[str, np.ndarray]]:
    """Loss of the two-layer classifier on a batch and its gradients (backpropagation).

    Parameters
    ----------
    params : dict
        "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,).
    X : ndarray, shape (n, d)
        A batch of inputs.
    labels : int ndarray, shape (n,)
        The true class of each example, in 0..k-1.
    activation : {"sigmoid", "tanh", "relu"}, default "sigmoid"
        Activation of the hidden layer.
    l2 : float, default 0.0
        Weight-decay strength.

    Returns
    -------
    loss : float
        The mean softmax cross-entropy over the batch plus l2 / 2 * (sum(W1^2) + sum(W2^2))
        (biases are not penalised).
    grads : dict
        The gradient of ``loss`` for every parameter: keys "W1", "b1", "W2", "b2", each of the
        shape of that parameter.

    Raises
    ------
    ValueError
        If ``activation`` is not one of "sigmoid", "tanh", "relu".
    """
    # Hint: build it from your layers (from .layers import linear_forward, ...): the linear,
    # activation and softmax cross-entropy forwards, then their backwards in the reverse order,
    # each fed the gradient the node above returned. What does the l2 term add to the loss, and
    # to each weight's gradient? Then check the result with gradient_check: every relative error
    # should be below about 1e-6.
    # YOUR CODE HERE
    raise NotImplementedError()


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: ArrayLike, h: float = 1e-5
) -> np.ndarray:
    """Gradient of a scalar function by central differences, to check backpropagation.

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2 h) for every element i of x.

    Parameters
    ----------
    f : callable
        ``f(x)`` takes an array of the shape of ``x`` and returns a float.
    x : ndarray, any shape
        The point. Unchanged on return (the function works on a copy).
    h : float, default 1e-5
        Step of the differences.

    Returns
    -------
    ndarray, same shape as ``x``, float64
    """
    # Hint: loop over every index (np.ndindex), nudge that one element up and down by h on a
    # float copy of x, and restore it before the next one.
    # YOUR CODE HERE
    raise NotImplementedError()


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    """Largest relative difference between two arrays, to compare two gradients.

    Parameters
    ----------
    a, b : ndarray, same shape
        E.g. an analytic and a numerical gradient.

    Returns
    -------
    float
        max over the elements of |a - b| / max(1e-8, |a| + |b|). Below about 1e-6 the two
        gradients agree; above 1e-2 one of them is most probably wrong.
    """
    # Hint: the 1e-8 floor avoids 0 / 0 where both are zero.
    # YOUR CODE HERE
    raise NotImplementedError()


def gradient_check(
    f: Callable[[dict[str, np.ndarray]], float],
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    h: float = 1e-5,
) -> dict[str, float]:
    """Compare gradients with numerical ones, one parameter at a time.

    Parameters
    ----------
    f : callable
        ``f(params)`` takes a dict with the keys of ``params`` and returns a float (a loss).
    params : dict of str to ndarray
        The point, e.g. "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,). Unchanged on return.
    grads : dict of str to ndarray
        The gradients to check, e.g. from ``mlp_loss_and_gradients``: the keys of ``params``,
        each of the shape of that parameter.
    h : float, default 1e-5
        Step of the central differences.

    Returns
    -------
    dict of str to float
        For every key of ``params``: ``relative_error(grads[key], numerical)``, where numerical
        is ``numerical_gradient`` (step h) of ``f`` with respect to ``params[key]`` alone, the
        other entries held fixed. Below about 1e-6 the gradient of that key is right.
    """
    # Hint: for each key, numerical_gradient needs a function of that one array; define one
    # that puts its argument into a new dict next to the other (unchanged) entries and calls f.
    # YOUR CODE HERE
    raise NotImplementedError()


def init_weights(fan_in: int, fan_out: int, scheme: str, rng: np.random.Generator) -> np.ndarray:
    """Random initial weights of one fully connected layer.

    Parameters
    ----------
    fan_in : int
        Inputs of the layer.
    fan_out : int
        Units of the layer.
    scheme : {"glorot", "he", "small"}
        The distribution: standard normal numbers times sqrt(2 / (fan_in + fan_out)) for
        "glorot" (Glorot and Bengio, 2010), times sqrt(2 / fan_in) for "he" (He et al., 2015),
        times 0.01 for "small".
    rng : numpy.random.Generator
        Source of randomness: one ``rng.standard_normal((fan_in, fan_out))``, nothing else.

    Returns
    -------
    ndarray, shape (fan_in, fan_out), float64

    Raises
    ------
    ValueError
        If ``scheme`` is not one of "glorot", "he", "small".
    """
    # Hint: check the scheme before drawing; the three schemes differ only in the scale.
    # YOUR CODE HERE
    raise NotImplementedError()


def layer_gradient_norms(
    depth: int, width: int, activation: str, rng: np.random.Generator, init: str | None = None
) -> np.ndarray:
    """How large the loss gradient is at each layer of a freshly initialised deep stack.

    Parameters
    ----------
    depth : int
        Number of fully connected layers, each of ``width`` inputs and ``width`` units.
    width : int
        Units per layer.
    activation : {"sigmoid", "tanh", "relu"}
        Activation of every layer.
    rng : numpy.random.Generator
        Source of randomness, drawn in this order: the weights layer by layer
        (``init_weights(width, width, init, rng)``), the batch, the labels.
    init : {"glorot", "he", "small"} or None, default None
        The ``init_weights`` scheme of every layer; None pairs "he" with relu and "glorot" with
        sigmoid and tanh.

    Returns
    -------
    ndarray, shape (depth,), float64
        The Frobenius norm of dL/dW of each layer, first layer first.

    Raises
    ------
    ValueError
        If ``activation`` is not one of "sigmoid", "tanh", "relu".

    Notes
    -----
    Biases are zero, so they are left out. The batch is 64 rows of ``width`` standard-normal
    inputs; the loss L is the mean softmax cross-entropy of the last layer's output (after its
    activation) against 64 random labels in 0..width-1.

    Two things set how the gradient changes from one layer to the one below it: the slope of the
    activation and the scale of the weights. The sigmoid's slope is at most 1/4 (at z = 0), so
    with weights scaled to keep the signal's size ("glorot" or "he") every layer on the way back
    still shrinks the gradient: the first layers get a far smaller one than the last
    (first / last < 1e-2 for 8 layers of 32, with either scheme). The slope of tanh is 1 at
    z = 0, so with "glorot" the norms hold (within a factor of 3). ReLU's slope is 1 where it is
    on, and "he" makes up for the half of the units that are off, so the norms stay near their
    size; with "small" weights (0.01) every layer shrinks the signal on the way forward and the
    gradient on the way back, and every norm is tiny (below 1e-6 of the "he" norms).
    """
    # Hint: keep each layer's input and pre-activation during the forward pass; on the way back,
    # each layer is a linear node and an activation node (layers.py): the gradient with respect
    # to the layer's output gives its dL/dW and the gradient passed to the layer below.
    # YOUR CODE HERE
    raise NotImplementedError()
