"""The figures of training choices and of what a trained network learned, through a course.

Like :mod:`autograder.figures`, every figure takes ``course`` and calls the course functions
through it (``course.<topic>.<function>``, ``course.given(name)``, ``course.rng(seed)``), so
``solutions/plots_training.py`` draws them with the functions of its own package, each call
with its own copy of its arrays. A value of the wrong shape or type raises
:class:`autograder.figures.FigureDataError` naming the function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .figures import FigureDataError, _array, _bowl

INIT_SCHEMES = ("glorot", "he", "small")
"""The ``init_weights`` schemes of the init experiment, one line each."""

WHY = {
    "sigmoid": "slope at most 1/4, vanishes",
    "tanh": "slope 1 at 0, Glorot holds",
    "relu": "He holds, small weights vanish",
}
"""The activations of the init experiment, one panel each, with what the panel shows."""

MOONS_CONFIG: dict[str, Any] = {
    "learning_rate": 0.5,
    "batch_size": 20,
    "max_epochs": 300,
    "patience": 40,
    "l2": 0.0,
    "optimizer": "sgd",
}
"""The ``train_classifier`` config of :func:`decision_boundaries`, apart from n_hidden."""


def two_moons(
    n: int, rng: np.random.Generator, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D toy set: two interleaving half circles, one per class, with Gaussian noise.

    Parameters
    ----------
    n : int
        Number of points; classes alternate, 0 first.
    rng : numpy.random.Generator
        Source of randomness: the angles, then the noise.
    noise : float, default 0.2
        Standard deviation of the noise added to both coordinates.

    Returns
    -------
    X : ndarray, shape (n, 2), float64
        Class 0 lies near (cos t, sin t), class 1 near (1 - cos t, 1/2 - sin t), t in [0, pi].
    y : int ndarray, shape (n,)
        The class of every point.
    """
    y = np.arange(n) % 2
    t = rng.uniform(0.0, np.pi, n)
    X = np.where(
        y[:, None] == 0,
        np.column_stack([np.cos(t), np.sin(t)]),
        np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)]),
    )
    return X + rng.normal(0.0, noise, X.shape), y.astype(np.int64)


def _as_point(value: object, what: str) -> np.ndarray:
    point = _array(value, what)
    if point.shape != (2,):
        raise FigureDataError(f"{what} should return a point of shape (2,), got {point.shape}")
    return point


def optimizer_paths(
    course, learning_rates: dict[str, float], start: ArrayLike = (1.0, 1.0), n_steps: int = 30
) -> dict[str, np.ndarray]:
    """The points "sgd" (``gradient_step``), "momentum" (``momentum_step``, beta 0.9) and
    "adam" (``adam_step``, default betas) visit on the bowl from ``start``, for those of the
    three that ``learning_rates`` holds: each an array of shape (n_steps + 1, 2), start first."""
    gd = course.gradient_descent
    gradient = course.given("bowl_gradient")
    paths = {}
    for name, learning_rate in learning_rates.items():
        point, state = np.asarray(start, dtype=np.float64), None
        path = [point]
        for _ in range(n_steps):
            grads = gradient(point)
            if name == "sgd":
                point = gd.gradient_step(point, grads, learning_rate)
            elif name == "momentum":
                point, state = gd.momentum_step(point, grads, state, learning_rate)
            elif name == "adam":
                point, state = gd.adam_step(point, grads, state, learning_rate)
            else:
                raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {name!r}")
            point = _as_point(point, f"the {name} step")
            path.append(point)
        paths[name] = np.array(path)
    return paths


def optimizer_paths_figure(
    course, learning_rates: dict[str, float] | None = None, start=(1.0, 1.0), n_steps=30
) -> Figure:
    """The three optimizers' paths on the contours of the bowl, one line each."""
    rates = learning_rates or {"sgd": 0.1, "momentum": 0.1, "adam": 0.1}
    paths = optimizer_paths(course, rates, start, n_steps)
    finite = np.concatenate([p[np.all(np.isfinite(p), axis=1)] for p in paths.values()])
    limit = 1.15 * max(1.0, float(np.max(np.abs(finite), initial=0.0)))
    grid = np.linspace(-limit, limit, 121)
    gx, gy = np.meshgrid(grid, grid)
    fig = Figure(figsize=(5.2, 4.8), layout="constrained")
    ax = fig.subplots()
    ax.contour(gx, gy, _bowl(np.stack([gx, gy])), levels=12, colors="0.75", linewidths=0.8)
    for k, (name, path) in enumerate(paths.items()):
        label = f"{name} (learning rate {rates[name]:g})"
        ax.plot(path[:, 0], path[:, 1], "o-", color=f"C{k}", markersize=2.5, label=label)
    ax.plot(*np.asarray(start, dtype=np.float64), "s", color="k")
    ax.set(xlabel="x", ylabel="y", aspect="equal", xlim=(-limit, limit), ylim=(-limit, limit))
    ax.set_title(f"{n_steps} steps of each optimizer on f(x, y) = 3/2 x² + 1/2 y²")
    ax.legend(fontsize="small", loc="lower left")
    return fig


