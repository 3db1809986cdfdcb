"""Hidden tests of exercises/overfitting.py: random inputs from fixed seeds and properties.

Expected values come from independent numpy code written here (this file is never shipped).
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
from autograder.sandbox.protocol import Rng
from autograder.setting_forms import COUNT_FORMS, REAL_FORMS

H = 1e-5
GRADIENT_TOLERANCE = 1e-7


def relative_error(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def as_bool(value):
    """A numpy bool is as good as a Python bool."""
    return bool(value) if isinstance(value, np.bool_) else value


# --- train_validation_split ----------------------------------------------------------------------
def split(course, X, y, fraction, rng):
    got = course.overfitting.train_validation_split(X, y, validation_fraction=fraction, rng=rng)
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 4,
        "train_validation_split should return four arrays",
    )
    return got


def check_split(got, X, y, n_val):
    """Shapes, dtypes, rows kept together, disjoint, all rows used."""
    X_train, X_val, y_train, y_val = got
    n, d = X.shape
    check_shape(X_train, (n - n_val, d), "X_train")
    check_shape(X_val, (n_val, d), "X_val")
    # Row i of X starts with the value i, so the first column names every row.
    check_array(y_train, y[X_train[:, 0].astype(int)], "y_train next to X_train", dtype="int")
    check_array(y_val, y[X_val[:, 0].astype(int)], "y_val next to X_val", dtype="int")
    check_array(X_train, X[X_train[:, 0].astype(int)], "the rows of X_train")
    check_array(X_val, X[X_val[:, 0].astype(int)], "the rows of X_val")
    rows = np.sort(np.concatenate([X_train[:, 0], X_val[:, 0]]))
    check_array(
        rows,
        np.arange(n, dtype=float),
        "the rows of X_train and X_val together (disjoint, all rows)",
    )


def numbered_rows(seed, n, d):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.arange(n, dtype=float), rng.normal(0, 1, (n, d - 1))])
    return X, rng.integers(0, 5, n)


@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("n", "d", "fraction", "n_val"),
    [(50, 3, 0.2, 10), (9, 2, 0.3, 3), (33, 4, 0.4, 13), (12, 2, 0.1, 1)],
)
def test_train_validation_split_random_data(course, n, d, fraction, n_val):
    """train_validation_split returns disjoint parts with round(n * fraction) validation rows."""
    X, y = numbered_rows(100, n, d)
    check_split(split(course, X, y, fraction, Rng(101)), X, y, n_val)


@pytest.mark.points(1)
def test_train_validation_split_default_rng(course):
    """train_validation_split works without an rng (rng=None)."""
    X, y = numbered_rows(102, 20, 3)
    got = course.overfitting.train_validation_split(X, y)
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 4,
        "train_validation_split should return four arrays",
    )
    check_split(got, X, y, 4)


@pytest.mark.points(2)
def test_train_validation_split_shuffled_and_seeded(course):
    """train_validation_split shuffles with the rng it is given: same seed, same split."""
    X, y = numbered_rows(103, 40, 2)
    first = split(course, X, y, 0.25, Rng(104))
    again = split(course, X, y, 0.25, Rng(104))
    check_array(again[1], first[1], "X_val for the same seed twice")
    validation_sets = {
        tuple(np.sort(split(course, X, y, 0.25, Rng(seed))[1][:, 0])) for seed in range(105, 110)
    }
    check_that(
        len(validation_sets) > 1, "train_validation_split should give other splits for other seeds"
    )
    rows = first[1][:, 0]
    check_that(
        not np.array_equal(np.sort(rows), np.arange(10.0))
        and not np.array_equal(np.sort(rows), np.arange(30.0, 40.0)),
        "the validation rows should be a random choice, not the first or last rows",
    )


# --- generalization_gap --------------------------------------------------------------------------
@pytest.mark.points(1)
def test_generalization_gap_random_losses(course):
    """generalization_gap is val_loss - train_loss for random losses."""
    rng = np.random.default_rng(110)
    for train_loss, val_loss in rng.uniform(0, 3, (5, 2)):
        got = course.overfitting.generalization_gap(float(train_loss), float(val_loss))
        check_float(got, float(val_loss - train_loss), "generalization_gap(train_loss, val_loss)")


# --- early_stopping_epoch ------------------------------------------------------------------------
def stopping_reference(losses, patience):
    best, best_loss, waited = 0, losses[0], 0
    for epoch in range(1, len(losses)):
        if losses[epoch] < best_loss:
            best, best_loss, waited = epoch, losses[epoch], 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best


def noisy_curve(seed, n):
    rng = np.random.default_rng(seed)
    epochs = np.arange(n)
    return np.round(
        1 / (1 + epochs) + 0.002 * (epochs - n / 3) ** 2 / n + rng.normal(0, 0.03, n), 2
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("patience", [1, 3, 5, 10])
def test_early_stopping_epoch_random_curves(course, patience):
    """early_stopping_epoch matches the patience rule on noisy validation curves."""
    for seed in (111, 112, 113, 114):
        losses = noisy_curve(seed, 40)
        got = course.overfitting.early_stopping_epoch(losses.tolist(), patience=patience)
        check_equal(
            got, stopping_reference(losses, patience), "early_stopping_epoch(val_losses, patience)"
        )


@pytest.mark.points(1)
def test_early_stopping_epoch_array_and_single_epoch(course):
    """early_stopping_epoch accepts a numpy array and a single epoch."""
    check_equal(
        course.overfitting.early_stopping_epoch(np.array([0.7])), 0, "early_stopping_epoch([0.7])"
    )
    losses = np.array([3.0, 2.0, 2.5, 2.2, 1.0])
    check_equal(
        course.overfitting.early_stopping_epoch(losses, patience=2),
        1,
        "early_stopping_epoch(val_losses, patience=2)",
    )


# --- is_overfitting ------------------------------------------------------------------------------
def overfitting_reference(train, val, patience):
    best = int(np.argmin(val))
    return bool(len(val) - 1 - best > patience and train[-1] < train[best])


def random_curves(seed):
    """A falling training curve and a noisy validation curve of 8 to 24 epochs, from ``seed``."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 25))
    train = np.round(np.cumsum(rng.uniform(-0.1, 0.03, n)) + 2, 3)
    return train, noisy_curve(seed, n)


