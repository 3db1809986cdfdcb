"""Public tests of exercises/backprop.py: the two-neuron chain worked by hand, tiny networks."""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_dict_of_arrays,
    check_float,
    check_raises,
    check_shape,
    check_that,
    show,
)
from autograder.sandbox.protocol import CourseFunction, Rng

CHAIN = {"w1": 0.15, "b1": 0.4, "w2": 0.45, "b2": 0.65}
CHAIN_TEXT = "x = 0.1, params = {'w1': 0.15, 'b1': 0.4, 'w2': 0.45, 'b2': 0.65}"

# A tiny network: 2 examples of 2 inputs, 3 hidden units, 2 classes.
X = np.array([[1.0, 2.0], [0.0, -1.0]])
LABELS = np.array([1, 0])
PARAMS = {
    "W1": np.array([[1.0, -1.0, 0.5], [0.0, 1.0, -1.0]]),
    "b1": np.array([0.25, 0.5, -0.5]),
    "W2": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]),
    "b2": np.array([0.1, -0.1]),
}
NET_TEXT = (
    "X = [[1, 2], [0, -1]], W1 = [[1, -1, 0.5], [0, 1, -1]], b1 = [0.25, 0.5, -0.5], "
    "W2 = [[1, 0], [0, 1], [1, -1]], b2 = [0.1, -0.1]"
)


def pair(got, what, inputs):
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 2,
        f"{what} should return a pair",
        f"Input: {inputs}\nGot: {show(got)}"[:400],
    )
    return got


# --- the chain -----------------------------------------------------------------------------------
@pytest.mark.points(2)
def test_chain_forward_known_values(course):
    """chain_forward on the lesson's chain: z1 = 0.415, a1 = 0.6023, z2 = 0.9210, a2 = 0.7153."""
    got = course.backprop.chain_forward(0.1, CHAIN)
    expected = {
        "z1": 0.415,
        "a1": 0.6022861768886306,
        "z2": 0.9210287795998838,
        "a2": 0.7152516802527555,
    }
    check_dict_of_arrays(got, expected, "chain_forward(x, params)", inputs=CHAIN_TEXT)


@pytest.mark.points(3)
def test_chain_backward_known_values(course):
    """chain_backward gives dE/dw2 = 0.05707 and dE/dw1 = 0.001021 for E = 1/2 (T - a2)^2."""
    got = course.backprop.chain_backward(0.1, 0.25, CHAIN)
    expected = {
        "w1": 0.0010213958814763399,
        "b1": 0.010213958814763398,
        "w2": 0.05707039820105493,
        "b2": 0.0947562809690847,
    }
    check_dict_of_arrays(
        got, expected, "chain_backward(x, target, params)", inputs=CHAIN_TEXT + ", target = 0.25"
    )


@pytest.mark.points(3)
def test_chain_train_step_known_values(course):
    """One step with learning rate 0.4 gives w1 = 0.1496, b1 = 0.3959, w2 = 0.4272, b2 = 0.6121."""
    got = course.backprop.chain_train_step(0.1, 0.25, CHAIN, 0.4)
    expected = {
        "w1": 0.14959144164740945,
        "b1": 0.39591441647409464,
        "w2": 0.42717184071957803,
        "b2": 0.6120974876123662,
    }
    check_dict_of_arrays(
        got,
        expected,
        "chain_train_step(x, target, params, 0.4)",
        inputs=CHAIN_TEXT + ", target = 0.25",
    )


