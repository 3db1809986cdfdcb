"""The lessons' figures, computed by a course's functions and drawn with matplotlib.

Every figure takes ``course``, through which it calls the course functions:
``course.<topic>.<function>(...)``, ``course.given(name)`` for a function of
:mod:`autograder.sandbox.course_functions` passed as an argument (a gradient to descend), and
``course.rng(seed)`` for a ``numpy.random.default_rng(seed)``. Two kinds of course exist:

* :class:`LocalCourse`, the topic modules of one package called in this process, each call
  with its own copy of its array arguments; ``solutions/plots.py`` (copied to
  ``exercises/plots.py``) draws with it;
* the grading plugin's ``Course``, which runs each call in the sandbox worker and gets plain data
  back; the HTML report draws with it, so student code never runs in the grading process.

Each figure returns a :class:`matplotlib.figure.Figure` without touching pyplot's global state.
With ``expected=True`` it also draws what the lesson says should happen, where that is known in
closed form. A value of the wrong shape or type raises :class:`FigureDataError` naming the
function, instead of drawing garbage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .sandbox import course_functions

BOWL_CURVATURES = (3.0, 1.0)
"""Second derivatives of f(x, y) = 3/2 x^2 + 1/2 y^2 along x and along y."""

MAX_DESCENT_VIEW = 5.0
"""Half the width of the descent paths' view: far more than the lesson's paths need."""

LEAKY_ALPHA = 0.1
"""The slope below 0 of leaky_relu in the activations figure, large enough to be seen."""


class FigureDataError(ValueError):
    """A course function returned something a figure cannot be drawn from."""


def _fresh(value: object) -> object:
    """A copy of every array in ``value`` (arrays, and dicts, lists and tuples of them)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_fresh(item) for item in value)
    return value


class _Topic:
    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Callable[..., object]:
        function = getattr(self._module, name)

        def call(*args: object, **kwargs: object) -> object:
            return function(*_fresh(args), **_fresh(kwargs))

        return call


class LocalCourse:
    """The topic modules of one package, each call given its own copy of its arrays.

    Without the copies, an activation that changes its input in place would change the input
    of the next activation drawn.
    """

    def __init__(self, topics: Mapping[str, ModuleType]) -> None:
        self._topics = dict(topics)

    def __getattr__(self, topic: str) -> _Topic:
        try:
            return _Topic(self._topics[topic])
        except KeyError:
            raise AttributeError(f"no topic {topic!r}") from None

    def given(self, name: str) -> Callable[..., object]:
        return course_functions.FUNCTIONS[name]

    def rng(self, seed: int) -> np.random.Generator:
        return np.random.default_rng(seed)


def _array(
    value: object, what: str, ndim: int | None = None, size: int | None = None
) -> np.ndarray:
    """``value`` as a finite float array of ``ndim`` dimensions and ``size`` rows, or raise."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise FigureDataError(f"{what} should be numbers, got {type(value).__name__}") from None
    if ndim is not None and array.ndim != ndim:
        raise FigureDataError(f"{what} should have {ndim} dimension(s), got shape {array.shape}")
    if size is not None and len(array) != size:
        raise FigureDataError(f"{what} should have {size} rows, got shape {array.shape}")
    return array


def _like(value: object, what: str, z: np.ndarray) -> np.ndarray:
    """``value`` as a float array of ``z``'s shape (one number is spread), or raise."""
    array = _array(value, what)
    if array.size not in (1, z.size):
        raise FigureDataError(f"{what} should have the shape {z.shape} of z, got {array.shape}")
    return np.broadcast_to(array.reshape(z.shape) if array.size == z.size else array, z.shape)


def _label(value: object) -> str:
    """A string a function returned, safe for a title (no mathtext, short)."""
    return str(value).replace("$", "")[:40]


def _double_well(x: ArrayLike) -> np.ndarray:
    """f(x) = x^4 - 3 x^2 + x, elementwise."""
    x = np.asarray(x, dtype=np.float64)
    return x**4 - 3 * x**2 + x


def _bowl(points: np.ndarray) -> np.ndarray:
    """f(x, y) = 3/2 x^2 + 1/2 y^2 along the first axis of ``points``."""
    return 0.5 * (BOWL_CURVATURES[0] * points[0] ** 2 + BOWL_CURVATURES[1] * points[1] ** 2)


