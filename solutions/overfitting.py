"""Overfitting: fitting the training data too well, and the tools that notice and prevent it.

Held-out validation data, early stopping, weight decay (L2), model capacity (polynomial degree),
and features that carry no signal.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .costs import mse


def train_validation_split(
    X: ArrayLike,
    y: ArrayLike,
    validation_fraction: float = 0.2,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the rows and hold some out for validation.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Inputs, one example per row.
    y : ndarray, shape (n,)
        Targets or labels.
    validation_fraction : float, default 0.2
        Share of the rows held out: round(n * validation_fraction) rows.
    rng : numpy.random.Generator or None, default None
        Source of the shuffle, ``rng.permutation(n)``; None uses a fresh
        ``np.random.default_rng()``. The same seed gives the same split.

    Returns
    -------
    X_train : ndarray, shape (n - n_val, d)
    X_val : ndarray, shape (n_val, d)
    y_train : ndarray, shape (n - n_val,)
    y_val : ndarray, shape (n_val,)
        Disjoint, together all rows; the validation rows are the first n_val of the permutation.
    """
    # Hint: shuffle the row indices, not the data, and index X and y with the same indices.
    ### BEGIN SOLUTION
    if rng is None:
        rng = np.random.default_rng()
    X = np.asarray(X)
    y = np.asarray(y)
    n = len(X)
    n_val = round(n * validation_fraction)
    order = rng.permutation(n)
    val, train = order[:n_val], order[n_val:]
    return X[train], X[val], y[train], y[val]
    ### END SOLUTION


def generalization_gap(train_loss: float, val_loss: float) -> float:
    """How much worse the model does on data it was not trained on: val_loss - train_loss.

    Parameters
    ----------
    train_loss : float
        Loss on the training data.
    val_loss : float
        Loss on the validation data.

    Returns
    -------
    float
        A large positive gap is the mark of overfitting.
    """
    # Hint: a one-liner; return a Python float.
    ### BEGIN SOLUTION
    return float(val_loss - train_loss)
    ### END SOLUTION


def early_stopping_epoch(val_losses: ArrayLike, patience: int = 5) -> int:
    """The epoch whose parameters early stopping keeps.

    Parameters
    ----------
    val_losses : sequence of float, length n_epochs >= 1
        Validation loss after every epoch, first epoch first (index 0).
    patience : int, default 5
        How many epochs without a new best training goes on for.

    Returns
    -------
    int
        Epochs are read in order; a loss beats the best so far only when strictly lower (so the
        earliest epoch wins ties). Training stops at the first epoch that is ``patience`` epochs
        after the best so far without beating it; the index of that best epoch is returned. If
        training never stops, the index of the best epoch of the whole sequence.

    Raises
    ------
    ValueError
        If ``val_losses`` is empty.
    """
    # Hint: one pass, tracking the index of the best epoch so far; stop when the current epoch is
    # `patience` epochs past it.
    ### BEGIN SOLUTION
    val_losses = np.asarray(val_losses, dtype=np.float64)
    if val_losses.size == 0:
        raise ValueError("val_losses must hold at least one epoch, got none")
    best = 0
    for epoch, loss in enumerate(val_losses):
        if loss < val_losses[best]:
            best = epoch
        elif epoch - best >= patience:
            break
    return best
    ### END SOLUTION


def is_overfitting(train_losses: ArrayLike, val_losses: ArrayLike, patience: int = 5) -> bool:
    """Whether the learning curves show overfitting.

    Parameters
    ----------
    train_losses : sequence of float, length n_epochs
        Training loss after every epoch.
    val_losses : sequence of float, length n_epochs
        Validation loss after every epoch.
    patience : int, default 5
        How many epochs past the best validation loss are tolerated.

    Returns
    -------
    bool
        True when the best validation loss (the earliest on ties) lies more than ``patience``
        epochs before the last epoch while the training loss kept falling after it: the training
        loss of the last epoch is lower than at the best validation epoch.
    """
    # Hint: np.argmin gives the best validation epoch; compare its distance to the last epoch
    # and the training loss at both.
    ### BEGIN SOLUTION
    train_losses = np.asarray(train_losses, dtype=np.float64)
    val_losses = np.asarray(val_losses, dtype=np.float64)
    best = int(np.argmin(val_losses))
    last = len(val_losses) - 1
    return bool(last - best > patience and train_losses[last] < train_losses[best])
    ### END SOLUTION