@pytest.mark.points(1)
@pytest.mark.parametrize("patience", [2, 5, 8])
def test_is_overfitting_random_curves(course, patience):
    """is_overfitting matches the rule on random learning curves."""
    for seed in range(115, 121):
        train, val = random_curves(seed)
        got = as_bool(
            course.overfitting.is_overfitting(train.tolist(), val.tolist(), patience=patience)
        )
        check_equal(
            got,
            overfitting_reference(train, val, patience),
            "is_overfitting(train_losses, val_losses, patience)",
        )


@pytest.mark.points(1)
def test_is_overfitting_ties_keep_earliest_best(course):
    """is_overfitting measures the distance from the earliest best validation loss."""
    train = np.linspace(1.0, 0.1, 10)
    val = np.array([1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.5, 0.9, 1.0, 1.1])
    got = as_bool(course.overfitting.is_overfitting(train, val, patience=5))
    check_equal(got, True, "is_overfitting(train_losses, val_losses, patience=5)")


# --- l2_penalty and l2_gradient ------------------------------------------------------------------
def random_params(seed):
    rng = np.random.default_rng(seed)
    shapes = {"W1": (4, 3), "b1": (3,), "W2": (3, 3), "b2": (3,), "W3": (3, 2)}
    return {k: rng.normal(0, 1, s) for k, s in shapes.items()}


def penalty(params, lam):
    return lam / 2 * sum(float(np.vdot(v, v)) for k, v in params.items() if k.startswith("W"))


@pytest.mark.points(1)
@pytest.mark.parametrize("lam", [0.0, 0.01, 1.5])
def test_l2_penalty_random_params(course, lam):
    """l2_penalty is lam/2 times the sum of squares of the W arrays, for any number of layers."""
    params = random_params(121)
    check_float(
        course.overfitting.l2_penalty(params, lam), penalty(params, lam), "l2_penalty(params, lam)"
    )


@pytest.mark.points(1)
def test_l2_penalty_integer_weights(course):
    """l2_penalty accepts integer weights."""
    params = {"W1": np.array([[1, -2], [0, 3]]), "b1": np.array([4, 4])}
    check_float(course.overfitting.l2_penalty(params, 0.5), 3.5, "l2_penalty(params, 0.5)")