def line_fit(
    course, x: ArrayLike, z: ArrayLike, w0=0.0, learning_rate=0.4, n_iterations=4, expected=False
) -> Figure:
    """Left: the cost J(w) and the steps of ``fit_line`` on it; right: the data and each line.

    With ``expected``, the right panel also shows the line through the data, z = w* x, with w*
    the least-squares slope the steps should approach.
    """
    x = np.asarray(x, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    ws = _array(
        course.gradient_descent.fit_line(x, z, w0, learning_rate, n_iterations), "fit_line(...)", 1
    )
    if not np.all(np.isfinite(ws)):
        raise FigureDataError(f"fit_line(...) returned slopes that are not finite: {ws}")
    cost = course.gradient_descent.line_cost
    costs = np.array([float(cost(w, x, z)) for w in ws])
    margin = max(0.5, 0.25 * float(np.ptp(ws)))
    w_grid = np.linspace(ws.min() - margin, ws.max() + margin, 200)
    cost_grid = np.array([float(cost(w, x, z)) for w in w_grid])

    fig = Figure(figsize=(9, 3.6), layout="constrained")
    cost_ax, data_ax = fig.subplots(1, 2)
    cost_ax.plot(w_grid, cost_grid, color="0.6", label="J(w)")
    cost_ax.plot(
        ws, costs, "o-", color="C3", label=f"fit_line steps (learning rate {learning_rate:g})"
    )
    labelled = -np.inf  # number only the steps far enough apart to be read
    for k, (w, c) in enumerate(zip(ws, costs, strict=True)):
        if abs(w - labelled) > 0.05 * np.ptp(w_grid):
            cost_ax.annotate(str(k), (w, c), textcoords="offset points", xytext=(4, 4))
            labelled = w
    cost_ax.set(xlabel="slope w", ylabel="cost J(w)", title="The cost J(w) and the steps on it")
    cost_ax.legend()

    data_ax.scatter(x, z, color="k", zorder=3, label="data")
    x_grid = np.linspace(x.min(), x.max(), 50)
    colors = [str(c) for c in np.linspace(0.8, 0.0, len(ws))]
    for k, (w, color) in enumerate(zip(ws, colors, strict=True)):
        data_ax.plot(x_grid, w * x_grid, color=color, label=f"step {k}: w = {w:.4g}")
    if expected:
        best = float(x @ z / (x @ x))
        data_ax.plot(
            x_grid, best * x_grid, ":", color="C2", lw=2, label=f"expected: w = {best:.4g}"
        )
    data_ax.set(xlabel="x", ylabel="z", title="The line z = w x after each step")
    data_ax.legend(fontsize="small")
    return fig


def descent_paths(
    course, learning_rates=(0.2, 0.5, 0.7), start=(1.0, 1.0), n_steps=10, expected=False
) -> Figure:
    """Paths of ``gradient_descent`` on the bowl's contours, one panel per learning rate.

    With ``expected``, each panel also shows the exact path, (1 - 3 lr)^k x0 and (1 - lr)^k y0.
    """
    paths = [
        _array(
            course.gradient_descent.gradient_descent(
                course.given("bowl_gradient"), np.asarray(start, dtype=np.float64), lr, n_steps
            ),
            f"gradient_descent(..., learning_rate={lr:g})",
            2,
            n_steps + 1,
        )
        for lr in learning_rates
    ]
    if any(path.shape[1] != 2 for path in paths):
        raise FigureDataError(
            f"gradient_descent(...) should return points of 2 coordinates, got shape {paths[0].shape}"
        )
    regimes = [
        _label(course.gradient_descent.learning_rate_regime(max(BOWL_CURVATURES), lr))
        for lr in learning_rates
    ]
    finite = np.concatenate([path[np.all(np.isfinite(path), axis=1)] for path in paths])
    # A diverging path leaves the picture rather than shrinking the others to a dot.
    limit = min(1.1 * max(1.0, float(np.max(np.abs(finite), initial=0.0))), MAX_DESCENT_VIEW)
    grid = np.linspace(-limit, limit, 121)
    gx, gy = np.meshgrid(grid, grid)
    levels = _bowl(np.array([1.0, 1.0])) * np.geomspace(1 / 64, 1, 7) * max(1.0, limit**2)

    fig = Figure(figsize=(3.2 * len(paths), 3.4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(paths), sharex=True, sharey=True))
    steps = np.arange(n_steps + 1)[:, None]
    for ax, lr, path, regime in zip(axes, learning_rates, paths, regimes, strict=True):
        ax.contour(gx, gy, _bowl(np.stack([gx, gy])), levels=levels, colors="0.7", linewidths=0.8)
        if expected:
            exact = np.asarray(start) * (1 - lr * np.asarray(BOWL_CURVATURES)) ** steps
            ax.plot(exact[:, 0], exact[:, 1], ":", color="C2", lw=2, label="expected")
        ax.plot(path[:, 0], path[:, 1], "o-", color="C3", markersize=3, label="path")
        ax.plot(path[0, 0], path[0, 1], "s", color="k", label="start")
        ax.set(title=f"learning rate {lr:g}: {regime}", xlabel="x", aspect="equal")
        ax.set(xlim=(-limit, limit), ylim=(-limit, limit))
    axes[0].set_ylabel("y")
    if expected:
        axes[0].legend(fontsize="small", loc="lower left")
    fig.suptitle("Gradient descent on f(x, y) = 3/2 x² + 1/2 y²")
    return fig


def restarts(course, starts=(-2.0, -0.5, 0.5, 2.0), learning_rate=0.01, n_steps=200) -> Figure:
    """Descents from several starts on f(x) = x^4 - 3 x^2 + x, and ``best_of_restarts``."""
    paths = [
        _array(
            course.gradient_descent.gradient_descent(
                course.given("double_well_gradient"), s, learning_rate, n_steps
            ),
            f"gradient_descent(..., x0={s:g})",
            2,
        )[:, 0]
        for s in starts
    ]
    x_best, f_best = course.gradient_descent.best_of_restarts(
        course.given("double_well"),
        course.given("double_well_gradient"),
        starts,
        learning_rate,
        n_steps,
    )
    x_best, f_best = float(np.squeeze(x_best)), float(f_best)

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


ACTIVATIONS = (
    ("sigmoid", "sigmoid", "sigmoid_prime", {}),
    ("tanh", "tanh", "tanh_prime", {}),
    ("relu", "relu", "relu_prime", {}),
    ("leaky_relu", "leaky_relu", "leaky_relu_prime", {"alpha": LEAKY_ALPHA}),
)
"""The activations drawn by :func:`activations`: (name, function, derivative, keyword args)."""


def activations(course, z: ArrayLike | None = None, expected=False) -> Figure:
    """Each activation and its derivative, one panel each.

    With ``expected``, each panel also shows the slope of the drawn activation measured by finite
    differences: a correct derivative lies on it.
    """
    z = np.linspace(-5.0, 5.0, 201) if z is None else np.asarray(z, dtype=np.float64)
    fig = Figure(figsize=(2.6 * len(ACTIVATIONS), 2.8), layout="constrained")
    axes = fig.subplots(1, len(ACTIVATIONS), sharex=True)
    for ax, (name, f, f_prime, kwargs) in zip(axes, ACTIVATIONS, strict=True):
        a, da = (
            _like(getattr(course.activations, g)(z, **kwargs), f"{g}(z)", z) for g in (f, f_prime)
        )
        ax.axhline(0.0, color="0.85", linewidth=0.8)
        ax.plot(z, a, color="C0", label=f"{name}(z)")
        ax.plot(z, da, "--", color="C3", label=f"{name}'(z)")
        if expected:
            ax.plot(z, np.gradient(a, z), ":", color="C2", lw=2, label="expected: slope of f")
        title = f"leaky_relu (alpha {LEAKY_ALPHA:g})" if name == "leaky_relu" else name
        ax.set(title=title, xlabel="z")
        ax.legend(fontsize="small", loc="upper left")
    return fig


def gradient_norms(
    course, depth=8, width=32, activations=("sigmoid", "tanh", "relu"), seed=0
) -> Figure:
    """Per-layer gradient norms of ``layer_gradient_norms``, one line per activation, log scale."""
    fig = Figure(figsize=(6, 3.8), layout="constrained")
    ax = fig.subplots()
    layers = np.arange(1, depth + 1)
    for name in activations:
        norms = course.backprop.layer_gradient_norms(depth, width, name, course.rng(seed))
        norms = _array(norms, f"layer_gradient_norms(..., {name!r}, ...)", 1, depth)
        ax.plot(layers, norms, "o-", label=name)
    ax.set_yscale("log")
    ax.set(
        xlabel="layer (1 = first, next to the input)",
        ylabel="norm of dL/dW",
        title=f"Gradient per layer at initialisation ({depth} layers of {width})",
    )
    ax.legend()
    return fig


def learning_curves(
    course, X_train, y_train, X_val, y_val, rng, n_epochs=200, learning_rate=0.5, n_hidden=64
) -> tuple[np.ndarray, np.ndarray]:
    """Train the two-layer ReLU classifier by full-batch gradient descent; both losses (the mean
    softmax cross-entropy of ``mlp_loss_and_gradients``) after every epoch's step."""
    labels, y_val = np.asarray(y_train), np.asarray(y_val)
    n_classes = 1 + int(np.max(np.concatenate([labels, y_val])))
    params = course.backprop.init_mlp(np.shape(X_train)[1], n_hidden, n_classes, rng)
    loss_and_gradients = course.backprop.mlp_loss_and_gradients
    grads = loss_and_gradients(params, X_train, labels, activation="relu")[1]
    losses = np.empty((2, n_epochs))  # row 0 training, row 1 validation
    for epoch in range(n_epochs):
        params = course.gradient_descent.gradient_step(params, grads, learning_rate=learning_rate)
        losses[0, epoch], grads = loss_and_gradients(params, X_train, labels, activation="relu")
        losses[1, epoch] = loss_and_gradients(params, X_val, y_val, activation="relu")[0]
    return losses[0], losses[1]


def plot_learning_curves(
    course, train_losses, val_losses, patience=10, title="Learning curves", expected=False
) -> Figure:
    """Both losses per epoch and the epoch of ``early_stopping_epoch``.

    With ``expected``, the epoch of the lowest validation loss is marked too.
    """
    train_losses = _array(train_losses, "the training losses", 1)
    val_losses = _array(val_losses, "the validation losses", 1)
    stop = course.overfitting.early_stopping_epoch(val_losses, patience)
    if isinstance(stop, bool) or not isinstance(stop, (int, np.integer)):
        raise FigureDataError(f"early_stopping_epoch(...) should return an int, got {stop!r}"[:120])
    stop = int(stop)
    if not 0 <= stop < len(val_losses):
        raise FigureDataError(f"early_stopping_epoch(...) returned {stop}, not an epoch")
    epochs = np.arange(len(val_losses))
    fig = Figure(figsize=(6, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.plot(epochs, train_losses, color="C0", label="training loss")
    ax.plot(epochs, val_losses, color="C3", label="validation loss")
    ax.axvline(stop, color="k", linestyle=":", label=f"early stopping: epoch {stop}")
    ax.plot([stop], [val_losses[stop]], "o", color="k")
    if expected and np.all(np.isfinite(val_losses)):
        lowest = int(np.argmin(val_losses))
        ax.axvline(lowest, color="C2", linestyle="--", label=f"lowest validation loss: {lowest}")
    ax.set(xlabel="epoch", ylabel="cross-entropy", title=title)
    ax.legend()
    return fig


def polynomial_degree(course, x_train, y_train, x_val, y_val, max_degree=9) -> Figure:
    """Training and validation error against degree; the data and three fitted curves."""
    x_train, y_train, x_val, y_val = (
        np.asarray(a, dtype=np.float64) for a in (x_train, y_train, x_val, y_val)
    )
    fo = course.overfitting
    degrees = np.arange(max_degree + 1)
    coefficients = [fo.fit_polynomial(x_train, y_train, int(d)) for d in degrees]
    errors = [
        [
            float(course.costs.mse(y, fo.polynomial_features(x, int(d)) @ c))
            for d, c in zip(degrees, coefficients, strict=True)
        ]
        for x, y in ((x_train, y_train), (x_val, y_val))
    ]
    best = int(fo.best_polynomial_degree(x_train, y_train, x_val, y_val, max_degree))

    fig = Figure(figsize=(9, 3.6), layout="constrained")
    error_ax, fit_ax = fig.subplots(1, 2)
    error_ax.plot(degrees, errors[0], "o-", color="C0", label="training MSE")
    error_ax.plot(degrees, errors[1], "o-", color="C3", label="validation MSE")
    error_ax.axvline(best, color="k", linestyle=":", label=f"best_polynomial_degree: {best}")
    error_ax.set_yscale("log")
    error_ax.set(xlabel="degree", ylabel="mean squared error", title="Error against model capacity")
    error_ax.legend(fontsize="small")

    grid = np.linspace(min(x_train.min(), x_val.min()), max(x_train.max(), x_val.max()), 200)
    fit_ax.scatter(x_val, y_val, s=10, color="0.6", label="validation data")
    fit_ax.scatter(x_train, y_train, color="k", zorder=3, label="training data")
    for degree, color in zip(sorted({1, best, max_degree}), ("C0", "C2", "C3"), strict=False):
        curve = fo.polynomial_features(grid, degree) @ coefficients[degree]
        fit_ax.plot(grid, curve, color=color, label=f"degree {degree}")
    spread = np.ptp(np.concatenate([y_train, y_val]))
    fit_ax.set_ylim(
        min(y_train.min(), y_val.min()) - 0.3 * spread,
        max(y_train.max(), y_val.max()) + 0.3 * spread,
    )
    fit_ax.set(xlabel="x", ylabel="y", title="Underfit, best and overfit")
    fit_ax.legend(fontsize="small")
    return fig


def misclassified(course, params, X: ArrayLike, y: ArrayLike, n_images=8) -> Figure:
    """The first test digits ``predict`` gets wrong, titled with true and predicted labels."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    predicted = _array(course.digits.predict(params, X), "predict(params, X)", 1, len(y))
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
        ax.set_title(f"true {y[i]}, predicted {predicted[i]:g}", fontsize="small")
        ax.set_axis_off()
    return fig


# --- the lessons' figures, on the lessons' data ------------------------------------------------
def lesson_line_fit(course, expected=False) -> Figure:
    x = np.linspace(-1.5, 1.5, 7)
    return line_fit(course, x, 2 * x, expected=expected)


def lesson_learning_curves(course, expected=False) -> Figure:
    """80 training digits, a quarter of them with a wrong label, so that the network first learns
    the digits and then memorises the wrong labels: the validation loss turns back up."""
    X, y = course.digits.load_digits()
    rng = np.random.default_rng(0)
    order = rng.permutation(len(X))
    train, val = order[:80], order[80:280]
    y_train = y[train].copy()
    wrong = rng.random(len(train)) < 0.25
    y_train[wrong] = (y_train[wrong] + rng.integers(1, 10, np.count_nonzero(wrong))) % 10
    losses = learning_curves(course, X[train], y_train, X[val], y[val], course.rng(1))
    title = "Learning curves: 80 training digits, 1 in 4 mislabelled"
    return plot_learning_curves(course, *losses, title=title, expected=expected)


def lesson_polynomial_degree(course, expected=False) -> Figure:
    rng = np.random.default_rng(0)
    x_train, x_val = rng.uniform(0, 1, 12), rng.uniform(0, 1, 60)
    y_train = np.sin(2 * np.pi * x_train) + rng.normal(0, 0.25, x_train.shape)
    y_val = np.sin(2 * np.pi * x_val) + rng.normal(0, 0.25, x_val.shape)
    return polynomial_degree(course, x_train, y_train, x_val, y_val)


def lesson_misclassified(course, expected=False) -> Figure:
    """Train on 60 % of the digits, validate on 20 %, show mistakes on the last 20 %."""
    X, y = course.digits.load_digits()
    split = course.overfitting.train_validation_split
    X_rest, X_test, y_rest, y_test = split(X, y, 0.2, course.rng(0))
    X_train, X_val, y_train, y_val = split(X_rest, y_rest, 0.25, course.rng(1))
    params = course.digits.train_classifier(X_train, y_train, X_val, y_val, course.rng(2))
    return misclassified(course, params, X_test, y_test)


LESSONS: dict[str, Callable[..., Figure]] = {
    "line_fit": lesson_line_fit,
    "descent_paths": lambda course, expected=False: descent_paths(course, expected=expected),
    "restarts": lambda course, expected=False: restarts(course),
    "activations": lambda course, expected=False: activations(course, expected=expected),
    "gradient_norms": lambda course, expected=False: gradient_norms(course),
    "learning_curves": lesson_learning_curves,
    "polynomial_degree": lesson_polynomial_degree,
    "misclassified": lesson_misclassified,
}
"""Every figure of the lessons, by name: ``LESSONS[name](course, expected=False)``."""
