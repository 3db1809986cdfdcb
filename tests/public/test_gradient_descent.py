"""Public tests of exercises/gradient_descent.py: the lesson's known values and small cases."""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_dict_of_arrays,
    check_equal,
    check_float,
    check_raises,
    check_that,
    show,
)
from autograder.sandbox.protocol import CourseFunction, Rng

X7 = np.linspace(-1.5, 1.5, 7)  # [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
X7_TEXT = "x = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5], z = 2 x"


@pytest.mark.points(1)
def test_gradient_step_float(course):
    """gradient_step on a float: 1.0 - 0.1 * 0.5 = 0.95."""
    check_float(
        course.gradient_descent.gradient_step(1.0, 0.5, 0.1), 0.95, "gradient_step(1.0, 0.5, 0.1)"
    )


@pytest.mark.points(1)
def test_gradient_step_array(course):
    """gradient_step on an array moves every element against its gradient."""
    got = course.gradient_descent.gradient_step(
        np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, -1.0], [0.0, 2.0]]), 0.5
    )
    check_array(
        got,
        [[0.5, 2.5], [3.0, 3.0]],
        "gradient_step(params, grads, 0.5)",
        inputs="params = [[1, 2], [3, 4]], grads = [[1, -1], [0, 2]]",
    )


@pytest.mark.points(2)
def test_gradient_step_dict(course):
    """gradient_step on a dict of arrays updates every entry and keeps the keys."""
    params = {"W": np.array([[1.0, 2.0]]), "b": np.array([0.5])}
    grads = {"W": np.array([[10.0, -10.0]]), "b": np.array([1.0])}
    got = course.gradient_descent.gradient_step(params, grads, 0.1)
    check_dict_of_arrays(
        got,
        {"W": np.array([[0.0, 3.0]]), "b": np.array([0.4])},
        "gradient_step(params, grads, 0.1)",
        inputs="params = {'W': [[1, 2]], 'b': [0.5]}, grads = {'W': [[10, -10]], 'b': [1]}",
    )


@pytest.mark.points(2)
def test_line_cost_along_the_lesson_trajectory(course):
    """line_cost on z = 2x is 4, 0.16, 0.0064, 0.000256, 1.024e-05 along the lesson's slopes."""
    for w, expected in [
        (0.0, 4.0),
        (1.6, 0.16),
        (1.92, 0.0064),
        (1.984, 0.000256),
        (1.9968, 1.024e-05),
    ]:
        got = course.gradient_descent.line_cost(w, X7, 2 * X7)
        check_float(got, expected, f"line_cost({w}, x, z)", inputs=X7_TEXT, rtol=1e-9)


@pytest.mark.points(2)
def test_line_gradient_known_values(course):
    """line_gradient on z = 2x is -4 at w = 0, -0.8 at w = 1.6 and 0 at w = 2."""
    for w, expected in [(0.0, -4.0), (1.6, -0.8), (2.0, 0.0), (3.0, 2.0)]:
        got = course.gradient_descent.line_gradient(w, X7, 2 * X7)
        check_float(
            got, expected, f"line_gradient({w}, x, z)", inputs=X7_TEXT, rtol=1e-9, atol=1e-12
        )


@pytest.mark.points(3)
def test_fit_line_lesson_trajectory(course):
    """fit_line on z = 2x with the defaults visits 0, 1.6, 1.92, 1.984, 1.9968."""
    got = course.gradient_descent.fit_line(X7, 2 * X7)
    check_array(got, [0.0, 1.6, 1.92, 1.984, 1.9968], "fit_line(x, z)", inputs=X7_TEXT)


@pytest.mark.points(1)
def test_fit_line_other_start(course):
    """fit_line from w0 = 1 with learning rate 0.1 for 2 iterations visits 1, 1.2, 1.36."""
    got = course.gradient_descent.fit_line(X7, 2 * X7, w0=1.0, learning_rate=0.1, n_iterations=2)
    check_array(
        got,
        [1.0, 1.2, 1.36],
        "fit_line(x, z, w0=1.0, learning_rate=0.1, n_iterations=2)",
        inputs=X7_TEXT,
    )


