"""Public tests of exercises/costs.py: small cases you can check by hand."""

import numpy as np
import pytest

from autograder.checks import check_array, check_float


@pytest.mark.points(1)
def test_mse_vector(course):
    """mse of [1, 2, 3] against [1, 2, 5] is 4/3."""
    got = course.costs.mse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
    check_float(
        got,
        4 / 3,
        "mse(y_true, y_pred)",
        inputs="y_true = [1.0, 2.0, 3.0], y_pred = [1.0, 2.0, 5.0]",
    )


@pytest.mark.points(2)
def test_mse_matrix(course):
    """mse averages over every element of a batch, not over the rows only."""
    y_true = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y_pred = np.array([[0.5, 0.5], [0.5, 0.5], [1.0, 3.0]])
    got = course.costs.mse(y_true, y_pred)
    check_float(
        got,
        5 / 6,
        "mse(y_true, y_pred)",
        inputs="y_true = [[0, 1], [1, 0], [1, 1]], y_pred = [[0.5, 0.5], [0.5, 0.5], [1, 3]]",
    )


@pytest.mark.points(2)
def test_mse_gradient_small_cases(course):
    """mse_gradient gives the derivative of mse for every element of y_pred."""
    got = course.costs.mse_gradient(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
    check_array(
        got,
        [0.0, 0.0, 4 / 3],
        "mse_gradient(y_true, y_pred)",
        inputs="y_true = [1.0, 2.0, 3.0], y_pred = [1.0, 2.0, 5.0]",
    )
    y_true = np.array([[0.0, 1.0], [1.0, 0.0]])
    y_pred = np.array([[0.5, 0.5], [0.5, 0.5]])
    check_array(
        course.costs.mse_gradient(y_true, y_pred),
        [[0.25, -0.25], [-0.25, 0.25]],
        "mse_gradient(y_true, y_pred)",
        inputs="y_true = [[0, 1], [1, 0]], y_pred = [[0.5, 0.5], [0.5, 0.5]]",
    )


@pytest.mark.points(1)
def test_half_squared_error_small_cases(course):
    """half_squared_error is 1/2 times the sum of the squared errors."""
    got = course.costs.half_squared_error(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    check_float(
        got,
        2.5,
        "half_squared_error(target, output)",
        inputs="target = [1.0, 2.0], output = [0.0, 0.0]",
    )
    got = course.costs.half_squared_error(0.25, 0.75)
    check_float(
        got, 0.125, "half_squared_error(target, output)", inputs="target = 0.25, output = 0.75"
    )


@pytest.mark.points(1)
def test_half_squared_error_gradient_small_case(course):
    """half_squared_error_gradient gives the derivative of E for every output."""
    got = course.costs.half_squared_error_gradient(
        np.array([1.0, 2.0, -1.0]), np.array([0.0, 4.0, -1.0])
    )
    check_array(
        got,
        [-1.0, 2.0, 0.0],
        "half_squared_error_gradient(target, output)",
        inputs="target = [1.0, 2.0, -1.0], output = [0.0, 4.0, -1.0]",
    )


@pytest.mark.points(2)
def test_quadratic_cost_batch(course):
    """quadratic_cost sums over the outputs of each example, then averages over the examples."""
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    A = np.array([[0.5, 0.5], [1.0, 1.0], [1.0, 0.5]])
    got = course.costs.quadratic_cost(Y, A)
    check_float(
        got,
        0.5833333333333334,
        "quadratic_cost(Y, A)",
        inputs="Y = [[1, 0], [0, 1], [1, 1]], A = [[0.5, 0.5], [1, 1], [1, 0.5]]",
    )


@pytest.mark.points(1)
def test_quadratic_cost_one_example(course):
    """quadratic_cost of a 1-D input treats it as one example."""
    got = course.costs.quadratic_cost(np.array([1.0, 0.0, 2.0]), np.array([0.0, 0.0, 0.0]))
    check_float(got, 5.0, "quadratic_cost(Y, A)", inputs="Y = [1.0, 0.0, 2.0], A = [0.0, 0.0, 0.0]")


@pytest.mark.points(2)
def test_binary_cross_entropy_small_case(course):
    """binary_cross_entropy of targets [1, 0] and p = [0.9, 0.2] is -(log 0.9 + log 0.8) / 2."""
    got = course.costs.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.9, 0.2]))
    check_float(
        got,
        0.164252033486018,
        "binary_cross_entropy(y_true, p)",
        inputs="y_true = [1.0, 0.0], p = [0.9, 0.2]",
    )


@pytest.mark.points(1)
def test_binary_cross_entropy_certain_and_wrong(course):
    """binary_cross_entropy stays finite (about 27.63) when p is exactly 0 or 1, wrongly."""
    got = course.costs.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    # -log(1e-12) = 27.631021...; clipping 1 to 1 - 1e-12 in float64 gives 27.63104 on the
    # second example, so either way of clipping is accepted.
    check_float(
        got,
        27.63103,
        "binary_cross_entropy(y_true, p)",
        inputs="y_true = [1.0, 0.0], p = [0.0, 1.0]",
        rtol=1e-5,
    )


@pytest.mark.points(2)
def test_cross_entropy_small_case(course):
    """cross_entropy averages -log of the probability given to the true class."""
    probs = np.array([[0.5, 0.25, 0.25], [0.1, 0.2, 0.7]])
    got = course.costs.cross_entropy(np.array([0, 2]), probs)
    check_float(
        got,
        0.5249110622493389,
        "cross_entropy(labels, probs)",
        inputs="labels = [0, 2], probs = [[0.5, 0.25, 0.25], [0.1, 0.2, 0.7]]",
    )


@pytest.mark.points(1)
def test_cross_entropy_zero_probability(course):
    """cross_entropy stays finite (-log 1e-12 = 27.63) when the true class has probability 0."""
    probs = np.array([[0.0, 1.0], [0.0, 1.0]])
    got = course.costs.cross_entropy(np.array([0, 1]), probs)
    check_float(
        got,
        13.815510557964274,
        "cross_entropy(labels, probs)",
        inputs="labels = [0, 1], probs = [[0.0, 1.0], [0.0, 1.0]]",
        rtol=1e-6,
    )


@pytest.mark.points(2)
def test_softmax_cross_entropy_gradient_small_case(course):
    """softmax_cross_entropy_gradient gives the derivative of the mean loss for every logit."""
    logits = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    got = course.costs.softmax_cross_entropy_gradient(np.array([2, 0]), logits)
    expected = [
        [0.04501528658519023, 0.12236423552739882, -0.1673795221125891],
        [-1 / 3, 1 / 6, 1 / 6],
    ]
    check_array(
        got,
        expected,
        "softmax_cross_entropy_gradient(labels, logits)",
        inputs="labels = [2, 0], logits = [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]",
    )


@pytest.mark.points(1)
def test_softmax_cross_entropy_gradient_zero_logits(course):
    """With equal logits for 2 classes and 2 examples, the gradient is +-1/4."""
    got = course.costs.softmax_cross_entropy_gradient(np.array([0, 1]), np.zeros((2, 2)))
    check_array(
        got,
        [[-0.25, 0.25], [0.25, -0.25]],
        "softmax_cross_entropy_gradient(labels, logits)",
        inputs="labels = [0, 1], logits = [[0.0, 0.0], [0.0, 0.0]]",
    )
