"""Pictures of how networks learn, drawn with the course's own functions.

This module is given code, not an exercise: every figure is computed by the functions of the
other topics, imported relatively, so in ``exercises/`` it draws what *your* functions compute.
A figure whose functions are still stubs cannot be drawn; the others can.

Each ``plot_*`` function takes the data (or settings) it needs and returns a
:class:`matplotlib.figure.Figure` without touching pyplot's global state, so it works in a
notebook with any backend. To write every figure as PNG::

    python -m exercises.plots OUT      # your functions
    python -m solutions.plots OUT      # the reference solutions (instructors)
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

try:
    from matplotlib.figure import Figure
except ImportError as exc:  # matplotlib is optional for students: the tests never need it
    raise ImportError(
        "plots.py draws with matplotlib, which is not installed: pip install matplotlib"
    ) from exc

from .activations import (
    leaky_relu,
    leaky_relu_prime,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    softmax,
    tanh,
    tanh_prime,
)
from .backprop import init_mlp, layer_gradient_norms, mlp_forward, mlp_loss_and_gradients
from .costs import cross_entropy, mse
from .digits import load_digits, predict, train_classifier
from .gradient_descent import (
    best_of_restarts,
    fit_line,
    gradient_descent,
    gradient_step,
    learning_rate_regime,
    line_cost,
)
from .overfitting import (
    best_polynomial_degree,
    early_stopping_epoch,
    fit_polynomial,
    polynomial_features,
    train_validation_split,
)
from .plots_training import (
    BOWL_CURVATURES,
    bowl,
    bowl_gradient,
    plot_decision_boundaries,
    plot_first_layer_weights,
    plot_init_experiment,
    plot_optimizer_paths,
    two_moons,
)

DPI = 90
"""Resolution of the PNG files written by :func:`main`."""


def _double_well(x: ArrayLike) -> np.ndarray:
    """f(x) = x^4 - 3 x^2 + x, elementwise: a local minimum near 1.13, the global near -1.30."""
    x = np.asarray(x, dtype=np.float64)
    return x**4 - 3 * x**2 + x


def _double_well_gradient(x: ArrayLike) -> np.ndarray:
    """f'(x) = 4 x^3 - 6 x + 1 of :func:`_double_well`, elementwise."""
    x = np.asarray(x, dtype=np.float64)
    return 4 * x**3 - 6 * x + 1