@pytest.mark.points(3)
def test_chain_train_lesson_run(course):
    """chain_train on the lesson's chain records 82 errors, from 0.1082 to below 0.001."""
    inputs = CHAIN_TEXT + ", target = 0.25, defaults (learning_rate 0.4, tolerance 0.001)"
    params, errors = pair(course.backprop.chain_train(0.1, 0.25, CHAIN), "chain_train(...)", inputs)
    check_that(
        isinstance(errors, np.ndarray) and errors.shape == (82,),
        "chain_train(...) should record 82 errors (one per epoch) for the lesson's chain",
        f"Input: {inputs}\nGot: errors of shape {getattr(errors, 'shape', None)}",
    )
    check_array(
        errors[[0, 1, 2, -2, -1]],
        [
            0.10822956298900614,
            0.10329792471097587,
            0.09839422626535557,
            0.00101122927327001,
            0.00096413510737195,
        ],
        "errors[[0, 1, 2, -2, -1]] of chain_train(...)",
        inputs=inputs,
    )
    expected = {
        "w1": 0.14801034484374423,
        "b1": 0.38010344843744215,
        "w2": -0.33791580798772974,
        "b2": -0.6745669949759756,
    }
    check_dict_of_arrays(
        params, expected, "the params returned by chain_train(...)", inputs=inputs, rtol=1e-6
    )


@pytest.mark.points(1)
def test_chain_train_max_epochs(course):
    """chain_train with max_epochs = 3 records 3 errors and returns the params after 3 steps."""
    inputs = CHAIN_TEXT + ", target = 0.25, max_epochs = 3"
    params, errors = pair(
        course.backprop.chain_train(0.1, 0.25, CHAIN, max_epochs=3), "chain_train(...)", inputs
    )
    check_array(
        errors,
        [0.10822956298900614, 0.10329792471097587, 0.09839422626535557],
        "the errors of chain_train(..., max_epochs=3)",
        inputs=inputs,
    )
    expected = {
        "w1": 0.1488379513974157,
        "b1": 0.38837951397415704,
        "w2": 0.38177511626799426,
        "b2": 0.5365406421460566,
    }
    check_dict_of_arrays(
        params, expected, "the params returned by chain_train(..., max_epochs=3)", inputs=inputs
    )


# --- the two-layer classifier --------------------------------------------------------------------
@pytest.mark.points(2)
def test_init_mlp_shapes_and_zero_biases(course):
    """init_mlp(3, 5, 2, rng) returns W1 (3, 5), b1 (5,) zeros, W2 (5, 2), b2 (2,) zeros."""
    got = course.backprop.init_mlp(3, 5, 2, Rng(0))
    check_that(
        isinstance(got, dict), "init_mlp(...) should return a dict", f"Got: {show(got)}"[:300]
    )
    check_that(
        set(got) == {"W1", "b1", "W2", "b2"},
        "init_mlp(...) should return the keys W1, b1, W2, b2",
        f"Got the keys: {sorted(map(str, got))}",
    )
    check_array(got["b1"], np.zeros(5), "init_mlp(3, 5, 2, rng)['b1']")
    check_array(got["b2"], np.zeros(2), "init_mlp(3, 5, 2, rng)['b2']")
    for key, shape in (("W1", (3, 5)), ("W2", (5, 2))):
        check_shape(got[key], shape, f"init_mlp(3, 5, 2, rng)[{key!r}]")
        check_that(
            np.unique(got[key]).size == got[key].size,
            f"the weights {key} of init_mlp should all differ (random), so hidden units differ",
            f"Got: {show(got[key])}",
        )


@pytest.mark.points(2)
def test_init_mlp_weight_scale(course):
    """init_mlp scales the weights by the fan-in: standard deviation sqrt(1 / fan_in)."""
    got = course.backprop.init_mlp(400, 50, 10, Rng(0))
    for key, fan_in in (("W1", 400), ("W2", 50)):
        weights = got[key]
        check_that(
            isinstance(weights, np.ndarray)
            and weights.shape == ((400, 50) if key == "W1" else (50, 10)),
            f"init_mlp(400, 50, 10, rng)[{key!r}] has the wrong shape",
            f"Got: {getattr(weights, 'shape', weights)}",
        )
        std, expected = float(np.std(weights)), float(np.sqrt(1.0 / fan_in))
        check_that(
            abs(std / expected - 1) < 0.15 and abs(float(np.mean(weights))) < 0.2 * expected,
            f"the weights {key} should have mean 0 and standard deviation "
            f"sqrt(1 / {fan_in}) = {expected:.4f}",
            f"Input: init_mlp(400, 50, 10, rng)\n"
            f"Got: mean {np.mean(weights):.4f}, standard deviation {std:.4f}",
        )


