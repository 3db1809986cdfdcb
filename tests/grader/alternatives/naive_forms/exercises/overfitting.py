"""Alternative overfitting tools: the validation rows at the end of the permutation, lstsq fits."""

import numpy as np


def train_validation_split(X, y, validation_fraction=0.2, rng=None):
    rng = rng or np.random.default_rng()
    X, y = np.asarray(X), np.asarray(y)
    n_val = round(len(X) * validation_fraction)
    order = rng.permutation(len(X))
    train, val = order[: len(X) - n_val], order[len(X) - n_val :]
    return X[train], X[val], y[train], y[val]


def generalization_gap(train_loss, val_loss):
    return -(train_loss - val_loss)


def early_stopping_epoch(val_losses, patience=5):
    best_epoch, best_loss = 0, np.inf
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_epoch, best_loss = epoch, loss
        if epoch - best_epoch == patience:
            break
    return best_epoch


def is_overfitting(train_losses, val_losses, patience=5):
    best = int(np.argmin(val_losses))
    last = len(val_losses) - 1
    if last - best > patience:
        return bool(train_losses[last] < train_losses[best])
    return False


def l2_penalty(params, lam):
    return float(
        lam * sum(np.sum(np.square(W)) for k, W in params.items() if k.startswith("W")) / 2
    )


def l2_gradient(params, lam):
    return {
        k: lam * np.asarray(v, dtype=np.float64) if k.startswith("W") else np.zeros(np.shape(v))
        for k, v in params.items()
    }


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=np.float64)
    return np.power.outer(x, np.arange(degree + 1)).astype(np.float64)


def fit_polynomial(x, y, degree):
    solution, _, _, _ = np.linalg.lstsq(polynomial_features(x, degree), y, rcond=None)
    return np.asarray(solution, dtype=np.float64)


def best_polynomial_degree(x_train, y_train, x_val, y_val, max_degree):
    scores = []
    for degree in range(max_degree + 1):
        fitted = polynomial_features(x_val, degree) @ fit_polynomial(x_train, y_train, degree)
        scores.append(np.mean((fitted - y_val) ** 2))
    return int(np.argmin(scores))


def spurious_features(X_train, y_train, X_val, y_val, names, tolerance=0.01):
    def validation_error(columns):
        A = np.column_stack([np.ones(len(X_train))] + [X_train[:, c] for c in columns])
        B = np.column_stack([np.ones(len(X_val))] + [X_val[:, c] for c in columns])
        coefficients = np.linalg.lstsq(A, y_train, rcond=None)[0]
        return np.mean((B @ coefficients - y_val) ** 2)

    X_train, X_val = np.asarray(X_train, dtype=np.float64), np.asarray(X_val, dtype=np.float64)
    all_columns = list(range(X_train.shape[1]))
    full = validation_error(all_columns)
    return [
        names[j]
        for j in all_columns
        if validation_error([c for c in all_columns if c != j]) - full < tolerance * full
    ]


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
