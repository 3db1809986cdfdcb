"""Handwritten digits: train the two-layer classifier of ``backprop.py`` on real data.

The data are 1797 greyscale images of 8x8 pixels, each a handwritten digit 0..9 (see
``data/README.md`` for the source and license). The classifier has one hidden layer of ReLU
units and is trained by minibatches with early stopping on the validation loss; how many units,
which optimizer and which step size are choices you make and judge on validation data.
"""

from __future__ import annotations

if not __package__:  # run as a script, e.g. python exercises/digits.py
    raise SystemExit(
        "exercises/digits.py holds functions for the tests to call; it is not a script.\n"
        "Run its tests from the repository folder: pytest tests/public/test_digits.py"
    )

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
    # YOUR CODE HERE
    raise NotImplementedError()


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
    # YOUR CODE HERE
    raise NotImplementedError()


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
    # YOUR CODE HERE
    raise NotImplementedError()
