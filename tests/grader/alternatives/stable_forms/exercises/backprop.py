"""Alternative backpropagation: numpy scalars, a log-sum-exp loss, rng.normal for the weights."""

import numpy as np

from .activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax, tanh, tanh_prime

ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
}


def chain_forward(x, params):
    z1 = np.float64(params["w1"]) * x + params["b1"]
    a1 = sigmoid(z1)
    z2 = np.float64(params["w2"]) * a1 + params["b2"]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": sigmoid(z2)}


def chain_backward(x, target, params):
    v = chain_forward(x, params)
    dE_dz2 = (v["a2"] - target) * v["a2"] * (1 - v["a2"])
    dE_dz1 = dE_dz2 * params["w2"] * v["a1"] * (1 - v["a1"])
    return {"w1": dE_dz1 * x, "b1": dE_dz1, "w2": dE_dz2 * v["a1"], "b2": dE_dz2}


def chain_train_step(x, target, params, learning_rate=0.4):
    grads = chain_backward(x, target, params)
    return {key: params[key] - learning_rate * grads[key] for key in params}


def chain_train(x, target, params, learning_rate=0.4, max_epochs=1000, tolerance=0.001):
    errors = np.zeros(0)
    for _ in range(max_epochs):
        error = 0.5 * (target - chain_forward(x, params)["a2"]) ** 2
        errors = np.append(errors, error)
        if error < tolerance:
            break
        params = chain_train_step(x, target, params, learning_rate)
    return dict(params), errors


def init_mlp(n_inputs, n_hidden, n_outputs, rng):
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_inputs), size=(n_inputs, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_outputs))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_outputs)}


def mlp_forward(params, X, activation="sigmoid"):
    f = ACTIVATIONS[activation][0]
    X = np.asarray(X, dtype=np.float64)
    Z1 = np.dot(X, params["W1"]) + params["b1"]
    A1 = f(Z1)
    return np.dot(A1, params["W2"]) + params["b2"], {"X": X, "Z1": Z1, "A1": A1}


def mlp_loss_and_gradients(params, X, labels, activation="sigmoid", l2=0.0):
    f_prime = ACTIVATIONS[activation][1]
    labels = np.asarray(labels)
    n = len(labels)
    logits, cache = mlp_forward(params, X, activation)
    m = logits.max(axis=1, keepdims=True)
    log_norm = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    loss = np.mean(log_norm - logits[np.arange(n), labels])
    loss = loss + 0.5 * l2 * (
        np.vdot(params["W1"], params["W1"]) + np.vdot(params["W2"], params["W2"])
    )
    d_logits = softmax(logits, axis=1)
    d_logits[np.arange(n), labels] -= 1.0
    d_logits /= n
    d_Z1 = np.dot(d_logits, params["W2"].T) * f_prime(cache["Z1"])
    grads = {
        "W1": np.dot(cache["X"].T, d_Z1) + l2 * params["W1"],
        "b1": d_Z1.sum(axis=0),
        "W2": np.dot(cache["A1"].T, d_logits) + l2 * params["W2"],
        "b2": d_logits.sum(axis=0),
    }
    return loss, grads


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    flat = x.reshape(-1)  # a view of the copy
    grad = np.empty_like(flat)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        up = f(x)
        flat[i] = saved - h
        down = f(x)
        flat[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def relative_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return (np.abs(a - b) / np.fmax(np.abs(a) + np.abs(b), 1e-8)).max()


def gradient_check(f, params, grads, h=1e-5):
    return {
        key: relative_error(
            grads[key], numerical_gradient(lambda v, key=key: f({**params, key: v}), params[key], h)
        )
        for key in params
    }


def init_weights(fan_in, fan_out, scheme, rng):
    scales = {
        "glorot": np.sqrt(2.0 / (fan_in + fan_out)),
        "he": np.sqrt(2.0 / fan_in),
        "small": 0.01,
    }
    try:
        scale = scales[scheme]
    except KeyError:
        raise ValueError(f"unknown init scheme {scheme!r}") from None
    return np.multiply(rng.standard_normal(size=(fan_in, fan_out)), scale)


def layer_gradient_norms(depth, width, activation, rng, init=None):
    f, f_prime = ACTIVATIONS[activation]
    if init is None:
        init = {"relu": "he"}.get(activation, "glorot")
    weights = [init_weights(width, width, init, rng) for _ in range(depth)]
    A = rng.normal(size=(64, width))
    labels = rng.integers(0, width, 64)
    inputs, zs = [], []
    for W in weights:
        inputs.append(A)
        zs.append(A @ W)
        A = f(zs[-1])
    grad = softmax(A, axis=1)
    grad[np.arange(64), labels] -= 1.0
    grad /= 64
    norms = []
    for W, A_in, Z in zip(weights[::-1], inputs[::-1], zs[::-1], strict=True):
        delta = grad * f_prime(Z)
        norms.append(np.sqrt(np.sum((A_in.T @ delta) ** 2)))
        grad = delta @ W.T
    return np.array(norms[::-1])
