"""Hidden tests of exercises/gradient_descent.py: random inputs from fixed seeds and properties.

Expected values come from independent numpy code written here (this file is never shipped).
"""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_dict_of_arrays,
    check_equal,
    check_float,
    check_raises,
    check_that,
)
from autograder.sandbox import course_functions
from autograder.sandbox.protocol import CourseFunction, Rng
from autograder.setting_forms import COUNT_FORMS, REAL_FORMS, SETTING_FORMS

H = 1e-6
GRADIENT_TOLERANCE = 1e-7


def descend(grad_fn, x0, learning_rate, n_steps):
    points = [np.atleast_1d(np.asarray(x0, dtype=np.float64))]
    for _ in range(n_steps):
        points.append(points[-1] - learning_rate * grad_fn(points[-1]))
    return np.array(points)


def line_data(seed, n=9):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, n)
    return x, 1.7 * x + rng.normal(0, 0.3, n)


def unpack_pair(got, what):
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 2,
        f"{what} should return a pair (x_best, f_best)",
    )
    return got


# --- gradient_step -------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(5,), (3, 4), (4, 4)])
def test_gradient_step_random_arrays(course, shape):
    """gradient_step returns params - learning_rate * grads for random arrays."""
    rng = np.random.default_rng(50)
    params, grads = rng.normal(0, 1, shape), rng.normal(0, 1, shape)
    got = course.gradient_descent.gradient_step(params, grads, 0.37)
    check_array(got, params - 0.37 * grads, "gradient_step(params, grads, lr)")


@pytest.mark.points(1)
def test_gradient_step_random_float(course):
    """gradient_step on a float returns a number."""
    check_float(
        course.gradient_descent.gradient_step(-2.25, 1.5, 0.3), -2.7, "gradient_step(p, g, lr)"
    )


@pytest.mark.points(1)
def test_gradient_step_integer_params(course):
    """gradient_step on integer arrays returns float64 values."""
    got = course.gradient_descent.gradient_step(np.array([1, 2, 3]), np.array([1, 0, -1]), 0.5)
    check_array(got, [0.5, 2.0, 3.5], "gradient_step(params, grads, lr)")


@pytest.mark.points(2)
def test_gradient_step_dict_of_network_params(course):
    """gradient_step on a dict updates every one of its arrays with its own gradient."""
    rng = np.random.default_rng(51)
    shapes = {"W1": (3, 4), "b1": (4,), "W2": (4, 2), "b2": (2,)}
    params = {k: rng.normal(0, 1, s) for k, s in shapes.items()}
    grads = {k: rng.normal(0, 1, s) for k, s in shapes.items()}
    got = course.gradient_descent.gradient_step(params, grads, 0.05)
    check_dict_of_arrays(
        got, {k: params[k] - 0.05 * grads[k] for k in shapes}, "gradient_step(params, grads, lr)"
    )


# --- line_cost and line_gradient -----------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("w", [-1.0, 0.3, 2.5])
def test_line_cost_random_data(course, w):
    """line_cost matches mean((z - w x)^2) on random data."""
    x, z = line_data(52)
    residual = z - w * x
    check_float(
        course.gradient_descent.line_cost(w, x, z),
        float(residual @ residual / len(x)),
        "line_cost(w, x, z)",
    )


@pytest.mark.points(1)
def test_line_cost_integer_data(course):
    """line_cost accepts integer data."""
    x, z = np.array([1, 2, 3]), np.array([2, 4, 7])
    check_float(course.gradient_descent.line_cost(2.0, x, z), 1 / 3, "line_cost(w, x, z)")


@pytest.mark.points(1)
@pytest.mark.parametrize("w", [-1.0, 0.3, 2.5])
def test_line_gradient_random_data(course, w):
    """line_gradient matches -2 mean(x (z - w x)) on random data."""
    x, z = line_data(53)
    check_float(
        course.gradient_descent.line_gradient(w, x, z),
        float(-2 * x @ (z - w * x) / len(x)),
        "line_gradient(w, x, z)",
    )


