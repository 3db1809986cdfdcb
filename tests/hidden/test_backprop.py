"""Hidden tests of exercises/backprop.py: random inputs from fixed seeds, gradient checks.

Expected values come from independent numpy code written here (this file is never shipped). The
gradient checks of ``mlp_loss_and_gradients`` differentiate the student's own loss numerically,
calling it through ``course`` on perturbed parameters (the network is tiny to stay fast).
"""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_dict_of_arrays,
    check_dict_of_shapes,
    check_equal,
    check_float,
    check_shape,
    check_that,
)
from autograder.sandbox import course_functions
from autograder.sandbox.protocol import CourseFunction, Rng
from autograder.setting_forms import COUNT_FORMS, REAL_FORMS, SETTING_FORMS

H = 1e-5
GRADIENT_TOLERANCE = 1e-7
ACTIVATIONS = ["sigmoid", "tanh", "relu"]
KEYS = ("W1", "b1", "W2", "b2")


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(np.asarray(z, dtype=np.float64) / 2))


def relative_error(a, b):
    """The contract's relative error: max |a - b| / max(1e-8, |a| + |b|), elementwise."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numerical_gradient(f, x):
    """Central differences of the scalar function f at the array x (x is not changed)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = H
        grad[i] = (float(f(x + step)) - float(f(x - step))) / (2 * H)
    return grad


def unpack(got, what, size=2):
    check_that(
        isinstance(got, (tuple, list)) and len(got) == size,
        f"{what} should return a tuple of {size}",
    )
    return got


# --- the chain -----------------------------------------------------------------------------------
def random_chain(seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(0, 1, 6)
    params = {
        "w1": float(values[0]),
        "b1": float(values[1]),
        "w2": float(values[2]),
        "b2": float(values[3]),
    }
    return float(values[4]), float(sigmoid(values[5])), params


def chain_values(x, p):
    z1 = p["w1"] * x + p["b1"]
    a1 = sigmoid(z1)
    z2 = p["w2"] * a1 + p["b2"]
    return {"z1": float(z1), "a1": float(a1), "z2": float(z2), "a2": float(sigmoid(z2))}


def chain_error(x, target, p):
    return 0.5 * (target - chain_values(x, p)["a2"]) ** 2


def chain_gradients(x, target, p):
    """dE/dparams by central differences of E written here (accurate to about 1e-10)."""
    grads = {}
    for key in p:
        up, down = dict(p), dict(p)
        up[key] += H
        down[key] -= H
        grads[key] = (chain_error(x, target, up) - chain_error(x, target, down)) / (2 * H)
    return grads


def chain_gradients_exact(x, target, p):
    v = chain_values(x, p)
    d2 = (v["a2"] - target) * v["a2"] * (1 - v["a2"])
    d1 = d2 * p["w2"] * v["a1"] * (1 - v["a1"])
    return {"w1": d1 * x, "b1": d1, "w2": d2 * v["a1"], "b2": d2}


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [60, 61, 62])
def test_chain_forward_random_params(course, seed):
    """chain_forward matches the forward formulas for random params and inputs."""
    x, _, params = random_chain(seed)
    check_dict_of_arrays(
        course.backprop.chain_forward(x, params),
        chain_values(x, params),
        "chain_forward(x, params)",
    )


@pytest.mark.points(1)
def test_chain_forward_integer_input(course):
    """chain_forward accepts an integer input x."""
    params = {"w1": 0.5, "b1": -1.0, "w2": 2.0, "b2": 0.25}
    check_dict_of_arrays(
        course.backprop.chain_forward(3, params),
        chain_values(3.0, params),
        "chain_forward(3, params)",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [63, 64, 65])
def test_chain_backward_random_params(course, seed):
    """chain_backward matches the chain rule for random params, inputs and targets."""
    x, target, params = random_chain(seed)
    got = course.backprop.chain_backward(x, target, params)
    check_dict_of_arrays(
        got, chain_gradients_exact(x, target, params), "chain_backward(x, target, params)"
    )


