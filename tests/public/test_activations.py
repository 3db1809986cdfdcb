"""Public tests of exercises/activations.py: known values and small hand-checkable cases."""

import numpy as np
import pytest

from autograder.checks import check_array, check_float, check_no_overflow_warning

Z4 = np.array([-1.0, 0.0, 1.0, 2.0])
Z_GRID = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])


@pytest.mark.points(2)
def test_sigmoid_known_values(course):
    """sigmoid gives the known values at -1, 0, 1 and 2."""
    got = course.activations.sigmoid(Z4)
    expected = [0.2689414213699951, 0.5, 0.7310585786300049, 0.8807970779778823]
    check_array(got, expected, "sigmoid(z)", inputs="z = [-1.0, 0.0, 1.0, 2.0]")


@pytest.mark.points(1)
def test_sigmoid_scalar(course):
    """sigmoid of the Python float 0.0 is 0.5, and of 2.0 about 0.8808."""
    check_float(course.activations.sigmoid(0.0), 0.5, "sigmoid(0.0)", inputs="z = 0.0")
    check_float(
        course.activations.sigmoid(2.0), 0.8807970779778823, "sigmoid(2.0)", inputs="z = 2.0"
    )


@pytest.mark.points(2)
def test_sigmoid_extreme_inputs(course):
    """sigmoid stays finite at z = -1000 and z = 1000 (0 and 1)."""
    z = np.array([[-1000.0, 1000.0], [-30.0, 30.0]])
    expected = [[0.0, 1.0], [9.357622968840175e-14, 0.9999999999999065]]
    check_array(
        course.activations.sigmoid(z),
        expected,
        "sigmoid(z)",
        inputs="z = [[-1000.0, 1000.0], [-30.0, 30.0]]",
        atol=1e-16,
    )
    check_no_overflow_warning(course, "sigmoid(z)", "z = [[-1000.0, 1000.0], [-30.0, 30.0]]")


@pytest.mark.points(2)
def test_sigmoid_prime_known_values(course):
    """sigmoid_prime takes z and gives the slope of the sigmoid there (0.25 at z = 0)."""
    got = course.activations.sigmoid_prime(Z4)
    expected = [0.19661193324148185, 0.25, 0.19661193324148185, 0.10499358540350662]
    check_array(got, expected, "sigmoid_prime(z)", inputs="z = [-1.0, 0.0, 1.0, 2.0]")


@pytest.mark.points(1)
def test_sigmoid_prime_extreme_inputs(course):
    """sigmoid_prime is 0, not nan, at z = -1000 and z = 1000 (and 0.25 at 0)."""
    z = np.array([-1000.0, 0.0, 1000.0])
    check_array(
        course.activations.sigmoid_prime(z),
        [0.0, 0.25, 0.0],
        "sigmoid_prime(z)",
        inputs="z = [-1000.0, 0.0, 1000.0]",
    )


@pytest.mark.points(2)
def test_tanh_known_values(course):
    """tanh gives the known values at -1, 0, 1 and 2."""
    got = course.activations.tanh(Z4)
    expected = [-0.7615941559557649, 0.0, 0.7615941559557649, 0.9640275800758169]
    check_array(got, expected, "tanh(z)", inputs="z = [-1.0, 0.0, 1.0, 2.0]")


@pytest.mark.points(1)
def test_tanh_integer_input(course):
    """tanh of an integer array returns float64 values."""
    z = np.array([[0, 1], [-2, 3]])
    expected = [[0.0, 0.7615941559557649], [-0.9640275800758169, 0.9950547536867305]]
    check_array(
        course.activations.tanh(z), expected, "tanh(z)", inputs="z = [[0, 1], [-2, 3]] (int)"
    )


@pytest.mark.points(2)
def test_tanh_prime_known_values(course):
    """tanh_prime takes z and gives the slope of tanh there (1 at z = 0)."""
    got = course.activations.tanh_prime(Z4)
    expected = [0.41997434161402614, 1.0, 0.41997434161402614, 0.07065082485316443]
    check_array(got, expected, "tanh_prime(z)", inputs="z = [-1.0, 0.0, 1.0, 2.0]")