def init_experiment(course, depth=8, width=32, seed=0) -> Figure:
    """Per-layer gradient norms for every activation of :data:`WHY` (one panel each) and every
    scheme of :data:`INIT_SCHEMES` (one line each), on a shared log scale."""
    fig = Figure(figsize=(10.5, 3.6), layout="constrained")
    axes = fig.subplots(1, len(WHY), sharey=True)
    layers = np.arange(1, depth + 1)
    for ax, activation in zip(axes, WHY, strict=True):
        for scheme in INIT_SCHEMES:
            norms = course.backprop.layer_gradient_norms(
                depth, width, activation, course.rng(seed), scheme
            )
            what = f"layer_gradient_norms(..., {activation!r}, ..., {scheme!r})"
            ax.plot(layers, _array(norms, what, 1, depth), "o-", label=scheme)
        ax.set_yscale("log")
        ax.set(title=f"{activation}: {WHY[activation]}", xlabel="layer (1 = next to the input)")
    axes[0].set_ylabel("norm of dL/dW")
    axes[0].legend(title="init_weights scheme", fontsize="small")
    fig.suptitle(f"Gradient per layer at initialisation, {depth} layers of {width}")
    return fig


def decision_boundaries(
    course,
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_val: ArrayLike,
    y_val: ArrayLike,
    hidden_sizes: Sequence[int] = (1, 2, 4, 32),
    seed: int = 0,
    resolution: int = 80,
) -> Figure:
    """The classes ``predict`` gives over the plane, one panel per hidden size h, each network
    ``train_classifier(..., rng(seed), {**MOONS_CONFIG, "n_hidden": h})``."""
    X_train, X_val = (np.asarray(X, dtype=np.float64) for X in (X_train, X_val))
    y_train, y_val = np.asarray(y_train), np.asarray(y_val)
    both = np.concatenate([X_train, X_val])
    xs, ys = (
        np.linspace(both[:, i].min() - 0.5, both[:, i].max() + 0.5, resolution) for i in (0, 1)
    )
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    digits = course.digits
    fig = Figure(figsize=(3 * len(hidden_sizes), 3.2), layout="constrained")
    for ax, h in zip(np.atleast_1d(fig.subplots(1, len(hidden_sizes))), hidden_sizes, strict=True):
        config = {**MOONS_CONFIG, "n_hidden": h}
        params = digits.train_classifier(X_train, y_train, X_val, y_val, course.rng(seed), config)
        regions = _array(digits.predict(params, grid), "predict(params, grid)", 1, len(grid))
        predicted = _array(digits.predict(params, X_val), "predict(params, X_val)", 1, len(y_val))
        accuracy = float(np.mean(predicted == y_val))
        extent = (xs[0], xs[-1], ys[0], ys[-1])
        ax.imshow(
            regions.reshape(gx.shape),
            origin="lower",
            extent=extent,
            cmap="coolwarm",
            alpha=0.35,
            aspect="auto",
        )
        ax.scatter(X_train[:, 0], X_train[:, 1], c=y_train, cmap="coolwarm", s=8, edgecolors="k")
        ax.set_title(f"{h} hidden units: {accuracy:.0%} validation accuracy", fontsize="small")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle("What the network can draw grows with its hidden layer")
    return fig


def first_layer_weights(course, params: dict[str, np.ndarray], n_units: int = 32) -> Figure:
    """The weights into the first ``n_units`` hidden units, each ``W1[:, j]`` as an 8x8 tile on
    a colour scale symmetric about 0."""
    W1 = _array(params["W1"], 'params["W1"]', 2, 64)
    shown = min(n_units, W1.shape[1])
    columns = min(8, shown)
    rows = -(-shown // columns)
    fig = Figure(figsize=(1.2 * columns, 1.35 * rows + 0.4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, columns)).ravel()
    for j, ax in enumerate(axes):
        ax.set_axis_off()
        if j < shown:
            limit = float(np.max(np.abs(W1[:, j]))) or 1.0
            ax.imshow(W1[:, j].reshape(8, 8), cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set_title(f"unit {j}", fontsize="x-small")
    fig.suptitle("Weights into the first hidden units (red +, blue -)")
    return fig


# --- the lessons' figures, on the lessons' data ------------------------------------------------
def lesson_decision_boundaries(course, expected=False) -> Figure:
    rng = np.random.default_rng(0)
    return decision_boundaries(course, *two_moons(200, rng), *two_moons(200, rng))


def lesson_first_layer_weights(course, expected=False) -> Figure:
    """The weights of a classifier trained on 80 % of the digits."""
    X, y = course.digits.load_digits()
    split = course.overfitting.train_validation_split
    X_train, X_val, y_train, y_val = split(X, y, 0.2, course.rng(0))
    params = course.digits.train_classifier(X_train, y_train, X_val, y_val, course.rng(1))
    return first_layer_weights(course, params)


LESSONS: dict[str, Callable[..., Figure]] = {
    "optimizer_paths": lambda course, expected=False: optimizer_paths_figure(course),
    "init_experiment": lambda course, expected=False: init_experiment(course),
    "decision_boundaries": lesson_decision_boundaries,
    "first_layer_weights": lesson_first_layer_weights,
}
"""Every figure of the training lessons, by name: ``LESSONS[name](course, expected=False)``."""
