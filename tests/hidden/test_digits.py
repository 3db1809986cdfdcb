"""Hidden tests of exercises/digits.py: another split of the digits, random prediction checks."""

import numpy as np
import pytest

from autograder.checks import check_array, check_equal, check_raises, check_that
from autograder.sandbox.protocol import Rng

# The same bar as the public test, for the same reason: the reference reaches about 0.97 on every
# split we tried (0.958 to 0.98 over seeds 0-9), slower correct variants 0.94 to 0.96; 0.90
# leaves room for every correct implementation while a broken one scores far below.
ACCURACY_BAR = 0.90


def stratified_split(y, seed, fractions=(0.6, 0.2)):
    """Indices of a 60/20/20 train/validation/test split, every digit in the same proportions."""
    rng = np.random.default_rng(seed)
    parts = ([], [], [])
    for digit in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == digit))
        cut1 = round(fractions[0] * len(rows))
        cut2 = round((fractions[0] + fractions[1]) * len(rows))
        for part, chunk in zip(parts, (rows[:cut1], rows[cut1:cut2], rows[cut2:]), strict=True):
            part.extend(chunk.tolist())
    return tuple(np.array(part) for part in parts)


@pytest.mark.points(10)
@pytest.mark.time_limit(120)
def test_train_classifier_other_split(course):
    """train_classifier on another split gets at least 90 % of held-out digits right."""
    X, y = course.once.digits.load_digits()
    train, val, test = stratified_split(y, seed=7)
    params = course.digits.train_classifier(X[train], y[train], X[val], y[val], Rng(7))
    check_that(isinstance(params, dict), "train_classifier should return a dict of params")
    predicted = course.digits.predict(params, X[test])
    check_that(
        isinstance(predicted, np.ndarray)
        and predicted.shape == (len(test),)
        and predicted.dtype.kind in "iu",
        "predict(params, X_test) should return integer labels of shape (n,)",
    )
    accuracy = float(np.mean(predicted == y[test]))
    check_that(
        accuracy >= ACCURACY_BAR,
        f"the test accuracy on another split should be at least {ACCURACY_BAR:.2f}",
    )


def forward(params, X, activation):
    hidden = {
        "relu": lambda z: np.maximum(z, 0.0),
        "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(z / 2)),
        "tanh": np.tanh,
    }[activation](X @ params["W1"] + params["b1"])
    return hidden @ params["W2"] + params["b2"]


def is_two_layer(params, d):
    try:
        W1, b1, W2, b2 = (np.asarray(params[k]) for k in ("W1", "b1", "W2", "b2"))
    except (KeyError, TypeError):
        return False
    return (
        W1.shape[0] == d and W1.shape[1:] == b1.shape == W2.shape[:1] and W2.shape[1:] == b2.shape
    )


@pytest.mark.points(3)
@pytest.mark.time_limit(120)
def test_predict_matches_the_trained_network(course):
    """predict runs the network that train_classifier trained, with the same hidden activation."""
    X, y = course.once.digits.load_digits()
    # The network of the public accuracy test (its split and seed): trained once per grade.
    train, val, test = stratified_split(y, seed=0)
    params = course.once.digits.train_classifier(X[train], y[train], X[val], y[val], Rng(0))
    predicted = course.digits.predict(params, X[test])
    check_that(
        isinstance(predicted, np.ndarray) and predicted.shape == (len(test),),
        "predict(params, X_test) should return labels of shape (n,)",
    )
    accuracy = float(np.mean(predicted == y[test]))
    if isinstance(params, dict) and is_two_layer(params, X.shape[1]):
        # The trained network is the one of the three activations that does best; a predict
        # that runs another activation on the same params does far worse (0.55 to 0.85 where
        # the trained one gets 0.98).
        best = max(
            float(np.mean(np.argmax(forward(params, X[test], a), axis=1) == y[test]))
            for a in ("relu", "sigmoid", "tanh")
        )
        check_that(
            accuracy >= best - 0.02,
            "predict should run the same network as train_classifier (the same hidden activation)",
        )


