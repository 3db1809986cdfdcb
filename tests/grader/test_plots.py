"""The course's figures show what the course functions compute: their data, not their pixels.

``plots.py`` is given code (copied unchanged into exercises/), so it is tested here on the
reference solutions, against closed forms and the known values of the lessons where there are
some. Takes about 3 s, most of it the digits training of ``main``.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from numpy.testing import assert_allclose, assert_array_equal  # noqa: E402

import exercises.plots  # noqa: E402
from autograder.contract import EXERCISES  # noqa: E402
from solutions import plots, plots_training  # noqa: E402
from solutions.backprop import init_mlp, layer_gradient_norms  # noqa: E402
from solutions.digits import load_digits, predict, train_classifier  # noqa: E402
from solutions.gradient_descent import learning_rate_regime  # noqa: E402
from solutions.overfitting import early_stopping_epoch  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def line(ax, label: str):
    """The one line of ``ax`` whose label starts with ``label``."""
    found = [ln for ln in ax.get_lines() if ln.get_label().startswith(label)]
    assert len(found) == 1, (
        f"expected one line labelled {label!r}, got {[ln.get_label() for ln in ax.get_lines()]}"
    )
    return found[0]


def test_line_fit_shows_the_steps_of_fit_line_on_the_cost_and_over_the_data():
    x = np.linspace(-1.5, 1.5, 7)
    fig = plots.plot_line_fit(x, 2 * x)
    cost_ax, data_ax = fig.axes
    steps = line(cost_ax, "fit_line steps")
    assert_allclose(steps.get_xdata(), [0, 1.6, 1.92, 1.984, 1.9968])
    assert_allclose(steps.get_ydata(), [4, 0.16, 0.0064, 0.000256, 1.024e-05], atol=1e-12)
    curve = line(cost_ax, "J(w)")
    w = np.asarray(curve.get_xdata())
    assert_allclose(curve.get_ydata(), [np.mean((2 * x - wi * x) ** 2) for wi in w])
    assert w.min() < 0 and w.max() > 2, "the cost curve covers every step"
    assert cost_ax.get_xlabel() and cost_ax.get_ylabel() and cost_ax.get_title()

    assert_allclose(data_ax.collections[0].get_offsets(), np.column_stack([x, 2 * x]))
    for k, w_k in enumerate([0, 1.6, 1.92, 1.984, 1.9968]):
        fitted = line(data_ax, f"step {k}:")
        assert_allclose(fitted.get_ydata(), w_k * np.asarray(fitted.get_xdata()))
    assert data_ax.get_title()


def test_line_fit_follows_its_arguments():
    x = np.array([1.0, 2.0, 3.0])
    fig = plots.plot_line_fit(x, 3 * x, w0=1.0, learning_rate=0.05, n_iterations=2)
    # w <- w + 0.1 mean(x (3x - w x)) = w + 0.1 * 14/3 (3 - w)
    w1 = 1.0 + 0.1 * 14 / 3 * 2.0
    w2 = w1 + 0.1 * 14 / 3 * (3.0 - w1)
    assert_allclose(line(fig.axes[0], "fit_line steps").get_xdata(), [1.0, w1, w2])
    assert len(fig.axes[1].get_lines()) == 3


def test_descent_paths_are_the_trajectories_titled_with_their_regime():
    rates = (0.2, 0.5, 0.7)
    fig = plots.plot_descent_paths(rates, start=(1.0, 1.0), n_steps=10)
    assert len(fig.axes) == 3
    k = np.arange(11)
    for ax, lr, regime in zip(
        fig.axes, rates, ("converges", "oscillates", "diverges"), strict=True
    ):
        path = line(ax, "path")
        # on f = 3/2 x^2 + 1/2 y^2 each step multiplies x by 1 - 3 lr and y by 1 - lr
        assert_allclose(path.get_xdata(), (1 - 3 * lr) ** k)
        assert_allclose(path.get_ydata(), (1 - lr) ** k)
        assert f"learning rate {lr:g}" in ax.get_title() and regime in ax.get_title()
        assert learning_rate_regime(3.0, lr) == regime
        assert ax.collections, "the contours of f are drawn"


def test_restarts_end_in_the_local_and_the_global_minimum():
    fig = plots.plot_restarts(starts=(-2.0, 0.5, 2.0), learning_rate=0.01, n_steps=200)
    (ax,) = fig.axes
    ends = {}
    for start in (-2.0, 0.5, 2.0):
        path = line(ax, f"start {start:g}:")
        xs, fs = np.asarray(path.get_xdata()), np.asarray(path.get_ydata())
        assert xs[0] == start and len(xs) == 201
        assert_allclose(fs, xs**4 - 3 * xs**2 + xs)
        ends[start] = (xs[-1], path.get_label())
    assert_allclose(ends[2.0][0], 1.1309, atol=1e-4)
    assert_allclose(ends[-2.0][0], -1.3008, atol=1e-4)
    assert "(local minimum)" in ends[2.0][1] and "(local minimum)" in ends[0.5][1]
    assert "(global minimum)" in ends[-2.0][1]
    best = line(ax, "best_of_restarts")
    assert_allclose(best.get_xdata(), [-1.3008], atol=1e-4)
    assert_allclose(best.get_ydata(), [-3.5139], atol=1e-4)
    grid = np.asarray(line(ax, "f(x)").get_xdata())
    assert_allclose(line(ax, "f(x)").get_ydata(), grid**4 - 3 * grid**2 + grid)


def test_activations_are_drawn_with_their_derivatives():
    z = np.linspace(-4, 4, 33)
    sig = 1 / (1 + np.exp(-z))
    expected = {
        "sigmoid": (sig, sig * (1 - sig)),
        "tanh": (np.tanh(z), 1 - np.tanh(z) ** 2),
        "relu": (np.maximum(z, 0), (z > 0).astype(float)),
        "leaky_relu": (np.where(z > 0, z, 0.1 * z), np.where(z > 0, 1.0, 0.1)),
    }
    fig = plots.plot_activations(z)
    assert [ax.get_title().split()[0] for ax in fig.axes] == list(expected)
    for ax, (name, (f, f_prime)) in zip(fig.axes, expected.items(), strict=True):
        assert_allclose(line(ax, f"{name}(z)").get_xdata(), z)
        assert_allclose(line(ax, f"{name}(z)").get_ydata(), f, atol=1e-12)
        assert_allclose(line(ax, f"{name}'(z)").get_ydata(), f_prime, atol=1e-12)


def test_chain_nodes_show_the_lessons_values_local_gradients_and_gradients():
    (ax,) = plots.plot_chain_nodes().axes
    texts = " | ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    for expected in [
        "E = 0.1082",  # the error with the 1/2
        "z1 = 0.415",
        "a1 = 0.6023",
        "a2 = 0.7153",
        "∂a1/∂z1 = 0.2395",
        "∂z2/∂a1 = 0.45",
        "∂z2/∂w2 = 0.6023",
        "∂E/∂a2 = 0.4653",
        "∂E/∂z2 = 0.09476",
        "∂E/∂w2 = 0.05707",
        "∂E/∂w1 = 0.001021",
        "∂E/∂b1 = 0.01021",
    ]:
        assert expected in texts + " | " + ax.get_title(), expected
    assert [t.get_text().split("\n")[0] for t in ax.texts if t.get_bbox_patch()] == [
        "L1",
        "S1",
        "L2",
        "S2",
        "E",
    ]


def test_gradient_norms_per_layer_on_a_log_scale():
    fig = plots.plot_gradient_norms(depth=6, width=16, seed=3)
    (ax,) = fig.axes
    assert ax.get_yscale() == "log"
    for name in ("sigmoid", "tanh", "relu"):
        norms = line(ax, name)
        assert_array_equal(norms.get_xdata(), np.arange(1, 7))
        assert_allclose(
            norms.get_ydata(), layer_gradient_norms(6, 16, name, np.random.default_rng(3))
        )
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_learning_curves_mark_the_early_stopping_epoch_not_the_lowest_loss():
    train = [3.0, 2.0, 1.0, 0.8, 0.6, 0.5, 0.4]
    val = [3.0, 2.0, 1.5, 1.6, 1.7, 1.8, 1.0]  # stops after 3 epochs without a new best
    fig = plots.plot_learning_curves(train, val, patience=3)
    (ax,) = fig.axes
    assert early_stopping_epoch(val, 3) == 2
    assert_array_equal(line(ax, "early stopping").get_xdata(), [2, 2])
    assert "epoch 2" in line(ax, "early stopping").get_label()
    assert_array_equal(line(ax, "training loss").get_ydata(), train)
    assert_array_equal(line(ax, "validation loss").get_ydata(), val)
    assert_array_equal(line(ax, "validation loss").get_xdata(), np.arange(7))


def test_the_lessons_learning_curves_overfit():
    """Real training: the validation loss turns back up while the training loss keeps falling."""
    (ax,) = plots.FIGURES["learning_curves"]().axes
    train = np.asarray(line(ax, "training loss").get_ydata())
    val = np.asarray(line(ax, "validation loss").get_ydata())
    stop = int(line(ax, "early stopping").get_xdata()[0])
    assert stop == early_stopping_epoch(val, 10)
    assert 0 < stop < len(val) - 20
    assert val[-1] > 1.2 * val[stop], "the validation loss rises after the early-stopping epoch"
    assert train[-1] < 0.5 * train[stop], "while the training loss keeps falling"


def test_polynomial_degree_errors_and_the_best_degree():
    rng = np.random.default_rng(5)
    x_train, x_val = rng.uniform(-1, 1, 15), rng.uniform(-1, 1, 40)
    y_train, y_val = (np.cos(3 * x) + rng.normal(0, 0.2, x.shape) for x in (x_train, x_val))
    fig = plots.plot_polynomial_degree(x_train, y_train, x_val, y_val, max_degree=7)
    error_ax, fit_ax = fig.axes

    def val_mse(d):
        A = np.vander(x_train, d + 1, increasing=True)
        c = np.linalg.lstsq(A, y_train, rcond=None)[0]
        return np.mean((np.vander(x_val, d + 1, increasing=True) @ c - y_val) ** 2)

    expected = [val_mse(d) for d in range(8)]
    assert_array_equal(line(error_ax, "validation MSE").get_xdata(), np.arange(8))
    assert_allclose(line(error_ax, "validation MSE").get_ydata(), expected, rtol=1e-6)
    best = int(np.argmin(expected))
    assert_array_equal(line(error_ax, "best_polynomial_degree").get_xdata(), [best, best])
    assert error_ax.get_yscale() == "log"
    degrees = sorted({1, best, 7})
    assert [ln.get_label() for ln in fit_ax.get_lines()] == [f"degree {d}" for d in degrees]


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits()
    return X[:120], y[:120]


def images(fig):
    return [ax for ax in fig.axes if any(isinstance(a, AxesImage) for a in ax.get_children())]


def test_misclassified_digits_show_image_true_and_predicted_label(digits):
    X, y = digits
    params = init_mlp(64, 16, 10, np.random.default_rng(0))  # untrained: many mistakes
    predicted = predict(params, X)
    wrong = np.flatnonzero(predicted != y)
    assert len(wrong) > 5
    fig = plots.plot_misclassified(params, X, y, n_images=5)
    panels = images(fig)
    assert len(panels) == 5
    for ax, i in zip(panels, wrong[:5], strict=True):
        assert_array_equal(ax.get_images()[0].get_array(), X[i].reshape(8, 8))
        assert ax.get_title() == f"true {y[i]}, predicted {predicted[i]}"
    assert f"{np.mean(predicted == y):.1%}" in fig.get_suptitle()


def test_misclassified_shows_only_the_mistakes_there_are(digits):
    X, y = digits
    params = init_mlp(64, 16, 10, np.random.default_rng(0))
    labels = predict(params, X).copy()
    assert len(images(plots.plot_misclassified(params, X, labels))) == 0
    labels[[4, 40, 90]] = (labels[[4, 40, 90]] + 1) % 10
    panels = images(plots.plot_misclassified(params, X, labels, n_images=8))
    assert [ax.get_title().split(",")[0] for ax in panels] == [
        f"true {labels[i]}" for i in (4, 40, 90)
    ]


def test_main_writes_every_figure_as_a_small_png(tmp_path, capsys):
    assert plots.main([str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{name}.png" for name in plots.FIGURES)
    assert set(capsys.readouterr().out.split()) == {str(tmp_path / "out" / n) for n in written}
    for name in written:
        data = (tmp_path / "out" / name).read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) < 150_000, name


# The first course function each figure calls: the one a fresh stub module reports.
FIRST_STUB = {
    "line_fit": "fit_line",
    "descent_paths": "gradient_descent",
    "restarts": "gradient_descent",
    "activations": "sigmoid",
    "chain_nodes": "linear_forward",
    "gradient_norms": "layer_gradient_norms",
    "learning_curves": "init_mlp",
    "polynomial_degree": "fit_polynomial",
    "misclassified": "train_validation_split",
    "optimizer_paths": "gradient_step",
    "init_experiment": "layer_gradient_norms",
    "decision_boundaries": "train_classifier",
    "first_layer_weights": "train_validation_split",
}


def test_main_on_the_stubs_names_each_missing_function_and_fails(tmp_path, capsys):
    assert set(exercises.plots.FIGURES) == set(FIRST_STUB)
    assert exercises.plots.main([str(tmp_path)]) == 1
    assert list(tmp_path.iterdir()) == []
    out, err = capsys.readouterr()
    assert out == ""
    pattern = re.compile(r"(\w+)\.png not written: (\w+)\(\) in (\w+)\.py is not implemented yet")
    reported = {}
    for message in err.splitlines():
        figure, function, topic = pattern.fullmatch(message).groups()
        assert function in EXERCISES[topic]
        reported[figure] = function
    assert reported == FIRST_STUB


def test_main_writes_the_other_figures_when_one_fails(tmp_path, capsys, monkeypatch):
    def broken():
        from solutions.gradient_descent import learning_rate_regime

        return learning_rate_regime(-1.0, 0.1)

    monkeypatch.setattr(plots, "FIGURES", {"broken": broken, "empty": Figure})
    assert plots.main([str(tmp_path)]) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["empty.png"]
    err = capsys.readouterr().err.strip()
    assert re.fullmatch(
        r"broken\.png not written: ValueError in learning_rate_regime\(\) "
        r"\(gradient_descent\.py:\d+\): curvature must be positive, got -1\.0",
        err,
    ), err


def test_main_only_writes_the_figures_asked_for(tmp_path):
    assert plots.main([str(tmp_path), "--only", "restarts"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["restarts.png"]


def test_optimizer_paths_are_the_steps_of_each_optimizer():
    fig = plots_training.plot_optimizer_paths({"sgd": 0.2, "momentum": 0.1, "adam": 0.1}, n_steps=3)
    (ax,) = fig.axes
    sgd = line(ax, "sgd (learning rate 0.2)")
    k = np.arange(4)
    assert_allclose(sgd.get_xdata(), 0.4**k)  # each step multiplies x by 1 - 3 * 0.2
    assert_allclose(sgd.get_ydata(), 0.8**k)
    momentum = line(ax, "momentum")  # the known values of tests/course
    assert_allclose(momentum.get_xdata(), [1, 0.7, 0.22, -0.278])
    assert_allclose(momentum.get_ydata(), [1, 0.9, 0.72, 0.486])
    adam = line(ax, "adam")
    assert_allclose(adam.get_xdata(), [1, 0.9, 0.800412228, 0.701586272], atol=1e-8)
    assert ax.collections, "the contours of f are drawn"


def test_init_experiment_draws_every_scheme_for_every_activation():
    fig = plots_training.plot_init_experiment(depth=5, width=12, seed=2)
    assert [ax.get_title().split(":")[0] for ax in fig.axes] == ["sigmoid", "tanh", "relu"]
    for ax, activation in zip(fig.axes, ("sigmoid", "tanh", "relu"), strict=True):
        assert ax.get_yscale() == "log"
        for scheme in ("glorot", "he", "small"):
            norms = line(ax, scheme)
            assert_array_equal(norms.get_xdata(), np.arange(1, 6))
            expected = layer_gradient_norms(5, 12, activation, np.random.default_rng(2), scheme)
            assert_allclose(norms.get_ydata(), expected)


def test_two_moons_alternates_classes_and_follows_the_rng():
    X, y = plots_training.two_moons(9, np.random.default_rng(4), noise=0.0)
    assert X.shape == (9, 2) and y.tolist() == [0, 1, 0, 1, 0, 1, 0, 1, 0]
    on_circle = np.hypot(X[y == 0, 0], X[y == 0, 1])
    assert_allclose(on_circle, 1.0)
    assert_allclose(np.hypot(1 - X[y == 1, 0], 0.5 - X[y == 1, 1]), 1.0)
    again, _ = plots_training.two_moons(9, np.random.default_rng(4), noise=0.0)
    assert_array_equal(X, again)


def test_decision_boundaries_show_predict_on_the_grid():
    rng = np.random.default_rng(1)
    (X_train, y_train), (X_val, y_val) = (
        plots_training.two_moons(60, rng),
        plots_training.two_moons(40, rng),
    )
    fig = plots_training.plot_decision_boundaries(
        X_train, y_train, X_val, y_val, hidden_sizes=(2, 16), seed=3, resolution=15
    )
    panels = images(fig)
    assert len(panels) == 2
    both = np.concatenate([X_train, X_val])
    xs = np.linspace(both[:, 0].min() - 0.5, both[:, 0].max() + 0.5, 15)
    ys = np.linspace(both[:, 1].min() - 0.5, both[:, 1].max() + 0.5, 15)
    gx, gy = np.meshgrid(xs, ys)
    for ax, h in zip(panels, (2, 16), strict=True):
        config = {**plots_training.MOONS_CONFIG, "n_hidden": h}
        params = train_classifier(X_train, y_train, X_val, y_val, np.random.default_rng(3), config)
        expected = predict(params, np.column_stack([gx.ravel(), gy.ravel()])).reshape(15, 15)
        assert_array_equal(ax.get_images()[0].get_array(), expected)
        accuracy = np.mean(predict(params, X_val) == y_val)
        assert ax.get_title() == f"{h} hidden units: {accuracy:.0%} validation accuracy"


def test_the_lessons_decision_boundaries_improve_as_the_layer_grows():
    titles = [ax.get_title() for ax in images(plots.FIGURES["decision_boundaries"]())]
    accuracies = [int(re.search(r"(\d+)% validation", t).group(1)) for t in titles]
    assert accuracies[0] < 70 and accuracies[-1] > 95, titles


def test_first_layer_weights_are_8x8_tiles_of_w1():
    params = init_mlp(64, 10, 10, np.random.default_rng(0))
    panels = images(plots_training.plot_first_layer_weights(params, n_units=6))
    assert len(panels) == 6
    for j, ax in enumerate(panels):
        assert_array_equal(ax.get_images()[0].get_array(), params["W1"][:, j].reshape(8, 8))
        assert ax.get_title() == f"unit {j}"


def test_an_activation_that_changes_its_input_spoils_no_other_panel():
    """Each function gets its own copy of z: an in-place relu leaves leaky_relu's input whole."""
    from types import SimpleNamespace

    from autograder import figures
    from solutions import activations

    def relu_in_place(z):
        z[z < 0] = 0.0
        return z

    topic = SimpleNamespace(**{n: getattr(activations, n) for n in dir(activations)})
    topic.relu = relu_in_place
    z = np.linspace(-4, 4, 33)
    fig = figures.activations(figures.LocalCourse({"activations": topic}), z)
    leaky = fig.axes[3]
    assert_allclose(line(leaky, "leaky_relu(z)").get_ydata(), np.where(z > 0, z, 0.1 * z))
    assert z.min() == -4.0, "the caller's array is untouched"
