"""Public tests of exercises/layers.py: each node on a small case, and the lesson's chain as nodes."""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_float,
    check_raises,
    check_that,
    show,
)
from autograder.sandbox.protocol import Rng

X = np.array([[1.0, 2.0], [0.0, -1.0]])
W = np.array([[1.0, -1.0, 0.5], [0.0, 1.0, -1.0]])
B = np.array([0.25, 0.5, -0.5])
LINEAR_TEXT = "X = [[1, 2], [0, -1]], W = [[1, -1, 0.5], [0, 1, -1]], b = [0.25, 0.5, -0.5]"
DZ = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
DZ_TEXT = "dZ = [[0.5, -1, 2], [1, 0, -0.5]]"

Z = np.array([[-2.0, 0.0, 0.5], [1.0, -0.5, 3.0]])
DA = np.array([[1.0, 2.0, -1.0], [0.5, -3.0, 1.0]])
NODE_TEXT = "cache Z = [[-2, 0, 0.5], [1, -0.5, 3]], dA = [[1, 2, -1], [0.5, -3, 1]]"

LOGITS = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
LABELS = np.array([1, 0])
LOSS_TEXT = "logits = [[1, 2, 0.5], [0, -1, 3]], labels = [1, 0]"


def parts(got, n, what, inputs):
    """``got`` as a tuple of ``n`` items, or a failure saying what came back."""
    check_that(
        isinstance(got, (tuple, list)) and len(got) == n,
        f"{what} should return a tuple of {n} items",
        f"Input: {inputs}\nGot: {show(got)}"[:400],
    )
    return tuple(got)


def check_z_cache(cache, what):
    check_array(cache, Z, f"the cache of {what} (Z itself)", inputs=f"Z = {Z.tolist()}")


# --- linear ------------------------------------------------------------------------------------
@pytest.mark.points(2)
def test_linear_forward_small_batch(course):
    """linear_forward gives Z = X W + b and caches (X, W, b)."""
    Z_got, cache = parts(course.layers.linear_forward(X, W, B), 2, "linear_forward", LINEAR_TEXT)
    check_array(
        Z_got,
        [[1.25, 1.5, -2.0], [0.25, -0.5, 0.5]],
        "Z of linear_forward(X, W, b)",
        inputs=LINEAR_TEXT,
    )
    cached = parts(cache, 3, "the cache of linear_forward", LINEAR_TEXT)
    for got, expected, name in zip(cached, (X, W, B), "XWb", strict=True):
        check_array(got, expected, f"{name} in the cache of linear_forward", inputs=LINEAR_TEXT)


@pytest.mark.points(3)
def test_linear_backward_small_batch(course):
    """linear_backward returns dX, dW, db with the shapes of X, W, b."""
    inputs = f"cache = (X, W, b) with {LINEAR_TEXT}, {DZ_TEXT}"
    dX, dW, db = parts(course.layers.linear_backward(DZ, (X, W, B)), 3, "linear_backward", inputs)
    check_array(dX, [[2.5, -3.0], [0.75, 0.5]], "dX of linear_backward", inputs=inputs)
    check_array(dW, [[0.5, -1.0, 2.0], [0.0, -2.0, 4.5]], "dW of linear_backward", inputs=inputs)
    check_array(db, [1.5, -1.0, 1.5], "db of linear_backward", inputs=inputs)


