"""Public tests of exercises/overfitting.py: small cases you can check by hand, the pool data."""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_dict_of_arrays,
    check_equal,
    check_float,
    check_shape,
    check_that,
    show,
)
from autograder.sandbox.protocol import Rng

X10 = np.arange(20.0).reshape(10, 2)  # row i is [2i, 2i + 1]
Y10 = np.arange(10)
SPLIT_TEXT = "X = [[0, 1], [2, 3], ..., [18, 19]] (10 rows), y = [0, 1, ..., 9]"


def split(course, X, y, fraction, seed):
    got = course.overfitting.train_validation_split(
        X, y, validation_fraction=fraction, rng=Rng(seed)
    )
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 4,
        "train_validation_split(...) should return (X_train, X_val, y_train, y_val)",
        f"Got: {show(got)}"[:400],
    )
    return got


@pytest.mark.points(2)
def test_train_validation_split_sizes_and_rows(course):
    """train_validation_split holds out round(n * fraction) rows and keeps every row once."""
    X_train, X_val, y_train, y_val = split(course, X10, Y10, 0.3, 0)
    inputs = SPLIT_TEXT + ", validation_fraction = 0.3"
    check_shape(X_train, (7, 2), "X_train", inputs=inputs)
    check_shape(X_val, (3, 2), "X_val", inputs=inputs)
    check_array(
        y_train,
        (X_train[:, 0] // 2).astype(np.int64),
        "y_train (the y of each row of X_train, in the same order)",
        inputs=inputs,
        dtype="int",
    )
    check_array(
        y_val,
        (X_val[:, 0] // 2).astype(np.int64),
        "y_val (the y of each row of X_val, in the same order)",
        inputs=inputs,
        dtype="int",
    )
    check_array(
        np.sort(np.concatenate([y_train, y_val])),
        np.arange(10),
        "y_train and y_val together, sorted",
        inputs=inputs,
        dtype="int",
    )


@pytest.mark.points(2)
def test_train_validation_split_shuffles(course):
    """train_validation_split shuffles: the validation rows are not the first or last rows."""
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20)
    _, _, y_train, y_val = split(course, X, y, 0.25, 1)
    check_array(
        np.sort(np.concatenate([y_train, y_val])),
        y,
        "y_train and y_val together, sorted",
        inputs="20 rows, y = 0, 1, ..., 19, validation_fraction = 0.25, rng seed 1",
        dtype=None,
    )
    check_that(
        set(y_val.tolist()) not in ({0, 1, 2, 3, 4}, {15, 16, 17, 18, 19}),
        "the validation rows should be a random choice, not the first or last rows in order",
        f"Input: 20 rows, validation_fraction = 0.25, rng seed 1\nGot: y_val = {show(y_val)}",
    )


@pytest.mark.points(1)
def test_train_validation_split_same_seed_same_split(course):
    """train_validation_split gives the same split for the same seed, others for other seeds."""
    first = split(course, X10, Y10, 0.5, 7)
    again = split(course, X10, Y10, 0.5, 7)
    check_array(again[3], first[3], "y_val for the same seed twice", inputs=SPLIT_TEXT, dtype="int")
    other = [split(course, X10, Y10, 0.5, seed)[3] for seed in (8, 9, 10)]
    check_that(
        any(not np.array_equal(np.sort(o), np.sort(first[3])) for o in other),
        "train_validation_split should shuffle with the rng it is given: other seeds, other splits",
        f"Input: {SPLIT_TEXT}, seeds 7, 8, 9, 10\nGot the same validation rows every time",
    )


@pytest.mark.points(1)
def test_generalization_gap_small_case(course):
    """generalization_gap(0.2, 0.5) is 0.3: validation minus training loss."""
    check_float(
        course.overfitting.generalization_gap(0.2, 0.5), 0.3, "generalization_gap(0.2, 0.5)"
    )
    check_float(
        course.overfitting.generalization_gap(1.0, 0.75), -0.25, "generalization_gap(1.0, 0.75)"
    )


@pytest.mark.points(2)
def test_early_stopping_epoch_after_patience(course):
    """early_stopping_epoch stops patience epochs after the best and returns the best epoch."""
    losses = [5.0, 4.0, 3.0, 3.5, 3.6, 3.7, 3.8, 3.9, 2.0]
    got = course.overfitting.early_stopping_epoch(losses, patience=5)
    check_equal(
        got, 2, "early_stopping_epoch(val_losses, patience=5)", inputs=f"val_losses = {losses}"
    )


@pytest.mark.points(1)
def test_early_stopping_epoch_small_cases(course):
    """early_stopping_epoch: ties keep the earliest epoch; a run that never stops gives its best."""
    cases = [
        ([3.0, 2.0, 2.0, 2.0], 5, 1),
        ([3.0, 2.0, 1.0], 5, 2),
        ([1.0, 2.0, 3.0, 0.0], 2, 0),
        ([1.0, 2.0, 0.5, 3.0, 4.0, 5.0], 3, 2),
    ]
    for losses, patience, expected in cases:
        got = course.overfitting.early_stopping_epoch(losses, patience=patience)
        check_equal(
            got,
            expected,
            f"early_stopping_epoch(val_losses, patience={patience})",
            inputs=f"val_losses = {losses}",
        )


@pytest.mark.points(2)
def test_is_overfitting_small_cases(course):
    """is_overfitting: best validation loss > patience epochs back, training loss still falling."""
    train = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1]
    cases = [
        (train, [1.0, 0.9, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3], 5, True),
        (train, [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3], 5, False),
        (train, [1.0, 0.9, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3], 7, False),
        (
            [1.0, 0.8, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6],
            [1.0, 0.9, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9],
            5,
            False,
        ),
    ]
    for train_losses, val_losses, patience, expected in cases:
        got = course.overfitting.is_overfitting(train_losses, val_losses, patience=patience)
        got = bool(got) if isinstance(got, np.bool_) else got
        check_equal(
            got,
            expected,
            f"is_overfitting(train_losses, val_losses, patience={patience})",
            inputs=f"train_losses = {train_losses}, val_losses = {val_losses}",
        )