@pytest.mark.points(2)
def test_line_gradient_numerical_gradient(course):
    """line_gradient agrees with the numerical derivative of the line cost."""
    x, z = line_data(54, n=12)

    def cost(w):
        return np.mean((z - w * x) ** 2)

    for w in (-0.8, 0.4, 1.9):
        numerical = (cost(w + H) - cost(w - H)) / (2 * H)
        got = course.gradient_descent.line_gradient(w, x, z)
        check_float(got, numerical, "line_gradient(w, x, z)", rtol=1e-6)
        error = abs(float(got) - numerical) / max(1e-8, abs(float(got)) + abs(numerical))
        check_that(
            error < GRADIENT_TOLERANCE,
            f"line_gradient disagrees with the numerical derivative of line_cost ({error:.1e})",
        )


# --- fit_line ------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("w0", "learning_rate", "n_iterations"), [(0.0, 0.1, 10), (-3.0, 0.25, 7), (1.0, 0.05, 1)]
)
def test_fit_line_random_data(course, w0, learning_rate, n_iterations):
    """fit_line returns the whole trajectory of slopes on random data, w0 first."""
    x, z = line_data(55)
    expected = descend(lambda w: -2 * np.mean(x * (z - w * x)), w0, learning_rate, n_iterations)[
        :, 0
    ]
    got = course.gradient_descent.fit_line(
        x, z, w0=w0, learning_rate=learning_rate, n_iterations=n_iterations
    )
    check_array(got, expected, "fit_line(x, z, w0, learning_rate, n_iterations)")


@pytest.mark.points(1)
def test_fit_line_zero_iterations(course):
    """fit_line with n_iterations = 0 returns just [w0]."""
    x, z = line_data(56)
    check_array(
        course.gradient_descent.fit_line(x, z, w0=0.7, n_iterations=0),
        [0.7],
        "fit_line(x, z, w0=0.7, n_iterations=0)",
    )


@pytest.mark.points(1)
def test_fit_line_integer_data(course):
    """fit_line accepts integer data."""
    x, z = np.array([-2, -1, 0, 1, 2]), np.array([-6, -3, 0, 3, 6])
    expected = descend(lambda w: -2 * np.mean(x * (z - w * x)), 0.0, 0.1, 3)[:, 0]
    check_array(
        course.gradient_descent.fit_line(x, z, learning_rate=0.1, n_iterations=3),
        expected,
        "fit_line(x, z)",
    )


# --- gradient_descent ----------------------------------------------------------------------------
@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("x0", "learning_rate", "n_steps"), [([-1.2, 1.0, 0.5], 0.001, 25), ([0.0, 0.0], 0.002, 5)]
)
def test_gradient_descent_rosenbrock(course, x0, learning_rate, n_steps):
    """gradient_descent follows the gradient of the Rosenbrock function step by step."""
    x0 = np.array(x0)
    expected = descend(course_functions.rosenbrock_gradient, x0, learning_rate, n_steps)
    got = course.gradient_descent.gradient_descent(
        CourseFunction("rosenbrock_gradient"), x0, learning_rate, n_steps
    )
    check_array(got, expected, "gradient_descent(grad_fn, x0, lr, n_steps)")


@pytest.mark.points(1)
def test_gradient_descent_zero_steps(course):
    """gradient_descent with n_steps = 0 returns only the start, shape (1, d)."""
    got = course.gradient_descent.gradient_descent(
        CourseFunction("bowl_gradient"), np.array([0.3, -2.0]), 0.1, 0
    )
    check_array(got, [[0.3, -2.0]], "gradient_descent(grad_fn, x0, lr, 0)")


@pytest.mark.points(1)
def test_gradient_descent_integer_start(course):
    """gradient_descent from an integer start returns float64 points."""
    got = course.gradient_descent.gradient_descent(
        CourseFunction("bowl_gradient"), np.array([2, -1]), 0.25, 4
    )
    expected = descend(course_functions.bowl_gradient, np.array([2.0, -1.0]), 0.25, 4)
    check_array(got, expected, "gradient_descent(grad_fn, x0, lr, n_steps)")


@pytest.mark.points(1)
def test_gradient_descent_scalar_start(course):
    """gradient_descent from a float start returns a trajectory of shape (n_steps + 1, 1)."""
    got = course.gradient_descent.gradient_descent(
        CourseFunction("double_well_gradient"), -0.4, 0.02, 30
    )
    expected = descend(course_functions.double_well_gradient, -0.4, 0.02, 30)
    check_array(got, expected, "gradient_descent(grad_fn, x0, lr, n_steps)")