@pytest.mark.points(2)
@pytest.mark.parametrize(("n", "d", "k"), [(7, 5, 4), (4, 4, 4), (10, 3, 6)])
def test_predict_random_scores(course, n, d, k):
    """predict returns the class of the highest score for random networks."""
    rng = np.random.default_rng(140 + n)
    X = rng.normal(0, 1, (n, d))
    W1 = rng.normal(0, 1, (d, k))
    Z = X @ W1
    b1 = 0.5 - Z.max(axis=1).min() + np.zeros(k)  # every row's best score is positive
    params = {"W1": W1, "b1": b1, "W2": np.eye(k), "b2": np.zeros(k)}
    # With an identity output layer, any increasing activation keeps the order of the scores.
    expected = np.argmax(Z + b1, axis=1)
    check_array(course.digits.predict(params, X), expected, "predict(params, X)", dtype="int")


def blobs(seed, n_train=90, n_val=60, d=5, k=3):
    rng = np.random.default_rng(seed)
    centers = rng.normal(0.0, 2.0, (k, d))
    y = np.arange(n_train + n_val) % k
    X = centers[y] + rng.normal(0.0, 1.0, (len(y), d))
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def blobs_accuracy(course, config):
    """The validation accuracy of the network train_classifier trains with ``config`` on the
    three clusters of ``blobs(5)`` (rng seed 5)."""
    X_train, y_train, X_val, y_val = blobs(5)
    params = course.digits.train_classifier(X_train, y_train, X_val, y_val, Rng(5), config)
    return float(np.mean(course.digits.predict(params, X_val) == y_val))


FROZEN = {
    "n_hidden": 6,
    "learning_rate": 0.0,
    "max_epochs": 3,
    "batch_size": 50,
    "optimizer": "sgd",
}
GOOD = {
    "n_hidden": 20,
    "learning_rate": 0.5,
    "max_epochs": 25,
    "batch_size": 25,
    "optimizer": "sgd",
}


@pytest.mark.points(2)
def test_train_classifier_other_optimizers(course):
    """train_classifier learns with the momentum and the Adam optimizer too."""
    for optimizer, learning_rate in [("momentum", 0.05), ("adam", 0.01)]:
        config = {**GOOD, "optimizer": optimizer, "learning_rate": learning_rate}
        check_that(
            blobs_accuracy(course, config) > 0.8,
            f"train_classifier with optimizer {optimizer!r} should get over 80 % of a validation "
            "set of three clusters right",
        )


@pytest.mark.points(1)
def test_train_classifier_rejects_unknown_keys_and_optimizers(course):
    """train_classifier raises ValueError for an unknown key among known ones, or optimizer."""
    X_train, y_train, X_val, y_val = blobs(6)
    error = check_raises(
        "ValueError",
        lambda: course.digits.train_classifier(
            X_train, y_train, X_val, y_val, Rng(6), {**GOOD, "dropout": 0.5}
        ),
        "train_classifier with an unknown config key",
    )
    check_that("dropout" in error.message, "the ValueError should name the unknown key")
    check_raises(
        "ValueError",
        lambda: course.digits.train_classifier(
            X_train, y_train, X_val, y_val, Rng(6), {**GOOD, "optimizer": "rmsprop"}
        ),
        "train_classifier with optimizer 'rmsprop'",
    )


@pytest.mark.points(1)
def test_train_classifier_config_none_is_all_defaults(course):
    """train_classifier with config None trains exactly as with an empty config."""
    X_train, y_train, X_val, y_val = blobs(8, n_train=30, n_val=15)
    first = course.digits.train_classifier(X_train, y_train, X_val, y_val, Rng(8))
    again = course.digits.train_classifier(X_train, y_train, X_val, y_val, Rng(8), {})
    check_that(isinstance(first, dict) and isinstance(again, dict), "params should be dicts")
    for key in ("W1", "b1", "W2", "b2"):
        check_array(again[key], first[key], f"{key} of train_classifier(..., config={{}})")
    check_that(
        np.ptp(first["W1"]) > 0 and np.ptp(first["W2"]) > 0,
        "train_classifier should return trained weights, not one value everywhere",
    )


