"""Pictures of the choices of training, and of what a trained network has learned.

Given code, like ``plots.py``: every figure is computed by the course's functions, so in
``exercises/`` it draws what *your* functions compute. ``python -m exercises.plots OUT`` writes
these figures with the others; the notebooks draw them one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

try:
    from matplotlib.figure import Figure
except ImportError as exc:  # matplotlib is optional for students: the tests never need it
    raise ImportError(
        "plots_training.py draws with matplotlib, which is not installed: pip install matplotlib"
    ) from exc

from .backprop import layer_gradient_norms
from .digits import predict, train_classifier
from .gradient_descent import adam_step, gradient_step, momentum_step

BOWL_CURVATURES = (3.0, 1.0)
"""Second derivatives of f(x, y) = 3/2 x^2 + 1/2 y^2 along x and along y."""


def bowl(point: np.ndarray) -> float:
    """f(x, y) = 3/2 x^2 + 1/2 y^2 at ``point``, shape (2,) (or (2, ...) for a grid)."""
    return 0.5 * (BOWL_CURVATURES[0] * point[0] ** 2 + BOWL_CURVATURES[1] * point[1] ** 2)


def bowl_gradient(point: np.ndarray) -> np.ndarray:
    """Gradient (3 x, y) of :func:`bowl` at ``point``, shape (2,)."""
    return np.asarray(BOWL_CURVATURES) * point


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


def optimizer_paths(
    learning_rates: dict[str, float], start: ArrayLike = (1.0, 1.0), n_steps: int = 30
) -> dict[str, np.ndarray]:
    """The points each optimizer visits on :func:`bowl` from ``start``.

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
    paths = {}
    for name, learning_rate in learning_rates.items():
        point, state = np.asarray(start, dtype=np.float64), None
        path = [point]
        for _ in range(n_steps):
            grads = bowl_gradient(point)
            if name == "sgd":
                point = gradient_step(point, grads, learning_rate)
            elif name == "momentum":
                point, state = momentum_step(point, grads, state, learning_rate)
            else:
                point, state = adam_step(point, grads, state, learning_rate)
            path.append(np.asarray(point, dtype=np.float64))
        paths[name] = np.array(path)
    return paths


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
    rates = learning_rates or {"sgd": 0.1, "momentum": 0.1, "adam": 0.1}
    paths = optimizer_paths(rates, start, n_steps)
    finite = np.concatenate([p[np.all(np.isfinite(p), axis=1)] for p in paths.values()])
    limit = 1.15 * max(1.0, float(np.max(np.abs(finite))))
    grid = np.linspace(-limit, limit, 121)
    gx, gy = np.meshgrid(grid, grid)
    fig = Figure(figsize=(5.2, 4.8), layout="constrained")
    ax = fig.subplots()
    ax.contour(gx, gy, bowl(np.stack([gx, gy])), levels=12, colors="0.75", linewidths=0.8)
    for k, (name, path) in enumerate(paths.items()):
        label = f"{name} (learning rate {rates[name]:g})"
        ax.plot(path[:, 0], path[:, 1], "o-", color=f"C{k}", markersize=2.5, label=label)
    ax.plot(*np.asarray(start, dtype=np.float64), "s", color="k")
    ax.set(xlabel="x", ylabel="y", aspect="equal", xlim=(-limit, limit), ylim=(-limit, limit))
    ax.set_title(f"{n_steps} steps of each optimizer on f(x, y) = 3/2 x² + 1/2 y²")
    ax.legend(fontsize="small", loc="lower left")
    return fig


INIT_SCHEMES = ("glorot", "he", "small")
WHY = {
    "sigmoid": "slope at most 1/4, vanishes",
    "tanh": "slope 1 at 0, Glorot holds",
    "relu": "He holds, small weights vanish",
}


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
    fig = Figure(figsize=(10.5, 3.6), layout="constrained")
    axes = fig.subplots(1, len(WHY), sharey=True)
    layers = np.arange(1, depth + 1)
    for ax, activation in zip(axes, WHY, strict=True):
        for scheme in INIT_SCHEMES:
            rng = np.random.default_rng(seed)
            norms = layer_gradient_norms(depth, width, activation, rng, scheme)
            ax.plot(layers, np.asarray(norms, dtype=np.float64), "o-", label=scheme)
        ax.set_yscale("log")
        ax.set(title=f"{activation}: {WHY[activation]}", xlabel="layer (1 = next to the input)")
    axes[0].set_ylabel("norm of dL/dW")
    axes[0].legend(title="init_weights scheme", fontsize="small")
    fig.suptitle(f"Gradient per layer at initialisation, {depth} layers of {width}")
    return fig


MOONS_CONFIG: dict[str, Any] = {
    "learning_rate": 0.5,
    "batch_size": 20,
    "max_epochs": 300,
    "patience": 40,
    "l2": 0.0,
    "optimizer": "sgd",
}
"""The ``train_classifier`` config of :func:`plot_decision_boundaries`, apart from n_hidden."""


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
    X_train, X_val = (np.asarray(X, dtype=np.float64) for X in (X_train, X_val))
    y_train, y_val = np.asarray(y_train), np.asarray(y_val)
    both = np.concatenate([X_train, X_val])
    xs, ys = (
        np.linspace(both[:, i].min() - 0.5, both[:, i].max() + 0.5, resolution) for i in (0, 1)
    )
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    fig = Figure(figsize=(3 * len(hidden_sizes), 3.2), layout="constrained")
    for ax, h in zip(np.atleast_1d(fig.subplots(1, len(hidden_sizes))), hidden_sizes, strict=True):
        config = {**MOONS_CONFIG, "n_hidden": h}
        params = train_classifier(
            X_train, y_train, X_val, y_val, np.random.default_rng(seed), config
        )
        regions = np.asarray(predict(params, grid)).reshape(gx.shape)
        accuracy = float(np.mean(np.asarray(predict(params, X_val)) == y_val))
        extent = (xs[0], xs[-1], ys[0], ys[-1])
        ax.imshow(
            regions, origin="lower", extent=extent, cmap="coolwarm", alpha=0.35, aspect="auto"
        )
        ax.scatter(X_train[:, 0], X_train[:, 1], c=y_train, cmap="coolwarm", s=8, edgecolors="k")
        ax.set_title(f"{h} hidden units: {accuracy:.0%} validation accuracy", fontsize="small")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle("What the network can draw grows with its hidden layer")
    return fig


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
    W1 = np.asarray(params["W1"], dtype=np.float64)
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
