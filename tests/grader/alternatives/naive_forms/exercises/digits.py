"""Alternative digits classifier: 64 ReLU units, batches of 20, keep the best snapshot."""

from pathlib import Path

import numpy as np

from .activations import softmax
from .backprop import init_mlp, mlp_forward, mlp_loss_and_gradients
from .costs import cross_entropy
from .gradient_descent import adam_step, minibatches, momentum_step


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """Load the 1797 8x8 digits shipped in ``data/digits.npz`` (a given helper, not an exercise).

    Returns
    -------
    X : ndarray, shape (1797, 64), float64
        One image per row, the 8x8 pixels flattened row by row, scaled from 0..16 to [0, 1].
    y : ndarray, shape (1797,), int64
        The digit each image shows, 0..9.
    """
    with np.load(Path(__file__).parent / "data" / "digits.npz") as data:
        X = data["images"].astype(np.float64) / 16.0
        y = data["labels"].astype(np.int64)
    return X, y


DEFAULTS = {
    "n_hidden": 64,
    "learning_rate": 0.5,
    "batch_size": 20,
    "l2": 0.0,
    "patience": 6,
    "max_epochs": 60,
    "optimizer": "sgd",
    "keep_prob": 1.0,
}


def gradients_with_dropout(params, X, y, l2, keep_prob, rng):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0.0)
    keep = rng.random(A1.shape) < keep_prob
    D1 = np.where(keep, A1 / keep_prob, 0.0)
    scores = D1 @ params["W2"] + params["b2"]
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(len(y)), y] -= 1.0
    d_scores = probs / len(y)
    d_hidden = np.where(keep & (Z1 > 0), d_scores @ params["W2"].T / keep_prob, 0.0)
    return {
        "W1": X.T @ d_hidden + l2 * params["W1"],
        "b1": d_hidden.sum(axis=0),
        "W2": D1.T @ d_scores + l2 * params["W2"],
        "b2": d_scores.sum(axis=0),
    }


def train_classifier(X_train, y_train, X_val, y_val, rng, config=None):
    unknown = set(config or {}).difference(DEFAULTS)
    if unknown:
        raise ValueError("unknown config keys: " + ", ".join(sorted(unknown)))
    c = {**DEFAULTS, **(config or {})}
    steps = {"sgd": None, "momentum": momentum_step, "adam": adam_step}
    if c["optimizer"] not in steps:
        raise ValueError(f"no optimizer called {c['optimizer']!r}")
    X_train, y_train = np.asarray(X_train, dtype=np.float64), np.asarray(y_train)
    n_classes = int(max(y_train.max(), np.max(y_val))) + 1
    params = init_mlp(X_train.shape[1], c["n_hidden"], n_classes, rng)
    history, snapshots, state = [], [], None
    for _ in range(c["max_epochs"]):
        for batch in minibatches(len(X_train), c["batch_size"], rng):
            if c["keep_prob"] < 1:
                grads = gradients_with_dropout(
                    params, X_train[batch], y_train[batch], c["l2"], c["keep_prob"], rng
                )
            else:
                _, grads = mlp_loss_and_gradients(
                    params, X_train[batch], y_train[batch], "relu", c["l2"]
                )
            if steps[c["optimizer"]] is None:
                params = {k: params[k] - c["learning_rate"] * grads[k] for k in params}
            else:
                params, state = steps[c["optimizer"]](params, grads, state, c["learning_rate"])
        history.append(cross_entropy(y_val, softmax(mlp_forward(params, X_val, "relu")[0])))
        snapshots.append(params)
        if len(history) - 1 - int(np.argmin(history)) >= c["patience"]:
            break
    return snapshots[int(np.argmin(history))]


def search_hyperparameters(X_train, y_train, X_val, y_val, configs, rng):
    accuracies = [
        float(
            np.mean(
                predict(train_classifier(X_train, y_train, X_val, y_val, rng, c), X_val) == y_val
            )
        )
        for c in configs
    ]
    return configs[accuracies.index(max(accuracies))], accuracies


def predict(params, X):
    return np.argmax(mlp_forward(params, X, "relu")[0], axis=1)
