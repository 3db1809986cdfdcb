"""Public tests of exercises/digits.py: train your classifier on the handwritten digits.

The training test takes a few seconds; leave it out while you work on the other topics with
``pytest tests/public -k "not train_classifier"``.
"""

import numpy as np
import pytest

from autograder.checks import (
    check_array,
    check_equal,
    check_float,
    check_raises,
    check_that,
    show,
)
from autograder.sandbox.protocol import Rng

# The reference solution reaches about 0.97 on held-out digits (0.958 to 0.98 over ten splits).
# Correct but slower-learning choices (a sigmoid hidden layer, a small learning rate, full-batch
# steps) reached 0.94 to 0.96 in our checks. The bar is 0.90: about four standard errors of a
# 360-image test set below the slowest correct variant we tried, and far above what a broken
# gradient or prediction gets (chance is 0.10).
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
def test_train_classifier_digits_accuracy(course):
    """A classifier trained by train_classifier gets at least 90 % of held-out digits right."""
    X, y = course.once.digits.load_digits()
    train, val, test = stratified_split(y, seed=0)
    inputs = (
        "load_digits(), a stratified 60/20/20 split (seed 0): "
        f"{len(train)} training, {len(val)} validation, {len(test)} test images; rng seed 0"
    )
    # Trained once per grade: the hidden tests judge this same network (course.once).
    params = course.once.digits.train_classifier(X[train], y[train], X[val], y[val], Rng(0))
    check_that(
        isinstance(params, dict),
        "train_classifier should return a dict of params",
        f"Got: {show(params)}"[:300],
    )
    predicted = course.digits.predict(params, X[test])
    check_that(
        isinstance(predicted, np.ndarray) and predicted.shape == (len(test),),
        f"predict(params, X_test) should return an array of shape ({len(test)},)",
        f"Input: {inputs}\nGot: {type(predicted).__name__} {getattr(predicted, 'shape', '')}",
    )
    check_that(
        predicted.dtype.kind in "iu",
        f"predict(params, X_test) should return integer labels, not {predicted.dtype}",
    )
    accuracy = float(np.mean(predicted == y[test]))
    check_that(
        accuracy >= ACCURACY_BAR,
        f"the test accuracy should be at least {ACCURACY_BAR:.2f}",
        f"Input: {inputs}\n"
        f"Got: accuracy {accuracy:.3f} ({int(np.sum(predicted == y[test]))} of {len(test)} right)",
    )


@pytest.mark.points(2)
def test_predict_takes_the_highest_score(course):
    """predict returns, for every row, the class with the highest score of the ReLU network.

    On these weights a sigmoid hidden layer would answer [1, 2, 1, 1] instead.
    """
    params = {"W1": np.eye(3), "b1": np.zeros(3), "W2": np.diag([1.0, 3.0, 2.0]), "b2": np.zeros(3)}
    X = np.array([[4.0, 1.0, 0.0], [3.0, -2.0, 0.5], [0.5, 2.0, 6.0], [1.0, 0.0, 0.0]])
    check_array(
        course.digits.predict(params, X),
        [0, 0, 2, 0],
        "predict(params, X)",
        inputs="W1 = identity (3 x 3), W2 = diag(1, 3, 2), b1 = b2 = 0, "
        "X = [[4, 1, 0], [3, -2, 0.5], [0.5, 2, 6], [1, 0, 0]]",
        dtype="int",
    )