@pytest.mark.points(1)
def test_fit_line_bounces_on_two_points(course):
    """On the points (1, 2), (2, 4) with learning rate 0.4 the slope bounces 0, 4, 0, 4, 0."""
    got = course.gradient_descent.fit_line(np.array([1.0, 2.0]), np.array([2.0, 4.0]))
    check_array(
        got,
        [0.0, 4.0, 0.0, 4.0, 0.0],
        "fit_line(x, z) (defaults: w0 = 0, learning rate 0.4, 4 iterations)",
        inputs="x = [1, 2], z = [2, 4]",
    )


@pytest.mark.points(3)
def test_gradient_descent_bowl(course):
    """gradient_descent on f = 3/2 x^2 + 1/2 y^2 from (1, 1) shrinks x by 0.7, y by 0.9 per step."""
    got = course.gradient_descent.gradient_descent(
        CourseFunction("bowl_gradient"), np.array([1.0, 1.0]), 0.1, 3
    )
    expected = [[1.0, 1.0], [0.7, 0.9], [0.49, 0.81], [0.343, 0.729]]
    check_array(
        got,
        expected,
        "gradient_descent(grad_fn, x0, 0.1, 3)",
        inputs="grad_fn(p) = [3 x, y] (the gradient of 3/2 x^2 + 1/2 y^2), x0 = [1.0, 1.0]",
    )


@pytest.mark.points(2)
def test_gradient_descent_local_minimum(course):
    """gradient_descent on x^4 - 3x^2 + x from x0 = 2 ends in the local minimum x = 1.1309."""
    got = course.gradient_descent.gradient_descent(
        CourseFunction("double_well_gradient"), 2.0, 0.01, 200
    )
    inputs = "grad_fn(x) = 4 x^3 - 6 x + 1, x0 = 2.0 (a float: a point with d = 1)"
    check_that(
        isinstance(got, np.ndarray) and got.shape == (201, 1),
        "gradient_descent(grad_fn, 2.0, 0.01, 200) should return an array of shape (201, 1)",
        f"Input: {inputs}\nGot: {type(got).__name__} of shape {getattr(got, 'shape', None)}",
    )
    check_array(
        got[-1],
        [1.1309],
        "the last point of gradient_descent(grad_fn, 2.0, 0.01, 200)",
        inputs=inputs,
        atol=5e-5,
    )


@pytest.mark.points(2)
def test_gradient_descent_bigger_step_crosses_the_hill(course):
    """On x^4 - 3x^2 + x from x0 = 2, learning rate 0.1 reaches the global minimum, 0.01 does not.

    The small steps settle in the local minimum x = 1.1309; the big first step jumps over the
    hill between the two valleys and descent ends in the global minimum x = -1.3008.
    """
    inputs = "grad_fn(x) = 4 x^3 - 6 x + 1 (the gradient of x^4 - 3x^2 + x), x0 = 2.0, 200 steps"
    for learning_rate, expected in ((0.1, -1.3008), (0.01, 1.1309)):
        got = course.gradient_descent.gradient_descent(
            CourseFunction("double_well_gradient"), 2.0, learning_rate, 200
        )
        what = f"gradient_descent(grad_fn, 2.0, {learning_rate}, 200)"
        check_that(
            isinstance(got, np.ndarray) and got.shape == (201, 1),
            f"{what} should return an array of shape (201, 1)",
            f"Input: {inputs}\nGot: {type(got).__name__} of shape {getattr(got, 'shape', None)}",
        )
        check_array(got[-1], [expected], f"the last point of {what}", inputs=inputs, atol=5e-5)


@pytest.mark.points(1)
def test_learning_rate_regime_two_point_line(course):
    """Fitting z = w x to (1, 2), (2, 4) has curvature 5: learning rate 0.4 neither converges nor
    oscillates towards the minimum (the slope bounces forever), 0.1 converges."""
    for learning_rate, expected in ((0.4, "diverges"), (0.1, "converges"), (0.3, "oscillates")):
        got = course.gradient_descent.learning_rate_regime(5.0, learning_rate)
        check_equal(got, expected, f"learning_rate_regime(5.0, {learning_rate})")