@pytest.mark.points(2)
def test_mlp_forward_relu_by_hand(course):
    """mlp_forward with ReLU on a 2-example batch gives logits you can check by hand."""
    got = pair(
        course.backprop.mlp_forward(PARAMS, X, activation="relu"), "mlp_forward(...)", NET_TEXT
    )
    check_array(
        got[0],
        [[1.35, 1.4], [0.85, -0.6]],
        "the logits of mlp_forward(params, X, 'relu')",
        inputs=NET_TEXT,
    )


@pytest.mark.points(2)
def test_mlp_forward_sigmoid(course):
    """mlp_forward uses the sigmoid by default."""
    got = pair(course.backprop.mlp_forward(PARAMS, X), "mlp_forward(...)", NET_TEXT)
    expected = [
        [0.9965027831968086, 0.5983715541715261],
        [1.2846358320876528, -0.34491866240370916],
    ]
    check_array(got[0], expected, "the logits of mlp_forward(params, X)", inputs=NET_TEXT)


@pytest.mark.points(3)
def test_mlp_loss_and_gradients_relu(course):
    """mlp_loss_and_gradients on the tiny ReLU network gives the known loss and gradients."""
    inputs = NET_TEXT + ", labels = [1, 0], activation = 'relu'"
    loss, grads = pair(
        course.backprop.mlp_loss_and_gradients(PARAMS, X, LABELS, activation="relu"),
        "mlp_loss_and_gradients(...)",
        inputs,
    )
    check_float(loss, 0.439591306341523, "the loss of mlp_loss_and_gradients(...)", inputs=inputs)
    expected = {
        "W1": np.array(
            [
                [0.24375130175789483, -0.24375130175789483, 0.0],
                [0.5825033865234461, -0.48750260351578967, 0.19000156601531296],
            ]
        ),
        "b1": np.array([0.14875051875023837, -0.24375130175789483, -0.19000156601531296]),
        "W2": np.array(
            [
                [0.2809389314454544, -0.2809389314454544],
                [0.36562695263684225, -0.36562695263684225],
                [-0.04750039150382823, 0.04750039150382825],
            ]
        ),
        "b2": np.array([0.14875051875023837, -0.14875051875023834]),
    }
    check_dict_of_arrays(
        grads, expected, "the gradients of mlp_loss_and_gradients(...)", inputs=inputs
    )


@pytest.mark.points(2)
def test_mlp_loss_and_gradients_sigmoid(course):
    """mlp_loss_and_gradients uses the sigmoid by default and gives the known loss and gradients."""
    inputs = NET_TEXT + ", labels = [1, 0]"
    loss, grads = pair(
        course.backprop.mlp_loss_and_gradients(PARAMS, X, LABELS),
        "mlp_loss_and_gradients(...)",
        inputs,
    )
    check_float(loss, 0.5454468160354804, "the loss of mlp_loss_and_gradients(...)", inputs=inputs)
    expected = {
        "W1": np.array(
            [
                [0.05177898142348181, -0.04461258123071265, 0.06281121397790748],
                [0.12372759256944792, -0.10848270617823202, 0.16413751538942842],
            ]
        ),
        "b1": np.array([0.03160935170099752, -0.02535503751390592, 0.02429612654429402]),
        "W2": np.array(
            [
                [0.18643743764814433, -0.18643743764814433],
                [0.21361446452016022, -0.21361446452016022],
                [-0.01535197195812205, 0.01535197195812206],
            ]
        ),
        "b2": np.array([0.21717359248137302, -0.21717359248137302]),
    }
    check_dict_of_arrays(
        grads, expected, "the gradients of mlp_loss_and_gradients(...)", inputs=inputs
    )


