"""Handwritten digits: train the two-layer classifier of ``backprop.py`` on real data.

The data are 1797 greyscale images of 8x8 pixels, each a handwritten digit 0..9 (see
``data/README.md`` for the source and license). The classifier has one hidden layer of 64 ReLU
units and is trained by minibatch gradient descent with early stopping on the validation loss.
"""

from __future__ import annotations

if not __package__:  # run as a script, e.g. python exercises/digits.py
    raise SystemExit(
        "exercises/digits.py holds functions for the tests to call; it is not a script.\n"
        "Run its tests from the repository folder: pytest tests/public/test_digits.py"
    )

from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from .activations import softmax
from .backprop import init_mlp, mlp_forward, mlp_loss_and_gradients
from .costs import cross_entropy
from .gradient_descent import gradient_step


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
) -> dict[str, np.ndarray]:
    """Train a two-layer ReLU classifier by minibatch gradient descent with early stopping.

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
        Source of randomness for the initial weights and the shuffling of every epoch.

    Returns
    -------
    dict
        The params with the lowest validation loss seen: "W1" (d, 64), "b1" (64,),
        "W2" (64, k), "b2" (k,), for ``mlp_forward(params, X, activation="relu")``.

    Notes
    -----
    Built from the course's own functions: ``init_mlp``, ``mlp_loss_and_gradients`` with
    activation "relu" and a small weight decay, ``gradient_step``, and ``mlp_forward`` for the
    validation loss (the mean softmax cross-entropy, without the penalty). Every epoch shuffles the
    training rows and takes one step per minibatch; after the epoch the validation loss is
    measured, and the best params so far are kept. Training stops after ``patience`` epochs without
    a new best validation loss (as in ``early_stopping_epoch``), or after ``max_epochs``.
    """
    # Hint: an epoch is one pass over the shuffled training rows in minibatches (rng.permutation);
    # after each epoch compute the validation loss and keep the best params. A learning rate of
    # about 1, minibatches of 32, a little weight decay (l2=1e-3) and a patience of about 20 epochs
    # work well here.
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