# --- learning_rate_regime ------------------------------------------------------------------------
def regime(curvature, learning_rate):
    factor = 1 - learning_rate * curvature
    return "converges" if 0 <= factor < 1 else "oscillates" if -1 < factor < 0 else "diverges"


@pytest.mark.points(2)
def test_learning_rate_regime_random_pairs(course):
    """learning_rate_regime classifies random curvatures and learning rates."""
    rng = np.random.default_rng(57)
    for curvature, learning_rate in rng.uniform(0.05, 4.0, (20, 2)):
        got = course.gradient_descent.learning_rate_regime(float(curvature), float(learning_rate))
        check_equal(
            got, regime(curvature, learning_rate), "learning_rate_regime(curvature, learning_rate)"
        )


@pytest.mark.points(1)
def test_learning_rate_regime_boundaries(course):
    """learning_rate_regime: a factor of exactly 0 converges and exactly -1 diverges."""
    for curvature, learning_rate, expected in [
        (2.0, 0.5, "converges"),
        (4.0, 0.5, "diverges"),
        (0.5, 2.0, "converges"),
        (8.0, 0.25, "diverges"),
    ]:
        got = course.gradient_descent.learning_rate_regime(curvature, learning_rate)
        check_equal(got, expected, "learning_rate_regime(curvature, learning_rate) on a boundary")


@pytest.mark.points(1)
def test_learning_rate_regime_invalid_arguments(course):
    """learning_rate_regime raises ValueError for a zero or negative argument."""
    for curvature, learning_rate in [(0.0, 0.1), (2.0, -0.5), (-3.0, -1.0)]:
        check_raises(
            "ValueError",
            lambda c=curvature, lr=learning_rate: course.gradient_descent.learning_rate_regime(
                c, lr
            ),
            "learning_rate_regime with a non-positive argument",
        )


# --- best_of_restarts ----------------------------------------------------------------------------
def best_end(f, grad_fn, starts, learning_rate, n_steps):
    ends = [descend(grad_fn, s, learning_rate, n_steps)[-1] for s in starts]
    values = [float(f(e)) for e in ends]
    return ends[int(np.argmin(values))], min(values)


@pytest.mark.points(2)
def test_best_of_restarts_two_dimensions(course):
    """best_of_restarts finds the global minimum of a tilted 2-D double well from three starts."""
    starts = [np.array([1.5, 1.0]), np.array([-2.0, 0.5]), np.array([0.3, 2.0])]
    expected_x, expected_f = best_end(
        course_functions.tilted_wells, course_functions.tilted_wells_gradient, starts, 0.05, 300
    )
    got = course.gradient_descent.best_of_restarts(
        CourseFunction("tilted_wells"), CourseFunction("tilted_wells_gradient"), starts, 0.05, 300
    )
    x_best, f_best = unpack_pair(got, "best_of_restarts(...)")
    check_array(x_best, expected_x, "x_best of best_of_restarts(...)")
    check_float(f_best, expected_f, "f_best of best_of_restarts(...)")


@pytest.mark.points(1)
def test_best_of_restarts_other_starts(course):
    """best_of_restarts keeps the lowest end point whichever start reaches it."""
    starts = [2.5, 1.0, -0.1, 0.9]
    expected_x, expected_f = best_end(
        course_functions.double_well, course_functions.double_well_gradient, starts, 0.01, 150
    )
    got = course.gradient_descent.best_of_restarts(
        CourseFunction("double_well"), CourseFunction("double_well_gradient"), starts, 0.01, 150
    )
    x_best, f_best = unpack_pair(got, "best_of_restarts(...)")
    check_array(x_best, expected_x, "x_best of best_of_restarts(...)")
    check_float(f_best, expected_f, "f_best of best_of_restarts(...)")


@pytest.mark.points(1)
def test_best_of_restarts_single_start(course):
    """best_of_restarts from one start returns that run's end point."""
    starts = [np.array([-1.0, 1.5, 0.5])]
    expected_x, expected_f = best_end(
        course_functions.rosenbrock, course_functions.rosenbrock_gradient, starts, 0.001, 40
    )
    got = course.gradient_descent.best_of_restarts(
        CourseFunction("rosenbrock"), CourseFunction("rosenbrock_gradient"), starts, 0.001, 40
    )
    x_best, f_best = unpack_pair(got, "best_of_restarts(...)")
    check_array(x_best, expected_x, "x_best of best_of_restarts(...)")
    check_float(f_best, expected_f, "f_best of best_of_restarts(...)")