@pytest.mark.points(2)
def test_learning_rate_regime_examples(course):
    """learning_rate_regime tells converges, oscillates and diverges apart on f'' = 1."""
    cases = [
        (0.5, "converges"),
        (1.0, "converges"),
        (1.5, "oscillates"),
        (2.0, "diverges"),
        (3.0, "diverges"),
    ]
    for learning_rate, expected in cases:
        got = course.gradient_descent.learning_rate_regime(1.0, learning_rate)
        check_equal(got, expected, f"learning_rate_regime(1.0, {learning_rate})")


@pytest.mark.points(1)
def test_learning_rate_regime_rejects_non_positive(course):
    """learning_rate_regime raises ValueError for a non-positive curvature or learning rate."""
    check_raises(
        "ValueError",
        lambda: course.gradient_descent.learning_rate_regime(-1.0, 0.1),
        "learning_rate_regime(-1, 0.1)",
    )
    check_raises(
        "ValueError",
        lambda: course.gradient_descent.learning_rate_regime(1.0, 0.0),
        "learning_rate_regime(1, 0)",
    )


@pytest.mark.points(3)
def test_best_of_restarts_finds_global_minimum(course):
    """best_of_restarts on x^4 - 3x^2 + x from -2, 0.5, 2 finds x = -1.3008, f = -3.5139."""
    got = course.gradient_descent.best_of_restarts(
        CourseFunction("double_well"),
        CourseFunction("double_well_gradient"),
        [-2.0, 0.5, 2.0],
        0.01,
        200,
    )
    inputs = (
        "f(x) = x^4 - 3 x^2 + x, starts = [-2.0, 0.5, 2.0], learning_rate = 0.01, n_steps = 200"
    )
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 2,
        "best_of_restarts(...) should return a pair (x_best, f_best)",
        f"Input: {inputs}\nGot: {show(got)}"[:400],
    )
    x_best, f_best = got
    check_array(x_best, [-1.3008], "x_best of best_of_restarts(...)", inputs=inputs, atol=5e-5)
    check_float(f_best, -3.5139, "f_best of best_of_restarts(...)", inputs=inputs, atol=5e-5)


BOWL_TEXT = "f(x, y) = 3/2 x^2 + 1/2 y^2, gradient (3x, y), start (1, 1)"


def bowl_gradient(point):
    return np.array([3.0, 1.0]) * point


@pytest.mark.points(2)
def test_minibatches_cut_one_permutation(course):
    """minibatches(10, 4, rng) cuts rng.permutation(10) into pieces of 4, 4 and 2."""
    got = course.gradient_descent.minibatches(10, 4, Rng(0))
    order = np.random.default_rng(0).permutation(10)
    inputs = "n = 10, batch_size = 4, rng = np.random.default_rng(0)"
    check_that(
        isinstance(got, list) and len(got) == 3,
        "minibatches(10, 4, rng) should return a list of 3 index arrays",
        f"Input: {inputs}\nGot: {show(got)}"[:400],
    )
    for k, (batch, expected) in enumerate(
        zip(got, (order[:4], order[4:8], order[8:]), strict=True)
    ):
        check_array(
            batch, expected, f"batch {k} of minibatches(10, 4, rng)", inputs=inputs, dtype="int"
        )


@pytest.mark.points(2)
def test_momentum_step_three_steps_on_the_bowl(course):
    """Three momentum steps (learning rate 0.1, beta 0.9) go (0.7, 0.9), (0.22, 0.72), (-0.278, 0.486)."""
    params, velocity = np.array([1.0, 1.0]), None
    for k, expected in enumerate([[0.7, 0.9], [0.22, 0.72], [-0.278, 0.486]], start=1):
        got = course.gradient_descent.momentum_step(params, bowl_gradient(params), velocity, 0.1)
        check_that(
            isinstance(got, (tuple, list)) and len(got) == 2,
            "momentum_step should return a pair (params, velocity)",
            f"Got: {show(got)}"[:300],
        )
        params, velocity = got
        check_array(params, expected, f"params after step {k} of momentum_step", inputs=BOWL_TEXT)


