"""Pictures of the choices of training, and of what a trained network has learned.

Given code, like ``plots.py``: every figure is computed by the course's functions through
``plots.COURSE``, so in ``exercises/`` it draws what *your* functions compute. The drawing itself
is :mod:`autograder.training_figures`. ``python -m exercises.plots OUT`` writes these figures with
the others; the notebooks draw them one by one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from autograder import training_figures
from autograder.training_figures import INIT_SCHEMES, MOONS_CONFIG, two_moons

from .plots import COURSE

__all__ = [
    "INIT_SCHEMES",
    "MOONS_CONFIG",
    "optimizer_paths",
    "plot_decision_boundaries",
    "plot_first_layer_weights",
    "plot_init_experiment",
    "plot_optimizer_paths",
    "two_moons",
]


def optimizer_paths(
    learning_rates: dict[str, float], start: ArrayLike = (1.0, 1.0), n_steps: int = 30
) -> dict[str, np.ndarray]:
    """The points each optimizer visits on f(x, y) = 3/2 x^2 + 1/2 y^2 from ``start``.

    Parameters
    ----------
    learning_rates : dict
        Learning rate of "sgd" (``gradient_step``), "momentum" (``momentum_step``, beta 0.9)
        and "adam" (``adam_step``, default betas), for those of the three it holds.
    start : ndarray, shape (2,)
        Starting point of every path.
    n_steps : int
        Steps of every optimizer.

    Returns
    -------
    dict of str to ndarray, shape (n_steps + 1, 2)
        Every path, ``start`` first.
    """
    return training_figures.optimizer_paths(COURSE, learning_rates, start, n_steps)


def plot_optimizer_paths(
    learning_rates: dict[str, float] | None = None,
    start: ArrayLike = (1.0, 1.0),
    n_steps: int = 30,
) -> Figure:
    """The three optimizers on the contours of f(x, y) = 3/2 x^2 + 1/2 y^2.

    Parameters
    ----------
    learning_rates : dict, optional
        Passed to :func:`optimizer_paths`; default 0.1 for each of "sgd", "momentum", "adam".
    start, n_steps
        Passed to :func:`optimizer_paths`.

    Returns
    -------
    Figure
        One axes: the contours of f and one line per optimizer, labelled "sgd (learning rate
        r)" and so on, xdata the path's column 0, ydata its column 1.
    """
    return training_figures.optimizer_paths_figure(COURSE, learning_rates, start, n_steps)


def plot_init_experiment(depth: int = 8, width: int = 32, seed: int = 0) -> Figure:
    """One change at a time: per-layer gradient norms for every activation and init scheme.

    Parameters
    ----------
    depth, width : int
        Passed to ``layer_gradient_norms``.
    seed : int
        Every line uses ``layer_gradient_norms(depth, width, activation, default_rng(seed),
        scheme)``.

    Returns
    -------
    Figure
        One panel per activation ("sigmoid", "tanh", "relu", titled with the name and why), a
        log y scale shared by all, one line per scheme of :data:`INIT_SCHEMES` labelled with it,
        xdata the layers 1..depth, ydata the norms.
    """
    return training_figures.init_experiment(COURSE, depth, width, seed)


def plot_decision_boundaries(
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_val: ArrayLike,
    y_val: ArrayLike,
    hidden_sizes: Sequence[int] = (1, 2, 4, 32),
    seed: int = 0,
    resolution: int = 80,
) -> Figure:
    """The classes a two-layer network predicts over the plane, as its hidden layer grows.

    Parameters
    ----------
    X_train : ndarray, shape (n_train, 2)
    y_train : int ndarray, shape (n_train,)
    X_val : ndarray, shape (n_val, 2)
    y_val : int ndarray, shape (n_val,)
        E.g. from :func:`two_moons`.
    hidden_sizes : sequence of int
        One panel each: ``train_classifier(X_train, y_train, X_val, y_val, default_rng(seed),
        {**MOONS_CONFIG, "n_hidden": h})``.
    seed : int
        Seed of every panel's rng.
    resolution : int
        Grid points along each axis.

    Returns
    -------
    Figure
        Panel i titled "h hidden units: a validation accuracy" with an image (``imshow``, origin
        "lower") of ``predict`` on the grid, shape (resolution, resolution), row j at the j-th y
        and column i at the i-th x of ``np.linspace`` over the data's range widened by 0.5, and
        the training points as a scatter plot.
    """
    return training_figures.decision_boundaries(
        COURSE, X_train, y_train, X_val, y_val, hidden_sizes, seed, resolution
    )


def plot_first_layer_weights(params: dict[str, np.ndarray], n_units: int = 32) -> Figure:
    """The weights into the first hidden units of a digits classifier, each as an 8x8 tile.

    Parameters
    ----------
    params : dict
        A classifier of the digits, e.g. from ``train_classifier``: "W1" of shape (64, h).
    n_units : int
        At most this many units are shown, the first ones.

    Returns
    -------
    Figure
        One panel per unit j, an image (``imshow``) of ``W1[:, j].reshape(8, 8)`` on a colour
        scale symmetric about 0, titled "unit j".
    """
    return training_figures.first_layer_weights(COURSE, params, n_units)
