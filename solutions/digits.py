"""Handwritten digits: train the two-layer classifier of ``backprop.py`` on real data.

The data are 1797 greyscale images of 8x8 pixels, each a handwritten digit 0..9 (see
``data/README.md`` for the source and license). The classifier has one hidden layer of ReLU
units and is trained by minibatches with early stopping on the validation loss; how many units,
which optimizer and which step size are choices you make and judge on validation data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .activations import softmax
from .backprop import init_mlp, mlp_forward, mlp_loss_and_gradients
from .costs import cross_entropy
from .gradient_descent import adam_step, gradient_step, minibatches, momentum_step
from .layers import (
    dropout_backward,
    dropout_forward,
    linear_backward,
    linear_forward,
    relu_backward,
    relu_forward,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)

### BEGIN SOLUTION
DEFAULTS = {
    "n_hidden": 64,
    "learning_rate": None,  # None: the step size that suits the optimizer (STEP_SIZES)
    "batch_size": 32,
    "l2": 1e-3,
    "patience": 20,
    "max_epochs": 100,
    "optimizer": "sgd",
    "keep_prob": 1.0,
}
STEP_SIZES = {"sgd": 1.0, "momentum": 0.1, "adam": 0.003}


def _dropout_loss_and_gradients(params, X, labels, l2, keep_prob, rng):
    """``mlp_loss_and_gradients`` (ReLU) with dropout after the hidden layer, from the nodes."""
    Z1, linear1 = linear_forward(X, params["W1"], params["b1"])
    A1, relu1 = relu_forward(Z1)
    D1, dropout1 = dropout_forward(A1, keep_prob, rng)
    logits, linear2 = linear_forward(D1, params["W2"], params["b2"])
    loss, scores = softmax_cross_entropy_forward(logits, labels)
    dD1, dW2, db2 = linear_backward(softmax_cross_entropy_backward(scores), linear2)
    _, dW1, db1 = linear_backward(relu_backward(dropout_backward(dD1, dropout1), relu1), linear1)
    penalty = l2 / 2 * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    grads = {"W1": dW1 + l2 * params["W1"], "b1": db1, "W2": dW2 + l2 * params["W2"], "b2": db2}
    return loss + penalty, grads


### END SOLUTION


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """Load the 1797 8x8 digits shipped in ``data/digits.npz`` (a given helper, not an exercise).

    Returns
    -------
    X : ndarray, shape (1797, 64), float64
        One image per row, the 8x8 pixels flattened row by row, scaled from 0..16 to [0, 1].
    y : ndarray, shape (1797,), int64
        The digit each image shows, 0..9.
    """
    with np.load(Path(__file__).parent / "data" / "digits.npz") as data:
        X = data["images"].astype(np.float64) / 16.0
        y = data["labels"].astype(np.int64)
    return X, y


def train_classifier(
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_val: ArrayLike,
    y_val: ArrayLike,
    rng: np.random.Generator,
    config: dict[str, Any] | None = None,
) -> dict[str, np.ndarray]:
    """Train a two-layer ReLU classifier by minibatch descent with early stopping.

    Parameters
    ----------
    X_train : ndarray, shape (n_train, d)
        Training inputs, e.g. digits from ``load_digits`` (d = 64).
    y_train : int ndarray, shape (n_train,)
        Training labels in 0..k-1.
    X_val : ndarray, shape (n_val, d)
        Validation inputs, used only to decide when to stop.
    y_val : int ndarray, shape (n_val,)
        Validation labels.
    rng : numpy.random.Generator
        Source of randomness for the initial weights and the minibatches of every epoch.
    config : dict or None, default None
        The choices of training; every key is optional, and a missing one takes your own default
        (None: all defaults). The keys:

        - "n_hidden" (int): hidden units, h;
        - "learning_rate" (float): step size of the optimizer;
        - "batch_size" (int): rows per minibatch;
        - "l2" (float): weight decay, passed to ``mlp_loss_and_gradients``;
        - "patience" (int): epochs without a new best validation loss before stopping;
        - "max_epochs" (int): the most epochs to train;
        - "optimizer" (str): "sgd" (``gradient_step``), "momentum" (``momentum_step``) or
          "adam" (``adam_step``);
        - "keep_prob" (float in (0, 1]): the probability of keeping each hidden unit while
          training (inverted dropout after the hidden ReLU, ``dropout_forward`` and
          ``dropout_backward`` of ``layers.py``); 1 trains without dropout.

    Returns
    -------
    dict
        The params with the lowest validation loss seen: "W1" (d, h), "b1" (h,), "W2" (h, k),
        "b2" (k,), for ``mlp_forward(params, X, activation="relu")``.

    Raises
    ------
    ValueError
        If ``config`` holds a key that is not one of the above (the message names it), or an
        "optimizer" that is not one of the three.

    Notes
    -----
    Built from the course's own functions: ``init_mlp``, ``minibatches``,
    ``mlp_loss_and_gradients`` with activation "relu", the chosen optimizer's step, and
    ``mlp_forward`` for the validation loss (the mean softmax cross-entropy, without the
    penalty). With "keep_prob" below 1, each minibatch's loss and gradients come from the nodes
    of ``layers.py`` instead (linear, ReLU, dropout, linear, softmax cross-entropy, with the
    same l2 term), the dropout mask drawn from ``rng``; the validation loss and ``predict`` use
    the whole network, without dropout. Every epoch takes one step per minibatch; after the epoch the validation loss is
    measured, and the best params so far are kept. Training stops after "patience" epochs
    without a new best validation loss (as in ``early_stopping_epoch``), or after "max_epochs".
    """
    # Hint: check the keys of config first, then merge them over your defaults. Your defaults
    # are yours to find: the hidden units, the optimizer and its learning rate, the batch size,
    # the weight decay, the patience and whether to use dropout. Train with a few candidates and judge each by its
    # accuracy on the validation set (search_hyperparameters), never on the test set.
    ### BEGIN SOLUTION
    unknown = sorted(set(config or {}) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown config key(s) {unknown}; expected some of {sorted(DEFAULTS)}")
    settings = {**DEFAULTS, **(config or {})}
    if settings["optimizer"] not in STEP_SIZES:
        raise ValueError(
            f"optimizer must be one of {sorted(STEP_SIZES)}, got {settings['optimizer']!r}"
        )
    learning_rate = settings["learning_rate"]
    if learning_rate is None:
        learning_rate = STEP_SIZES[settings["optimizer"]]
    X_train = np.asarray(X_train, dtype=np.float64)
    y_train = np.asarray(y_train)
    n_classes = int(max(np.max(y_train), np.max(y_val))) + 1
    params = init_mlp(X_train.shape[1], settings["n_hidden"], n_classes, rng)

    best_params, best_loss, best_epoch, state = params, np.inf, 0, None
    for epoch in range(settings["max_epochs"]):
        for batch in minibatches(len(X_train), settings["batch_size"], rng):
            if settings["keep_prob"] < 1.0:
                _, grads = _dropout_loss_and_gradients(
                    params,
                    X_train[batch],
                    y_train[batch],
                    settings["l2"],
                    settings["keep_prob"],
                    rng,
                )
            else:
                _, grads = mlp_loss_and_gradients(
                    params, X_train[batch], y_train[batch], "relu", settings["l2"]
                )
            if settings["optimizer"] == "momentum":
                params, state = momentum_step(params, grads, state, learning_rate)
            elif settings["optimizer"] == "adam":
                params, state = adam_step(params, grads, state, learning_rate)
            else:
                params = gradient_step(params, grads, learning_rate)
        logits, _ = mlp_forward(params, X_val, activation="relu")
        val_loss = cross_entropy(y_val, softmax(logits))
        if val_loss < best_loss:
            best_params, best_loss, best_epoch = params, val_loss, epoch
        elif epoch - best_epoch >= settings["patience"]:
            break
    return best_params
    ### END SOLUTION


def search_hyperparameters(
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_val: ArrayLike,
    y_val: ArrayLike,
    configs: Sequence[dict[str, Any]],
    rng: np.random.Generator,
) -> tuple[dict[str, Any], list[float]]:
    """Train one classifier per config and keep the config that does best on validation data.

    Parameters
    ----------
    X_train : ndarray, shape (n_train, d)
        Training inputs.
    y_train : int ndarray, shape (n_train,)
        Training labels.
    X_val : ndarray, shape (n_val, d)
        Validation inputs.
    y_val : int ndarray, shape (n_val,)
        Validation labels.
    configs : sequence of dict
        At least one config for ``train_classifier``.
    rng : numpy.random.Generator
        Passed to every ``train_classifier`` call, in the order of ``configs`` (so the first
        classifier is trained exactly as ``train_classifier(X_train, y_train, X_val, y_val, rng,
        configs[0])`` would train it).

    Returns
    -------
    best_config : dict
        The config whose classifier has the highest validation accuracy (the first of them on
        ties), as given.
    val_accuracies : list of float
        The validation accuracy (fraction of ``y_val`` that ``predict`` gets right) of every
        config, in the order of ``configs``.
    """
    # Hint: the validation set is the judge here; the test set stays untouched until the end.
    ### BEGIN SOLUTION
    accuracies = []
    for config in configs:
        params = train_classifier(X_train, y_train, X_val, y_val, rng, config)
        accuracies.append(float(np.mean(predict(params, X_val) == np.asarray(y_val))))
    return configs[int(np.argmax(accuracies))], accuracies
    ### END SOLUTION


def predict(params: dict[str, np.ndarray], X: ArrayLike) -> np.ndarray:
    """Predicted class of every row: the class with the highest score.

    Parameters
    ----------
    params : dict
        Params from ``train_classifier``: "W1" (d, h), "b1" (h,), "W2" (h, k), "b2" (k,).
    X : ndarray, shape (n, d)
        Inputs.

    Returns
    -------
    int ndarray, shape (n,)
        Labels in 0..k-1.
    """
    # Hint: the softmax does not change which score is largest, so argmax the logits of the
    # same network (ReLU hidden layer) as train_classifier.
    ### BEGIN SOLUTION
    logits, _ = mlp_forward(params, X, activation="relu")
    return np.argmax(logits, axis=1).astype(np.int64)
    ### END SOLUTION