@pytest.mark.points(2)
def test_chain_backward_numerical_gradient(course):
    """chain_backward agrees with the numerical gradient of E = 1/2 (T - a2)^2."""
    for seed in (66, 67):
        x, target, params = random_chain(seed)
        got = course.backprop.chain_backward(x, target, params)
        numerical = chain_gradients(x, target, params)
        check_dict_of_arrays(
            got, numerical, "chain_backward(x, target, params)", rtol=1e-5, atol=1e-9
        )
        error = relative_error([got[k] for k in params], [numerical[k] for k in params])
        check_that(
            error < GRADIENT_TOLERANCE,
            f"chain_backward disagrees with the numerical gradient of E (error {error:.1e})",
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [68, 69])
def test_chain_train_step_random_params(course, seed):
    """chain_train_step updates every param from gradients at the old params."""
    x, target, params = random_chain(seed)
    grads = chain_gradients_exact(x, target, params)
    expected = {k: params[k] - 0.7 * grads[k] for k in params}
    check_dict_of_arrays(
        course.backprop.chain_train_step(x, target, params, 0.7),
        expected,
        "chain_train_step(x, target, params, lr)",
    )


def chain_train_reference(x, target, params, learning_rate, max_epochs, tolerance):
    params, errors = dict(params), []
    for _ in range(max_epochs):
        errors.append(chain_error(x, target, params))
        if errors[-1] < tolerance:
            break
        grads = chain_gradients_exact(x, target, params)
        params = {k: params[k] - learning_rate * grads[k] for k in params}
    return params, np.array(errors)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("seed", "learning_rate", "max_epochs", "tolerance"),
    [(70, 1.0, 500, 0.005), (71, 0.5, 40, 1e-4)],
)
def test_chain_train_random_runs(course, seed, learning_rate, max_epochs, tolerance):
    """chain_train records E every epoch, stops below the tolerance or after max_epochs."""
    x, target, params = random_chain(seed)
    expected_params, expected_errors = chain_train_reference(
        x, target, params, learning_rate, max_epochs, tolerance
    )
    got = course.backprop.chain_train(
        x, target, params, learning_rate=learning_rate, max_epochs=max_epochs, tolerance=tolerance
    )
    got_params, got_errors = unpack(got, "chain_train(...)")
    check_array(got_errors, expected_errors, "the errors of chain_train(...)", rtol=1e-6)
    check_dict_of_arrays(got_params, expected_params, "the params of chain_train(...)", rtol=1e-6)


@pytest.mark.points(1)
def test_chain_train_already_good(course):
    """chain_train stops at once, params unchanged, when E is already below the tolerance."""
    x, target, params = random_chain(72)
    error = chain_error(x, target, params)
    got_params, got_errors = unpack(
        course.backprop.chain_train(x, target, params, tolerance=2 * error + 1e-3),
        "chain_train(...)",
    )
    check_array(got_errors, [error], "the errors of chain_train(...)")
    check_dict_of_arrays(got_params, params, "the params of chain_train(...)")


# --- init_mlp ------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize(("d", "h", "k"), [(5, 5, 5), (7, 3, 4)])
def test_init_mlp_shapes(course, d, h, k):
    """init_mlp returns arrays of the right shapes, zero biases, for square sizes too."""
    got = course.backprop.init_mlp(d, h, k, Rng(73))
    check_that(
        isinstance(got, dict) and set(got) == set(KEYS),
        "init_mlp should return a dict with keys W1, b1, W2, b2",
    )
    check_array(got["b1"], np.zeros(h), "init_mlp(...)['b1']")
    check_array(got["b2"], np.zeros(k), "init_mlp(...)['b2']")
    check_shape(got["W1"], (d, h), "init_mlp(...)['W1']")
    check_shape(got["W2"], (h, k), "init_mlp(...)['W2']")
    check_that(
        np.ptp(got["W1"]) > 0 and np.ptp(got["W2"]) > 0,
        "init_mlp should draw random weights, not one value everywhere",
    )


@pytest.mark.points(1)
def test_init_mlp_uses_the_rng(course):
    """init_mlp gives the same weights for the same seed and different ones for another seed."""
    first = course.backprop.init_mlp(4, 6, 3, Rng(74))
    again = course.backprop.init_mlp(4, 6, 3, Rng(74))
    other = course.backprop.init_mlp(4, 6, 3, Rng(75))
    check_dict_of_arrays(again, first, "init_mlp with the same seed twice")
    check_that(
        not np.allclose(first["W1"], other["W1"]),
        "init_mlp should draw its weights from the rng it is given",
    )


@pytest.mark.points(1)
def test_init_mlp_scale_other_sizes(course):
    """init_mlp scales the weights by sqrt(1 / fan_in) for other layer sizes."""
    got = course.backprop.init_mlp(100, 300, 20, Rng(76))
    for key, fan_in in (("W1", 100), ("W2", 300)):
        std = float(np.std(got[key]))
        check_that(
            abs(std * np.sqrt(fan_in) - 1) < 0.1,
            f"the weights {key} should have standard deviation sqrt(1 / fan_in)",
        )