@pytest.mark.points(3)
def test_linear_backward_lesson_chain_with_nodes(course):
    """The lesson's chain as nodes gives its gradients: dE/dw2 = 0.05707, dE/dw1 = 0.001021.

    x = 0.1 -> linear (w1 = 0.15, b1 = 0.4) -> sigmoid -> linear (w2 = 0.45, b2 = 0.65) ->
    sigmoid -> E = 1/2 (T - a2)^2 with T = 0.25, every value a 1-element array; the backward
    pass starts from half_squared_error_gradient of costs.py.
    """
    inputs = "x = [[0.1]], W1 = [[0.15]], b1 = [0.4], W2 = [[0.45]], b2 = [0.65], T = [[0.25]]"
    z1, linear1 = parts(
        course.layers.linear_forward([[0.1]], [[0.15]], [0.4]), 2, "linear_forward", inputs
    )
    a1, sigmoid1 = parts(course.layers.sigmoid_forward(z1), 2, "sigmoid_forward", inputs)
    z2, linear2 = parts(
        course.layers.linear_forward(a1, [[0.45]], [0.65]), 2, "linear_forward", inputs
    )
    a2, sigmoid2 = parts(course.layers.sigmoid_forward(z2), 2, "sigmoid_forward", inputs)
    for got, expected, name in (
        (z1, 0.415, "z1"),
        (a1, 0.6022861768886306, "a1"),
        (z2, 0.9210287795998838, "z2"),
        (a2, 0.7152516802527555, "a2"),
    ):
        check_array(got, [[expected]], f"{name} of the chain's forward", inputs=inputs)
    da2 = course.costs.half_squared_error_gradient(np.array([[0.25]]), a2)
    dz2 = course.layers.sigmoid_backward(da2, sigmoid2)
    da1, dw2, db2 = parts(course.layers.linear_backward(dz2, linear2), 3, "linear_backward", inputs)
    dz1 = course.layers.sigmoid_backward(da1, sigmoid1)
    _, dw1, db1 = parts(course.layers.linear_backward(dz1, linear1), 3, "linear_backward", inputs)
    for got, expected, name in (
        (dw2, [[0.05707039820105493]], "dE/dw2"),
        (db2, [0.0947562809690847], "dE/db2"),
        (dw1, [[0.0010213958814763399]], "dE/dw1"),
        (db1, [0.010213958814763398], "dE/db1"),
    ):
        check_array(got, expected, f"{name} of the chain's backward", inputs=inputs)


# --- activations -------------------------------------------------------------------------------
@pytest.mark.points(1)
def test_sigmoid_forward_values_and_cache(course):
    """sigmoid_forward applies your sigmoid and caches Z."""
    A, cache = parts(course.layers.sigmoid_forward(Z), 2, "sigmoid_forward", f"Z = {Z.tolist()}")
    expected = [
        [0.11920292202211755, 0.5, 0.6224593312018546],
        [0.7310585786300049, 0.37754066879814546, 0.9525741268224334],
    ]
    check_array(A, expected, "A of sigmoid_forward(Z)", inputs=f"Z = {Z.tolist()}")
    check_z_cache(cache, "sigmoid_forward(Z)")


@pytest.mark.points(2)
def test_sigmoid_backward_small_batch(course):
    """sigmoid_backward turns the gradient with respect to A into the one with respect to Z."""
    expected = [
        [0.1049935854035065, 0.5, -0.2350037122015945],
        [0.09830596662074093, -0.7050111366047834, 0.045176659730912],
    ]
    got = course.layers.sigmoid_backward(DA, Z)
    check_array(got, expected, "sigmoid_backward(dA, cache)", inputs=NODE_TEXT)


@pytest.mark.points(1)
def test_tanh_forward_values_and_cache(course):
    """tanh_forward applies your tanh and caches Z."""
    A, cache = parts(course.layers.tanh_forward(Z), 2, "tanh_forward", f"Z = {Z.tolist()}")
    expected = [
        [-0.9640275800758169, 0.0, 0.46211715726000974],
        [0.7615941559557649, -0.46211715726000974, 0.9950547536867305],
    ]
    check_array(A, expected, "A of tanh_forward(Z)", inputs=f"Z = {Z.tolist()}")
    check_z_cache(cache, "tanh_forward(Z)")


@pytest.mark.points(2)
def test_tanh_backward_small_batch(course):
    """tanh_backward turns the gradient with respect to A into the one with respect to Z."""
    expected = [
        [0.07065082485316443, 2.0, -0.7864477329659274],
        [0.20998717080701307, -2.359343198897782, 0.00986603716544021],
    ]
    got = course.layers.tanh_backward(DA, Z)
    check_array(got, expected, "tanh_backward(dA, cache)", inputs=NODE_TEXT)


@pytest.mark.points(1)
def test_relu_forward_values_and_cache(course):
    """relu_forward applies your relu and caches Z."""
    A, cache = parts(course.layers.relu_forward(Z), 2, "relu_forward", f"Z = {Z.tolist()}")
    check_array(
        A, [[0.0, 0.0, 0.5], [1.0, 0.0, 3.0]], "A of relu_forward(Z)", inputs=f"Z = {Z.tolist()}"
    )
    check_z_cache(cache, "relu_forward(Z)")


