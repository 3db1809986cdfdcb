"""Alternative digits classifier: 48 ReLU units, another schedule, argmax of the softmax."""

from pathlib import Path

import numpy as np

from .activations import softmax
from .backprop import init_mlp, mlp_forward, mlp_loss_and_gradients
from .costs import cross_entropy
from .gradient_descent import adam_step, minibatches, momentum_step
from .layers import (
    dropout_backward,
    dropout_forward,
    linear_backward,
    linear_forward,
    relu_backward,
    relu_forward,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)


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


def train_classifier(X_train, y_train, X_val, y_val, rng, config=None):
    settings = dict(
        n_hidden=48,
        learning_rate=None,
        batch_size=24,
        l2=0.0,
        patience=8,
        max_epochs=150,
        optimizer="momentum",
        keep_prob=1.0,
    )
    for key, value in (config or {}).items():
        if key not in settings:
            raise ValueError(f"config key {key!r} is not one of {sorted(settings)}")
        settings[key] = value
    rates = {"sgd": 0.2, "momentum": 0.02, "adam": 0.002}
    if settings["optimizer"] not in rates:
        raise ValueError(f"optimizer {settings['optimizer']!r} is not one of {sorted(rates)}")
    rate = (
        rates[settings["optimizer"]]
        if settings["learning_rate"] is None
        else settings["learning_rate"]
    )
    X_train, y_train = np.asarray(X_train, dtype=np.float64), np.asarray(y_train)
    n_classes = int(max(y_train.max(), np.max(y_val))) + 1
    params = init_mlp(X_train.shape[1], settings["n_hidden"], n_classes, rng)
    best, best_loss, waited, state = params, np.inf, 0, None
    for _ in range(settings["max_epochs"]):
        for batch in minibatches(len(X_train), settings["batch_size"], rng):
            if settings["keep_prob"] == 1.0:
                _, grads = mlp_loss_and_gradients(
                    params, X_train[batch], y_train[batch], "relu", settings["l2"]
                )
            else:
                grads = _dropped_out_gradients(
                    params, X_train[batch], y_train[batch], settings, rng
                )
            if settings["optimizer"] == "adam":
                params, state = adam_step(params, grads, state, rate)
            elif settings["optimizer"] == "momentum":
                params, state = momentum_step(params, grads, state, rate)
            else:
                params = {k: params[k] - rate * grads[k] for k in params}
        loss = cross_entropy(y_val, softmax(mlp_forward(params, X_val, "relu")[0]))
        if loss < best_loss:
            best, best_loss, waited = params, loss, 0
        else:
            waited += 1
            if waited == settings["patience"]:
                break
    return best


def _dropped_out_gradients(params, X, y, settings, rng):
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, c2 = relu_forward(z1)
    d1, c3 = dropout_forward(a1, settings["keep_prob"], rng)
    z2, c4 = linear_forward(d1, params["W2"], params["b2"])
    _, c5 = softmax_cross_entropy_forward(z2, y)
    dd1, dW2, db2 = linear_backward(softmax_cross_entropy_backward(c5), c4)
    _, dW1, db1 = linear_backward(relu_backward(dropout_backward(dd1, c3), c2), c1)
    decay = settings["l2"]
    return {
        "W1": np.add(dW1, decay * params["W1"]),
        "b1": db1,
        "W2": np.add(dW2, decay * params["W2"]),
        "b2": db2,
    }


def search_hyperparameters(X_train, y_train, X_val, y_val, configs, rng):
    y_val = np.asarray(y_val)
    accuracies = []
    for config in configs:
        params = train_classifier(X_train, y_train, X_val, y_val, rng, config)
        accuracies.append(float(np.count_nonzero(predict(params, X_val) == y_val) / y_val.size))
    return configs[int(np.argmax(accuracies))], accuracies


def predict(params, X):
    probs = softmax(mlp_forward(params, X, "relu")[0], axis=1)
    return probs.argmax(axis=1)