@pytest.mark.points(2)
def test_mlp_loss_and_gradients_weight_decay(course):
    """With l2 = 0.1 the loss grows by 0.05 * sum(W^2) and only the weight gradients change."""
    inputs = NET_TEXT + ", labels = [1, 0], activation = 'relu', l2 = 0.1"
    loss, grads = pair(
        course.backprop.mlp_loss_and_gradients(PARAMS, X, LABELS, activation="relu", l2=0.1),
        "mlp_loss_and_gradients(...)",
        inputs,
    )
    check_float(
        loss, 0.852091306341523, "the loss of mlp_loss_and_gradients(..., l2=0.1)", inputs=inputs
    )
    expected = {
        "W1": np.array(
            [
                [0.3437513017578948, -0.3437513017578948, 0.05],
                [0.5825033865234461, -0.3875026035157897, 0.09000156601531295],
            ]
        ),
        "b1": np.array([0.14875051875023837, -0.24375130175789483, -0.19000156601531296]),
        "W2": np.array(
            [
                [0.38093893144545443, -0.2809389314454544],
                [0.36562695263684225, -0.2656269526368422],
                [0.05249960849617177, -0.05249960849617176],
            ]
        ),
        "b2": np.array([0.14875051875023837, -0.14875051875023834]),
    }
    check_dict_of_arrays(
        grads, expected, "the gradients of mlp_loss_and_gradients(..., l2=0.1)", inputs=inputs
    )


@pytest.mark.points(1)
def test_mlp_loss_and_gradients_zero_weights(course):
    """With all weights 0 the loss is log 2 for 2 classes and the first layer gets no gradient."""
    zeros = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 2)), "b2": np.zeros(2)}
    inputs = (
        "params all zero (W1 (2, 3), b1 (3,), W2 (3, 2), b2 (2,)), "
        "X = [[1, 2], [0, -1]], labels = [0, 0]"
    )
    loss, grads = pair(
        course.backprop.mlp_loss_and_gradients(zeros, X, np.array([0, 0])),
        "mlp_loss_and_gradients(...)",
        inputs,
    )
    check_float(loss, 0.6931471805599453, "the loss of mlp_loss_and_gradients(...)", inputs=inputs)
    expected = {
        "W1": np.zeros((2, 3)),
        "b1": np.zeros(3),
        "W2": np.array([[-0.25, 0.25], [-0.25, 0.25], [-0.25, 0.25]]),
        "b2": np.array([-0.5, 0.5]),
    }
    check_dict_of_arrays(
        grads, expected, "the gradients of mlp_loss_and_gradients(...)", inputs=inputs
    )


# --- gradient checking ---------------------------------------------------------------------------
@pytest.mark.points(2)
def test_numerical_gradient_sum_of_cubes(course):
    """numerical_gradient of f(x) = sum(x^3) is close to 3 x^2, for a 2-D x."""
    x = np.array([[1.0, 2.0], [-1.0, 0.5]])
    got = course.backprop.numerical_gradient(CourseFunction("sum_of_cubes"), x)
    check_array(
        got,
        [[3.0, 12.0], [3.0, 0.75]],
        "numerical_gradient(f, x)",
        inputs="f(x) = sum(x^3), x = [[1.0, 2.0], [-1.0, 0.5]]",
        rtol=1e-6,
    )


@pytest.mark.points(1)
def test_numerical_gradient_step_argument(course):
    """numerical_gradient uses the step h it is given: for sum(x^3) central differences add h^2."""
    x = np.array([1.0, -2.0, 0.0])
    got = course.backprop.numerical_gradient(CourseFunction("sum_of_cubes"), x, h=0.1)
    check_array(
        got,
        [3.01, 12.01, 0.01],
        "numerical_gradient(f, x, h=0.1)",
        inputs="f(x) = sum(x^3), x = [1.0, -2.0, 0.0]",
        rtol=1e-9,
        atol=1e-12,
    )