def reference_momentum(params, grads, velocity, learning_rate, beta):
    velocity = beta * velocity + grads
    return params - learning_rate * velocity, velocity


def reference_adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    step = learning_rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return params - step, m, v


@pytest.mark.points(3)
def test_minibatches_random_sizes(course):
    """minibatches cuts one permutation into consecutive batches, the last one smaller."""
    for n, batch_size in [(23, 5), (6, 6), (3, 10), (1, 1)]:
        got = course.gradient_descent.minibatches(n, batch_size, Rng(n))
        order = np.random.default_rng(n).permutation(n)
        expected = [order[i : i + batch_size] for i in range(0, n, batch_size)]
        check_that(
            isinstance(got, list) and len(got) == len(expected),
            f"minibatches(n, batch_size, rng) should return {len(expected)} batches",
        )
        for batch, want in zip(got, expected, strict=True):
            check_array(batch, want, "a batch of minibatches(n, batch_size, rng)", dtype="int")


@pytest.mark.points(1)
def test_minibatches_no_rows(course):
    """minibatches of 0 rows is an empty list."""
    check_equal(course.gradient_descent.minibatches(0, 4, Rng(0)), [], "minibatches(0, 4, rng)")


@pytest.mark.points(4)
def test_momentum_step_random_steps(course):
    """Five momentum steps on random gradients match the definition, velocity included."""
    for beta in (0.0, 0.5, 0.95):
        rng = np.random.default_rng(int(100 * beta))
        params = rng.normal(0, 1, (3, 2))
        mine, velocity, mine_velocity = params.copy(), None, np.zeros((3, 2))
        for _ in range(5):
            grads = rng.normal(0, 1, (3, 2))
            mine, mine_velocity = reference_momentum(mine, grads, mine_velocity, 0.05, beta)
            params, velocity = course.gradient_descent.momentum_step(
                params, grads, velocity, 0.05, beta
            )
            check_array(params, mine, "params of momentum_step over five steps")
            check_array(velocity, mine_velocity, "velocity of momentum_step over five steps")


