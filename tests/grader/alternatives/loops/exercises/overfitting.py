"""Alternative overfitting tools: loops, normal equations, Python ints and bools."""

import numpy as np


def train_validation_split(X, y, validation_fraction=0.2, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    X, y = np.asarray(X), np.asarray(y)
    order = list(range(len(X)))
    rng.shuffle(order)
    n_val = int(round(len(X) * validation_fraction))
    val, train = order[:n_val], order[n_val:]
    return X[train], X[val], y[train], y[val]


def generalization_gap(train_loss, val_loss):
    return float(val_loss) - float(train_loss)


def early_stopping_epoch(val_losses, patience=5):
    values = [float(v) for v in val_losses]
    if not values:
        raise ValueError("no epochs")
    best, waited = 0, 0
    for epoch in range(1, len(values)):
        if values[epoch] < values[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best
    return best


def is_overfitting(train_losses, val_losses, patience=5):
    val = [float(v) for v in val_losses]
    best = val.index(min(val))
    if len(val) - 1 - best <= patience:
        return False
    return float(train_losses[-1]) < float(train_losses[best])


def l2_penalty(params, lam):
    total = 0.0
    for key, value in params.items():
        if key.startswith("W"):
            for v in np.asarray(value, dtype=np.float64).ravel():
                total += v * v
    return lam / 2 * total


def l2_gradient(params, lam):
    grads = {}
    for key, value in params.items():
        value = np.asarray(value, dtype=np.float64)
        grads[key] = value * lam if key.startswith("W") else np.zeros(value.shape)
    return grads


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=np.float64)
    columns = [np.ones_like(x)]
    for _ in range(degree):
        columns.append(columns[-1] * x)
    return np.stack(columns, axis=1)


def fit_polynomial(x, y, degree):
    A = polynomial_features(x, degree)
    return np.linalg.solve(A.T @ A, A.T @ np.asarray(y, dtype=np.float64))


def best_polynomial_degree(x_train, y_train, x_val, y_val, max_degree):
    best, best_error = 0, float("inf")
    for degree in range(max_degree + 1):
        prediction = polynomial_features(x_val, degree) @ fit_polynomial(x_train, y_train, degree)
        error = float(np.mean((prediction - np.asarray(y_val, dtype=np.float64)) ** 2))
        if error < best_error:
            best, best_error = degree, error
    return best


def _validation_mse(X_train, y_train, X_val, y_val):
    A = np.column_stack([np.ones(len(X_train)), X_train])
    coefficients = np.linalg.solve(A.T @ A, A.T @ y_train)
    residual = y_val - np.column_stack([np.ones(len(X_val)), X_val]) @ coefficients
    return float(residual @ residual) / len(residual)


def spurious_features(X_train, y_train, X_val, y_val, names, tolerance=0.01):
    X_train, X_val = np.asarray(X_train, dtype=np.float64), np.asarray(X_val, dtype=np.float64)
    y_train, y_val = np.asarray(y_train, dtype=np.float64), np.asarray(y_val, dtype=np.float64)
    full = _validation_mse(X_train, y_train, X_val, y_val)
    found = []
    for j, name in enumerate(names):
        others = [c for c in range(X_train.shape[1]) if c != j]
        error = _validation_mse(X_train[:, others], y_train, X_val[:, others], y_val)
        if error - full < tolerance * full:
            found.append(name)
    return found


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