@pytest.mark.points(1)
@pytest.mark.parametrize("lam", [0.0, 0.3])
def test_l2_gradient_random_params(course, lam):
    """l2_gradient is lam W for the W arrays and zeros for the others."""
    params = random_params(122)
    expected = {k: lam * v if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
    check_dict_of_arrays(
        course.overfitting.l2_gradient(params, lam), expected, "l2_gradient(params, lam)"
    )


@pytest.mark.points(2)
def test_l2_gradient_numerical_gradient(course):
    """l2_gradient agrees with the numerical gradient of the penalty."""
    params = random_params(123)
    got = course.overfitting.l2_gradient(params, 0.7)
    check_dict_of_shapes(got, {k: v.shape for k, v in params.items()}, "l2_gradient(params, lam)")
    for key, value in params.items():
        numerical = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            step = np.zeros_like(value)
            step[i] = H
            numerical[i] = (
                penalty(dict(params, **{key: value + step}), 0.7)
                - penalty(dict(params, **{key: value - step}), 0.7)
            ) / (2 * H)
        error = relative_error(got[key], numerical)
        check_that(
            error < GRADIENT_TOLERANCE,
            f"l2_gradient[{key!r}] disagrees with numerical gradients of the penalty ({error:.1e})",
        )


# --- polynomial features and fits ----------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("degree", [0, 1, 3, 5])
def test_polynomial_features_random_inputs(course, degree):
    """polynomial_features has the columns x^0 .. x^degree on random inputs."""
    x = np.random.default_rng(124).normal(0, 1.5, 7)
    check_array(
        course.overfitting.polynomial_features(x, degree),
        np.vander(x, degree + 1, increasing=True),
        "polynomial_features(x, degree)",
    )


@pytest.mark.points(1)
def test_polynomial_features_integer_input(course):
    """polynomial_features of integers returns float64 values."""
    x = np.array([-2, 0, 3])
    check_array(
        course.overfitting.polynomial_features(x, 3),
        np.vander(x, 4, increasing=True).astype(float),
        "polynomial_features(x, 3)",
    )


def noisy_polynomial(seed, coefficients, n, noise):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, n)
    return x, np.polynomial.polynomial.polyval(x, coefficients) + rng.normal(0, noise, n)


@pytest.mark.points(1)
@pytest.mark.parametrize("degree", [1, 2, 4])
def test_fit_polynomial_random_data(course, degree):
    """fit_polynomial matches the least-squares coefficients on noisy random data."""
    x, y = noisy_polynomial(125, [0.5, -1.0, 2.0, 0.3], 30, 0.4)
    expected = np.polynomial.polynomial.polyfit(x, y, degree)
    check_array(
        course.overfitting.fit_polynomial(x, y, degree),
        expected,
        "fit_polynomial(x, y, degree)",
        rtol=1e-6,
        atol=1e-9,
    )


@pytest.mark.points(1)
def test_fit_polynomial_interpolates(course):
    """fit_polynomial of degree n - 1 passes through all n points."""
    x = np.array([-1.5, -0.5, 0.0, 1.0, 2.0])
    y = np.array([2.0, -1.0, 0.5, 3.0, -2.0])
    coefficients = course.overfitting.fit_polynomial(x, y, 4)
    check_shape(coefficients, (5,), "fit_polynomial(x, y, 4)")
    check_array(
        np.polynomial.polynomial.polyval(x, coefficients),
        y,
        "the fitted polynomial at the data points",
        rtol=1e-8,
        atol=1e-8,
    )


def validation_errors(x_train, y_train, x_val, y_val, max_degree):
    errors = []
    for degree in range(max_degree + 1):
        c = np.polynomial.polynomial.polyfit(x_train, y_train, degree)
        errors.append(np.mean((np.polynomial.polynomial.polyval(x_val, c) - y_val) ** 2))
    return np.array(errors)