@pytest.mark.points(1)
def test_momentum_step_dict_of_network_params(course):
    """momentum_step updates every entry of a dict and returns a velocity with the same keys."""
    rng = np.random.default_rng(31)
    shapes = {"W1": (4, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
    params = {k: rng.normal(0, 1, s) for k, s in shapes.items()}
    grads = {k: rng.normal(0, 1, s) for k, s in shapes.items()}
    velocity = {k: rng.normal(0, 1, s) for k, s in shapes.items()}
    new, new_velocity = course.gradient_descent.momentum_step(params, grads, velocity, 0.2, 0.8)
    expected = {k: reference_momentum(params[k], grads[k], velocity[k], 0.2, 0.8) for k in shapes}
    check_dict_of_arrays(new, {k: e[0] for k, e in expected.items()}, "params of momentum_step")
    check_dict_of_arrays(
        new_velocity, {k: e[1] for k, e in expected.items()}, "velocity of momentum_step"
    )


@pytest.mark.points(5)
def test_adam_step_random_steps(course):
    """Six Adam steps on random gradients match Algorithm 1 of Kingma and Ba, state included."""
    for learning_rate, beta1, beta2, eps in [
        (0.001, 0.9, 0.999, 1e-8),
        (0.05, 0.5, 0.9, 1e-3),
        (0.2, 0.0, 0.5, 1e-8),
    ]:
        rng = np.random.default_rng(int(1000 * learning_rate))
        params = rng.normal(0, 1, 5)
        mine, m, v, state = params.copy(), np.zeros(5), np.zeros(5), None
        for t in range(1, 7):
            grads = rng.normal(0, 2, 5)
            mine, m, v = reference_adam(mine, grads, m, v, t, learning_rate, beta1, beta2, eps)
            params, state = course.gradient_descent.adam_step(
                params, grads, state, learning_rate, beta1, beta2, eps
            )
            check_array(params, mine, "params of adam_step over six steps")
            check_that(
                isinstance(state, dict) and state.get("t") == t,
                "adam_step's state should count the steps taken in 't'",
            )
            check_array(state["m"], m, "state['m'] of adam_step over six steps")
            check_array(state["v"], v, "state['v'] of adam_step over six steps")


@pytest.mark.points(1)
def test_adam_step_float_params(course):
    """adam_step on a float returns a float and a state of floats."""
    params, state = course.gradient_descent.adam_step(2.0, -3.0, None, 0.5)
    check_float(params, 2.5, "params of adam_step(2.0, -3.0, None, 0.5)", rtol=1e-6)
    params, state = course.gradient_descent.adam_step(params, 1.0, state, 0.5)
    m = 0.9 * 0.1 * -3.0 + 0.1 * 1.0
    v = 0.999 * 0.001 * 9.0 + 0.001 * 1.0
    expected = 2.5 - 0.5 * (m / 0.19) / (np.sqrt(v / (1 - 0.999**2)) + 1e-8)
    check_float(params, expected, "params of a second adam_step on floats")
    check_float(state["m"], m, "state['m'] of a second adam_step on floats")


@pytest.mark.points(1)
def test_fit_line_bounces_forever_at_factor_minus_one(course):
    """With learning rate times curvature equal to 2 the slope bounces between two values."""
    x, z = np.array([1.0, 2.0]), np.array([3.0, 6.0])  # curvature 5, minimum at w = 3
    got = course.gradient_descent.fit_line(x, z, learning_rate=0.4, n_iterations=6)
    check_array(got, [0.0, 6.0, 0.0, 6.0, 0.0, 6.0, 0.0], "fit_line(x, z, learning_rate=0.4)")


# --- a scalar in every form the contract allows, and integer arrays -------------------------------
SCALAR_FORMS = {"a Python float": float, "a numpy float64": np.float64, "a 0-d array": np.array}
NUMPY_FORMS = ["a numpy float64", "a 0-d array"]  # the Python float has tests of its own


@pytest.mark.points(1)
@pytest.mark.parametrize("form", NUMPY_FORMS)
def test_gradient_step_scalar_forms(course, form):
    """gradient_step on a scalar, in any of its forms, returns a number."""
    make = SCALAR_FORMS[form]
    got = course.gradient_descent.gradient_step(make(-2.25), make(1.5), 0.3)
    check_float(got, -2.7, f"gradient_step(params, grads, lr) on {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", NUMPY_FORMS)
def test_line_cost_scalar_forms(course, form):
    """line_cost takes the slope w as any form of scalar."""
    x, z = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0])
    got = course.gradient_descent.line_cost(SCALAR_FORMS[form](2.0), x, z)
    check_float(got, 1 / 3, f"line_cost(w, x, z) with w {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_line_gradient_integer_data_and_scalar_forms(course, form):
    """line_gradient accepts integer data and the slope w as any form of scalar."""
    x, z = np.array([1, 2, 3]), np.array([2, 4, 7])
    got = course.gradient_descent.line_gradient(SCALAR_FORMS[form](2.0), x, z)
    check_float(got, -2.0, f"line_gradient(w, x, z) with w {form} and integer x, z")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", NUMPY_FORMS)
def test_gradient_descent_scalar_forms(course, form):
    """gradient_descent starts from a scalar in any of its forms."""
    got = course.gradient_descent.gradient_descent(
        CourseFunction("double_well_gradient"), SCALAR_FORMS[form](-0.4), 0.02, 30
    )
    expected = descend(course_functions.double_well_gradient, -0.4, 0.02, 30)
    check_array(got, expected, f"gradient_descent(grad_fn, x0, lr, n_steps) from {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", NUMPY_FORMS)
def test_learning_rate_regime_scalar_forms(course, form):
    """learning_rate_regime takes the curvature and the learning rate as any form of scalar."""
    make = SCALAR_FORMS[form]
    for curvature, learning_rate in [(2.0, 0.25), (1.0, 1.5), (4.0, 0.75)]:
        got = course.gradient_descent.learning_rate_regime(make(curvature), make(learning_rate))
        check_equal(
            got,
            regime(curvature, learning_rate),
            f"learning_rate_regime(curvature, learning_rate) on {form}",
        )


@pytest.mark.points(1)
def test_best_of_restarts_integer_starts(course):
    """best_of_restarts from integer starting points returns a float64 point."""
    starts = [np.array([2, 1]), np.array([-2, 0]), np.array([0, 2])]
    expected_x, expected_f = best_end(
        course_functions.tilted_wells, course_functions.tilted_wells_gradient, starts, 0.05, 300
    )
    got = course.gradient_descent.best_of_restarts(
        CourseFunction("tilted_wells"), CourseFunction("tilted_wells_gradient"), starts, 0.05, 300
    )
    x_best, f_best = unpack_pair(got, "best_of_restarts(...)")
    check_array(x_best, expected_x, "x_best of best_of_restarts(...) from integer starts")
    check_float(f_best, expected_f, "f_best of best_of_restarts(...) from integer starts")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", NUMPY_FORMS)
def test_momentum_step_scalar_forms(course, form):
    """momentum_step on a scalar, in any of its forms, returns numbers."""
    make = SCALAR_FORMS[form]
    params, velocity = course.gradient_descent.momentum_step(make(1.0), make(0.5), None, 0.1)
    check_float(params, 0.95, f"params of momentum_step on {form}")
    check_float(velocity, 0.5, f"velocity of momentum_step on {form}")


@pytest.mark.points(1)
def test_momentum_step_integer_params(course):
    """momentum_step on integer arrays returns float64 params and velocity."""
    got = course.gradient_descent.momentum_step(
        np.array([1, 2, 3]), np.array([1, 0, -1]), np.array([2, 2, 2]), 0.5, 0.5
    )
    params, velocity = unpack_pair(got, "momentum_step(...)")
    check_array(velocity, [2.0, 1.0, 0.0], "velocity of momentum_step on integers")
    check_array(params, [0.0, 1.5, 3.0], "params of momentum_step on integers")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", NUMPY_FORMS)
def test_adam_step_scalar_forms(course, form):
    """adam_step on a scalar, in any of its forms, returns a number."""
    make = SCALAR_FORMS[form]
    params, _ = course.gradient_descent.adam_step(make(2.0), make(-3.0), None, 0.5)
    check_float(params, 2.5, f"params of adam_step on {form}", rtol=1e-6)


@pytest.mark.points(1)
def test_adam_step_integer_params(course):
    """adam_step on integer arrays returns float64 params."""
    params, _ = course.gradient_descent.adam_step(np.array([2, -1]), np.array([-3, 4]), None, 0.5)
    check_array(params, [2.5, -1.5], "params of adam_step on integers", rtol=1e-6)


# --- settings as numpy numbers: counts as np.int64 or a 0-d integer array, rates as np.float64 or
# a 0-d float array (numpy code passes numbers it read from arrays). A count written for Python
# ints only (``[0] * n_steps``, ``isinstance(n, int)``) fails here.


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_gradient_step_learning_rate_forms(course, form):
    """gradient_step takes the learning rate as a numpy number."""
    rng = np.random.default_rng(50)
    params, grads = rng.normal(0, 1, (3, 4)), rng.normal(0, 1, (3, 4))
    got = course.gradient_descent.gradient_step(params, grads, REAL_FORMS[form](0.37))
    check_array(got, params - 0.37 * grads, f"gradient_step(params, grads, lr) with lr {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize(("count_form", "real_form"), SETTING_FORMS)
def test_fit_line_setting_forms(course, count_form, real_form):
    """fit_line takes w0, the learning rate and the number of iterations as numpy numbers."""
    x, z = line_data(55)
    expected = descend(lambda w: -2 * np.mean(x * (z - w * x)), -3.0, 0.25, 7)[:, 0]
    real, count = REAL_FORMS[real_form], COUNT_FORMS[count_form]
    got = course.gradient_descent.fit_line(
        x, z, w0=real(-3.0), learning_rate=real(0.25), n_iterations=count(7)
    )
    what = f"fit_line(x, z, w0, learning_rate, n_iterations) with w0 and learning_rate {real_form}"
    check_array(got, expected, f"{what} and n_iterations {count_form}")


@pytest.mark.points(1)
@pytest.mark.parametrize(("count_form", "real_form"), SETTING_FORMS)
def test_gradient_descent_setting_forms(course, count_form, real_form):
    """gradient_descent takes the learning rate and the number of steps as numpy numbers."""
    x0 = np.array([-1.2, 1.0, 0.5])
    expected = descend(course_functions.rosenbrock_gradient, x0, 0.001, 25)
    got = course.gradient_descent.gradient_descent(
        CourseFunction("rosenbrock_gradient"),
        x0,
        REAL_FORMS[real_form](0.001),
        COUNT_FORMS[count_form](25),
    )
    what = f"gradient_descent(grad_fn, x0, lr, n_steps) with lr {real_form}"
    check_array(got, expected, f"{what} and n_steps {count_form}")


@pytest.mark.points(1)
@pytest.mark.parametrize(("count_form", "real_form"), SETTING_FORMS)
def test_best_of_restarts_setting_forms(course, count_form, real_form):
    """best_of_restarts takes the learning rate and the number of steps as numpy numbers."""
    starts = [2.5, 1.0, -0.1, 0.9]
    expected_x, expected_f = best_end(
        course_functions.double_well, course_functions.double_well_gradient, starts, 0.01, 150
    )
    got = course.gradient_descent.best_of_restarts(
        CourseFunction("double_well"),
        CourseFunction("double_well_gradient"),
        starts,
        REAL_FORMS[real_form](0.01),
        COUNT_FORMS[count_form](150),
    )
    what = f"best_of_restarts(...) with lr {real_form} and n_steps {count_form}"
    x_best, f_best = unpack_pair(got, what)
    check_array(x_best, expected_x, f"x_best of {what}")
    check_float(f_best, expected_f, f"f_best of {what}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_minibatches_count_forms(course, form):
    """minibatches takes the batch size, and n as a numpy integer, as numpy numbers."""
    # n is always np.int64: the contract's one rng.permutation(n) refuses a 0-d array
    got = course.gradient_descent.minibatches(np.int64(23), COUNT_FORMS[form](5), Rng(23))
    order = np.random.default_rng(23).permutation(23)
    expected = [order[i : i + 5] for i in range(0, 23, 5)]
    what = f"minibatches(n, batch_size, rng) with n a numpy int64 and batch_size {form}"
    check_that(
        isinstance(got, list) and len(got) == len(expected),
        f"{what} should return {len(expected)} batches",
    )
    for batch, want in zip(got, expected, strict=True):
        check_array(batch, want, f"a batch of {what}", dtype="int")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_momentum_step_setting_forms(course, form):
    """momentum_step takes the learning rate and beta as numpy numbers."""
    rng = np.random.default_rng(31)
    params, grads, velocity = (rng.normal(0, 1, (4, 3)) for _ in range(3))
    make = REAL_FORMS[form]
    got = course.gradient_descent.momentum_step(params, grads, velocity, make(0.2), make(0.8))
    new, new_velocity = unpack_pair(got, "momentum_step(...)")
    expected, expected_velocity = reference_momentum(params, grads, velocity, 0.2, 0.8)
    what = f"momentum_step(params, grads, velocity, lr, beta) with lr and beta {form}"
    check_array(new, expected, f"params of {what}")
    check_array(new_velocity, expected_velocity, f"velocity of {what}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_adam_step_setting_forms(course, form):
    """adam_step takes the learning rate, beta1, beta2 and eps as numpy numbers."""
    rng = np.random.default_rng(50)
    params = rng.normal(0, 1, 5)
    mine, m, v, state = params.copy(), np.zeros(5), np.zeros(5), None
    settings = [REAL_FORMS[form](s) for s in (0.05, 0.5, 0.9, 1e-3)]
    what = f"adam_step(...) with learning_rate, beta1, beta2 and eps {form}"
    for t in (1, 2):
        grads = rng.normal(0, 2, 5)
        mine, m, v = reference_adam(mine, grads, m, v, t, 0.05, 0.5, 0.9, 1e-3)
        params, state = course.gradient_descent.adam_step(params, grads, state, *settings)
        check_array(params, mine, f"params of {what}, step {t}")
        check_that(isinstance(state, dict), f"{what} should return a state dict")
        check_array(state["m"], m, f"state['m'] of {what}, step {t}")
        check_array(state["v"], v, f"state['v'] of {what}, step {t}")