@pytest.mark.points(2)
def test_relative_error_small_cases(course):
    """relative_error is max |a - b| / max(1e-8, |a| + |b|): 0 for equal arrays, 0.5 for 1 vs 3."""
    cases = [
        (np.array([1.0, 2.0]), np.array([1.0, 2.0]), 0.0, "a = [1, 2], b = [1, 2]"),
        (np.array([1.0, 0.0]), np.array([3.0, 0.0]), 0.5, "a = [1, 0], b = [3, 0]"),
        (np.array([[1e-9, 4.0]]), np.array([[0.0, 4.0]]), 0.1, "a = [[1e-9, 4]], b = [[0, 4]]"),
        (np.array([1.0, -2.0]), np.array([-1.0, 2.0]), 1.0, "a = [1, -2], b = [-1, 2]"),
    ]
    for a, b, expected, text in cases:
        check_float(
            course.backprop.relative_error(a, b), expected, "relative_error(a, b)", inputs=text
        )


# f(params) = sum(W^3) + sum(W) sum(b^2) and its gradients, worked out by hand at COUPLED.
COUPLED = {"W": np.array([[1.0, 2.0], [-1.0, 0.5]]), "b": np.array([0.3, -0.7])}
COUPLED_GRADS = {"W": np.array([[3.58, 12.58], [3.58, 1.33]]), "b": np.array([1.5, -3.5])}
COUPLED_TEXT = (
    "f(params) = sum(W^3) + sum(W) * sum(b^2), params = {'W': [[1, 2], [-1, 0.5]], "
    "'b': [0.3, -0.7]}"
)


def check_errors(got, expected, what, inputs, atol):
    """``got`` is a dict of floats with ``expected``'s keys, each within ``atol``."""
    check_that(
        isinstance(got, dict) and set(got) == set(expected),
        f"{what} should return a dict with the keys {sorted(expected)}",
        f"Input: {inputs}\nGot: {show(got)}"[:400],
    )
    for key, value in expected.items():
        check_float(got[key], value, f"{what}[{key!r}]", inputs=inputs, rtol=0.0, atol=atol)


@pytest.mark.points(2)
def test_gradient_check_correct_gradients(course):
    """gradient_check finds relative errors near 0 for the right gradients of every key."""
    inputs = (
        COUPLED_TEXT
        + ", grads = the right gradients "
        + str({k: v.tolist() for k, v in COUPLED_GRADS.items()})
    )
    got = course.backprop.gradient_check(CourseFunction("coupled_cubes"), COUPLED, COUPLED_GRADS)
    check_errors(got, {"W": 0.0, "b": 0.0}, "gradient_check(f, params, grads)", inputs, 1e-7)


@pytest.mark.points(2)
def test_gradient_check_wrong_gradient(course):
    """gradient_check flags the one wrong gradient (relative error 1) and passes the right one."""
    grads = {"W": COUPLED_GRADS["W"], "b": np.array([1.5, 3.5])}
    inputs = COUPLED_TEXT + ", grads = {'W': right, 'b': [1.5, 3.5] (wrong sign at index 1)}"
    got = course.backprop.gradient_check(CourseFunction("coupled_cubes"), COUPLED, grads)
    check_errors(got, {"W": 0.0, "b": 1.0}, "gradient_check(f, params, grads)", inputs, 1e-7)


@pytest.mark.points(1)
def test_gradient_check_step_argument(course):
    """gradient_check uses the step h it is given: with h = 0.1 the cubes of W show an error."""
    inputs = COUPLED_TEXT + ", grads = the right gradients, h = 0.1"
    got = course.backprop.gradient_check(
        CourseFunction("coupled_cubes"), COUPLED, COUPLED_GRADS, h=0.1
    )
    check_errors(
        got,
        {"W": 0.003745318352061, "b": 0.0},
        "gradient_check(f, params, grads, h=0.1)",
        inputs,
        1e-9,
    )


