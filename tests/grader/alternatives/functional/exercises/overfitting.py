"""Alternative overfitting tools in a functional style: itertools.accumulate for the running
best, functools.reduce for sums, np.vander for the features, min with a key for the argmin."""

import functools
import itertools
import operator

import numpy as np

from .costs import mse


def train_validation_split(X, y, validation_fraction=0.2, rng=None):
    rng = rng if rng is not None else np.random.default_rng()
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    n_val = round(len(X) * validation_fraction)
    take = functools.partial(np.take, axis=0)
    val, train = order[:n_val], order[n_val:]
    return take(X, train), take(X, val), take(y, train), take(y, val)


def generalization_gap(train_loss, val_loss):
    return operator.sub(float(val_loss), float(train_loss))


def early_stopping_epoch(val_losses, patience=5):
    losses = np.asarray(val_losses, dtype=np.float64).tolist()
    if not losses:
        raise ValueError("val_losses must hold at least one epoch")
    # best epoch so far after each epoch (the first of equal losses stays)
    bests = list(
        itertools.accumulate(range(len(losses)), lambda b, e: e if losses[e] < losses[b] else b)
    )
    stop = next((e for e, b in enumerate(bests) if e - b >= patience), len(losses) - 1)
    return bests[stop]


def is_overfitting(train_losses, val_losses, patience=5):
    val = np.asarray(val_losses, dtype=np.float64).tolist()
    train = np.asarray(train_losses, dtype=np.float64).tolist()
    best = min(range(len(val)), key=val.__getitem__)
    last = len(val) - 1
    return bool(last - best > patience and train[last] < train[best])


def l2_penalty(params, lam):
    weights = (np.asarray(v, dtype=np.float64) for k, v in params.items() if k.startswith("W"))
    total = functools.reduce(operator.add, (float(np.vdot(w, w)) for w in weights), 0.0)
    return lam * total / 2.0


def l2_gradient(params, lam):
    def gradient(item):
        key, value = item
        value = np.asarray(value, dtype=np.float64)
        return key, (lam * value if key.startswith("W") else np.zeros_like(value))

    return dict(map(gradient, params.items()))


def polynomial_features(x, degree):
    return np.vander(np.asarray(x, dtype=np.float64), degree + 1, increasing=True)


def fit_polynomial(x, y, degree):
    A = polynomial_features(x, degree)
    Q, R = np.linalg.qr(A)
    return np.linalg.solve(R, Q.T @ np.asarray(y, dtype=np.float64))


def best_polynomial_degree(x_train, y_train, x_val, y_val, max_degree):
    def validation_error(degree):
        coefficients = fit_polynomial(x_train, y_train, degree)
        return mse(y_val, polynomial_features(x_val, degree) @ coefficients)

    errors = list(map(validation_error, range(max_degree + 1)))
    return min(range(len(errors)), key=errors.__getitem__)


def _with_intercept(X):
    return np.hstack([np.ones((len(X), 1)), X])


def _validation_mse(X_train, y_train, X_val, y_val):
    coefficients, *_ = np.linalg.lstsq(_with_intercept(X_train), y_train, rcond=None)
    return mse(y_val, _with_intercept(X_val) @ coefficients)


def spurious_features(X_train, y_train, X_val, y_val, names, tolerance=0.01):
    X_train, X_val, y_train, y_val = (
        np.asarray(a, dtype=np.float64) for a in (X_train, X_val, y_train, y_val)
    )
    full = _validation_mse(X_train, y_train, X_val, y_val)
    keep = [j for j in range(X_train.shape[1])]

    def spurious(j):
        others = [c for c in keep if c != j]
        without = _validation_mse(X_train[:, others], y_train, X_val[:, others], y_val)
        return without - full < tolerance * full

    return [str(name) for j, name in enumerate(names) if spurious(j)]


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
