"""Hidden tests of exercises/activations.py: random inputs from fixed seeds, shapes, properties.

Expected values come from independent numpy formulas written here (this file is never shipped).
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
from autograder.setting_forms import COUNT_FORMS, REAL_FORMS

SHAPES = [(7,), (3, 5), (4, 4), (2, 3, 4)]
H = 1e-5  # step of the central differences
GRADIENT_TOLERANCE = 1e-7


def random_z(seed, shape, scale=3.0):
    return np.random.default_rng(seed).normal(0.0, scale, shape)


def away_from_zero(z, margin=1e-3):
    """z with every |value| at least ``margin``, so that a kink at 0 is never straddled."""
    return np.where(np.abs(z) < margin, np.copysign(margin, z) + z, z)


def relative_error(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def central_difference(function, z, **kwargs):
    """The derivative of an elementwise student function, from two vectorized calls."""
    return (function(z + H, **kwargs) - function(z - H, **kwargs)) / (2 * H)


def check_derivative(course, name, z, **kwargs):
    """The student's derivative agrees with central differences of the student's function."""
    function = getattr(course.activations, name)
    derivative = getattr(course.activations, name + "_prime")(z, **kwargs)
    numerical = central_difference(function, z, **kwargs)
    check_shape(derivative, numerical.shape, f"{name}_prime(z)")  # type, shape
    error = relative_error(derivative, numerical)
    check_that(
        error < GRADIENT_TOLERANCE,
        f"{name}_prime(z) disagrees with the numerical derivative of {name}(z) "
        f"(relative error {error:.1e})",
    )


# --- sigmoid -----------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_sigmoid_random_shapes(course, shape):
    """sigmoid matches the logistic function on random inputs of several shapes."""
    z = random_z(10, shape)
    check_array(course.activations.sigmoid(z), 0.5 * (1.0 + np.tanh(z / 2)), "sigmoid(z)")


@pytest.mark.points(1)
def test_sigmoid_integer_input(course):
    """sigmoid of an integer array returns float64 values."""
    z = np.arange(-4, 5).reshape(3, 3)
    check_array(course.activations.sigmoid(z), 0.5 * (1.0 + np.tanh(z / 2)), "sigmoid(z)")


@pytest.mark.points(2)
def test_sigmoid_extreme_inputs(course):
    """sigmoid stays finite and exact at |z| = 1000 and beyond."""
    z = np.array([[-1000.0, -745.0, -700.0], [700.0, 745.0, 1000.0]])
    check_array(course.activations.sigmoid(z), 0.5 * (1.0 + np.tanh(z / 2)), "sigmoid(z)")
    check_no_overflow_warning(course, "sigmoid(z)")


@pytest.mark.points(2)
def test_sigmoid_symmetry(course):
    """sigmoid(-z) = 1 - sigmoid(z)."""
    z = random_z(11, (5, 3))
    plus, minus = course.activations.sigmoid(z), course.activations.sigmoid(-z)
    check_array(plus, 0.5 * (1.0 + np.tanh(z / 2)), "sigmoid(z)")
    check_array(minus, 1.0 - plus, "sigmoid(-z) compared with 1 - sigmoid(z)", atol=1e-15)


@pytest.mark.points(1)
def test_sigmoid_scalar_input(course):
    """sigmoid of a Python float returns a number."""
    check_float(course.activations.sigmoid(-2.5), 0.5 * (1.0 + np.tanh(-1.25)), "sigmoid(-2.5)")


# --- sigmoid_prime -----------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_sigmoid_prime_random_shapes(course, shape):
    """sigmoid_prime matches sigmoid(z)(1 - sigmoid(z)) on random inputs of several shapes."""
    z = random_z(12, shape)
    s = 0.5 * (1.0 + np.tanh(z / 2))
    check_array(course.activations.sigmoid_prime(z), s * (1.0 - s), "sigmoid_prime(z)")


@pytest.mark.points(2)
def test_sigmoid_prime_numerical_gradient(course):
    """sigmoid_prime agrees with the numerical derivative of sigmoid."""
    check_derivative(course, "sigmoid", random_z(13, (4, 6), scale=2.0))


@pytest.mark.points(1)
def test_sigmoid_prime_integer_and_extreme_inputs(course):
    """sigmoid_prime accepts integers and stays finite at |z| = 1000."""
    z = np.array([-1000, -3, 0, 2, 1000])
    s = 0.5 * (1.0 + np.tanh(z / 2))
    check_array(course.activations.sigmoid_prime(z), s * (1.0 - s), "sigmoid_prime(z)")


# --- tanh ----------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_tanh_random_shapes(course, shape):
    """tanh matches the hyperbolic tangent on random inputs of several shapes."""
    z = random_z(14, shape)
    expected = (1.0 - np.exp(-2 * z)) / (1.0 + np.exp(-2 * z))
    check_array(course.activations.tanh(z), expected, "tanh(z)", atol=1e-14)


@pytest.mark.points(1)
def test_tanh_extreme_inputs(course):
    """tanh is -1 and 1 at z = -1000 and z = 1000, and odd: tanh(-z) = -tanh(z)."""
    z = np.array([-1000.0, -20.0, 0.0, 20.0, 1000.0])
    check_array(course.activations.tanh(z), np.tanh(z), "tanh(z)")
    w = random_z(15, (3, 3))
    check_array(
        course.activations.tanh(-w),
        -course.activations.tanh(w),
        "tanh(-z) compared with -tanh(z)",
        atol=1e-15,
    )


# --- tanh_prime ----------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_tanh_prime_random_shapes(course, shape):
    """tanh_prime matches 1 - tanh(z)^2 on random inputs of several shapes."""
    z = random_z(16, shape)
    check_array(
        course.activations.tanh_prime(z), 1.0 / np.cosh(z) ** 2, "tanh_prime(z)", atol=1e-14
    )


@pytest.mark.points(2)
def test_tanh_prime_numerical_gradient(course):
    """tanh_prime agrees with the numerical derivative of tanh."""
    check_derivative(course, "tanh", random_z(17, (3, 7), scale=1.5))


@pytest.mark.points(1)
def test_tanh_prime_integer_and_extreme_inputs(course):
    """tanh_prime accepts integers and is 0 at |z| = 1000."""
    z = np.array([[-1000, -1], [0, 1000]])
    expected = [[0.0, 0.41997434161402614], [1.0, 0.0]]
    check_array(course.activations.tanh_prime(z), expected, "tanh_prime(z)")


# --- relu ----------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_relu_random_shapes(course, shape):
    """relu matches max(0, z) on random inputs of several shapes."""
    z = random_z(18, shape)
    check_array(course.activations.relu(z), (z + np.abs(z)) / 2, "relu(z)")


@pytest.mark.points(1)
def test_relu_extreme_and_scalar_inputs(course):
    """relu handles |z| = 1000 and a scalar input."""
    z = np.array([-1000.0, 0.0, 1000.0])
    check_array(course.activations.relu(z), [0.0, 0.0, 1000.0], "relu(z)")
    check_float(course.activations.relu(-2.0), 0.0, "relu(-2.0)")


# --- relu_prime ----------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", SHAPES)
def test_relu_prime_random_shapes(course, shape):
    """relu_prime is the step function 1[z > 0] on random inputs of several shapes."""
    z = np.round(random_z(19, shape), 1)  # rounding puts some exact zeros in
    check_array(course.activations.relu_prime(z), np.heaviside(z, 0.0), "relu_prime(z)")


@pytest.mark.points(1)
def test_relu_prime_integer_input(course):
    """relu_prime of integers, 0 included, returns float64 values (0 at z = 0)."""
    z = np.array([[-2, -1, 0], [1, 2, 1000]])
    check_array(
        course.activations.relu_prime(z), [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]], "relu_prime(z)"
    )


@pytest.mark.points(1)
def test_relu_prime_numerical_gradient(course):
    """relu_prime agrees with the numerical derivative of relu away from 0."""
    check_derivative(course, "relu", away_from_zero(random_z(20, (5, 5))))


# --- leaky_relu ----------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("alpha", [0.01, 0.2])
def test_leaky_relu_random_inputs(course, alpha):
    """leaky_relu matches z for z > 0 and alpha z otherwise on random inputs."""
    z = random_z(21, (4, 4))
    expected = np.maximum(z, 0) + alpha * np.minimum(z, 0)
    check_array(course.activations.leaky_relu(z, alpha=alpha), expected, "leaky_relu(z, alpha)")


@pytest.mark.points(1)
def test_leaky_relu_integer_input(course):
    """leaky_relu of integers returns float64 values."""
    z = np.array([-1000, -3, 0, 5])
    check_array(course.activations.leaky_relu(z), [-10.0, -0.03, 0.0, 5.0], "leaky_relu(z)")


@pytest.mark.points(1)
def test_leaky_relu_scalar_input(course):
    """leaky_relu of a Python float returns a number."""
    check_float(course.activations.leaky_relu(-2.5, alpha=0.2), -0.5, "leaky_relu(-2.5, alpha=0.2)")
    check_float(course.activations.leaky_relu(1.5), 1.5, "leaky_relu(1.5)")


# --- leaky_relu_prime ----------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("alpha", [0.01, 0.3])
def test_leaky_relu_prime_random_inputs(course, alpha):
    """leaky_relu_prime is 1 for z > 0 and alpha for z <= 0 on random inputs with zeros."""
    z = np.round(random_z(22, (3, 6)), 1)
    expected = np.where(z > 0, 1.0, alpha)
    check_array(
        course.activations.leaky_relu_prime(z, alpha=alpha), expected, "leaky_relu_prime(z, alpha)"
    )


@pytest.mark.points(1)
def test_leaky_relu_prime_numerical_gradient(course):
    """leaky_relu_prime agrees with the numerical derivative of leaky_relu away from 0."""
    check_derivative(course, "leaky_relu", away_from_zero(random_z(23, (6, 3))), alpha=0.1)


@pytest.mark.points(1)
def test_leaky_relu_prime_integer_input(course):
    """leaky_relu_prime of integers returns float64 values."""
    z = np.array([[-5, 0], [3, 1000]])
    check_array(
        course.activations.leaky_relu_prime(z), [[0.01, 0.01], [1.0, 1.0]], "leaky_relu_prime(z)"
    )


# --- softmax -------------------------------------------------------------------------------------
def softmax_formula(z, axis):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(5, 3), (4, 4), (1, 6), (7, 2)])
def test_softmax_random_batches(course, shape):
    """softmax of random score batches (square ones too) matches, row by row."""
    z = random_z(24, shape)
    got = course.activations.softmax(z)
    check_array(got, softmax_formula(z, -1), "softmax(z)")
    check_array(got.sum(axis=-1), np.ones(shape[0]), "the row sums of softmax(z)")


@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("shape", "axis"), [((4, 4), 0), ((4, 4), 1), ((3, 4, 5), 1), ((3, 4, 5), 0)]
)
def test_softmax_axis_argument(course, shape, axis):
    """softmax normalises along the axis it is given, also on square and 3-D inputs."""
    z = random_z(25, shape)
    check_array(
        course.activations.softmax(z, axis=axis), softmax_formula(z, axis), "softmax(z, axis)"
    )


@pytest.mark.points(2)
def test_softmax_shift_invariance(course):
    """Adding a constant to each row of scores does not change softmax."""
    z = random_z(26, (5, 4))
    shift = np.array([[-500.0], [-3.0], [0.0], [7.5], [900.0]])
    unshifted = course.activations.softmax(z)
    check_array(unshifted, softmax_formula(z, -1), "softmax(z)")  # no constant output passes
    check_array(
        course.activations.softmax(z + shift), unshifted, "softmax(z + c) compared with softmax(z)"
    )


@pytest.mark.points(2)
def test_softmax_extreme_scores(course):
    """softmax has no nan or inf at scores of +-1000."""
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -999.0], [1000.0, 1000.0, 1000.0]])
    check_array(course.activations.softmax(z), softmax_formula(z, -1), "softmax(z)")
    check_no_overflow_warning(course, "softmax(z)")


@pytest.mark.points(1)
def test_softmax_integer_scores(course):
    """softmax of integer scores returns float64 probabilities."""
    z = np.array([[1, 2, 3], [1000, 1001, 1002], [-2, 0, 2]])
    check_array(course.activations.softmax(z), softmax_formula(z.astype(float), -1), "softmax(z)")


@pytest.mark.points(1)
def test_softmax_one_dimensional(course):
    """softmax of one vector of scores sums to 1."""
    z = random_z(27, (6,))
    check_array(course.activations.softmax(z), softmax_formula(z, -1), "softmax(z)")


@pytest.mark.points(1)
def test_leaky_relu_prime_scalar_input(course):
    """leaky_relu_prime of a Python float returns a number: alpha at 0 and below, 1 above."""
    check_float(
        course.activations.leaky_relu_prime(0.0, alpha=0.2), 0.2, "leaky_relu_prime(0.0, alpha=0.2)"
    )
    check_float(course.activations.leaky_relu_prime(3.0), 1.0, "leaky_relu_prime(3.0)")


# --- every scalar form: a Python float, a numpy float64 and a 0-d array give a number --------
# An activation written for arrays only ((z > 0).astype(float), z.copy()) fails on the Python
# float the contract allows.
def _sigmoid_formula(z):
    return 0.5 * (1.0 + np.tanh(z / 2))


SCALAR_FORMS = {
    "a Python float": float,
    "a numpy float64": np.float64,
    "a 0-d array": np.array,
}
SCALAR_VALUES = {
    "sigmoid": _sigmoid_formula,
    "sigmoid_prime": lambda z: _sigmoid_formula(z) * (1.0 - _sigmoid_formula(z)),
    "tanh": np.tanh,
    "tanh_prime": lambda z: 1.0 - np.tanh(z) ** 2,
    "relu": lambda z: max(z, 0.0),
    "relu_prime": lambda z: float(z > 0),
    "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
    "leaky_relu_prime": lambda z: 1.0 if z > 0 else 0.01,
}


def _check_scalar_forms(course, name, form):
    for z in (-0.7, 1.3):
        got = getattr(course.activations, name)(SCALAR_FORMS[form](z))
        check_float(got, float(SCALAR_VALUES[name](z)), f"{name}({form})")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_sigmoid_scalar_forms(course, form):
    """sigmoid of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "sigmoid", form)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_sigmoid_prime_scalar_forms(course, form):
    """sigmoid_prime of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "sigmoid_prime", form)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_tanh_scalar_forms(course, form):
    """tanh of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "tanh", form)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_tanh_prime_scalar_forms(course, form):
    """tanh_prime of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "tanh_prime", form)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_relu_scalar_forms(course, form):
    """relu of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "relu", form)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_relu_prime_scalar_forms(course, form):
    """relu_prime of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "relu_prime", form)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_leaky_relu_scalar_forms(course, form):
    """leaky_relu of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "leaky_relu", form)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_leaky_relu_prime_scalar_forms(course, form):
    """leaky_relu_prime of a scalar, in any of its forms, is a number."""
    _check_scalar_forms(course, "leaky_relu_prime", form)