# --- mlp_forward ---------------------------------------------------------------------------------
def random_network(seed, n, d, h, k):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(0, 0.8, (d, h)),
        "b1": rng.normal(0, 0.5, h),
        "W2": rng.normal(0, 0.8, (h, k)),
        "b2": rng.normal(0, 0.5, k),
    }
    return params, rng.normal(0, 1, (n, d)), rng.integers(0, k, n)


def hidden_activation(name, Z):
    return {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[name](Z)


def hidden_derivative(name, Z):
    if name == "sigmoid":
        return sigmoid(Z) * (1 - sigmoid(Z))
    if name == "tanh":
        return 1 / np.cosh(Z) ** 2
    return np.heaviside(Z, 0.0)


def forward_reference(params, X, activation):
    A1 = hidden_activation(activation, X @ params["W1"] + params["b1"])
    return A1 @ params["W2"] + params["b2"]


def loss_and_gradients_reference(params, X, labels, activation, l2=0.0):
    n = len(labels)
    Z1 = X @ params["W1"] + params["b1"]
    A1 = hidden_activation(activation, Z1)
    logits = A1 @ params["W2"] + params["b2"]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), labels].mean()
    loss += l2 / 2 * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    delta2 = np.exp(log_probs)
    delta2[np.arange(n), labels] -= 1
    delta2 /= n
    delta1 = delta2 @ params["W2"].T * hidden_derivative(activation, Z1)
    grads = {
        "W1": X.T @ delta1 + l2 * params["W1"],
        "b1": delta1.sum(axis=0),
        "W2": A1.T @ delta2 + l2 * params["W2"],
        "b2": delta2.sum(axis=0),
    }
    return float(loss), grads


SIZES = [(5, 3, 4, 3), (4, 4, 4, 4), (3, 2, 6, 3), (6, 5, 3, 2)]  # (n, d, h, k); n == k too


@pytest.mark.points(1)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", SIZES)
def test_mlp_forward_random_networks(course, activation, sizes):
    """mlp_forward matches the forward formulas on random networks and batches of several sizes."""
    params, X, _ = random_network(80, *sizes)
    logits, _ = unpack(
        course.backprop.mlp_forward(params, X, activation=activation), "mlp_forward(...)"
    )
    check_array(
        logits,
        forward_reference(params, X, activation),
        "the logits of mlp_forward(params, X, activation)",
    )


@pytest.mark.points(1)
def test_mlp_forward_integer_inputs(course):
    """mlp_forward accepts integer inputs X (like pixel counts)."""
    params, _, _ = random_network(81, 4, 3, 5, 2)
    X = np.array([[0, 1, 2], [3, 0, 16], [1, 1, 1], [7, 0, 2]])
    logits, _ = unpack(
        course.backprop.mlp_forward(params, X, activation="tanh"), "mlp_forward(...)"
    )
    check_array(
        logits,
        forward_reference(params, X.astype(float), "tanh"),
        "the logits of mlp_forward(params, X, 'tanh')",
    )


# --- mlp_loss_and_gradients ----------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", SIZES)
def test_mlp_loss_and_gradients_random_networks(course, activation, sizes):
    """mlp_loss_and_gradients matches backpropagation on random networks, square batches too."""
    params, X, labels = random_network(82, *sizes)
    expected_loss, expected_grads = loss_and_gradients_reference(params, X, labels, activation)
    loss, grads = unpack(
        course.backprop.mlp_loss_and_gradients(params, X, labels, activation=activation),
        "mlp_loss_and_gradients(...)",
    )
    check_float(loss, expected_loss, "the loss of mlp_loss_and_gradients(...)")
    check_dict_of_arrays(grads, expected_grads, "the gradients of mlp_loss_and_gradients(...)")


