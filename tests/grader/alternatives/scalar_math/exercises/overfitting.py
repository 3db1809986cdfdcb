"""Alternative overfitting tools in plain Python: lists of floats, no numpy arithmetic.

Least squares by the normal equations, solved by Gaussian elimination with partial pivoting.
"""

import numpy as np


def _floats(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel().tolist()]


def _rows(matrix):
    return [[float(v) for v in row] for row in np.asarray(matrix, dtype=np.float64).tolist()]


def train_validation_split(X, y, validation_fraction=0.2, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    order = [int(i) for i in rng.permutation(n)]
    n_val = round(n * validation_fraction)
    val, train = order[:n_val], order[n_val:]
    return X[train], X[val], y[train], y[val]


def generalization_gap(train_loss, val_loss):
    return float(val_loss) - float(train_loss)


def early_stopping_epoch(val_losses, patience=5):
    losses = _floats(val_losses)
    if len(losses) == 0:
        raise ValueError("val_losses is empty")
    best = 0
    epoch = 1
    while epoch < len(losses) and epoch - best <= patience:
        if losses[epoch] < losses[best]:
            best = epoch
        elif epoch - best == patience:
            break
        epoch += 1
    return best


def is_overfitting(train_losses, val_losses, patience=5):
    val = _floats(val_losses)
    train = _floats(train_losses)
    best = min(range(len(val)), key=lambda i: (val[i], i))
    last = len(val) - 1
    return (last - best) > patience and train[last] < train[best]


def l2_penalty(params, lam):
    total = 0.0
    for key in params:
        if key[0] == "W":
            total += sum(v * v for v in _floats(params[key]))
    return 0.5 * lam * total


def l2_gradient(params, lam):
    out = {}
    for key, value in params.items():
        shape = np.shape(value)
        values = _floats(value)
        scaled = [lam * v for v in values] if key[0] == "W" else [0.0] * len(values)
        out[key] = np.array(scaled, dtype=np.float64).reshape(shape)
    return out


def polynomial_features(x, degree):
    rows = []
    for v in _floats(x):
        row, power = [], 1.0
        for _ in range(degree + 1):
            row.append(power)
            power *= v
        rows.append(row)
    return np.array(rows, dtype=np.float64).reshape(len(rows), degree + 1)


def _solve(A, b):
    """Solve A c = b for a square list-of-lists A by elimination with partial pivoting."""
    n = len(A)
    M = [A[i][:] + [b[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(M[r][col]))
        M[col], M[pivot] = M[pivot], M[col]
        for r in range(col + 1, n):
            factor = M[r][col] / M[col][col]
            for k in range(col, n + 1):
                M[r][k] -= factor * M[col][k]
    c = [0.0] * n
    for r in range(n - 1, -1, -1):
        c[r] = (M[r][n] - sum(M[r][k] * c[k] for k in range(r + 1, n))) / M[r][r]
    return c


def _least_squares(rows, targets):
    width = len(rows[0])
    gram = [[sum(r[i] * r[j] for r in rows) for j in range(width)] for i in range(width)]
    moment = [sum(r[i] * t for r, t in zip(rows, targets, strict=True)) for i in range(width)]
    return _solve(gram, moment)


def fit_polynomial(x, y, degree):
    rows = _rows(polynomial_features(x, degree))
    return np.array(_least_squares(rows, _floats(y)), dtype=np.float64)


def _mse(rows, coefficients, targets):
    errors = [
        sum(a * c for a, c in zip(r, coefficients, strict=True)) - t
        for r, t in zip(rows, targets, strict=True)
    ]
    return sum(e * e for e in errors) / len(errors)


def best_polynomial_degree(x_train, y_train, x_val, y_val, max_degree):
    best, best_error = 0, float("inf")
    for degree in range(max_degree + 1):
        coefficients = fit_polynomial(x_train, y_train, degree).tolist()
        error = _mse(_rows(polynomial_features(x_val, degree)), coefficients, _floats(y_val))
        if error < best_error:
            best, best_error = degree, error
    return best


def _validation_error(train_rows, y_train, val_rows, y_val):
    train_rows = [[1.0] + r for r in train_rows]
    val_rows = [[1.0] + r for r in val_rows]
    return _mse(val_rows, _least_squares(train_rows, y_train), y_val)


def spurious_features(X_train, y_train, X_val, y_val, names, tolerance=0.01):
    train, val = _rows(X_train), _rows(X_val)
    y_train, y_val = _floats(y_train), _floats(y_val)
    full = _validation_error(train, y_train, val, y_val)
    found = []
    for j, name in enumerate(names):
        without = _validation_error(
            [r[:j] + r[j + 1 :] for r in train], y_train, [r[:j] + r[j + 1 :] for r in val], y_val
        )
        if without - full < tolerance * full:
            found.append(str(name))
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