# --- settings as numpy numbers: alpha as np.float64 or a 0-d float array, the axis as np.int64 or
# a 0-d integer array (numpy code passes numbers it read from arrays) ---------------------------


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_leaky_relu_alpha_forms(course, form):
    """leaky_relu takes alpha as a numpy number."""
    z = random_z(21, (4, 4))
    expected = np.maximum(z, 0) + 0.2 * np.minimum(z, 0)
    got = course.activations.leaky_relu(z, alpha=REAL_FORMS[form](0.2))
    check_array(got, expected, f"leaky_relu(z, alpha) with alpha {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_leaky_relu_prime_alpha_forms(course, form):
    """leaky_relu_prime takes alpha as a numpy number."""
    z = np.round(random_z(22, (3, 6)), 1)
    got = course.activations.leaky_relu_prime(z, alpha=REAL_FORMS[form](0.3))
    check_array(got, np.where(z > 0, 1.0, 0.3), f"leaky_relu_prime(z, alpha) with alpha {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_softmax_axis_forms(course, form):
    """softmax takes the axis as a numpy integer."""
    z = random_z(25, (3, 4, 5))
    got = course.activations.softmax(z, axis=COUNT_FORMS[form](1))
    check_array(got, softmax_formula(z, 1), f"softmax(z, axis) with axis {form}")