@pytest.mark.points(2)
def test_relu_backward_small_batch(course):
    """relu_backward passes no gradient where Z <= 0 (at Z = 0 too)."""
    got = course.layers.relu_backward(DA, Z)
    check_array(
        got, [[0.0, 0.0, -1.0], [0.5, 0.0, 1.0]], "relu_backward(dA, cache)", inputs=NODE_TEXT
    )


# --- the loss ----------------------------------------------------------------------------------
@pytest.mark.points(2)
def test_softmax_cross_entropy_forward_small_batch(course):
    """softmax_cross_entropy_forward returns the mean cross-entropy and caches (logits, labels)."""
    loss, cache = parts(
        course.layers.softmax_cross_entropy_forward(LOGITS, LABELS),
        2,
        "softmax_cross_entropy_forward",
        LOSS_TEXT,
    )
    check_float(
        loss, 1.765126343932687, "the loss of softmax_cross_entropy_forward", inputs=LOSS_TEXT
    )
    logits, labels = parts(cache, 2, "the cache of softmax_cross_entropy_forward", LOSS_TEXT)
    check_array(logits, LOGITS, "the cached logits", inputs=LOSS_TEXT)
    check_array(labels, LABELS, "the cached labels", inputs=LOSS_TEXT, dtype="int")


@pytest.mark.points(2)
def test_softmax_cross_entropy_backward_small_batch(course):
    """softmax_cross_entropy_backward gives the gradient of the mean loss for every logit."""
    expected = [
        [0.11561194881107453, -0.18573414039411879, 0.07012219158304424],
        [-0.47669368871101303, 0.0085739127727602, 0.4681197759382529],
    ]
    got = course.layers.softmax_cross_entropy_backward((LOGITS, LABELS))
    check_array(
        got,
        expected,
        "softmax_cross_entropy_backward(cache)",
        inputs=f"cache = (logits, labels) with {LOSS_TEXT}",
    )


# --- dropout -----------------------------------------------------------------------------------
@pytest.mark.points(2)
def test_dropout_forward_mask_and_scale(course):
    """dropout_forward keeps the units whose rng.random draw is < keep_prob, scaled by 1/keep_prob."""
    A = np.arange(1.0, 13.0).reshape(3, 4)
    inputs = "A = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], keep_prob = 0.75, rng seed 1"
    out, cache = parts(course.layers.dropout_forward(A, 0.75, Rng(1)), 2, "dropout_forward", inputs)
    kept = np.random.default_rng(1).random(A.shape) < 0.75
    check_array(out, np.where(kept, A / 0.75, 0.0), "out of dropout_forward", inputs=inputs)
    mask, keep_prob = parts(cache, 2, "the cache of dropout_forward", inputs)
    check_array(mask, kept, "the mask in the cache of dropout_forward", inputs=inputs, dtype="bool")
    check_float(keep_prob, 0.75, "keep_prob in the cache of dropout_forward", inputs=inputs)


@pytest.mark.points(1)
def test_dropout_forward_keep_all_and_bad_keep_prob(course):
    """keep_prob = 1 returns a copy of A; keep_prob = 0 or 1.5 raises ValueError."""
    A = np.array([[1.0, -2.0], [3.0, 0.5]])
    out, _ = parts(course.layers.dropout_forward(A, 1.0, Rng(0)), 2, "dropout_forward", "")
    check_array(out, A, "out of dropout_forward(A, 1.0, rng)", inputs="A = [[1, -2], [3, 0.5]]")
    for keep_prob in (0.0, 1.5):
        check_raises(
            "ValueError",
            lambda p=keep_prob: course.layers.dropout_forward(A, p, Rng(0)),
            f"dropout_forward(A, {keep_prob}, rng)",
        )


@pytest.mark.points(2)
def test_dropout_backward_small_batch(course):
    """dropout_backward passes the gradient through the kept units only, scaled like the forward."""
    mask = np.array([[True, False, True], [False, True, True]])
    dout = np.array([[1.0, 2.0, -1.0], [0.5, -3.0, 1.0]])
    inputs = "dout = [[1, 2, -1], [0.5, -3, 1]], cache = (mask, 0.5) with mask = "
    inputs += "[[True, False, True], [False, True, True]]"
    got = course.layers.dropout_backward(dout, (mask, 0.5))
    check_array(
        got, [[2.0, 0.0, -2.0], [0.0, -6.0, 2.0]], "dropout_backward(dout, cache)", inputs=inputs
    )