@pytest.mark.points(1)
def test_momentum_step_float_and_dict(course):
    """momentum_step works on a float and on a dict of arrays, velocity included."""
    got = course.gradient_descent.momentum_step(1.0, 2.0, 0.5, 0.1, beta=0.5)
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 2,
        "momentum_step should return a pair (params, velocity)",
    )
    check_float(got[0], 0.775, "params of momentum_step(1.0, 2.0, 0.5, 0.1, beta=0.5)")
    check_float(got[1], 2.25, "velocity of momentum_step(1.0, 2.0, 0.5, 0.1, beta=0.5)")
    params = {"W": np.array([[1.0, 2.0]]), "b": np.array([0.5])}
    grads = {"W": np.array([[1.0, -1.0]]), "b": np.array([2.0])}
    inputs = "params = {'W': [[1, 2]], 'b': [0.5]}, grads = {'W': [[1, -1]], 'b': [2]}"
    new, velocity = course.gradient_descent.momentum_step(params, grads, None, 0.5)
    check_dict_of_arrays(
        new,
        {"W": np.array([[0.5, 2.5]]), "b": np.array([-0.5])},
        "params of momentum_step(params, grads, None, 0.5)",
        inputs=inputs,
    )
    check_dict_of_arrays(
        velocity, grads, "velocity of momentum_step(params, grads, None, 0.5)", inputs=inputs
    )


@pytest.mark.points(3)
def test_adam_step_three_steps_on_the_bowl(course):
    """Three Adam steps (learning rate 0.1) go (0.9, 0.9), (0.80041, 0.80041), (0.70159, 0.70159)."""
    params, state = np.array([1.0, 1.0]), None
    expected_path = [[0.9, 0.9], [0.800412228, 0.80041223], [0.701586272, 0.701586275]]
    for k, expected in enumerate(expected_path, start=1):
        got = course.gradient_descent.adam_step(params, bowl_gradient(params), state, 0.1)
        check_that(
            isinstance(got, (tuple, list)) and len(got) == 2,
            "adam_step should return a pair (params, state)",
            f"Got: {show(got)}"[:300],
        )
        params, state = got
        check_array(
            params, expected, f"params after step {k} of adam_step", inputs=BOWL_TEXT, atol=1e-8
        )


@pytest.mark.points(1)
def test_adam_step_state_after_two_steps(course):
    """adam_step's state counts the steps and holds both moment estimates, key by key."""
    params = {"W": np.array([[1.0, 2.0]]), "b": np.array([0.5])}
    grads = {"W": np.array([[1.0, -2.0]]), "b": np.array([4.0])}
    inputs = "params = {'W': [[1, 2]], 'b': [0.5]}, grads = {'W': [[1, -2]], 'b': [4]} twice"
    _, state = course.gradient_descent.adam_step(params, grads, None)
    new, state = course.gradient_descent.adam_step(params, grads, state)
    check_dict_of_arrays(
        new,
        {"W": np.array([[0.999, 2.001]]), "b": np.array([0.499])},
        "params of the second adam_step",
        inputs=inputs,
        atol=1e-9,
    )
    check_that(
        isinstance(state, dict) and state.get("t") == 2,
        "the state after two adam_steps should have t = 2",
        f"Got: {show(state)}",
    )
    check_dict_of_arrays(
        state["m"],
        {"W": np.array([[0.19, -0.38]]), "b": np.array([0.76])},
        "state['m'] after two adam_steps",
        inputs=inputs,
    )
    check_dict_of_arrays(
        state["v"],
        {"W": np.array([[0.001999, 0.007996]]), "b": np.array([0.031984])},
        "state['v'] after two adam_steps",
        inputs=inputs,
    )