@pytest.mark.points(3)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_mlp_loss_and_gradients_numerical_gradient(course, activation):
    """mlp_loss_and_gradients agrees with numerical gradients of its own loss (l2 = 0)."""
    params, X, labels = random_network(83, 5, 3, 4, 3)
    loss, grads = unpack(
        course.backprop.mlp_loss_and_gradients(params, X, labels, activation=activation),
        "mlp_loss_and_gradients(...)",
    )
    expected_loss, _ = loss_and_gradients_reference(params, X, labels, activation)
    check_float(loss, expected_loss, "the loss of mlp_loss_and_gradients(...)")
    check_dict_of_shapes(grads, {k: v.shape for k, v in params.items()}, "the gradients")

    for key in KEYS:

        def loss_at(value, key=key):
            changed = dict(params, **{key: value})
            return course.backprop.mlp_loss_and_gradients(
                changed, X, labels, activation=activation
            )[0]

        error = relative_error(grads[key], numerical_gradient(loss_at, params[key]))
        check_that(
            error < GRADIENT_TOLERANCE,
            f"the gradient of {key} disagrees with the numerical gradient of the loss "
            f"(activation {activation!r}, relative error {error:.1e})",
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_mlp_loss_and_gradients_l2_only(course, activation):
    """Weight decay adds l2/2 sum(W^2) to the loss, l2 W to the weight gradients, none to biases."""
    params, X, labels = random_network(84, 6, 4, 5, 3)
    l2 = 0.37
    loss0, grads0 = unpack(
        course.backprop.mlp_loss_and_gradients(params, X, labels, activation=activation),
        "mlp_loss_and_gradients(...)",
    )
    loss1, grads1 = unpack(
        course.backprop.mlp_loss_and_gradients(params, X, labels, activation=activation, l2=l2),
        "mlp_loss_and_gradients(...)",
    )
    penalty = l2 / 2 * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    check_float(
        float(loss1) - float(loss0), penalty, "the loss with l2 minus the loss without", rtol=1e-9
    )
    shapes = {k: v.shape for k, v in params.items()}
    check_dict_of_shapes(grads0, shapes, "the gradients without l2")
    check_dict_of_shapes(grads1, shapes, "the gradients with l2")
    for key in KEYS:
        extra = l2 * params[key] if key.startswith("W") else np.zeros_like(params[key])
        check_array(
            grads1[key] - grads0[key],
            extra,
            f"the change of the {key} gradient caused by l2",
            atol=1e-12,
        )


@pytest.mark.points(1)
def test_mlp_loss_and_gradients_integer_inputs(course):
    """mlp_loss_and_gradients accepts integer inputs X."""
    params, _, labels = random_network(85, 3, 2, 3, 2)
    X = np.array([[1, 0], [0, 2], [3, 1]])
    expected_loss, expected_grads = loss_and_gradients_reference(
        params, X.astype(float), labels, "sigmoid"
    )
    loss, grads = unpack(
        course.backprop.mlp_loss_and_gradients(params, X, labels), "mlp_loss_and_gradients(...)"
    )
    check_float(loss, expected_loss, "the loss of mlp_loss_and_gradients(...)")
    check_dict_of_arrays(grads, expected_grads, "the gradients of mlp_loss_and_gradients(...)")


# --- numerical_gradient and relative_error -------------------------------------------------------
@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(4,), (2, 3), (3, 3)])
def test_numerical_gradient_sin_product(course, shape):
    """numerical_gradient of sum(sin(x) x) matches cos(x) x + sin(x) on random points."""
    x = np.random.default_rng(86).uniform(-2, 2, shape)
    got = course.backprop.numerical_gradient(CourseFunction("sin_product"), x)
    check_array(got, np.cos(x) * x + np.sin(x), "numerical_gradient(f, x)", rtol=1e-7, atol=1e-9)


@pytest.mark.points(1)
def test_numerical_gradient_rosenbrock(course):
    """numerical_gradient of the Rosenbrock function matches its gradient."""
    x = np.array([-0.5, 0.8, 1.2, 0.3])
    got = course.backprop.numerical_gradient(CourseFunction("rosenbrock"), x, h=1e-6)
    check_array(
        got,
        course_functions.rosenbrock_gradient(x),
        "numerical_gradient(f, x, h)",
        rtol=1e-6,
        atol=1e-6,
    )


@pytest.mark.points(1)
def test_numerical_gradient_large_step(course):
    """numerical_gradient uses central differences with the step it is given."""
    x = np.array([[0.5], [-1.5]])
    got = course.backprop.numerical_gradient(CourseFunction("sum_of_cubes"), x, h=0.5)
    check_array(got, 3 * x**2 + 0.25, "numerical_gradient(f, x, h=0.5)")


@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(6,), (3, 4)])
def test_relative_error_random_arrays(course, shape):
    """relative_error matches max |a - b| / max(1e-8, |a| + |b|) on random arrays, either order."""
    rng = np.random.default_rng(87)
    a = rng.normal(0, 1, shape)
    b = a + rng.normal(0, 1e-3, shape)
    expected = float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
    check_float(course.backprop.relative_error(a, b), expected, "relative_error(a, b)")
    check_float(course.backprop.relative_error(b, a), expected, "relative_error(b, a)")