@pytest.mark.points(1)
@pytest.mark.parametrize(
    ("seed", "coefficients"),
    [
        (126, [1.0, -2.0, 0.5, 0.8]),
        (127, [0.0, 1.5]),
        (128, [2.0, 0.0, -1.0]),
        (129, [0.5, 0.5, 0.0, 0.0, 0.4]),
    ],
)
def test_best_polynomial_degree_random_data(course, seed, coefficients):
    """best_polynomial_degree picks the degree with the lowest validation error on noisy data."""
    x_train, y_train = noisy_polynomial(seed, coefficients, 15, 0.3)
    x_val, y_val = noisy_polynomial(seed + 1000, coefficients, 40, 0.3)
    expected = int(np.argmin(validation_errors(x_train, y_train, x_val, y_val, 7)))
    got = course.overfitting.best_polynomial_degree(x_train, y_train, x_val, y_val, 7)
    check_equal(got, expected, "best_polynomial_degree(x_train, y_train, x_val, y_val, 7)")
    # The best degree is also found when it is the largest one tried.
    got = course.overfitting.best_polynomial_degree(x_train, y_train, x_val, y_val, expected)
    check_equal(got, expected, "best_polynomial_degree(..., max_degree) with the best degree last")


# --- spurious_features ---------------------------------------------------------------------------
@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [130, 131])
def test_spurious_features_pool_other_days(course, seed):
    """spurious_features finds the three features without signal in other pool data."""
    X, y, names = course.overfitting.pool_attendance(600, Rng(seed))
    got = course.overfitting.spurious_features(X[:450], y[:450], X[450:], y[450:], names)
    check_equal(
        got, ["grass_length", "butterflies", "lifeguard_gpa"], "spurious_features(...) on pool data"
    )


def synthetic_regression(seed, weights, n_train, n_val):
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 1, (n_train + n_val, len(weights)))
    y = 3.0 + X @ np.array(weights) + rng.normal(0, 0.5, n_train + n_val)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


@pytest.mark.points(2)
def test_spurious_features_synthetic_data(course):
    """spurious_features keeps the features that carry signal, in the order of the names."""
    X_train, y_train, X_val, y_val = synthetic_regression(132, [0.0, 2.0, 0.0, -1.0, 0.0], 300, 100)
    names = ["a", "b", "c", "d", "e"]
    got = course.overfitting.spurious_features(X_train, y_train, X_val, y_val, names)
    check_equal(got, ["a", "c", "e"], "spurious_features(...) on synthetic data")


@pytest.mark.points(1)
def test_spurious_features_tolerance(course):
    """spurious_features with a large tolerance calls a weak feature spurious too."""
    X_train, y_train, X_val, y_val = synthetic_regression(133, [3.0, 0.3, 0.0], 300, 100)
    names = ["strong", "weak", "none"]
    check_equal(
        course.overfitting.spurious_features(X_train, y_train, X_val, y_val, names, tolerance=0.5),
        ["weak", "none"],
        "spurious_features(..., tolerance=0.5)",
    )
    check_equal(
        course.overfitting.spurious_features(X_train, y_train, X_val, y_val, names),
        ["none"],
        "spurious_features(...)",
    )


@pytest.mark.points(2)
def test_spurious_features_few_pool_days(course):
    """spurious_features finds the coincidental features when only 14 days train."""
    for seed in (2, 7):
        X, y, names = course.overfitting.pool_attendance(28, Rng(seed))
        got = course.overfitting.spurious_features(X[:14], y[:14], X[14:], y[14:], names)
        check_equal(
            got,
            ["grass_length", "butterflies", "lifeguard_gpa"],
            "spurious_features(...) on 14 days",
        )


# --- integer data, and a scalar in every form the contract allows ---------------------------------
SCALAR_FORMS = {"a numpy float64": np.float64, "a 0-d array": np.array}  # Python floats: above


@pytest.mark.points(1)
def test_train_validation_split_integer_data(course):
    """train_validation_split of integer X and y keeps every row whole, each once."""
    rng = np.random.default_rng(134)
    X = np.column_stack([np.arange(12), rng.integers(1, 9, (12, 2))])
    y = rng.integers(0, 3, 12)
    X_train, X_val, y_train, y_val = split(course, X, y, 0.25, Rng(134))
    parts = ((X_train, y_train, "train", 9), (X_val, y_val, "validation", 3))
    for got_X, got_y, part, rows in parts:
        check_shape(got_X, (rows, 3), f"X_{part}", dtype=None)
        rows = np.asarray(got_X)[:, 0].astype(int)
        check_array(got_X, X[rows], f"the rows of the {part} part of integer X", dtype=None)
        check_array(got_y, y[rows], f"the {part} labels next to their rows", dtype="int")
    rows = np.sort(np.concatenate([X_train[:, 0], X_val[:, 0]]))
    check_array(rows, np.arange(12), "the rows of X_train and X_val together", dtype=None)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SCALAR_FORMS))