@pytest.mark.points(2)
def test_layer_gradient_norms_sigmoid_vanishes(course):
    """With 8 sigmoid layers of 32 units the first layer's gradient is < 1/100 of the last one's."""
    got = course.backprop.layer_gradient_norms(8, 32, "sigmoid", Rng(0))
    check_shape(got, (8,), "layer_gradient_norms(8, 32, 'sigmoid', rng)")
    check_that(
        bool(np.all(got > 0)) and got[0] / got[-1] < 1e-2,
        "with sigmoid, the first layer's gradient norm should be below 1/100 of the last layer's",
        f"Input: depth = 8, width = 32, 'sigmoid'\nGot: {show(got)}",
    )


@pytest.mark.points(2)
def test_layer_gradient_norms_relu_stays(course):
    """With 8 ReLU layers of 32 units (He init) the gradient norms stay within a factor of 10."""
    got = course.backprop.layer_gradient_norms(8, 32, "relu", Rng(0))
    check_shape(got, (8,), "layer_gradient_norms(8, 32, 'relu', rng)")
    check_that(
        bool(np.all(got > 0)) and got.max() / got.min() < 10,
        "with ReLU and He initialisation, the gradient norms should stay within a factor of 10",
        f"Input: depth = 8, width = 32, 'relu'\nGot: {show(got)}",
    )
    check_that(
        len(set(np.round(got, 12).tolist())) == 8,
        "layer_gradient_norms should give each layer its own gradient norm, not one value for all",
        f"Input: depth = 8, width = 32, 'relu'\nGot: {show(got)}",
    )


INIT_SCALES = {"glorot": np.sqrt(2 / 50), "he": np.sqrt(2 / 20), "small": 0.01}


@pytest.mark.points(3)
def test_init_weights_schemes(course):
    """init_weights(20, 30, scheme, rng) scales one rng.standard_normal((20, 30)) draw."""
    for scheme, scale in INIT_SCALES.items():
        got = course.backprop.init_weights(20, 30, scheme, Rng(5))
        check_array(
            got,
            np.random.default_rng(5).standard_normal((20, 30)) * scale,
            f"init_weights(20, 30, {scheme!r}, rng)",
            inputs="fan_in = 20, fan_out = 30, rng = np.random.default_rng(5)",
        )


@pytest.mark.points(1)
def test_init_weights_rejects_an_unknown_scheme(course):
    """init_weights raises ValueError for a scheme it does not know."""
    check_raises(
        "ValueError",
        lambda: course.backprop.init_weights(3, 3, "xavier", Rng(0)),
        "init_weights(3, 3, 'xavier', rng)",
    )


def norms(course, activation, init, seed=0):
    got = course.backprop.layer_gradient_norms(8, 32, activation, Rng(seed), init)
    what = f"layer_gradient_norms(8, 32, {activation!r}, rng, init={init!r})"
    check_shape(got, (8,), what)
    check_that(bool(np.all(got >= 0)), f"{what} should return norms, which are never negative")
    return got


@pytest.mark.points(3)
def test_layer_gradient_norms_each_effect_alone(course):
    """One change at a time: the sigmoid vanishes with either scheme, tanh with Glorot holds,
    ReLU keeps its size with He and vanishes with small weights."""
    for init in ("glorot", "he"):
        got = norms(course, "sigmoid", init)
        check_that(
            got[0] < 1e-2 * got[-1],
            f"with sigmoid and {init!r}, the first layer's norm should be below 1/100 of the last",
            f"Input: depth = 8, width = 32, 'sigmoid', init = {init!r}\nGot: {show(got)}",
        )
    got = norms(course, "tanh", "glorot")
    check_that(
        got.max() < 3 * got.min(),
        "with tanh and 'glorot', the norms should stay within a factor of 3",
        f"Input: depth = 8, width = 32, 'tanh', init = 'glorot'\nGot: {show(got)}",
    )
    he, small = norms(course, "relu", "he"), norms(course, "relu", "small")
    check_that(
        he.max() < 10 * he.min() and small.max() < 1e-6 * he.min(),
        "with ReLU, the norms should stay within a factor of 10 with 'he', and every norm with "
        "'small' should be below 1e-6 of the 'he' norms",
        f"Input: depth = 8, width = 32, 'relu'\nGot: he {show(he)}\nsmall {show(small)}",
    )