PARAMS = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([5.0]), "W2": np.array([[3.0]])}
PARAMS_TEXT = "params = {'W1': [[1, 2]], 'b1': [5], 'W2': [[3]]}"


@pytest.mark.points(1)
def test_l2_penalty_small_case(course):
    """l2_penalty with lam = 0.1 is 0.05 * (1 + 4 + 9) = 0.7: the bias is not penalised."""
    check_float(
        course.overfitting.l2_penalty(PARAMS, 0.1),
        0.7,
        "l2_penalty(params, 0.1)",
        inputs=PARAMS_TEXT,
    )


@pytest.mark.points(1)
def test_l2_gradient_small_case(course):
    """l2_gradient gives the penalty's gradient for the weights and zeros for the bias."""
    got = course.overfitting.l2_gradient(PARAMS, 0.1)
    expected = {"W1": np.array([[0.1, 0.2]]), "b1": np.array([0.0]), "W2": np.array([[0.3]])}
    check_dict_of_arrays(got, expected, "l2_gradient(params, 0.1)", inputs=PARAMS_TEXT)


@pytest.mark.points(1)
def test_polynomial_features_small_case(course):
    """polynomial_features([1, 2, 3], 2) has the columns 1, x, x^2."""
    got = course.overfitting.polynomial_features(np.array([1.0, 2.0, 3.0]), 2)
    check_array(
        got,
        [[1.0, 1.0, 1.0], [1.0, 2.0, 4.0], [1.0, 3.0, 9.0]],
        "polynomial_features(x, 2)",
        inputs="x = [1.0, 2.0, 3.0]",
    )
    got = course.overfitting.polynomial_features(np.array([-2.0, 5.0]), 0)
    check_array(got, [[1.0], [1.0]], "polynomial_features(x, 0)", inputs="x = [-2.0, 5.0]")


@pytest.mark.points(2)
def test_fit_polynomial_exact_quadratic(course):
    """fit_polynomial recovers y = 1 + 2x + 3x^2 from four exact points."""
    x = np.array([-1.0, 0.0, 1.0, 2.0])
    got = course.overfitting.fit_polynomial(x, np.array([2.0, 1.0, 6.0, 17.0]), 2)
    check_array(
        got,
        [1.0, 2.0, 3.0],
        "fit_polynomial(x, y, 2)",
        inputs="x = [-1, 0, 1, 2], y = [2, 1, 6, 17]",
        atol=1e-9,
    )


@pytest.mark.points(2)
def test_best_polynomial_degree_noisy_quadratic(course):
    """best_polynomial_degree picks degree 2 for noisy data from a quadratic, up to 5 or up to 2."""
    x_train = np.array([-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0])
    y_train = np.array([5.3, 3.425, 2.6, 1.325, 1.2, 0.725, 0.4, 0.875, 0.85])
    x_val = np.array([-1.75, -0.75, 0.25, 1.25, 1.75])
    y_val = np.array([4.38125, 1.93125, 0.83125, 0.48125, 0.88125])
    got = course.overfitting.best_polynomial_degree(x_train, y_train, x_val, y_val, 5)
    inputs = (
        f"x_train = {x_train.tolist()}, y_train = {y_train.tolist()}, "
        f"x_val = {x_val.tolist()}, y_val = {y_val.tolist()}, max_degree = 5"
    )
    check_equal(got, 2, "best_polynomial_degree(...)", inputs=inputs)
    got = course.overfitting.best_polynomial_degree(x_train, y_train, x_val, y_val, 2)
    check_equal(got, 2, "best_polynomial_degree(..., max_degree=2)", inputs=inputs[:-1] + "2")


@pytest.mark.points(3)
def test_spurious_features_pool_attendance(course):
    """spurious_features finds grass_length, butterflies and lifeguard_gpa in the pool data."""
    X, y, names = course.overfitting.pool_attendance(500, Rng(0))
    got = course.overfitting.spurious_features(X[:400], y[:400], X[400:], y[400:], names)
    check_equal(
        got,
        ["grass_length", "butterflies", "lifeguard_gpa"],
        "spurious_features(X_train, y_train, X_val, y_val, names)",
        inputs="pool_attendance(500, np.random.default_rng(0)); "
        "the first 400 days train, the last 100 validate",
    )


@pytest.mark.points(2)
def test_spurious_features_few_days(course):
    """With only 15 days to learn from, spurious_features still names the three coincidental
    features (keeping them here more than doubles the validation error)."""
    X, y, names = course.overfitting.pool_attendance(30, Rng(0))
    got = course.overfitting.spurious_features(X[:15], y[:15], X[15:], y[15:], names)
    check_equal(
        got,
        ["grass_length", "butterflies", "lifeguard_gpa"],
        "spurious_features(X_train, y_train, X_val, y_val, names)",
        inputs="pool_attendance(30, np.random.default_rng(0)); "
        "the first 15 days train, the last 15 validate",
    )
