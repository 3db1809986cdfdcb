"""Pictures of how networks learn, drawn with the course's own functions.

This module is given code, not an exercise: every figure is computed by the functions of the
other topics, imported relatively, so in ``exercises/`` it draws what *your* functions compute.
A figure whose functions are still stubs cannot be drawn; the others can. Each function gets
its own copy of its inputs, so one that changes its argument in place spoils no other figure.
The drawing itself is :mod:`autograder.figures`, shared with the grader's HTML report, and
:mod:`autograder.training_figures` for the figures of ``plots_training.py``.

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

from autograder import figures, training_figures

from . import activations, backprop, costs, digits, gradient_descent, layers, overfitting

COURSE = figures.LocalCourse(
    {
        "activations": activations,
        "costs": costs,
        "gradient_descent": gradient_descent,
        "layers": layers,
        "backprop": backprop,
        "overfitting": overfitting,
        "digits": digits,
    }
)
"""The course functions of this package, as the figures call them."""

DPI = 90
"""Resolution of the PNG files written by :func:`main`."""


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
    return figures.line_fit(COURSE, x, z, w0, learning_rate, n_iterations)


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
    return figures.descent_paths(COURSE, learning_rates, start, n_steps)


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
    return figures.restarts(COURSE, starts, learning_rate, n_steps)


def plot_activations(z: ArrayLike | None = None) -> Figure:
    """Each activation with its derivative.

    Parameters
    ----------
    z : ndarray, shape (m,), optional
        Where to evaluate them; default 201 points on [-5, 5].

    Returns
    -------
    Figure
        One panel per entry of :data:`autograder.figures.ACTIVATIONS`, titled with its name, holding two lines:
        "name(z)" and "name'(z)", xdata ``z``.
    """
    return figures.activations(COURSE, z)


def _first(value: ArrayLike) -> float:
    """The one number of a 1-element array (the chain's values are 1 x 1 arrays)."""
    return float(np.asarray(value).reshape(-1)[0])


def plot_chain_nodes(x: float = 0.1, target: float = 0.25) -> Figure:
    """The lesson's two-neuron chain (w1 = 0.15, b1 = 0.4, w2 = 0.45, b2 = 0.65) as nodes.

    Parameters
    ----------
    x, target : float
        The input and the target T of E = 1/2 (T - a2)^2.

    Returns
    -------
    Figure
        One axes. A box per node (L1, S1, L2, S2, E) with what it computes and its local
        gradients below it; over each arrow the value passed forward, under it the gradient of E
        passed back; under each linear node the gradients of its weight and bias.
    """
    z1, linear1 = COURSE.layers.linear_forward(
        [[x]], [[0.15]], [0.4]
    )  # computed with the nodes of layers.py
    a1, sigmoid1 = COURSE.layers.sigmoid_forward(z1)
    z2, linear2 = COURSE.layers.linear_forward(a1, [[0.45]], [0.65])
    a2, sigmoid2 = COURSE.layers.sigmoid_forward(z2)
    da2 = COURSE.costs.half_squared_error_gradient([[target]], a2)
    dz2 = COURSE.layers.sigmoid_backward(da2, sigmoid2)
    da1, dw2, db2 = COURSE.layers.linear_backward(dz2, linear2)
    dz1 = COURSE.layers.sigmoid_backward(da1, sigmoid1)
    _, dw1, db1 = COURSE.layers.linear_backward(dz1, linear1)
    one = np.ones((1, 1))  # the backwards of an upstream gradient of 1 are the local gradients
    local1, local2 = (
        COURSE.layers.linear_backward(one, linear1),
        COURSE.layers.linear_backward(one, linear2),
    )
    s1, s2 = (
        COURSE.layers.sigmoid_backward(one, sigmoid1),
        COURSE.layers.sigmoid_backward(one, sigmoid2),
    )
    nodes = [
        ("L1", "z1 = w1 x + b1", f"∂z1/∂w1 = {_first(local1[1]):.4g}\n∂z1/∂b1 = 1"),
        ("S1", "a1 = sigmoid(z1)", f"∂a1/∂z1 = {_first(s1):.4g}"),
        (
            "L2",
            "z2 = w2 a1 + b2",
            f"∂z2/∂a1 = {_first(local2[0]):.4g}\n∂z2/∂w2 = {_first(local2[1]):.4g}",
        ),
        ("S2", "a2 = sigmoid(z2)", f"∂a2/∂z2 = {_first(s2):.4g}"),
        ("E", "E = 1/2 (T - a2)^2", f"∂E/∂a2 = {_first(da2):.4g}"),
    ]
    arrows = [("x", x, None), ("z1", z1, dz1), ("a1", a1, da1), ("z2", z2, dz2), ("a2", a2, da2)]
    fig = Figure(figsize=(12, 3.8), layout="constrained")
    ax = fig.subplots()
    gap = 2.6  # between node centres; each box is about 1.6 wide
    for i, ((name, what, local), (value, forward, back)) in enumerate(
        zip(nodes, arrows, strict=True)
    ):
        centre, start = gap * i, gap * i - gap + 0.85 if i else -1.9
        ax.annotate("", (centre - 0.85, 0), (start, 0), arrowprops={"arrowstyle": "->"})
        middle = (start + centre - 0.85) / 2
        ax.text(middle, 0.08, f"{value} = {_first(forward):.4g}", ha="center", color="C0")
        if back is not None:
            text = f"∂E/∂{value}\n= {_first(back):.4g}"
            ax.text(middle, -0.1, text, ha="center", va="top", color="C3")
        ax.text(centre, 0, f"{name}\n{what}", ha="center", va="center", bbox={"fc": "0.95"})
        ax.text(centre, -0.45, local, ha="center", va="top", fontsize="small")
    for i, (w, b) in enumerate(((dw1, db1), (dw2, db2))):
        text = f"∂E/∂w{i + 1} = {_first(w):.4g}\n∂E/∂b{i + 1} = {_first(b):.4g}"
        ax.text(2 * gap * i, 0.3, text, ha="center", color="C3", fontsize="small")
    ax.set(xlim=(-2.0, 4 * gap + 1.0), ylim=(-0.8, 0.6))
    ax.set_axis_off()
    ax.set_title(
        f"The chain as nodes: x = {x:g}, T = {target:g}, E = {COURSE.costs.half_squared_error(target, a2):.4g}"
    )
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
    return figures.gradient_norms(COURSE, depth, width, activations, seed)


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
    return figures.learning_curves(
        COURSE, X_train, y_train, X_val, y_val, rng, n_epochs, learning_rate, n_hidden
    )


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
    return figures.plot_learning_curves(COURSE, train_losses, val_losses, patience, title)


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
    return figures.polynomial_degree(COURSE, x_train, y_train, x_val, y_val, max_degree)


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
    return figures.misclassified(COURSE, params, X, y, n_images)


FIGURES: dict[str, Callable[[], Figure]] = {
    name: partial(lesson, COURSE) for name, lesson in figures.LESSONS.items()
}
FIGURES["chain_nodes"] = plot_chain_nodes
FIGURES.update({name: partial(lesson, COURSE) for name, lesson in training_figures.LESSONS.items()})
"""Every figure :func:`main` writes, by file name (without ``.png``), drawn with the lessons'
data."""


def _failure_message(exc: BaseException) -> str:
    """One line naming the course function where ``exc`` was raised."""
    package = Path(__file__).resolve().parent
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).resolve().parent == package
        and Path(frame.filename).name != "plots.py"
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
