"""Alternative overfitting tools: numpy scalars, rng.choice for the split, numpy's own fits."""

import numpy as np

from .costs import mse


def train_validation_split(X, y, validation_fraction=0.2, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    X, y = np.asarray(X), np.asarray(y)
    n = X.shape[0]
    val = rng.choice(n, size=round(n * validation_fraction), replace=False)
    train = rng.permutation(np.setdiff1d(np.arange(n), val))
    return X[train], X[val], y[train], y[val]


def generalization_gap(train_loss, val_loss):
    return np.float64(val_loss) - np.float64(train_loss)


def early_stopping_epoch(val_losses, patience=5):
    losses = np.asarray(val_losses, dtype=np.float64)
    for epoch in range(len(losses)):
        best = np.argmin(losses[: epoch + 1])  # the earliest best so far
        if epoch - best >= patience:
            return best
    return np.argmin(losses)


def is_overfitting(train_losses, val_losses, patience=5):
    train = np.asarray(train_losses, dtype=np.float64)
    val = np.asarray(val_losses, dtype=np.float64)
    best = np.argmin(val)
    return (val.size - 1 - best > patience) & (train[-1] < train[best])


def l2_penalty(params, lam):
    return lam * 0.5 * np.sum([np.vdot(v, v) for k, v in params.items() if k[0] == "W"])


def l2_gradient(params, lam):
    return {
        k: (lam if k[0] == "W" else 0.0) * np.asarray(v, dtype=np.float64)
        for k, v in params.items()
    }


def polynomial_features(x, degree):
    return np.vander(np.asarray(x, dtype=np.float64), degree + 1, increasing=True)


def fit_polynomial(x, y, degree):
    return np.polynomial.polynomial.polyfit(np.asarray(x, dtype=np.float64), y, degree)


def best_polynomial_degree(x_train, y_train, x_val, y_val, max_degree):
    errors = [
        mse(y_val, np.polynomial.polynomial.polyval(x_val, fit_polynomial(x_train, y_train, d)))
        for d in range(max_degree + 1)
    ]
    return np.argmin(errors)


def _validation_mse(X_train, y_train, X_val, y_val):
    A = np.hstack([X_train, np.ones((len(X_train), 1))])
    coefficients = np.linalg.pinv(A) @ y_train
    return mse(y_val, np.hstack([X_val, np.ones((len(X_val), 1))]) @ coefficients)


def spurious_features(X_train, y_train, X_val, y_val, names, tolerance=0.01):
    X_train, X_val = np.asarray(X_train, dtype=np.float64), np.asarray(X_val, dtype=np.float64)
    full = _validation_mse(X_train, y_train, X_val, y_val)
    keep = np.ones(X_train.shape[1], dtype=bool)
    result = []
    for j in range(X_train.shape[1]):
        keep[:] = True
        keep[j] = False
        if _validation_mse(X_train[:, keep], y_train, X_val[:, keep], y_val) < full * (
            1 + tolerance
        ):
            result.append(names[j])
    return result


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
