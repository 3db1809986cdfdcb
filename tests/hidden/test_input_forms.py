"""Every activation takes a Python float, a numpy scalar and a 0-d array, and gives a number.

A student's function that works on arrays only (``(z > 0).astype(float)``, ``z.copy()``) fails
on a Python float, which the contract allows. Also: numerical gradients at an integer point.
"""

import numpy as np
import pytest

from autograder.checks import check_array, check_float
from autograder.sandbox.protocol import CourseFunction


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(z / 2))


EXPECTED = {
    "sigmoid": _sigmoid,
    "sigmoid_prime": lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)),
    "tanh": np.tanh,
    "tanh_prime": lambda z: 1.0 - np.tanh(z) ** 2,
    "relu": lambda z: max(z, 0.0),
    "relu_prime": lambda z: float(z > 0),
    "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
    "leaky_relu_prime": lambda z: 1.0 if z > 0 else 0.01,
}
FORMS = {
    "a Python float": lambda z: float(z),
    "a numpy float64": np.float64,
    "a 0-d array": lambda z: np.array(z),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.exercise(f"activations.{n}")) for n in EXPECTED]
)
def test_scalar_forms(course, name, form):
    """An activation of a scalar, in any of its forms, is that number."""
    for z in (-0.7, 1.3):
        got = getattr(course.activations, name)(FORMS[form](z))
        check_float(got, float(EXPECTED[name](z)), f"{name}({form})")


@pytest.mark.points(2)
@pytest.mark.exercise("backprop.numerical_gradient")
def test_numerical_gradient_at_an_integer_point(course):
    """numerical_gradient at an integer point is the gradient there, as floats."""
    x = np.array([1, 2, 3])
    got = course.backprop.numerical_gradient(CourseFunction("sum_of_cubes"), x)
    check_array(got, 3.0 * x.astype(float) ** 2, "numerical_gradient(f, x)", rtol=1e-6)
