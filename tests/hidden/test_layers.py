"""Hidden tests of exercises/layers.py: random inputs from fixed seeds, gradients checked numerically.

Expected forwards come from independent numpy code written here (this file is never shipped);
expected backwards are central differences of L = sum(out * dout), so no closed form is used.
"""

import numpy as np
import pytest

from autograder.checks import check_array, check_float, check_raises, check_that
from autograder.sandbox.protocol import Rng
from autograder.setting_forms import REAL_FORMS

H = 1e-6


def normal(seed, shape, scale=1.0):
    return np.random.default_rng(seed).normal(0.0, scale, shape)


def numerical(f, x):
    """Central differences of the scalar function f at the array x (x is not changed)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = H
        grad[i] = (f(x + step) - f(x - step)) / (2 * H)
    return grad


def parts(got, n, what):
    check_that(isinstance(got, (tuple, list)) and len(got) == n, f"{what} should return {n} items")
    return tuple(got)


ELEMENTWISE = {
    "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(z / 2)),
    "tanh": np.tanh,
    "relu": lambda z: np.where(z > 0, z, 0.0),
}


# --- linear ------------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [1, 2])
def test_linear_forward_random(course, seed):
    """linear_forward matches X W + b on a random batch and caches its inputs."""
    X, W, b = normal(seed, (5, 3)), normal(seed + 10, (3, 4)), normal(seed + 20, 4)
    Z, cache = parts(course.layers.linear_forward(X, W, b), 2, "linear_forward")
    check_array(Z, np.einsum("nd,dh->nh", X, W) + b, "Z of linear_forward")
    for got, expected, name in zip(parts(cache, 3, "the cache"), (X, W, b), "XWb", strict=True):
        check_array(got, expected, f"{name} in the cache of linear_forward")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [3, 4])
def test_linear_backward_random(course, seed):
    """linear_backward matches central differences of sum(Z * dZ) for X, W and b."""
    X, W, b = normal(seed, (4, 3)), normal(seed + 10, (3, 2)), normal(seed + 20, 2)
    dZ = normal(seed + 30, (4, 2))

    def loss(X=X, W=W, b=b):
        return float(np.sum((np.einsum("nd,dh->nh", X, W) + b) * dZ))

    dX, dW, db = parts(course.layers.linear_backward(dZ, (X, W, b)), 3, "linear_backward")
    check_array(dX, numerical(lambda v: loss(X=v), X), "dX of linear_backward", rtol=1e-6)
    check_array(dW, numerical(lambda v: loss(W=v), W), "dW of linear_backward", rtol=1e-6)
    check_array(db, numerical(lambda v: loss(b=v), b), "db of linear_backward", rtol=1e-6)


@pytest.mark.points(1)
def test_linear_backward_single_example(course):
    """linear_backward works for a batch of one example (db still has shape (h,))."""
    X, W, b, dZ = normal(5, (1, 4)), normal(6, (4, 3)), normal(7, 3), normal(8, (1, 3))
    dX, dW, db = parts(course.layers.linear_backward(dZ, (X, W, b)), 3, "linear_backward")
    check_that(
        getattr(dX, "shape", None) == (1, 4)
        and getattr(dW, "shape", None) == (4, 3)
        and getattr(db, "shape", None) == (3,),
        "linear_backward should return dX, dW, db with the shapes of X, W, b",
    )
    check_array(db, dZ[0], "db of linear_backward for one example")


# --- activations -------------------------------------------------------------------------------
def check_activation_forward(course, name):
    Z = normal(11, (3, 4), 3.0)
    A, cache = parts(getattr(course.layers, f"{name}_forward")(Z), 2, f"{name}_forward")
    check_array(A, ELEMENTWISE[name](Z), f"A of {name}_forward")
    check_array(cache, Z, f"the cache of {name}_forward")


def check_activation_backward(course, name):
    Z = normal(12, (4, 3), 2.0)
    Z[np.abs(Z) < 1e-3] = 0.5  # keep the ReLU's kink away from the differences
    dA = normal(13, (4, 3))
    got = getattr(course.layers, f"{name}_backward")(dA, Z)
    expected = numerical(lambda z: float(np.sum(ELEMENTWISE[name](z) * dA)), Z)
    check_array(got, expected, f"{name}_backward(dA, cache)", rtol=1e-5, atol=1e-8)


@pytest.mark.points(1)
def test_sigmoid_forward_random(course):
    """sigmoid_forward matches the sigmoid on random pre-activations and caches Z."""
    check_activation_forward(course, "sigmoid")


@pytest.mark.points(1)
def test_tanh_forward_random(course):
    """tanh_forward matches tanh on random pre-activations and caches Z."""
    check_activation_forward(course, "tanh")


@pytest.mark.points(1)
def test_relu_forward_random(course):
    """relu_forward matches the ReLU on random pre-activations and caches Z."""
    check_activation_forward(course, "relu")


@pytest.mark.points(2)
def test_sigmoid_backward_random(course):
    """sigmoid_backward matches central differences of sum(A * dA)."""
    check_activation_backward(course, "sigmoid")


@pytest.mark.points(2)
def test_tanh_backward_random(course):
    """tanh_backward matches central differences of sum(A * dA)."""
    check_activation_backward(course, "tanh")


@pytest.mark.points(2)
def test_relu_backward_random(course):
    """relu_backward matches central differences of sum(A * dA) away from Z = 0."""
    check_activation_backward(course, "relu")


@pytest.mark.points(1)
def test_relu_backward_at_zero(course):
    """relu_backward passes no gradient at Z = 0 exactly, and all of it where Z > 0."""
    got = course.layers.relu_backward(np.array([[1.0, 2.0, 3.0]]), np.array([[0.0, 0.5, 0.0]]))
    check_array(got, [[0.0, 2.0, 0.0]], "relu_backward(dA, cache) with Z = 0 in places")


# --- the loss ----------------------------------------------------------------------------------
def mean_cross_entropy(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(labels)), labels]))


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [21, 22])
def test_softmax_cross_entropy_forward_random(course, seed):
    """softmax_cross_entropy_forward matches the mean cross-entropy on random logits."""
    logits = normal(seed, (6, 4), 2.0)
    labels = np.random.default_rng(seed + 1).integers(0, 4, 6)
    loss, cache = parts(
        course.layers.softmax_cross_entropy_forward(logits, labels), 2, "the forward"
    )
    check_float(loss, mean_cross_entropy(logits, labels), "the loss")
    got_logits, got_labels = parts(cache, 2, "the cache of softmax_cross_entropy_forward")
    check_array(got_logits, logits, "the cached logits")
    check_array(got_labels, labels, "the cached labels", dtype="int")


@pytest.mark.points(1)
def test_softmax_cross_entropy_forward_large_logits(course):
    """softmax_cross_entropy_forward is finite for logits of 1000."""
    logits = np.array([[1000.0, 1001.0], [-1000.0, 0.0]])
    loss, _ = parts(
        course.layers.softmax_cross_entropy_forward(logits, np.array([1, 1])), 2, "the forward"
    )
    check_float(loss, mean_cross_entropy(logits, np.array([1, 1])), "the loss at logits of 1000")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [23, 24])
def test_softmax_cross_entropy_backward_random(course, seed):
    """softmax_cross_entropy_backward matches central differences of the mean loss."""
    logits = normal(seed, (5, 3), 2.0)
    labels = np.random.default_rng(seed + 1).integers(0, 3, 5)
    got = course.layers.softmax_cross_entropy_backward((logits, labels))
    expected = numerical(lambda z: mean_cross_entropy(z, labels), logits)
    check_array(got, expected, "softmax_cross_entropy_backward(cache)", rtol=1e-5, atol=1e-9)


# --- dropout -----------------------------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("seed, keep_prob", [(31, 0.5), (32, 0.9)])
def test_dropout_forward_random(course, seed, keep_prob):
    """dropout_forward keeps the units whose draw is below keep_prob, scaled by 1 / keep_prob."""
    A = normal(seed, (20, 10))
    out, cache = parts(course.layers.dropout_forward(A, keep_prob, Rng(seed)), 2, "the forward")
    kept = np.random.default_rng(seed).random(A.shape) < keep_prob
    check_array(out, np.where(kept, A / keep_prob, 0.0), "out of dropout_forward")
    mask, got_keep = parts(cache, 2, "the cache of dropout_forward")
    check_array(mask, kept, "the mask of dropout_forward", dtype="bool")
    check_float(got_keep, keep_prob, "keep_prob in the cache of dropout_forward")


@pytest.mark.points(1)
def test_dropout_forward_keeps_the_expected_value(course):
    """Inverted dropout keeps the mean: over 20000 units of 1 the output averages near 1."""
    out, _ = parts(
        course.layers.dropout_forward(np.ones((200, 100)), 0.3, Rng(5)), 2, "the forward"
    )
    check_that(
        isinstance(out, np.ndarray) and abs(float(np.mean(out)) - 1.0) < 0.05,
        "the output of dropout_forward should average the input's mean",
    )


@pytest.mark.points(1)
def test_dropout_forward_rejects_bad_keep_prob(course):
    """dropout_forward raises ValueError for keep_prob <= 0 or > 1."""
    for keep_prob in (-0.5, 0.0, 1.01):
        check_raises(
            "ValueError",
            lambda p=keep_prob: course.layers.dropout_forward(np.ones(3), p, Rng(0)),
            "dropout_forward(A, keep_prob, rng) with keep_prob outside (0, 1]",
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("seed, keep_prob", [(41, 0.5), (42, 0.8)])
def test_dropout_backward_random(course, seed, keep_prob):
    """dropout_backward matches central differences of sum(out * dout) with the mask fixed."""
    A, dout = normal(seed, (4, 5)), normal(seed + 1, (4, 5))
    mask = np.random.default_rng(seed + 2).random(A.shape) < keep_prob
    got = course.layers.dropout_backward(dout, (mask, keep_prob))
    expected = numerical(lambda a: float(np.sum(np.where(mask, a / keep_prob, 0.0) * dout)), A)
    check_array(got, expected, "dropout_backward(dout, cache)", rtol=1e-5, atol=1e-8)


# --- integer inputs: every layer accepts them and returns float64 ---------------------------------
INTEGERS = np.array([[-2, 0, 1], [3, -1, 2]])


@pytest.mark.points(1)
def test_linear_forward_integer_inputs(course):
    """linear_forward of integer X, W and b returns float64 values."""
    X, W, b = INTEGERS, np.array([[1, 0], [-1, 2], [2, 1]]), np.array([1, -3])
    Z, _ = parts(course.layers.linear_forward(X, W, b), 2, "linear_forward")
    check_array(Z, np.einsum("nd,dh->nh", X, W) + b, "Z of linear_forward on integers")


@pytest.mark.points(1)
def test_linear_backward_integer_gradient(course):
    """linear_backward of an integer upstream gradient matches central differences."""
    X, W, b, dZ = normal(14, (2, 3)), normal(15, (3, 2)), normal(16, 2), INTEGERS[:, :2]

    def loss(X=X, W=W, b=b):
        return float(np.sum((np.einsum("nd,dh->nh", X, W) + b) * dZ))

    dX, dW, db = parts(course.layers.linear_backward(dZ, (X, W, b)), 3, "linear_backward")
    check_array(dX, numerical(lambda v: loss(X=v), X), "dX of linear_backward", rtol=1e-6)
    check_array(dW, numerical(lambda v: loss(W=v), W), "dW of linear_backward", rtol=1e-6)
    check_array(db, numerical(lambda v: loss(b=v), b), "db of linear_backward", rtol=1e-6)


def check_forward_of_integers(course, name):
    A, _ = parts(getattr(course.layers, f"{name}_forward")(INTEGERS), 2, f"{name}_forward")
    check_array(A, ELEMENTWISE[name](INTEGERS.astype(float)), f"A of {name}_forward on integers")


def check_backward_of_integers(course, name):
    Z = normal(17, (2, 3), 2.0)
    Z[np.abs(Z) < 1e-3] = 0.5
    got = getattr(course.layers, f"{name}_backward")(INTEGERS, Z)
    expected = numerical(lambda z: float(np.sum(ELEMENTWISE[name](z) * INTEGERS)), Z)
    check_array(got, expected, f"{name}_backward(dA, cache), dA of integers", rtol=1e-5, atol=1e-8)


@pytest.mark.points(1)
def test_sigmoid_forward_integer_inputs(course):
    """sigmoid_forward of integer Z returns float64 activations."""
    check_forward_of_integers(course, "sigmoid")


@pytest.mark.points(1)
def test_tanh_forward_integer_inputs(course):
    """tanh_forward of integer Z returns float64 activations."""
    check_forward_of_integers(course, "tanh")


@pytest.mark.points(1)
def test_relu_forward_integer_inputs(course):
    """relu_forward of integer Z returns float64 activations."""
    check_forward_of_integers(course, "relu")


@pytest.mark.points(1)
def test_sigmoid_backward_integer_gradient(course):
    """sigmoid_backward of an integer upstream gradient returns float64 values."""
    check_backward_of_integers(course, "sigmoid")


@pytest.mark.points(1)
def test_tanh_backward_integer_gradient(course):
    """tanh_backward of an integer upstream gradient returns float64 values."""
    check_backward_of_integers(course, "tanh")


@pytest.mark.points(1)
def test_relu_backward_integer_gradient(course):
    """relu_backward of an integer upstream gradient returns float64 values."""
    check_backward_of_integers(course, "relu")


@pytest.mark.points(1)
def test_softmax_cross_entropy_forward_integer_logits(course):
    """softmax_cross_entropy_forward of integer logits gives the mean cross-entropy."""
    labels = np.array([2, 0])
    loss, _ = parts(course.layers.softmax_cross_entropy_forward(INTEGERS, labels), 2, "the forward")
    check_float(loss, mean_cross_entropy(INTEGERS.astype(float), labels), "the loss")


@pytest.mark.points(1)
def test_softmax_cross_entropy_backward_integer_logits(course):
    """softmax_cross_entropy_backward of integer logits matches central differences."""
    labels = np.array([2, 0])
    got = course.layers.softmax_cross_entropy_backward((INTEGERS, labels))
    expected = numerical(lambda z: mean_cross_entropy(z, labels), INTEGERS.astype(float))
    check_array(got, expected, "softmax_cross_entropy_backward(cache), integer logits", rtol=1e-5)


@pytest.mark.points(1)
def test_dropout_forward_integer_activations(course):
    """dropout_forward of integer activations returns float64 values, scaled by 1 / keep_prob."""
    A = np.arange(-10, 10).reshape(4, 5)
    out, _ = parts(course.layers.dropout_forward(A, 0.5, Rng(33)), 2, "the forward")
    kept = np.random.default_rng(33).random(A.shape) < 0.5
    check_array(out, np.where(kept, A / 0.5, 0.0), "out of dropout_forward on integers")


@pytest.mark.points(1)
def test_dropout_backward_integer_gradient(course):
    """dropout_backward of an integer upstream gradient returns float64 values."""
    mask = np.random.default_rng(43).random(INTEGERS.shape) < 0.6
    got = course.layers.dropout_backward(INTEGERS, (mask, 0.6))
    check_array(got, np.where(mask, INTEGERS / 0.6, 0.0), "dropout_backward(dout, cache)")


# --- keep_prob as a numpy number: np.float64 or a 0-d float array (numpy code passes numbers it
# read from arrays), in dropout_forward and in the cache dropout_backward gets --------------------


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_dropout_forward_keep_prob_forms(course, form):
    """dropout_forward takes keep_prob as a numpy number and keeps it in the cache."""
    A = normal(31, (20, 10))
    what = f"dropout_forward(A, keep_prob, rng) with keep_prob {form}"
    got = course.layers.dropout_forward(A, REAL_FORMS[form](0.5), Rng(31))
    out, cache = parts(got, 2, what)
    kept = np.random.default_rng(31).random(A.shape) < 0.5
    check_array(out, np.where(kept, A / 0.5, 0.0), f"out of {what}")
    mask, got_keep = parts(cache, 2, f"the cache of {what}")
    check_array(mask, kept, f"the mask of {what}", dtype="bool")
    check_that(
        isinstance(got_keep, (int, float, np.number, np.ndarray))
        and np.ndim(got_keep) == 0
        and float(got_keep) == 0.5,
        f"the cache of {what} should hold keep_prob, 0.5",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_dropout_backward_keep_prob_forms(course, form):
    """dropout_backward takes a cache whose keep_prob is a numpy number."""
    mask = np.random.default_rng(43).random(INTEGERS.shape) < 0.6
    dout = normal(44, INTEGERS.shape)
    got = course.layers.dropout_backward(dout, (mask, REAL_FORMS[form](0.6)))
    expected = np.where(mask, dout / 0.6, 0.0)
    check_array(got, expected, f"dropout_backward(dout, cache) with keep_prob {form}")