@pytest.mark.points(2)
def test_search_hyperparameters_other_data(course):
    """search_hyperparameters keeps the best config whatever its place, and one per config."""
    X_train, y_train, X_val, y_val = blobs(9)
    for configs, best_at in (([GOOD, FROZEN], 0), ([FROZEN, FROZEN, GOOD], 2)):
        best, accuracies = course.digits.search_hyperparameters(
            X_train, y_train, X_val, y_val, configs, Rng(9)
        )
        check_equal(best, configs[best_at], "best_config of search_hyperparameters")
        check_that(
            isinstance(accuracies, list)
            and len(accuracies) == len(configs)
            and all(isinstance(a, float) and 0.0 <= a <= 1.0 for a in accuracies),
            "val_accuracies should hold one accuracy in [0, 1] per config",
        )
        check_that(
            accuracies[best_at] == max(accuracies),
            "the best config's validation accuracy should be the highest",
        )


# --- integer inputs (the digits' pixels are integers 0 to 16) -------------------------------------
def integer_blobs(seed):
    """Three clusters of integer points: blobs scaled by 3 and rounded."""
    X_train, y_train, X_val, y_val = blobs(seed)
    return np.rint(3 * X_train).astype(int), y_train, np.rint(3 * X_val).astype(int), y_val


def best_accuracy(params, X, y):
    """The accuracy of the network of ``params`` with the activation that does best on it."""
    return max(
        float(np.mean(np.argmax(forward(params, X, a), axis=1) == y))
        for a in ("relu", "sigmoid", "tanh")
    )


@pytest.mark.points(1)
def test_train_classifier_integer_inputs(course):
    """train_classifier learns from integer inputs: its network separates three clusters."""
    X_train, y_train, X_val, y_val = integer_blobs(10)
    config = {**GOOD, "learning_rate": 0.05}
    params = course.digits.train_classifier(X_train, y_train, X_val, y_val, Rng(10), config)
    check_that(
        is_two_layer(params, X_train.shape[1]),
        "train_classifier should return W1, b1, W2, b2 of a two-layer network",
    )
    check_that(
        best_accuracy(params, X_val.astype(float), y_val) >= 0.8,
        "train_classifier on integer inputs should reach 0.80 validation accuracy (chance: 0.33)",
    )


@pytest.mark.points(1)
def test_predict_integer_inputs(course):
    """predict of integer inputs returns the class of the highest score."""
    rng = np.random.default_rng(147)
    X = rng.integers(-3, 4, (8, 4))
    W1 = rng.normal(0, 1, (4, 5))
    Z = X @ W1
    b1 = 0.5 - Z.max(axis=1).min() + np.zeros(5)
    params = {"W1": W1, "b1": b1, "W2": np.eye(5), "b2": np.zeros(5)}
    expected = np.argmax(Z + b1, axis=1)
    check_array(course.digits.predict(params, X), expected, "predict(params, X)", dtype="int")


@pytest.mark.points(1)
def test_search_hyperparameters_integer_inputs(course):
    """search_hyperparameters on integer inputs keeps the config that learns."""
    X_train, y_train, X_val, y_val = integer_blobs(11)
    configs = [FROZEN, {**GOOD, "learning_rate": 0.05}]
    best, accuracies = course.digits.search_hyperparameters(
        X_train, y_train, X_val, y_val, configs, Rng(11)
    )
    check_equal(best, configs[1], "best_config of search_hyperparameters on integer inputs")
    check_that(
        isinstance(accuracies, list) and len(accuracies) == 2 and accuracies[1] > accuracies[0],
        "val_accuracies should rate the config that learns above the one that does not",
    )


# --- the config's numbers as numpy numbers: counts as np.int64 or 0-d integer arrays, rates as
# np.float64 or 0-d float arrays (a config read from an array of results holds those) ----------
SETTING_FORMS = {
    "numpy scalars": (np.int64, np.float64),
    "0-d arrays": (
        lambda v: np.array(v, dtype=np.int64),
        lambda v: np.array(v, dtype=np.float64),
    ),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("form", list(SETTING_FORMS))
def test_train_classifier_config_forms(course, form):
    """train_classifier takes the config's counts and rates as numpy numbers (three clusters)."""
    count, real = SETTING_FORMS[form]
    config = {
        "n_hidden": count(20),
        "learning_rate": real(0.5),
        "max_epochs": count(25),
        "batch_size": count(25),
        "patience": count(5),
        "l2": real(1e-4),
        "keep_prob": real(1.0),
        "optimizer": "sgd",
    }
    check_that(
        blobs_accuracy(course, config) > 0.8,
        f"train_classifier with the config's numbers as {form} should get over 80 % of a "
        "validation set of three clusters right",
    )