def plot_line_fit(
    x: ArrayLike,
    z: ArrayLike,
    w0: float = 0.0,
    learning_rate: float = 0.4,
    n_iterations: int = 4,
) -> Figure:
    """The two pictures of fitting z = w x by gradient descent (``fit_line``).

    Parameters
    ----------
    x : ndarray, shape (n,)
        Inputs.
    z : ndarray, shape (n,)
        Targets.
    w0, learning_rate, n_iterations
        Passed to ``fit_line``.

    Returns
    -------
    Figure
        Left: the cost J(w) = ``line_cost(w, x, z)`` on a grid of slopes, and the steps of
        ``fit_line`` on it (one line, xdata the slopes w_k, ydata J(w_k)). Right: the data as a
        scatter plot and the line z = w_k x of every step (one line per step, xdata a grid over
        the range of x).
    """
    x = np.asarray(x, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    ws = np.asarray(fit_line(x, z, w0, learning_rate, n_iterations), dtype=np.float64)
    costs = np.array([line_cost(w, x, z) for w in ws])
    margin = max(0.5, 0.25 * float(np.ptp(ws)))
    w_grid = np.linspace(ws.min() - margin, ws.max() + margin, 200)
    cost_grid = np.array([line_cost(w, x, z) for w in w_grid])

    fig = Figure(figsize=(9, 3.6), layout="constrained")
    cost_ax, data_ax = fig.subplots(1, 2)
    cost_ax.plot(w_grid, cost_grid, color="0.6", label="J(w)")
    cost_ax.plot(
        ws, costs, "o-", color="C3", label=f"fit_line steps (learning rate {learning_rate:g})"
    )
    labelled = -np.inf  # number only the steps far enough apart to be read
    for k, (w, cost) in enumerate(zip(ws, costs, strict=True)):
        if abs(w - labelled) > 0.05 * np.ptp(w_grid):
            cost_ax.annotate(str(k), (w, cost), textcoords="offset points", xytext=(4, 4))
            labelled = w
    cost_ax.set(xlabel="slope w", ylabel="cost J(w)", title="The cost J(w) and the steps on it")
    cost_ax.legend()

    data_ax.scatter(x, z, color="k", zorder=3, label="data")
    x_grid = np.linspace(x.min(), x.max(), 50)
    colors = [str(c) for c in np.linspace(0.8, 0.0, len(ws))]
    for k, (w, color) in enumerate(zip(ws, colors, strict=True)):
        data_ax.plot(x_grid, w * x_grid, color=color, label=f"step {k}: w = {w:.4g}")
    data_ax.set(xlabel="x", ylabel="z", title="The line z = w x after each step")
    data_ax.legend(fontsize="small")
    return fig


def plot_descent_paths(
    learning_rates: Sequence[float] = (0.2, 0.5, 0.7),
    start: ArrayLike = (1.0, 1.0),
    n_steps: int = 10,
) -> Figure:
    """Descent paths on the contours of f(x, y) = 3/2 x^2 + 1/2 y^2, one panel per learning rate.

    Parameters
    ----------
    learning_rates : sequence of float
        One panel each. The defaults converge (0.2), oscillate (0.5) and diverge (0.7).
    start : ndarray, shape (2,)
        Starting point of every path.
    n_steps : int
        Steps of ``gradient_descent``.

    Returns
    -------
    Figure
        In panel i, the line labelled "path" holds the trajectory of ``gradient_descent`` with
        ``learning_rates[i]`` (xdata its column 0, ydata its column 1); the title names the
        learning rate and its ``learning_rate_regime`` for the steepest direction (curvature 3).
    """
    paths = [
        np.asarray(gradient_descent(bowl_gradient, start, lr, n_steps), dtype=np.float64)
        for lr in learning_rates
    ]
    regimes = [learning_rate_regime(max(BOWL_CURVATURES), lr) for lr in learning_rates]
    finite = np.concatenate([path[np.all(np.isfinite(path), axis=1)] for path in paths])
    limit = 1.1 * max(1.0, float(np.max(np.abs(finite))))
    grid = np.linspace(-limit, limit, 121)
    gx, gy = np.meshgrid(grid, grid)
    levels = bowl(np.array([1.0, 1.0])) * np.geomspace(1 / 64, 1, 7) * max(1.0, limit**2)

    fig = Figure(figsize=(3.2 * len(paths), 3.4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(paths), sharex=True, sharey=True))
    for ax, lr, path, regime in zip(axes, learning_rates, paths, regimes, strict=True):
        ax.contour(gx, gy, bowl(np.stack([gx, gy])), levels=levels, colors="0.7", linewidths=0.8)
        ax.plot(path[:, 0], path[:, 1], "o-", color="C3", markersize=3, label="path")
        ax.plot(path[0, 0], path[0, 1], "s", color="k", label="start")
        ax.set(title=f"learning rate {lr:g}: {regime}", xlabel="x", aspect="equal")
        ax.set(xlim=(-limit, limit), ylim=(-limit, limit))
    axes[0].set_ylabel("y")
    fig.suptitle("Gradient descent on f(x, y) = 3/2 x² + 1/2 y²")
    return fig


def plot_restarts(
    starts: Sequence[float] = (-2.0, -0.5, 0.5, 2.0),
    learning_rate: float = 0.01,
    n_steps: int = 200,
) -> Figure:
    """Descents from several starts on f(x) = x^4 - 3 x^2 + x: local versus global minimum.

    Parameters
    ----------
    starts : sequence of float
        Starting points, one path each.
    learning_rate : float
        Step size.
    n_steps : int
        Steps of ``gradient_descent`` from every start.

    Returns
    -------
    Figure
        One axes: the curve f (label "f(x)"), for every start a line whose xdata is the
        trajectory of ``gradient_descent`` (column 0) and ydata f along it, labelled
        "start s: ... (global minimum)" or "(local minimum)", and the point found by
        ``best_of_restarts`` (label "best_of_restarts").
    """
    paths = [
        np.asarray(gradient_descent(_double_well_gradient, s, learning_rate, n_steps))[:, 0]
        for s in starts
    ]
    x_best, f_best = best_of_restarts(
        _double_well, _double_well_gradient, starts, learning_rate, n_steps
    )
    x_best = float(np.squeeze(x_best))

    lo = min(-2.2, min(float(np.min(p)) for p in paths))
    hi = max(2.2, max(float(np.max(p)) for p in paths))
    grid = np.linspace(lo, hi, 300)
    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.subplots()
    ax.plot(grid, _double_well(grid), color="0.6", label="f(x)")
    for k, (start, path) in enumerate(zip(starts, paths, strict=True)):
        f_end = float(_double_well(path[-1]))
        kind = "global" if np.isclose(f_end, f_best, rtol=0, atol=1e-6) else "local"
        label = f"start {start:g}: ends at x = {path[-1]:.4f} ({kind} minimum)"
        ax.plot(path, _double_well(path), "o-", color=f"C{k}", markersize=2.5, label=label)
    ax.plot([x_best], [f_best], "*", color="k", markersize=14, label="best_of_restarts")
    ax.set(xlabel="x", ylabel="f(x)", title="f(x) = x⁴ - 3x² + x: each start finds its own valley")
    ax.set_ylim(top=min(ax.get_ylim()[1], 12.0))
    ax.legend(fontsize="small")
    return fig


ACTIVATIONS: tuple[tuple[str, Callable, Callable], ...] = (
    ("sigmoid", sigmoid, sigmoid_prime),
    ("tanh", tanh, tanh_prime),
    ("relu", relu, relu_prime),
    ("leaky_relu", partial(leaky_relu, alpha=0.1), partial(leaky_relu_prime, alpha=0.1)),
)
"""The activations drawn by :func:`plot_activations` as (name, function, derivative); leaky_relu
with alpha = 0.1, so that its slope below 0 is visible."""


def plot_activations(z: ArrayLike | None = None) -> Figure:
    """Each activation with its derivative.

    Parameters
    ----------
    z : ndarray, shape (m,), optional
        Where to evaluate them; default 201 points on [-5, 5].

    Returns
    -------
    Figure
        One panel per entry of :data:`ACTIVATIONS`, titled with its name, holding two lines:
        "name(z)" and "name'(z)", xdata ``z``.
    """
    z = np.linspace(-5.0, 5.0, 201) if z is None else np.asarray(z, dtype=np.float64)
    fig = Figure(figsize=(2.6 * len(ACTIVATIONS), 2.8), layout="constrained")
    axes = fig.subplots(1, len(ACTIVATIONS), sharex=True)
    for ax, (name, f, f_prime) in zip(axes, ACTIVATIONS, strict=True):
        ax.axhline(0.0, color="0.85", linewidth=0.8)
        ax.plot(z, np.broadcast_to(f(z), z.shape), color="C0", label=f"{name}(z)")
        ax.plot(z, np.broadcast_to(f_prime(z), z.shape), "--", color="C3", label=f"{name}'(z)")
        title = "leaky_relu (alpha 0.1)" if name == "leaky_relu" else name
        ax.set(title=title, xlabel="z")
        ax.legend(fontsize="small", loc="upper left")
    return fig


def plot_gradient_norms(
    depth: int = 8,
    width: int = 32,
    activations: Sequence[str] = ("sigmoid", "tanh", "relu"),
    seed: int = 0,
) -> Figure:
    """The vanishing gradient: per-layer gradient norms of a fresh deep stack, on a log scale.

    Parameters
    ----------
    depth, width : int
        Passed to ``layer_gradient_norms``.
    activations : sequence of str
        One line each.
    seed : int
        Every line uses ``layer_gradient_norms(depth, width, name, np.random.default_rng(seed))``.

    Returns
    -------
    Figure
        One axes with a log y scale; one line per activation, labelled with its name, xdata the
        layers 1..depth, ydata the norms.
    """
    fig = Figure(figsize=(6, 3.8), layout="constrained")
    ax = fig.subplots()
    layers = np.arange(1, depth + 1)
    for name in activations:
        norms = layer_gradient_norms(depth, width, name, np.random.default_rng(seed))
        ax.plot(layers, np.asarray(norms, dtype=np.float64), "o-", label=name)
    ax.set_yscale("log")
    ax.set(
        xlabel="layer (1 = first, next to the input)",
        ylabel="norm of dL/dW",
        title=f"Gradient per layer at initialisation ({depth} layers of {width})",
    )
    ax.legend()
    return fig


def learning_curves(
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_val: ArrayLike,
    y_val: ArrayLike,
    rng: np.random.Generator,
    n_epochs: int = 200,
    learning_rate: float = 0.5,
    n_hidden: int = 64,
) -> tuple[np.ndarray, np.ndarray]:
    """Train the two-layer ReLU classifier by full-batch gradient descent, recording both losses.

    Parameters
    ----------
    X_train : ndarray, shape (n_train, d)
    y_train : int ndarray, shape (n_train,)
    X_val : ndarray, shape (n_val, d)
    y_val : int ndarray, shape (n_val,)
    rng : numpy.random.Generator
        Passed to ``init_mlp``.
    n_epochs : int
        Gradient steps, one per epoch (the whole training set is one batch).
    learning_rate : float
        Step size.
    n_hidden : int
        Hidden units.

    Returns
    -------
    train_losses, val_losses : ndarray, shape (n_epochs,)
        The mean softmax cross-entropy on each set after every epoch's step.
    """
    labels = np.asarray(y_train)
    n_classes = 1 + int(np.max(np.concatenate([labels, np.asarray(y_val)])))
    params = init_mlp(np.shape(X_train)[1], n_hidden, n_classes, rng)
    losses = np.empty((2, n_epochs))  # row 0 training, row 1 validation
    for epoch in range(n_epochs):
        grads = mlp_loss_and_gradients(params, X_train, labels, activation="relu")[1]
        params = gradient_step(params, grads, learning_rate=learning_rate)
        for row, (X, y) in enumerate([(X_train, labels), (X_val, y_val)]):
            scores = mlp_forward(params, X, activation="relu")[0]
            losses[row, epoch] = cross_entropy(y, softmax(scores))
    return losses[0], losses[1]


def plot_learning_curves(
    train_losses: ArrayLike,
    val_losses: ArrayLike,
    patience: int = 10,
    title: str = "Learning curves",
) -> Figure:
    """Training and validation loss per epoch, with the early-stopping epoch marked.

    Parameters
    ----------
    train_losses, val_losses : ndarray, shape (n_epochs,)
        The losses after every epoch, e.g. from :func:`learning_curves`.
    patience : int
        Passed to ``early_stopping_epoch``.
    title : str
        Title of the axes.

    Returns
    -------
    Figure
        One axes: lines "training loss" and "validation loss" (xdata the epochs 0..n_epochs-1)
        and a vertical line "early stopping: epoch e" at x = e =
        ``early_stopping_epoch(val_losses, patience)``.
    """
    train_losses = np.asarray(train_losses, dtype=np.float64)
    val_losses = np.asarray(val_losses, dtype=np.float64)
    stop = int(early_stopping_epoch(val_losses, patience))
    epochs = np.arange(len(val_losses))
    fig = Figure(figsize=(6, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.plot(epochs, train_losses, color="C0", label="training loss")
    ax.plot(epochs, val_losses, color="C3", label="validation loss")
    ax.axvline(stop, color="k", linestyle=":", label=f"early stopping: epoch {stop}")
    ax.plot([stop], [val_losses[stop]], "o", color="k")
    ax.set(xlabel="epoch", ylabel="cross-entropy", title=title)
    ax.legend()
    return fig


def plot_polynomial_degree(
    x_train: ArrayLike,
    y_train: ArrayLike,
    x_val: ArrayLike,
    y_val: ArrayLike,
    max_degree: int = 9,
) -> Figure:
    """Training and validation error against polynomial degree, and three of the fits.

    Parameters
    ----------
    x_train, y_train : ndarray, shape (n_train,)
    x_val, y_val : ndarray, shape (n_val,)
    max_degree : int
        Degrees 0..max_degree are fitted with ``fit_polynomial``.

    Returns
    -------
    Figure
        Left: lines "training MSE" and "validation MSE" (xdata the degrees, ydata the ``mse`` of
        each fit) on a log scale, and a vertical line "best_polynomial_degree: d" at x = d.
        Right: the data and the fitted curves of degree 1, d and ``max_degree``.
    """
    x_train = np.asarray(x_train, dtype=np.float64)
    y_train = np.asarray(y_train, dtype=np.float64)
    x_val = np.asarray(x_val, dtype=np.float64)
    y_val = np.asarray(y_val, dtype=np.float64)
    degrees = np.arange(max_degree + 1)
    coefficients = [fit_polynomial(x_train, y_train, d) for d in degrees]
    train_errors = [
        mse(y_train, polynomial_features(x_train, d) @ c)
        for d, c in zip(degrees, coefficients, strict=True)
    ]
    val_errors = [
        mse(y_val, polynomial_features(x_val, d) @ c)
        for d, c in zip(degrees, coefficients, strict=True)
    ]
    best = int(best_polynomial_degree(x_train, y_train, x_val, y_val, max_degree))

    fig = Figure(figsize=(9, 3.6), layout="constrained")
    error_ax, fit_ax = fig.subplots(1, 2)
    error_ax.plot(degrees, train_errors, "o-", color="C0", label="training MSE")
    error_ax.plot(degrees, val_errors, "o-", color="C3", label="validation MSE")
    error_ax.axvline(best, color="k", linestyle=":", label=f"best_polynomial_degree: {best}")
    error_ax.set_yscale("log")
    error_ax.set(xlabel="degree", ylabel="mean squared error", title="Error against model capacity")
    error_ax.legend(fontsize="small")

    grid = np.linspace(min(x_train.min(), x_val.min()), max(x_train.max(), x_val.max()), 200)
    fit_ax.scatter(x_val, y_val, s=10, color="0.6", label="validation data")
    fit_ax.scatter(x_train, y_train, color="k", zorder=3, label="training data")
    for degree, color in zip(sorted({1, best, max_degree}), ("C0", "C2", "C3"), strict=False):
        curve = polynomial_features(grid, degree) @ coefficients[degree]
        fit_ax.plot(grid, curve, color=color, label=f"degree {degree}")
    spread = np.ptp(np.concatenate([y_train, y_val]))
    fit_ax.set_ylim(
        min(y_train.min(), y_val.min()) - 0.3 * spread,
        max(y_train.max(), y_val.max()) + 0.3 * spread,
    )
    fit_ax.set(xlabel="x", ylabel="y", title="Underfit, best and overfit")
    fit_ax.legend(fontsize="small")
    return fig


def plot_misclassified(
    params: dict[str, np.ndarray], X: ArrayLike, y: ArrayLike, n_images: int = 8
) -> Figure:
    """The first test digits the classifier gets wrong, with their true and predicted labels.

    Parameters
    ----------
    params : dict
        A trained classifier, e.g. from ``train_classifier``, for ``predict``.
    X : ndarray, shape (n, 64)
        Test images, 8x8 pixels flattened row by row.
    y : int ndarray, shape (n,)
        Their labels.
    n_images : int
        At most this many digits are shown.

    Returns
    -------
    Figure
        One panel per misclassified digit (the first ``n_images`` in the order of ``X``), the
        image drawn with ``imshow`` and titled "true t, predicted p"; the figure's title gives
        the test accuracy. A single empty panel says so when nothing is misclassified.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    predicted = np.asarray(predict(params, X))
    wrong = np.flatnonzero(predicted != y)[:n_images]
    accuracy = float(np.mean(predicted == y))
    fig = Figure(figsize=(1.3 * max(len(wrong), 4), 1.9), layout="constrained")
    fig.suptitle(f"Misclassified test digits (test accuracy {accuracy:.1%} of {len(y)})")
    if len(wrong) == 0:
        ax = fig.subplots()
        ax.text(0.5, 0.5, "no misclassified digits", ha="center", va="center")
        ax.set_axis_off()
        return fig
    for ax, i in zip(np.atleast_1d(fig.subplots(1, len(wrong))), wrong, strict=True):
        ax.imshow(X[i].reshape(8, 8), cmap="gray_r", vmin=0.0, vmax=1.0)
        ax.set_title(f"true {y[i]}, predicted {predicted[i]}", fontsize="small")
        ax.set_axis_off()
    return fig


def _lesson_line_fit() -> Figure:
    x = np.linspace(-1.5, 1.5, 7)
    return plot_line_fit(x, 2 * x)


def _lesson_learning_curves() -> Figure:
    """80 training digits, a quarter of them with a wrong label, so that the network first learns
    the digits and then memorises the wrong labels: the validation loss turns back up."""
    X, y = load_digits()
    rng = np.random.default_rng(0)
    order = rng.permutation(len(X))
    train, val = order[:80], order[80:280]
    y_train = y[train].copy()
    wrong = rng.random(len(train)) < 0.25
    y_train[wrong] = (y_train[wrong] + rng.integers(1, 10, np.count_nonzero(wrong))) % 10
    losses = learning_curves(X[train], y_train, X[val], y[val], np.random.default_rng(1))
    return plot_learning_curves(
        *losses, title="Learning curves: 80 training digits, 1 in 4 mislabelled"
    )


def _lesson_polynomial_degree() -> Figure:
    rng = np.random.default_rng(0)
    x_train, x_val = rng.uniform(0, 1, 12), rng.uniform(0, 1, 60)
    y_train = np.sin(2 * np.pi * x_train) + rng.normal(0, 0.25, x_train.shape)
    y_val = np.sin(2 * np.pi * x_val) + rng.normal(0, 0.25, x_val.shape)
    return plot_polynomial_degree(x_train, y_train, x_val, y_val)


def _lesson_misclassified() -> Figure:
    """Train on 60 % of the digits, validate on 20 %, show mistakes on the last 20 %."""
    X, y = load_digits()
    X_rest, X_test, y_rest, y_test = train_validation_split(X, y, 0.2, np.random.default_rng(0))
    X_train, X_val, y_train, y_val = train_validation_split(
        X_rest, y_rest, 0.25, np.random.default_rng(1)
    )
    params = train_classifier(X_train, y_train, X_val, y_val, np.random.default_rng(2))
    return plot_misclassified(params, X_test, y_test)


def _lesson_decision_boundaries() -> Figure:
    rng = np.random.default_rng(0)
    return plot_decision_boundaries(*two_moons(200, rng), *two_moons(200, rng))


def _lesson_first_layer_weights() -> Figure:
    """The weights of a classifier trained on 80 % of the digits."""
    X, y = load_digits()
    X_train, X_val, y_train, y_val = train_validation_split(X, y, 0.2, np.random.default_rng(0))
    return plot_first_layer_weights(
        train_classifier(X_train, y_train, X_val, y_val, np.random.default_rng(1))
    )


FIGURES: dict[str, Callable[[], Figure]] = {
    "line_fit": _lesson_line_fit,
    "descent_paths": plot_descent_paths,
    "restarts": plot_restarts,
    "activations": plot_activations,
    "gradient_norms": plot_gradient_norms,
    "learning_curves": _lesson_learning_curves,
    "polynomial_degree": _lesson_polynomial_degree,
    "misclassified": _lesson_misclassified,
    "optimizer_paths": plot_optimizer_paths,
    "init_experiment": plot_init_experiment,
    "decision_boundaries": _lesson_decision_boundaries,
    "first_layer_weights": _lesson_first_layer_weights,
}
"""Every figure :func:`main` writes, by file name (without ``.png``), drawn with the lessons'
data."""


def _failure_message(exc: BaseException) -> str:
    """One line naming the course function where ``exc`` was raised."""
    package = Path(__file__).resolve().parent
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).resolve().parent == package
        and Path(frame.filename).name not in ("plots.py", "plots_training.py")
    ]
    if isinstance(exc, NotImplementedError) and frames:
        return f"{frames[-1].name}() in {Path(frames[-1].filename).name} is not implemented yet"
    where = (
        f" in {frames[-1].name}() ({Path(frames[-1].filename).name}:{frames[-1].lineno})"
        if frames
        else ""
    )
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}{where}: {detail}".rstrip(": ")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the figures as PNG files into a folder and print their paths.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (default ``sys.argv[1:]``): the output folder, and optionally
        ``--only NAME ...`` to write a subset of :data:`FIGURES`.

    Returns
    -------
    int
        0 when every figure was written, 1 when at least one could not be drawn (each failure
        is reported on stderr in one line naming the function, e.g. a stub not implemented yet).
    """
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}.plots",
        description="Draw the course's figures with this package's functions; write them as PNG.",
    )
    parser.add_argument("out", type=Path, help="folder for the PNG files (created if missing)")
    parser.add_argument(
        "--only", nargs="+", choices=list(FIGURES), metavar="NAME", help="write only these figures"
    )
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in args.only or FIGURES:
        try:
            fig = FIGURES[name]()
        except Exception as exc:  # one figure's failure must not stop the others
            print(f"{name}.png not written: {_failure_message(exc)}", file=sys.stderr)
            failed += 1
            continue
        path = args.out / f"{name}.png"
        fig.savefig(path, dpi=DPI)
        print(path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