@pytest.mark.points(1)
def test_relative_error_opposite_signs(course):
    """relative_error divides by |a| + |b|, also where a and b have opposite signs."""
    rng = np.random.default_rng(93)
    a, b = rng.normal(0, 1, (4, 3)), rng.normal(0, 1, (4, 3))
    expected = float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
    check_float(course.backprop.relative_error(a, b), expected, "relative_error(a, b)")
    check_float(course.backprop.relative_error(a, -a), 1.0, "relative_error(a, -a)")


@pytest.mark.points(1)
def test_relative_error_near_zero(course):
    """relative_error uses the 1e-8 floor where both values are tiny."""
    a, b = np.array([0.0, 1e-10, 5.0]), np.array([0.0, -1e-10, 5.0])
    check_float(course.backprop.relative_error(a, b), 2e-2, "relative_error(a, b)")


# --- layer_gradient_norms ------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [88, 89])
def test_layer_gradient_norms_sigmoid_other_seeds(course, seed):
    """With sigmoid the first layer's gradient is far below the last one's (other seeds, sizes)."""
    for depth, width in ((8, 32), (6, 16)):
        got = course.backprop.layer_gradient_norms(depth, width, "sigmoid", Rng(seed))
        check_shape(got, (depth,), "layer_gradient_norms(depth, width, 'sigmoid', rng)")
        check_that(
            bool(np.all(got > 0)) and got[0] / got[-1] < 1e-2,
            "with sigmoid the first layer's gradient should be below 1/100 of the last",
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_layer_gradient_norms_stays_in_range(course, activation):
    """With ReLU (He init) or tanh (Glorot init) the gradient norms stay within a factor of 10."""
    for seed in (90, 91):
        got = course.backprop.layer_gradient_norms(8, 32, activation, Rng(seed))
        check_shape(got, (8,), "layer_gradient_norms(8, 32, activation, rng)")
        check_that(
            bool(np.all(got > 0)) and got.max() / got.min() < 10,
            f"with {activation} the gradient norms should stay within a factor of 10",
        )
        check_norms_differ(got, "layer_gradient_norms(8, 32, activation, rng)")


@pytest.mark.points(1)
def test_layer_gradient_norms_relu_keeps_the_scale(course):
    """With ReLU and He initialisation the gradients keep their size instead of all shrinking."""
    # For 8 layers of 32 units, the geometric mean of the norms is 0.25 to 4 with He init and
    # 0.02 to 0.06 with Glorot init (seeds 0-59), so 0.1 separates the two with a margin.
    for seed in (90, 91):
        got = course.backprop.layer_gradient_norms(8, 32, "relu", Rng(seed))
        check_shape(got, (8,), "layer_gradient_norms(8, 32, 'relu', rng)")
        check_that(
            bool(np.all(got > 0)) and np.exp(np.mean(np.log(got))) > 0.1,
            "with ReLU and He initialisation the layers' gradient norms should not all be small "
            "(geometric mean above 0.1 for 8 layers of 32)",
        )
        check_norms_differ(got, "layer_gradient_norms(8, 32, 'relu', rng)")


@pytest.mark.points(1)
def test_layer_gradient_norms_uses_the_rng(course):
    """layer_gradient_norms gives the same norms for the same seed."""
    first = course.backprop.layer_gradient_norms(5, 8, "relu", Rng(92))
    again = course.backprop.layer_gradient_norms(5, 8, "relu", Rng(92))
    check_array(again, first, "layer_gradient_norms with the same seed twice")
    check_equal(len(first), 5, "the number of norms of layer_gradient_norms(5, ...)")
    check_norms_differ(first, "layer_gradient_norms(5, 8, 'relu', rng)")


@pytest.mark.points(2)
def test_init_weights_other_shapes(course):
    """init_weights draws one standard-normal matrix of shape (fan_in, fan_out) and scales it."""
    for fan_in, fan_out, scheme in [(7, 3, "he"), (4, 9, "glorot"), (5, 2, "small")]:
        scale = {
            "glorot": np.sqrt(2 / (fan_in + fan_out)),
            "he": np.sqrt(2 / fan_in),
            "small": 0.01,
        }[scheme]
        got = course.backprop.init_weights(fan_in, fan_out, scheme, Rng(fan_in * fan_out))
        expected = np.random.default_rng(fan_in * fan_out).standard_normal((fan_in, fan_out))
        check_array(got, expected * scale, "init_weights(fan_in, fan_out, scheme, rng)")


@pytest.mark.points(2)
def test_layer_gradient_norms_default_init(course):
    """layer_gradient_norms with init=None pairs He with relu and Glorot with sigmoid and tanh."""
    for activation, pairing in [("relu", "he"), ("sigmoid", "glorot"), ("tanh", "glorot")]:
        default = course.backprop.layer_gradient_norms(5, 12, activation, Rng(44))
        chosen = course.backprop.layer_gradient_norms(5, 12, activation, Rng(44), init=pairing)
        check_array(default, chosen, "layer_gradient_norms(..., init=None) against the paired one")
        check_norms_differ(default, "layer_gradient_norms(5, 12, activation, rng)")


@pytest.mark.points(1)
def test_layer_gradient_norms_follows_init(course):
    """layer_gradient_norms uses the init it is given: small weights vanish ReLU on other seeds."""
    for seed in (5, 6):
        he = course.backprop.layer_gradient_norms(6, 24, "relu", Rng(seed), "he")
        small = course.backprop.layer_gradient_norms(6, 24, "relu", Rng(seed), "small")
        check_shape(small, (6,), "layer_gradient_norms(6, 24, 'relu', rng, 'small')")
        check_that(
            np.max(small) < 1e-4 * np.min(he),
            "with ReLU and 'small' weights, every norm should be far below the 'he' norms",
        )


def check_norms_differ(got, what):
    """Each layer has its own norm: no constant answer passes a property of the norms."""
    check_that(
        len(set(np.round(np.asarray(got, dtype=np.float64), 12).tolist())) == len(got),
        f"{what} should give each layer its own gradient norm, not one value for all",
    )


# --- gradient_check ------------------------------------------------------------------------------
def coupled(seed):
    """Random params for course_functions.coupled_cubes and their exact gradients."""
    W, b = normal_array(seed, (3, 2)), normal_array(seed + 1, 4)
    grads = {"W": 3 * W**2 + np.sum(b**2), "b": 2 * b * np.sum(W)}
    return {"W": W, "b": b}, grads


def normal_array(seed, shape):
    return np.random.default_rng(seed).normal(0.0, 1.0, shape)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [150, 151])
