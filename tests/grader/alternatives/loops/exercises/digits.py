"""Alternative digits classifier: 32 ReLU units, at most 12 epochs, patience counted by hand."""

from pathlib import Path

import numpy as np

from . import layers
from .activations import softmax
from .backprop import init_mlp, mlp_forward, mlp_loss_and_gradients
from .costs import cross_entropy
from .gradient_descent import adam_step, gradient_step, minibatches, momentum_step


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


KEYS = (
    "n_hidden",
    "learning_rate",
    "batch_size",
    "l2",
    "patience",
    "max_epochs",
    "optimizer",
    "keep_prob",
)


def dropout_gradients(params, X, y, l2, keep_prob, rng):
    hidden, first = layers.linear_forward(X, params["W1"], params["b1"])
    hidden, relu = layers.relu_forward(hidden)
    hidden, dropped = layers.dropout_forward(hidden, keep_prob, rng)
    logits, second = layers.linear_forward(hidden, params["W2"], params["b2"])
    _, loss_cache = layers.softmax_cross_entropy_forward(logits, y)
    upstream = layers.softmax_cross_entropy_backward(loss_cache)
    upstream, dW2, db2 = layers.linear_backward(upstream, second)
    upstream = layers.relu_backward(layers.dropout_backward(upstream, dropped), relu)
    _, dW1, db1 = layers.linear_backward(upstream, first)
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    for name in ("W1", "W2"):
        grads[name] = grads[name] + l2 * params[name]
    return grads


def train_classifier(X_train, y_train, X_val, y_val, rng, config=None):
    config = config or {}
    for key in config:
        if key not in KEYS:
            raise ValueError(f"train_classifier does not know the config key {key!r}")
    n_hidden = config.get("n_hidden", 32)
    learning_rate = config.get("learning_rate", 0.3)
    batch_size = config.get("batch_size", 16)
    l2 = config.get("l2", 0.0)
    patience = config.get("patience", 4)
    max_epochs = config.get("max_epochs", 12)
    optimizer = config.get("optimizer", "sgd")
    keep_prob = config.get("keep_prob", 1.0)
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"unknown optimizer {optimizer!r}")
    X_train, y_train = np.asarray(X_train, dtype=np.float64), np.asarray(y_train)
    n_classes = int(max(y_train.max(), np.max(y_val))) + 1
    params = init_mlp(X_train.shape[1], n_hidden, n_classes, rng)
    best_params, best_loss, epochs_without_best, state = params, float("inf"), 0, None
    epoch = 0
    while epoch < max_epochs and epochs_without_best < patience:
        for batch in minibatches(len(X_train), batch_size, rng):
            if keep_prob == 1.0:
                _, grads = mlp_loss_and_gradients(
                    params, X_train[batch], y_train[batch], "relu", l2
                )
            else:
                grads = dropout_gradients(
                    params, X_train[batch], y_train[batch], l2, keep_prob, rng
                )
            if optimizer == "sgd":
                params = gradient_step(params, grads, learning_rate)
            elif optimizer == "momentum":
                params, state = momentum_step(params, grads, state, learning_rate)
            else:
                params, state = adam_step(params, grads, state, learning_rate)
        loss = cross_entropy(y_val, softmax(mlp_forward(params, X_val, "relu")[0]))
        if loss < best_loss:
            best_params, best_loss, epochs_without_best = params, loss, 0
        else:
            epochs_without_best += 1
        epoch += 1
    return best_params


def search_hyperparameters(X_train, y_train, X_val, y_val, configs, rng):
    accuracies, best, best_accuracy = [], None, -1.0
    for config in configs:
        params = train_classifier(X_train, y_train, X_val, y_val, rng, config)
        labels = predict(params, X_val)
        right = 0
        for label, truth in zip(labels, y_val, strict=True):
            right += int(label == truth)
        accuracies.append(right / len(y_val))
        if accuracies[-1] > best_accuracy:
            best, best_accuracy = config, accuracies[-1]
    return best, accuracies


def predict(params, X):
    logits, _ = mlp_forward(params, X, "relu")
    labels = np.zeros(len(logits), dtype=np.int32)
    for i, row in enumerate(logits):
        labels[i] = int(np.argmax(row))
    return labels