def test_generalization_gap_scalar_forms(course, form):
    """generalization_gap of two losses, in any form of scalar, is a number."""
    make = SCALAR_FORMS[form]
    got = course.overfitting.generalization_gap(make(0.25), make(0.875))
    check_float(got, 0.625, f"generalization_gap(train_loss, val_loss) on {form}")


@pytest.mark.points(1)
def test_early_stopping_epoch_integer_losses(course):
    """early_stopping_epoch reads integer validation losses as numbers."""
    losses = np.array([9, 7, 5, 6, 4, 6, 7, 8, 9, 3])
    for patience in (2, 5):
        check_equal(
            course.overfitting.early_stopping_epoch(losses, patience=patience),
            stopping_reference(losses, patience),
            f"early_stopping_epoch(integer losses, patience={patience})",
        )


@pytest.mark.points(1)
def test_is_overfitting_integer_losses(course):
    """is_overfitting reads integer learning curves as numbers."""
    train = np.array([10, 8, 6, 5, 4, 3, 2, 1])
    for val, patience in (([10, 7, 5, 6, 7, 8, 9, 9], 2), ([10, 7, 5, 6, 7, 8, 9, 4], 2)):
        val = np.array(val)
        got = as_bool(course.overfitting.is_overfitting(train, val, patience=patience))
        check_equal(
            got,
            overfitting_reference(train, val, patience),
            "is_overfitting(train_losses, val_losses, patience) of integers",
        )


@pytest.mark.points(1)
def test_l2_gradient_integer_params(course):
    """l2_gradient of integer weights returns float64 gradients."""
    params = {"W1": np.array([[1, -2], [3, 0]]), "b1": np.array([4, -1])}
    got = course.overfitting.l2_gradient(params, 0.5)
    check_dict_of_arrays(
        got, {"W1": np.array([[0.5, -1.0], [1.5, 0.0]]), "b1": np.zeros(2)}, "l2_gradient"
    )


@pytest.mark.points(1)
def test_fit_polynomial_integer_data(course):
    """fit_polynomial of integer x and y returns float64 least-squares coefficients."""
    x, y = np.arange(-3, 4), np.array([10, 4, 1, 0, 2, 5, 9])
    check_array(
        course.overfitting.fit_polynomial(x, y, 2),
        np.polynomial.polynomial.polyfit(x.astype(float), y.astype(float), 2),
        "fit_polynomial(x, y, 2) of integers",
        rtol=1e-6,
        atol=1e-9,
    )


@pytest.mark.points(1)
def test_best_polynomial_degree_integer_data(course):
    """best_polynomial_degree of integer data picks the lowest validation error."""
    rng = np.random.default_rng(135)
    x_train, x_val = np.arange(-7, 8), np.arange(-6, 7)
    y_train = x_train**2 - 2 * x_train + rng.integers(-2, 3, x_train.size)
    y_val = x_val**2 - 2 * x_val + rng.integers(-2, 3, x_val.size)
    expected = int(np.argmin(validation_errors(x_train, y_train, x_val, y_val, 5)))
    check_equal(
        course.overfitting.best_polynomial_degree(x_train, y_train, x_val, y_val, 5),
        expected,
        "best_polynomial_degree(x_train, y_train, x_val, y_val, 5) of integers",
    )


@pytest.mark.points(1)
def test_spurious_features_integer_data(course):
    """spurious_features reads integer feature columns as numbers."""
    rng = np.random.default_rng(136)
    X = rng.integers(-5, 6, (400, 3))
    y = 3.0 + X @ np.array([2.0, 0.0, -1.0]) + rng.normal(0, 0.5, 400)
    got = course.overfitting.spurious_features(X[:300], y[:300], X[300:], y[300:], ["a", "b", "c"])
    check_equal(got, ["b"], "spurious_features(...) on integer features")