def blobs(seed, n_train=90, n_val=60, d=5, k=3):
    """Three clusters of points around random centres in 5-D: a quick stand-in for the digits."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0.0, 2.0, (k, d))
    y = np.arange(n_train + n_val) % k
    X = centers[y] + rng.normal(0.0, 1.0, (len(y), d))
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


BLOBS_TEXT = "3 clusters in 5-D (seed 0): 90 training and 60 validation points"
# Every key is given, so that your own defaults do not decide these tests.
FROZEN = {
    "n_hidden": 8,
    "learning_rate": 0.0,
    "max_epochs": 2,
    "batch_size": 30,
    "optimizer": "sgd",
}
GOOD = {
    "n_hidden": 16,
    "learning_rate": 0.5,
    "max_epochs": 20,
    "batch_size": 30,
    "optimizer": "sgd",
}


@pytest.mark.points(1)
def test_train_classifier_rejects_an_unknown_key(course):
    """train_classifier raises ValueError naming a config key it does not know."""
    X_train, y_train, X_val, y_val = blobs(0)
    error = check_raises(
        "ValueError",
        lambda: course.digits.train_classifier(
            X_train, y_train, X_val, y_val, Rng(0), {"learning_rte": 0.1}
        ),
        "train_classifier(..., config={'learning_rte': 0.1})",
    )
    check_that(
        "learning_rte" in error.message,
        "the ValueError of an unknown config key should name the key",
        f"Got: {error.message}"[:300],
    )


@pytest.mark.points(1)
def test_train_classifier_reads_n_hidden(course):
    """train_classifier with config {"n_hidden": 7, ...} returns a network of 7 hidden units."""
    X_train, y_train, X_val, y_val = blobs(0)
    config = {**GOOD, "n_hidden": 7, "max_epochs": 2}
    params = course.digits.train_classifier(X_train, y_train, X_val, y_val, Rng(0), config)
    check_that(
        isinstance(params, dict) and {"W1", "b1", "W2", "b2"} <= set(params),
        "train_classifier should return a dict with W1, b1, W2, b2",
    )
    shapes = {key: np.shape(params[key]) for key in ("W1", "b1", "W2", "b2")}
    check_equal(
        str(shapes),
        str({"W1": (5, 7), "b1": (7,), "W2": (7, 3), "b2": (3,)}),
        "the shapes of train_classifier(..., config) with n_hidden = 7",
        inputs=f"{BLOBS_TEXT}, config = {config}",
    )
    check_that(
        np.ptp(params["W1"]) > 0 and np.ptp(params["W2"]) > 0,
        "train_classifier should return trained weights, not one value everywhere",
    )


@pytest.mark.points(2)
def test_train_classifier_reads_keep_prob(course):
    """train_classifier with "keep_prob" 0.5 trains with dropout: it still learns the clusters, and
    its weights differ from those trained without dropout from the same seed; "keep_prob" 1
    trains exactly as without the key."""
    X_train, y_train, X_val, y_val = blobs(0)
    train = course.digits.train_classifier
    plain = train(X_train, y_train, X_val, y_val, Rng(4), GOOD)
    kept = train(X_train, y_train, X_val, y_val, Rng(4), {**GOOD, "keep_prob": 1.0})
    dropout = train(X_train, y_train, X_val, y_val, Rng(4), {**GOOD, "keep_prob": 0.5})
    for params in (plain, kept, dropout):
        check_that(
            isinstance(params, dict) and {"W1", "b1", "W2", "b2"} <= set(params),
            "train_classifier should return a dict with W1, b1, W2, b2",
        )
    inputs = f"{BLOBS_TEXT}, rng seed 4, config = {GOOD} with and without keep_prob"
    check_array(kept["W1"], plain["W1"], "W1 with keep_prob 1 against no keep_prob", inputs=inputs)
    check_that(
        np.shape(dropout["W1"]) != np.shape(plain["W1"])
        or not np.allclose(dropout["W1"], plain["W1"]),
        "with keep_prob 0.5 the hidden units should be dropped while training, so the weights "
        "should differ from those trained without dropout from the same seed",
        f"Input: {inputs}",
    )
    accuracy = float(np.mean(course.digits.predict(dropout, X_val) == y_val))
    check_that(
        accuracy > 0.8,
        "train_classifier with keep_prob 0.5 should still get over 80 % of the validation set "
        "of three clusters right",
        f"Input: {inputs}\nGot: {accuracy:.0%}",
    )


@pytest.mark.points(3)
def test_search_hyperparameters_keeps_the_best_validation_accuracy(course):
    """search_hyperparameters returns the config with the highest validation accuracy and every
    config's accuracy, the first one exactly that of its own train_classifier."""
    X_train, y_train, X_val, y_val = blobs(0)
    configs = [FROZEN, GOOD, FROZEN]
    inputs = f"{BLOBS_TEXT}, rng seed 3, configs = [frozen, good, frozen] with frozen = {FROZEN}, good = {GOOD}"
    got = course.digits.search_hyperparameters(X_train, y_train, X_val, y_val, configs, Rng(3))
    check_that(
        isinstance(got, (tuple, list)) and len(got) == 2,
        "search_hyperparameters should return a pair (best_config, val_accuracies)",
        f"Got: {show(got)}"[:300],
    )
    best, accuracies = got
    check_equal(best, GOOD, "best_config of search_hyperparameters", inputs=inputs)
    check_that(
        isinstance(accuracies, list) and len(accuracies) == 3,
        "val_accuracies should be a list with one accuracy per config",
        f"Input: {inputs}\nGot: {show(accuracies)}"[:400],
    )
    params = course.digits.train_classifier(X_train, y_train, X_val, y_val, Rng(3), FROZEN)
    expected = float(np.mean(course.digits.predict(params, X_val) == y_val))
    check_float(
        accuracies[0],
        expected,
        "val_accuracies[0]: the validation accuracy of train_classifier(..., rng, configs[0])",
        inputs=inputs,
    )


@pytest.mark.points(1)
def test_search_hyperparameters_first_on_ties(course):
    """On two far-apart blobs every config gets 100 %: search_hyperparameters keeps the first."""
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 20)
    X = rng.normal(0.0, 0.3, (40, 2)) + 4.0 * y[:, None]
    configs = [{**GOOD, "n_hidden": h, "max_epochs": 10} for h in (4, 8, 16)]
    best, accuracies = course.digits.search_hyperparameters(X, y, X, y, configs, Rng(0))
    inputs = "two blobs of 20 points 4 apart (train = validation), configs with n_hidden 4, 8, 16"
    check_equal(accuracies, [1.0, 1.0, 1.0], "val_accuracies", inputs=inputs)
    check_equal(best, configs[0], "best_config on a tie", inputs=inputs)


@pytest.mark.points(1)
def test_predict_any_hidden_size(course):
    """predict works for a network of 5 hidden units on 3 inputs and 4 classes."""
    rng = np.random.default_rng(16)
    params = {
        "W1": rng.normal(0, 1, (3, 5)),
        "b1": np.full(5, 3.0),  # every pre-activation is positive
        "W2": rng.normal(0, 1, (5, 4)),
        "b2": np.zeros(4),
    }
    X = rng.uniform(-0.5, 0.5, (6, 3))
    expected = np.argmax((X @ params["W1"] + 3.0) @ params["W2"], axis=1)
    check_array(
        course.digits.predict(params, X),
        expected,
        "predict(params, X)",
        inputs="W1 (3, 5), b1 = 3, W2 (5, 4), b2 = 0 (random, seed 16), X (6, 3)",
        dtype="int",
    )