def l2_penalty(params: dict[str, np.ndarray], lam: float) -> float:
    """Weight-decay penalty: lam / 2 times the sum of squares of every weight array.

    Parameters
    ----------
    params : dict of str to ndarray
        Parameters; the weights are the entries whose key starts with "W" (biases are not
        penalised).
    lam : float
        Strength of the penalty.

    Returns
    -------
    float
    """
    # Hint: sum over the keys that start with "W" only.
    ### BEGIN SOLUTION
    total = sum(
        np.sum(np.asarray(value, dtype=np.float64) ** 2)
        for key, value in params.items()
        if key.startswith("W")
    )
    return float(lam / 2 * total)
    ### END SOLUTION


def l2_gradient(params: dict[str, np.ndarray], lam: float) -> dict[str, np.ndarray]:
    """Gradient of ``l2_penalty`` with respect to every entry of ``params``.

    Parameters
    ----------
    params : dict of str to ndarray
        Parameters; the weights are the entries whose key starts with "W".
    lam : float
        Strength of the penalty.

    Returns
    -------
    dict of str to ndarray
        Same keys and shapes as ``params``, float64; zero for the entries the penalty leaves
        out.
    """
    # Hint: differentiate the penalty with respect to one weight; build a new dict, where
    # np.zeros_like gives the zeros of the right shape. Check it with gradient_check of
    # backprop.py on f(params) = l2_penalty(params, lam).
    ### BEGIN SOLUTION
    grads = {}
    for key, value in params.items():
        value = np.asarray(value, dtype=np.float64)
        grads[key] = lam * value if key.startswith("W") else np.zeros_like(value)
    return grads
    ### END SOLUTION


def polynomial_features(x: ArrayLike, degree: int) -> np.ndarray:
    """The powers of x, one column per power: 1, x, x^2, ..., x^degree.

    Parameters
    ----------
    x : ndarray, shape (n,)
        Inputs.
    degree : int
        Highest power, >= 0.

    Returns
    -------
    ndarray, shape (n, degree + 1), float64
        Column j holds x^j.
    """
    # Hint: broadcast a column of x against the row of exponents 0..degree.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    return x[:, np.newaxis] ** np.arange(degree + 1)
    ### END SOLUTION


def fit_polynomial(x: ArrayLike, y: ArrayLike, degree: int) -> np.ndarray:
    """Least-squares polynomial fit.

    Parameters
    ----------
    x : ndarray, shape (n,)
        Inputs.
    y : ndarray, shape (n,)
        Targets.
    degree : int
        Degree of the polynomial.

    Returns
    -------
    ndarray, shape (degree + 1,), float64
        Coefficients c with y ~ polynomial_features(x, degree) @ c, constant term first.
    """
    # Hint: np.linalg.lstsq(features, y, rcond=None) solves the least-squares problem.
    ### BEGIN SOLUTION
    features = polynomial_features(x, degree)
    coefficients, *_ = np.linalg.lstsq(features, np.asarray(y, dtype=np.float64), rcond=None)
    return coefficients
    ### END SOLUTION


def best_polynomial_degree(
    x_train: ArrayLike,
    y_train: ArrayLike,
    x_val: ArrayLike,
    y_val: ArrayLike,
    max_degree: int,
) -> int:
    """The polynomial degree that generalises best.

    Parameters
    ----------
    x_train, y_train : ndarray, shape (n_train,)
        Training data.
    x_val, y_val : ndarray, shape (n_val,)
        Validation data.
    max_degree : int
        Degrees 0..max_degree are tried.

    Returns
    -------
    int
        The degree whose fit on the training data has the lowest MSE on the validation data (the
        lowest such degree on ties).
    """
    # Hint: fit on the training data, measure on the validation data; the training error alone
    # always prefers the highest degree.
    ### BEGIN SOLUTION
    val_errors = []
    for degree in range(max_degree + 1):
        coefficients = fit_polynomial(x_train, y_train, degree)
        val_errors.append(mse(y_val, polynomial_features(x_val, degree) @ coefficients))
    return int(np.argmin(val_errors))
    ### END SOLUTION


