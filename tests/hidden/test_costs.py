"""Hidden tests of exercises/costs.py: random inputs from fixed seeds, shapes, gradient checks.

Expected values come from independent numpy formulas written here (this file is never shipped).
The gradient checks compare the student's analytic gradient with central differences of the
cost written here, so a wrong cost function never costs points on its gradient's test.
"""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_float,
    check_no_overflow_warning,
    check_shape,
    check_that,
)
from autograder.setting_forms import REAL_FORMS

H = 1e-5
GRADIENT_TOLERANCE = 1e-7
SHAPES = [(6,), (4, 3), (3, 3), (5, 1), (2, 3, 2)]


def relative_error(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numerical_gradient(f, x):
    """Central differences of the scalar function f at x (x is not changed)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = H
        grad[i] = (f(x + step) - f(x - step)) / (2 * H)
    return grad


def check_gradient(got, numerical, what):
    check_shape(got, numerical.shape, what)  # type and shape
    error = relative_error(got, numerical)
    check_that(
        error < GRADIENT_TOLERANCE,
        f"{what} disagrees with the numerical gradient of its cost (relative error {error:.1e})",
    )


def pair(seed, shape):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1, shape), rng.normal(0, 1, shape)


def log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def mean_softmax_cross_entropy(labels, logits):
    return -np.mean(log_softmax(logits)[np.arange(len(labels)), labels])


# --- mse -----------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_mse_random_shapes(course, shape):
    """mse matches the mean of the squared differences on random inputs of several shapes."""
    y_true, y_pred = pair(30, shape)
    check_float(
        course.costs.mse(y_true, y_pred),
        float(np.sum((y_true - y_pred) ** 2) / y_true.size),
        "mse(y_true, y_pred)",
    )


@pytest.mark.points(1)
def test_mse_integer_inputs(course):
    """mse of integer arrays is a float."""
    y_true = np.array([[1, 2, 3], [4, 5, 6]])
    y_pred = np.array([[1, 1, 1], [7, 5, 4]])
    check_float(course.costs.mse(y_true, y_pred), 18 / 6, "mse(y_true, y_pred)")


# --- mse_gradient --------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_mse_gradient_random_shapes(course, shape):
    """mse_gradient matches 2 (y_pred - y_true) / N on random inputs of several shapes."""
    y_true, y_pred = pair(31, shape)
    check_array(
        course.costs.mse_gradient(y_true, y_pred),
        2 * (y_pred - y_true) / y_true.size,
        "mse_gradient(y_true, y_pred)",
    )


@pytest.mark.points(2)
def test_mse_gradient_numerical_gradient(course):
    """mse_gradient agrees with the numerical gradient of the mean squared error."""
    y_true, y_pred = pair(32, (4, 3))
    numerical = numerical_gradient(lambda p: np.mean((p - y_true) ** 2), y_pred)
    check_gradient(
        course.costs.mse_gradient(y_true, y_pred), numerical, "mse_gradient(y_true, y_pred)"
    )


@pytest.mark.points(1)
def test_mse_gradient_integer_inputs(course):
    """mse_gradient of integer arrays is float64."""
    y_true, y_pred = np.array([1, 2, 3, 4]), np.array([2, 2, 0, 4])
    check_array(
        course.costs.mse_gradient(y_true, y_pred),
        [0.5, 0.0, -1.5, 0.0],
        "mse_gradient(y_true, y_pred)",
    )


# --- half_squared_error --------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_half_squared_error_random_shapes(course, shape):
    """half_squared_error matches 1/2 sum (target - output)^2 on random inputs."""
    target, output = pair(33, shape)
    expected = 0.5 * float(np.dot((target - output).ravel(), (target - output).ravel()))
    check_float(
        course.costs.half_squared_error(target, output),
        expected,
        "half_squared_error(target, output)",
    )


@pytest.mark.points(1)
def test_half_squared_error_integer_and_scalar_inputs(course):
    """half_squared_error works on integers and on plain floats."""
    check_float(
        course.costs.half_squared_error(np.array([3, 1]), np.array([0, 2])),
        5.0,
        "half_squared_error(target, output)",
    )
    check_float(
        course.costs.half_squared_error(0.3, -0.2), 0.125, "half_squared_error(target, output)"
    )


# --- half_squared_error_gradient -----------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_half_squared_error_gradient_random_shapes(course, shape):
    """half_squared_error_gradient matches output - target on random inputs."""
    target, output = pair(34, shape)
    check_array(
        course.costs.half_squared_error_gradient(target, output),
        output - target,
        "half_squared_error_gradient(target, output)",
    )


@pytest.mark.points(2)
def test_half_squared_error_gradient_numerical_gradient(course):
    """half_squared_error_gradient agrees with the numerical gradient of 1/2 sum (T - output)^2."""
    target, output = pair(35, (3, 4))
    numerical = numerical_gradient(lambda o: 0.5 * np.sum((target - o) ** 2), output)
    check_gradient(
        course.costs.half_squared_error_gradient(target, output),
        numerical,
        "half_squared_error_gradient(target, output)",
    )


@pytest.mark.points(1)
def test_half_squared_error_gradient_integer_inputs(course):
    """half_squared_error_gradient of integer arrays is float64."""
    got = course.costs.half_squared_error_gradient(np.array([1, 5]), np.array([3, 2]))
    check_array(got, [2.0, -3.0], "half_squared_error_gradient(target, output)")


# --- quadratic_cost ------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(5, 3), (4, 4), (1, 6), (7, 1)])
def test_quadratic_cost_random_batches(course, shape):
    """quadratic_cost matches the mean over rows of the squared distance, square batches too."""
    Y, A = pair(36, shape)
    expected = float(np.mean(np.linalg.norm(A - Y, axis=1) ** 2))
    check_float(course.costs.quadratic_cost(Y, A), expected, "quadratic_cost(Y, A)")


@pytest.mark.points(1)
def test_quadratic_cost_one_example(course):
    """quadratic_cost of one example (1-D) is its squared distance."""
    Y, A = pair(37, (5,))
    check_float(
        course.costs.quadratic_cost(Y, A), float(np.linalg.norm(A - Y) ** 2), "quadratic_cost(Y, A)"
    )


@pytest.mark.points(1)
def test_quadratic_cost_integer_inputs(course):
    """quadratic_cost of integer arrays is a float."""
    Y, A = np.array([[1, 0], [0, 1], [2, 2]]), np.array([[0, 0], [0, 3], [2, 2]])
    check_float(course.costs.quadratic_cost(Y, A), 5 / 3, "quadratic_cost(Y, A)")


# --- binary_cross_entropy ------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(8,), (4, 3), (3, 3)])
def test_binary_cross_entropy_random_inputs(course, shape):
    """binary_cross_entropy matches the mean of -[y log p + (1 - y) log(1 - p)] on random inputs."""
    rng = np.random.default_rng(38)
    y = rng.integers(0, 2, shape).astype(float)
    p = rng.uniform(0.01, 0.99, shape)
    expected = float(np.mean(-np.log(np.where(y == 1, p, 1 - p))))
    check_float(
        course.costs.binary_cross_entropy(y, p), expected, "binary_cross_entropy(y_true, p)"
    )


@pytest.mark.points(1)
def test_binary_cross_entropy_soft_targets(course):
    """binary_cross_entropy accepts targets between 0 and 1."""
    rng = np.random.default_rng(39)
    y, p = rng.uniform(0, 1, 10), rng.uniform(0.05, 0.95, 10)
    expected = float(np.mean(-(y * np.log(p) + (1 - y) * np.log1p(-p))))
    check_float(
        course.costs.binary_cross_entropy(y, p), expected, "binary_cross_entropy(y_true, p)"
    )


@pytest.mark.points(1)
def test_binary_cross_entropy_clipping(course):
    """binary_cross_entropy clips p to [eps, 1 - eps], also for another eps."""
    y = np.array([1, 0, 1, 0])
    p = np.array([0.0, 1.0, 1.0, 0.0])
    expected = -(np.log(1e-3) + np.log1p(-1e-3)) / 2
    check_float(
        course.costs.binary_cross_entropy(y, p, eps=1e-3),
        expected,
        "binary_cross_entropy(y_true, p, eps)",
        rtol=1e-9,
    )
    got = course.costs.binary_cross_entropy(y, p)
    check_float(got, -np.log(1e-12) / 2, "binary_cross_entropy(y_true, p)", rtol=1e-5)


# --- cross_entropy -------------------------------------------------------------------------------
def random_probs(seed, n, k):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 2, (n, k))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return rng.integers(0, k, n), probs


@pytest.mark.points(1)
@pytest.mark.parametrize(("n", "k"), [(5, 3), (4, 4), (1, 5), (7, 2)])
def test_cross_entropy_random_batches(course, n, k):
    """cross_entropy matches the mean of -log probs[i, labels[i]], square batches too."""
    labels, probs = random_probs(40, n, k)
    expected = float(-np.mean(np.log(np.choose(labels, probs.T))))
    check_float(course.costs.cross_entropy(labels, probs), expected, "cross_entropy(labels, probs)")


@pytest.mark.points(1)
def test_cross_entropy_clipping(course):
    """cross_entropy clips a zero probability of the true class at eps, also for another eps."""
    probs = np.array([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    labels = np.array([0, 2, 2])
    expected = (-np.log(1e-4) - np.log(1e-4) - np.log(0.5)) / 3
    check_float(
        course.costs.cross_entropy(labels, probs, eps=1e-4),
        expected,
        "cross_entropy(labels, probs, eps)",
        rtol=1e-6,
    )


# --- softmax_cross_entropy_gradient --------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize(("n", "k"), [(5, 3), (4, 4), (3, 7), (1, 4)])
def test_softmax_cross_entropy_gradient_random_batches(course, n, k):
    """softmax_cross_entropy_gradient matches (softmax - one-hot) / n, square batches too."""
    rng = np.random.default_rng(41)
    logits, labels = rng.normal(0, 2, (n, k)), rng.integers(0, k, n)
    expected = np.exp(log_softmax(logits))
    expected[np.arange(n), labels] -= 1.0
    got = course.costs.softmax_cross_entropy_gradient(labels, logits)
    check_array(got, expected / n, "softmax_cross_entropy_gradient(labels, logits)")


@pytest.mark.points(2)
def test_softmax_cross_entropy_gradient_numerical_gradient(course):
    """softmax_cross_entropy_gradient agrees with numerical gradients of the mean cross-entropy."""
    rng = np.random.default_rng(42)
    logits, labels = rng.normal(0, 1, (5, 3)), np.array([0, 2, 1, 2, 2])
    numerical = numerical_gradient(lambda z: mean_softmax_cross_entropy(labels, z), logits)
    check_gradient(
        course.costs.softmax_cross_entropy_gradient(labels, logits),
        numerical,
        "softmax_cross_entropy_gradient(labels, logits)",
    )


@pytest.mark.points(1)
def test_softmax_cross_entropy_gradient_extreme_and_integer_logits(course):
    """softmax_cross_entropy_gradient stays finite at logits of +-1000 and accepts integers."""
    logits = np.array([[1000, -1000, 0], [0, 0, 1000], [3, 1, 2]])
    labels = np.array([1, 2, 0])
    expected = np.exp(log_softmax(logits.astype(float)))
    expected[np.arange(3), labels] -= 1.0
    check_array(
        course.costs.softmax_cross_entropy_gradient(labels, logits),
        expected / 3,
        "softmax_cross_entropy_gradient(labels, logits)",
    )
    check_no_overflow_warning(course, "softmax_cross_entropy_gradient(labels, logits)")


# --- a scalar in every form the contract allows: a Python float, a numpy float64, a 0-d array -----
SCALAR_FORMS = {"a Python float": float, "a numpy float64": np.float64, "a 0-d array": np.array}


@pytest.mark.points(1)
@pytest.mark.parametrize("form", ["a numpy float64", "a 0-d array"])
def test_half_squared_error_scalar_forms(course, form):
    """half_squared_error of scalars, in any of their forms, is a number."""
    make = SCALAR_FORMS[form]
    got = course.costs.half_squared_error(make(0.25), make(1.75))
    check_float(got, 1.125, f"half_squared_error(target, output) on {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_half_squared_error_gradient_scalar_forms(course, form):
    """half_squared_error_gradient of scalars, in any of their forms, is a number."""
    make = SCALAR_FORMS[form]
    got = course.costs.half_squared_error_gradient(make(0.25), make(1.75))
    check_float(got, 1.5, f"half_squared_error_gradient(target, output) on {form}")


# --- eps as a numpy number: np.float64 or a 0-d float array (numpy code passes numbers it read
# from arrays) ---------------------------------------------------------------------------------


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_binary_cross_entropy_eps_forms(course, form):
    """binary_cross_entropy takes eps as a numpy number."""
    y, p = np.array([1, 0, 1, 0]), np.array([0.0, 1.0, 1.0, 0.0])
    got = course.costs.binary_cross_entropy(y, p, eps=REAL_FORMS[form](1e-3))
    expected = -(np.log(1e-3) + np.log1p(-1e-3)) / 2
    check_float(got, expected, f"binary_cross_entropy(y_true, p, eps) with eps {form}", rtol=1e-9)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_cross_entropy_eps_forms(course, form):
    """cross_entropy takes eps as a numpy number."""
    probs = np.array([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    got = course.costs.cross_entropy(np.array([0, 2, 2]), probs, eps=REAL_FORMS[form](1e-4))
    expected = (-np.log(1e-4) - np.log(1e-4) - np.log(0.5)) / 3
    check_float(got, expected, f"cross_entropy(labels, probs, eps) with eps {form}", rtol=1e-6)