def test_gradient_check_random_correct(course, seed):
    """gradient_check gives relative errors below 1e-7 for the right gradients."""
    params, grads = coupled(seed)
    got = course.backprop.gradient_check(CourseFunction("coupled_cubes"), params, grads)
    check_that(
        isinstance(got, dict) and set(got) == {"W", "b"},
        "gradient_check should return a dict with one relative error per key of params",
    )
    for key in ("W", "b"):
        check_float(got[key], 0.0, f"gradient_check(...)[{key!r}]", rtol=0.0, atol=1e-7)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [152, 153])
def test_gradient_check_random_wrong(course, seed):
    """gradient_check gives each key its own relative error: a wrong W is flagged, b is not."""
    params, grads = coupled(seed)
    wrong = {"W": grads["W"] * np.array([1.0, 0.5]), "b": grads["b"]}
    expected = relative_error(wrong["W"], grads["W"])
    got = course.backprop.gradient_check(CourseFunction("coupled_cubes"), params, wrong)
    check_that(
        isinstance(got, dict) and set(got) == {"W", "b"},
        "gradient_check should return a dict with one relative error per key of params",
    )
    check_float(got["W"], expected, "the relative error of the wrong W", rtol=1e-5)
    check_float(got["b"], 0.0, "the relative error of the right b", rtol=0.0, atol=1e-7)


@pytest.mark.points(1)
def test_gradient_check_step_argument(course):
    """gradient_check passes its step h on to the central differences."""
    params, grads = coupled(154)
    got = course.backprop.gradient_check(CourseFunction("coupled_cubes"), params, grads, h=0.05)
    expected = relative_error(grads["W"], grads["W"] + 0.05**2)
    check_that(isinstance(got, dict) and "W" in got, "gradient_check should return a dict")
    check_float(got["W"], expected, "gradient_check(..., h=0.05)['W']", rtol=1e-4)


@pytest.mark.points(2)
def test_numerical_gradient_at_an_integer_point(course):
    """numerical_gradient at an integer point is the gradient there, as floats."""
    x = np.array([1, 2, 3])
    got = course.backprop.numerical_gradient(CourseFunction("sum_of_cubes"), x)
    check_array(got, 3.0 * x.astype(float) ** 2, "numerical_gradient(f, x)", rtol=1e-6)