# --- settings as numpy numbers: counts as np.int64 or a 0-d integer array, fractions, lam and the
# tolerance as np.float64 or a 0-d float array (numpy code passes numbers it read from arrays) ----


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_train_validation_split_fraction_forms(course, form):
    """train_validation_split takes the validation fraction as a numpy number."""
    X, y = numbered_rows(100, 33, 4)
    check_split(split(course, X, y, REAL_FORMS[form](0.4), Rng(101)), X, y, 13)


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_early_stopping_epoch_patience_forms(course, form):
    """early_stopping_epoch takes the patience as a numpy integer."""
    for seed in (111, 112, 113, 114):
        losses = noisy_curve(seed, 40)
        got = course.overfitting.early_stopping_epoch(losses, patience=COUNT_FORMS[form](3))
        check_equal(
            got,
            stopping_reference(losses, 3),
            f"early_stopping_epoch(val_losses, patience) with patience {form}",
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_is_overfitting_patience_forms(course, form):
    """is_overfitting takes the patience as a numpy integer."""
    for seed in range(115, 121):
        train, val = random_curves(seed)
        got = course.overfitting.is_overfitting(train, val, patience=COUNT_FORMS[form](2))
        check_equal(
            as_bool(got),
            overfitting_reference(train, val, 2),
            f"is_overfitting(train_losses, val_losses, patience) with patience {form}",
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_l2_penalty_lam_forms(course, form):
    """l2_penalty takes lam as a numpy number."""
    params = random_params(121)
    got = course.overfitting.l2_penalty(params, REAL_FORMS[form](1.5))
    check_float(got, penalty(params, 1.5), f"l2_penalty(params, lam) with lam {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_l2_gradient_lam_forms(course, form):
    """l2_gradient takes lam as a numpy number."""
    params = random_params(122)
    expected = {k: 0.3 * v if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
    got = course.overfitting.l2_gradient(params, REAL_FORMS[form](0.3))
    check_dict_of_arrays(got, expected, f"l2_gradient(params, lam) with lam {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_polynomial_features_degree_forms(course, form):
    """polynomial_features takes the degree as a numpy integer."""
    x = np.random.default_rng(124).normal(0, 1.5, 7)
    check_array(
        course.overfitting.polynomial_features(x, COUNT_FORMS[form](3)),
        np.vander(x, 4, increasing=True),
        f"polynomial_features(x, degree) with degree {form}",
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_fit_polynomial_degree_forms(course, form):
    """fit_polynomial takes the degree as a numpy integer."""
    x, y = noisy_polynomial(125, [0.5, -1.0, 2.0, 0.3], 30, 0.4)
    check_array(
        course.overfitting.fit_polynomial(x, y, COUNT_FORMS[form](2)),
        np.polynomial.polynomial.polyfit(x, y, 2),
        f"fit_polynomial(x, y, degree) with degree {form}",
        rtol=1e-6,
        atol=1e-9,
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(COUNT_FORMS))
def test_best_polynomial_degree_max_degree_forms(course, form):
    """best_polynomial_degree takes max_degree as a numpy integer."""
    x_train, y_train = noisy_polynomial(126, [1.0, -2.0, 0.5, 0.8], 15, 0.3)
    x_val, y_val = noisy_polynomial(1126, [1.0, -2.0, 0.5, 0.8], 40, 0.3)
    expected = int(np.argmin(validation_errors(x_train, y_train, x_val, y_val, 7)))
    got = course.overfitting.best_polynomial_degree(
        x_train, y_train, x_val, y_val, COUNT_FORMS[form](7)
    )
    check_equal(got, expected, f"best_polynomial_degree(..., max_degree) with max_degree {form}")


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(REAL_FORMS))
def test_spurious_features_tolerance_forms(course, form):
    """spurious_features takes the tolerance as a numpy number."""
    X_train, y_train, X_val, y_val = synthetic_regression(133, [3.0, 0.3, 0.0], 300, 100)
    got = course.overfitting.spurious_features(
        X_train, y_train, X_val, y_val, ["strong", "weak", "none"], REAL_FORMS[form](0.5)
    )
    check_equal(got, ["weak", "none"], f"spurious_features(..., tolerance) with tolerance {form}")