@pytest.mark.points(1)
def test_relu_known_values(course):
    """relu keeps positive inputs and sets the others to 0."""
    got = course.activations.relu(Z_GRID)
    expected = [[0.0, 0.0, 0.0], [0.5, 1.0, 3.0]]
    check_array(got, expected, "relu(z)", inputs="z = [[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]]")


@pytest.mark.points(1)
def test_relu_integer_input(course):
    """relu of an integer array returns float64 values."""
    z = np.array([-3, 0, 4])
    check_array(
        course.activations.relu(z), [0.0, 0.0, 4.0], "relu(z)", inputs="z = [-3, 0, 4] (int)"
    )


@pytest.mark.points(2)
def test_relu_prime_known_values(course):
    """relu_prime is 1 for z > 0 and 0 for z <= 0 (0 at z = 0 by convention)."""
    got = course.activations.relu_prime(Z_GRID)
    expected = [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    check_array(got, expected, "relu_prime(z)", inputs="z = [[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]]")


@pytest.mark.points(2)
def test_leaky_relu_known_values(course):
    """leaky_relu scales inputs <= 0 by alpha (0.01 by default) and keeps positive ones."""
    got = course.activations.leaky_relu(Z_GRID)
    expected = [[-0.02, -0.005, 0.0], [0.5, 1.0, 3.0]]
    check_array(got, expected, "leaky_relu(z)", inputs="z = [[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]]")
    got = course.activations.leaky_relu(np.array([-4.0, 4.0]), alpha=0.25)
    check_array(got, [-1.0, 4.0], "leaky_relu(z, alpha=0.25)", inputs="z = [-4.0, 4.0]")


@pytest.mark.points(2)
def test_leaky_relu_prime_known_values(course):
    """leaky_relu_prime is 1 for z > 0 and alpha for z <= 0 (alpha at z = 0)."""
    got = course.activations.leaky_relu_prime(Z_GRID)
    expected = [[0.01, 0.01, 0.01], [1.0, 1.0, 1.0]]
    check_array(
        got, expected, "leaky_relu_prime(z)", inputs="z = [[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]]"
    )
    got = course.activations.leaky_relu_prime(np.array([-4.0, 0.0, 4.0]), alpha=0.25)
    check_array(
        got, [0.25, 0.25, 1.0], "leaky_relu_prime(z, alpha=0.25)", inputs="z = [-4.0, 0.0, 4.0]"
    )


@pytest.mark.points(2)
def test_softmax_known_rows(course):
    """softmax turns each row of scores into probabilities."""
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    expected = [
        [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
        [1 / 3, 1 / 3, 1 / 3],
    ]
    check_array(
        course.activations.softmax(z),
        expected,
        "softmax(z)",
        inputs="z = [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]",
    )


@pytest.mark.points(2)
def test_softmax_large_scores(course):
    """softmax([[1001, 1002], [3, 4]]) is [0.26894142, 0.73105858] on both rows, no overflow."""
    z = np.array([[1001.0, 1002.0], [3.0, 4.0]])
    expected = [[0.2689414213699951, 0.7310585786300049], [0.2689414213699951, 0.7310585786300049]]
    check_array(
        course.activations.softmax(z),
        expected,
        "softmax(z)",
        inputs="z = [[1001.0, 1002.0], [3.0, 4.0]]",
    )
    check_no_overflow_warning(course, "softmax(z)", "z = [[1001.0, 1002.0], [3.0, 4.0]]")


@pytest.mark.points(2)
def test_softmax_axis_0(course):
    """softmax(z, axis=0) makes each column sum to 1."""
    z = np.array([[1.0, 2.0], [3.0, 5.0], [0.0, 0.0]])
    expected = [
        [0.11419519938459449, 0.04712341652466415],
        [0.8437947344813395, 0.9464991225528937],
        [0.04201006613406605, 0.0063774609224423],
    ]
    check_array(
        course.activations.softmax(z, axis=0),
        expected,
        "softmax(z, axis=0)",
        inputs="z = [[1.0, 2.0], [3.0, 5.0], [0.0, 0.0]]",
    )
