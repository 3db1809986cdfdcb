"""Alternative backpropagation: one example at a time, loops over layers and elements."""

import math

import numpy as np

from .activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax, tanh, tanh_prime


def _activation(name):
    functions = {
        "sigmoid": (sigmoid, sigmoid_prime),
        "tanh": (tanh, tanh_prime),
        "relu": (relu, relu_prime),
    }
    return functions[name]


def _s(t):
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


def chain_forward(x, params):
    z1 = params["w1"] * x + params["b1"]
    a1 = _s(z1)
    z2 = params["w2"] * a1 + params["b2"]
    return {"z1": float(z1), "a1": a1, "z2": float(z2), "a2": _s(z2)}


def chain_backward(x, target, params):
    v = chain_forward(x, params)
    grads = {}
    dE_da2 = v["a2"] - target
    dE_dz2 = dE_da2 * v["a2"] * (1.0 - v["a2"])
    grads["w2"] = dE_dz2 * v["a1"]
    grads["b2"] = dE_dz2
    dE_dz1 = dE_dz2 * params["w2"] * v["a1"] * (1.0 - v["a1"])
    grads["w1"] = dE_dz1 * x
    grads["b1"] = dE_dz1
    return grads


def chain_train_step(x, target, params, learning_rate=0.4):
    grads = chain_backward(x, target, params)
    new = {}
    for key in ("w1", "b1", "w2", "b2"):
        new[key] = params[key] - learning_rate * grads[key]
    return new


def chain_train(x, target, params, learning_rate=0.4, max_epochs=1000, tolerance=0.001):
    current = dict(params)
    errors = []
    epoch = 0
    while epoch < max_epochs:
        errors.append(0.5 * (target - chain_forward(x, current)["a2"]) ** 2)
        if errors[-1] < tolerance:
            break
        current = chain_train_step(x, target, current, learning_rate)
        epoch += 1
    return current, np.array(errors)


def init_mlp(n_inputs, n_hidden, n_outputs, rng):
    params = {}
    params["W1"] = rng.standard_normal((n_inputs, n_hidden)) / math.sqrt(n_inputs)
    params["b1"] = np.zeros(n_hidden)
    params["W2"] = rng.standard_normal((n_hidden, n_outputs)) / math.sqrt(n_hidden)
    params["b2"] = np.zeros(n_outputs)
    return params


def mlp_forward(params, X, activation="sigmoid"):
    f, _ = _activation(activation)
    X = np.asarray(X, dtype=np.float64)
    Z1 = np.zeros((X.shape[0], params["W1"].shape[1]))
    for i in range(X.shape[0]):
        Z1[i] = X[i] @ params["W1"] + params["b1"]
    A1 = f(Z1)
    logits = np.zeros((X.shape[0], params["W2"].shape[1]))
    for i in range(X.shape[0]):
        logits[i] = A1[i] @ params["W2"] + params["b2"]
    return logits, {"X": X, "Z1": Z1, "A1": A1}


def mlp_loss_and_gradients(params, X, labels, activation="sigmoid", l2=0.0):
    _, f_prime = _activation(activation)
    logits, cache = mlp_forward(params, X, activation)
    labels = np.asarray(labels)
    n = len(labels)
    grads = {key: np.zeros_like(value, dtype=np.float64) for key, value in params.items()}
    loss = 0.0
    for i in range(n):
        probs = softmax(logits[i])
        loss -= math.log(probs[labels[i]]) / n
        d_logits = probs.copy()
        d_logits[labels[i]] -= 1.0
        d_logits /= n
        grads["W2"] += np.outer(cache["A1"][i], d_logits)
        grads["b2"] += d_logits
        d_z1 = (params["W2"] @ d_logits) * f_prime(cache["Z1"][i])
        grads["W1"] += np.outer(cache["X"][i], d_z1)
        grads["b1"] += d_z1
    for key in ("W1", "W2"):
        loss += l2 / 2 * float(np.sum(params[key] ** 2))
        grads[key] += l2 * params[key]
    return loss, grads


def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        up = x.copy()
        up[index] += h
        down = x.copy()
        down[index] -= h
        grad[index] = (f(up) - f(down)) / (2 * h)
    return grad


def relative_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    worst = 0.0
    for index in np.ndindex(a.shape):
        worst = max(worst, abs(a[index] - b[index]) / max(1e-8, abs(a[index]) + abs(b[index])))
    return worst


def gradient_check(f, params, grads, h=1e-5):
    errors = {}
    for key in params:
        others = {k: v for k, v in params.items() if k != key}

        def f_of(value, key=key, others=others):
            return f({**others, key: value})

        errors[key] = relative_error(grads[key], numerical_gradient(f_of, params[key], h=h))
    return errors


def init_weights(fan_in, fan_out, scheme, rng):
    if scheme == "glorot":
        scale = math.sqrt(2.0 / (fan_in + fan_out))
    elif scheme == "he":
        scale = math.sqrt(2.0 / fan_in)
    elif scheme == "small":
        scale = 0.01
    else:
        raise ValueError(f"unknown scheme {scheme!r}")
    return scale * rng.standard_normal((fan_in, fan_out))


def layer_gradient_norms(depth, width, activation, rng, init=None):
    # Draws the batch and the labels first, then the weights: another order, the same behaviour.
    f, f_prime = _activation(activation)
    A = rng.standard_normal((64, width))
    labels = rng.integers(0, width, size=64)
    if init is None:
        init = "he" if activation == "relu" else "glorot"
    weights = []
    for _ in range(depth):
        weights.append(init_weights(width, width, init, rng))
    inputs, zs = [], []
    for layer in range(depth):
        inputs.append(A)
        zs.append(A @ weights[layer])
        A = f(zs[-1])
    grad_A = softmax(A, axis=1)
    for i in range(64):
        grad_A[i, labels[i]] -= 1.0
    grad_A /= 64
    norms = np.zeros(depth)
    layer = depth - 1
    while layer >= 0:
        delta = grad_A * f_prime(zs[layer])
        norms[layer] = math.sqrt(float(np.sum((inputs[layer].T @ delta) ** 2)))
        grad_A = delta @ weights[layer].T
        layer -= 1
    return norms