### BEGIN SOLUTION
def _linear_validation_mse(X_train, y_train, X_val, y_val) -> float:
    """Validation MSE of a least-squares linear regression with intercept fit on the train data."""
    A_train = np.column_stack([np.ones(len(X_train)), X_train])
    A_val = np.column_stack([np.ones(len(X_val)), X_val])
    coefficients, *_ = np.linalg.lstsq(A_train, y_train, rcond=None)
    return mse(y_val, A_val @ coefficients)


### END SOLUTION


def spurious_features(
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_val: ArrayLike,
    y_val: ArrayLike,
    names: list[str],
    tolerance: float = 0.01,
) -> list[str]:
    """Features the model does not need: dropping one barely changes the validation error.

    Parameters
    ----------
    X_train : ndarray, shape (n_train, d)
        Training inputs, one feature per column.
    y_train : ndarray, shape (n_train,)
        Training targets.
    X_val : ndarray, shape (n_val, d)
        Validation inputs.
    y_val : ndarray, shape (n_val,)
        Validation targets.
    names : list of str, length d
        Name of every column.
    tolerance : float, default 0.01
        Relative increase of the validation MSE below which a feature counts as spurious.

    Returns
    -------
    list of str
        In the order of ``names``, the features whose removal (refitting a least-squares linear
        regression with intercept on the other columns) raises the validation MSE by less than
        ``tolerance`` times the full model's validation MSE (a decrease counts as well).
    """
    # Hint: fit the full model once; then, for every column, refit without it (np.delete on
    # axis 1) and compare the validation MSEs. Add a column of ones for the intercept.
    ### BEGIN SOLUTION
    X_train = np.asarray(X_train, dtype=np.float64)
    X_val = np.asarray(X_val, dtype=np.float64)
    y_train = np.asarray(y_train, dtype=np.float64)
    y_val = np.asarray(y_val, dtype=np.float64)
    full = _linear_validation_mse(X_train, y_train, X_val, y_val)
    spurious = []
    for j, name in enumerate(names):
        without = _linear_validation_mse(
            np.delete(X_train, j, axis=1), y_train, np.delete(X_val, j, axis=1), y_val
        )
        if without - full < tolerance * full:
            spurious.append(str(name))
    return spurious
    ### END SOLUTION


def pool_attendance(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Synthetic data: swimmers at an outdoor pool on ``n`` days (a given helper, not an exercise).

    Parameters
    ----------
    n : int
        Number of days.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    X : ndarray, shape (n, 6), float64
        One day per row; columns in the order of ``names``: temperature (degrees C), humidity
        (%), rain (hours), grass_length (cm), butterflies (count), lifeguard_gpa (grade average).
    y : ndarray, shape (n,), float64
        Number of swimmers: linear in temperature, humidity and rain plus Gaussian noise; the
        last three columns carry no signal.
    names : list of str
        ["temperature", "humidity", "rain", "grass_length", "butterflies", "lifeguard_gpa"].
    """
    names = ["temperature", "humidity", "rain", "grass_length", "butterflies", "lifeguard_gpa"]
    temperature = rng.uniform(18.0, 34.0, n)
    humidity = rng.uniform(30.0, 90.0, n)
    rain = rng.uniform(0.0, 3.0, n)
    grass_length = rng.uniform(2.0, 10.0, n)
    butterflies = rng.poisson(5.0, n).astype(np.float64)
    lifeguard_gpa = rng.uniform(2.0, 4.0, n)
    X = np.column_stack([temperature, humidity, rain, grass_length, butterflies, lifeguard_gpa])
    noise = rng.normal(0.0, 12.0, n)
    y = 100.0 + 12.0 * (temperature - 18.0) - 0.4 * humidity - 15.0 * rain + noise
    return X, y, names