# --- the chain's x in every form of a scalar; integer arrays where arrays are taken ----------------
SCALAR_FORMS = {"a numpy float64": np.float64, "a 0-d array": np.array}  # Python floats: above


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_chain_forward_scalar_forms(course, form):
    """chain_forward takes x as any form of scalar."""
    x, _, params = random_chain(60)
    got = course.backprop.chain_forward(SCALAR_FORMS[form](x), params)
    check_dict_of_arrays(got, chain_values(x, params), f"chain_forward(x, params), x {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_chain_backward_scalar_forms(course, form):
    """chain_backward takes x and the target as any form of scalar."""
    x, target, params = random_chain(63)
    make = SCALAR_FORMS[form]
    got = course.backprop.chain_backward(make(x), make(target), params)
    check_dict_of_arrays(
        got,
        chain_gradients_exact(x, target, params),
        f"chain_backward(x, target, params) on {form}",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_chain_train_step_scalar_forms(course, form):
    """chain_train_step takes x and the target as any form of scalar."""
    x, target, params = random_chain(68)
    grads = chain_gradients_exact(x, target, params)
    make = SCALAR_FORMS[form]
    check_dict_of_arrays(
        course.backprop.chain_train_step(make(x), make(target), params, 0.7),
        {k: params[k] - 0.7 * grads[k] for k in params},
        f"chain_train_step(x, target, params, lr) on {form}",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_chain_train_scalar_forms(course, form):
    """chain_train takes x and the target as any form of scalar."""
    x, target, params = random_chain(71)
    expected_params, expected_errors = chain_train_reference(x, target, params, 0.5, 40, 1e-4)
    make = SCALAR_FORMS[form]
    got = course.backprop.chain_train(
        make(x), make(target), params, learning_rate=0.5, max_epochs=40, tolerance=1e-4
    )
    got_params, got_errors = unpack(got, "chain_train(...)")
    check_array(got_errors, expected_errors, f"the errors of chain_train(...) on {form}", rtol=1e-6)
    check_dict_of_arrays(
        got_params, expected_params, f"the params of chain_train(...) on {form}", rtol=1e-6
    )


@pytest.mark.points(1)
def test_relative_error_integer_arrays(course):
    """relative_error of integer arrays is a float."""
    a, b = np.array([[3, 0], [1, -2]]), np.array([[1, 0], [1, 2]])
    check_float(course.backprop.relative_error(a, b), 1.0, "relative_error(a, b) of integers")
    check_float(
        course.backprop.relative_error(np.array([4, 1]), np.array([2, 1])),
        1 / 3,
        "relative_error(a, b) of integers",
    )


@pytest.mark.points(1)
def test_gradient_check_integer_params(course):
    """gradient_check at integer params checks the gradient there (a wrong W is flagged)."""
    params = {"W": np.array([[1, -2], [0, 3], [2, 1]]), "b": np.array([1, -1, 2, 0])}
    W, b = params["W"].astype(float), params["b"].astype(float)
    grads = {"W": 3 * W**2 + np.sum(b**2), "b": 2 * b * np.sum(W)}
    wrong = {"W": grads["W"] * np.array([1.0, 0.5]), "b": grads["b"]}
    got = course.backprop.gradient_check(CourseFunction("coupled_cubes"), params, wrong)
    check_that(
        isinstance(got, dict) and set(got) == {"W", "b"},
        "gradient_check should return a dict with one relative error per key of params",
    )
    expected = relative_error(wrong["W"], grads["W"])
    check_float(got["W"], expected, "the relative error of the wrong W", rtol=1e-5)
    check_float(got["b"], 0.0, "the relative error of the right b", rtol=0.0, atol=1e-7)


# --- settings as numpy numbers: counts and sizes as np.int64 or a 0-d integer array, rates and
# steps as np.float64 or a 0-d float array (numpy code passes numbers it read from arrays) -------


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_chain_train_step_learning_rate_forms(course, form):
    """chain_train_step takes the learning rate as a numpy number."""
    x, target, params = random_chain(68)
    grads = chain_gradients_exact(x, target, params)
    check_dict_of_arrays(
        course.backprop.chain_train_step(x, target, params, REAL_FORMS[form](0.7)),
        {k: params[k] - 0.7 * grads[k] for k in params},
        f"chain_train_step(x, target, params, lr) with lr {form}",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize(("count_form", "real_form"), SETTING_FORMS)
def test_chain_train_setting_forms(course, count_form, real_form):
    """chain_train takes the learning rate, max_epochs and the tolerance as numpy numbers."""
    x, target, params = random_chain(71)
    expected_params, expected_errors = chain_train_reference(x, target, params, 0.5, 40, 1e-4)
    real = REAL_FORMS[real_form]
    got = course.backprop.chain_train(
        x,
        target,
        params,
        learning_rate=real(0.5),
        max_epochs=COUNT_FORMS[count_form](40),
        tolerance=real(1e-4),
    )
    what = f"chain_train(...) with learning_rate and tolerance {real_form}, max_epochs {count_form}"
    got_params, got_errors = unpack(got, what)
    check_array(got_errors, expected_errors, f"the errors of {what}", rtol=1e-6)
    check_dict_of_arrays(got_params, expected_params, f"the params of {what}", rtol=1e-6)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_init_mlp_size_forms(course, form):
    """init_mlp takes the layer sizes as numpy integers."""
    make = COUNT_FORMS[form]
    got = course.backprop.init_mlp(make(4), make(6), make(3), Rng(74))
    draw = np.random.default_rng(74).standard_normal
    W1, W2 = draw((4, 6)) * np.sqrt(1 / 4), draw((6, 3)) * np.sqrt(1 / 6)
    expected = {"W1": W1, "b1": np.zeros(6), "W2": W2, "b2": np.zeros(3)}
    check_dict_of_arrays(got, expected, f"init_mlp(n_inputs, n_hidden, n_outputs, rng) on {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_mlp_loss_and_gradients_l2_forms(course, form):
    """mlp_loss_and_gradients takes the weight decay l2 as a numpy number."""
    params, X, labels = random_network(84, 6, 4, 5, 3)
    expected_loss, expected_grads = loss_and_gradients_reference(params, X, labels, "tanh", 0.37)
    got = course.backprop.mlp_loss_and_gradients(
        params, X, labels, activation="tanh", l2=REAL_FORMS[form](0.37)
    )
    what = f"mlp_loss_and_gradients(..., l2) with l2 {form}"
    loss, grads = unpack(got, what)
    check_float(loss, expected_loss, f"the loss of {what}")
    check_dict_of_arrays(grads, expected_grads, f"the gradients of {what}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_numerical_gradient_step_forms(course, form):
    """numerical_gradient takes the step h as a numpy number."""
    x = np.array([[0.5], [-1.5]])
    got = course.backprop.numerical_gradient(
        CourseFunction("sum_of_cubes"), x, h=REAL_FORMS[form](0.5)
    )
    check_array(got, 3 * x**2 + 0.25, f"numerical_gradient(f, x, h=0.5) with h {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_gradient_check_step_forms(course, form):
    """gradient_check takes the step h as a numpy number."""
    params, grads = coupled(154)
    got = course.backprop.gradient_check(
        CourseFunction("coupled_cubes"), params, grads, h=REAL_FORMS[form](0.05)
    )
    what = f"gradient_check(..., h=0.05) with h {form}"
    check_that(isinstance(got, dict) and "W" in got, f"{what} should return a dict")
    expected = relative_error(grads["W"], grads["W"] + 0.05**2)
    check_float(got["W"], expected, f"{what}['W']", rtol=1e-4)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_layer_gradient_norms_size_forms(course, form):
    """layer_gradient_norms takes the depth and the width as numpy integers."""
    # The properties of test_layer_gradient_norms_sigmoid_other_seeds: the norms depend on the
    # order of the draws, which a correct alternative may change.
    make = COUNT_FORMS[form]
    what = f"layer_gradient_norms(depth, width, 'sigmoid', rng) with depth and width {form}"
    got = course.backprop.layer_gradient_norms(make(6), make(16), "sigmoid", Rng(88))
    check_shape(got, (6,), what)
    check_that(
        bool(np.all(got > 0)) and got[0] / got[-1] < 1e-2,
        f"with sigmoid the first layer's gradient should be below 1/100 of the last ({what})",
    )
    check_norms_differ(got, what)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_init_weights_size_forms(course, form):
    """init_weights takes fan_in and fan_out as numpy integers."""
    make = COUNT_FORMS[form]
    got = course.backprop.init_weights(make(7), make(3), "he", Rng(21))
    expected = np.random.default_rng(21).standard_normal((7, 3)) * np.sqrt(2 / 7)
    check_array(got, expected, f"init_weights(fan_in, fan_out, 'he', rng) on {form}")
