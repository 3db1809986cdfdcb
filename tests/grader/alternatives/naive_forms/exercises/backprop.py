"""Alternative backpropagation: derivatives from the activations' outputs, Python floats."""

import numpy as np

from .activations import relu, sigmoid, softmax, tanh
from .costs import cross_entropy, softmax_cross_entropy_gradient

# Each activation with its derivative written in terms of its output A = f(Z).
FROM_OUTPUT = {
    "sigmoid": (sigmoid, lambda A: A * (1.0 - A)),
    "tanh": (tanh, lambda A: 1.0 - A**2),
    "relu": (relu, lambda A: (A > 0).astype(np.float64)),
}


def chain_forward(x, params):
    z1 = params["w1"] * x + params["b1"]
    a1 = float(sigmoid(z1))
    z2 = params["w2"] * a1 + params["b2"]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": float(sigmoid(z2))}


def chain_backward(x, target, params):
    v = chain_forward(x, params)
    delta2 = (v["a2"] - target) * v["a2"] * (1 - v["a2"])
    delta1 = delta2 * params["w2"] * v["a1"] * (1 - v["a1"])
    return {"w1": delta1 * x, "b1": delta1, "w2": delta2 * v["a1"], "b2": delta2}


def chain_train_step(x, target, params, learning_rate=0.4):
    g = chain_backward(x, target, params)
    return {
        "w1": params["w1"] - learning_rate * g["w1"],
        "b1": params["b1"] - learning_rate * g["b1"],
        "w2": params["w2"] - learning_rate * g["w2"],
        "b2": params["b2"] - learning_rate * g["b2"],
    }


def chain_train(x, target, params, learning_rate=0.4, max_epochs=1000, tolerance=0.001):
    errors = []
    for _ in range(max_epochs):
        a2 = chain_forward(x, params)["a2"]
        errors.append((target - a2) ** 2 / 2)
        if errors[-1] >= tolerance:
            params = chain_train_step(x, target, params, learning_rate)
        else:
            break
    return {k: params[k] for k in params}, np.asarray(errors, dtype=np.float64)


def init_mlp(n_inputs, n_hidden, n_outputs, rng):
    W1 = rng.standard_normal(size=(n_inputs, n_hidden)) * (1 / n_inputs) ** 0.5
    W2 = rng.standard_normal(size=(n_hidden, n_outputs)) * (1 / n_hidden) ** 0.5
    return {"W1": W1, "b1": np.zeros((n_hidden,)), "W2": W2, "b2": np.zeros((n_outputs,))}


def mlp_forward(params, X, activation="sigmoid"):
    f = FROM_OUTPUT[activation][0]
    A1 = f(np.asarray(X, dtype=np.float64) @ params["W1"] + params["b1"])
    return A1 @ params["W2"] + params["b2"], {"A1": A1}


def mlp_loss_and_gradients(params, X, labels, activation="sigmoid", l2=0.0):
    X = np.asarray(X, dtype=np.float64)
    logits, cache = mlp_forward(params, X, activation)
    A1 = cache["A1"]
    data_loss = cross_entropy(labels, softmax(logits, axis=1))
    weights = [params["W1"], params["W2"]]
    loss = data_loss + 0.5 * l2 * sum(float(np.sum(W * W)) for W in weights)
    d_logits = softmax_cross_entropy_gradient(labels, logits)
    d_A1 = d_logits @ params["W2"].T
    d_Z1 = d_A1 * FROM_OUTPUT[activation][1](A1)
    return loss, {
        "W1": X.T @ d_Z1 + l2 * params["W1"],
        "b1": d_Z1.sum(axis=0),
        "W2": A1.T @ d_logits + l2 * params["W2"],
        "b2": d_logits.sum(axis=0),
    }


def numerical_gradient(f, x, h=1e-5):
    base = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(base)
    it = np.nditer(base, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        step = np.zeros_like(base)
        step[i] = h
        grad[i] = (f(base + step) - f(base - step)) / (h + h)
    return grad


def relative_error(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denominator = np.abs(a) + np.abs(b)
    denominator[denominator < 1e-8] = 1e-8
    return float(np.amax(np.abs(a - b) / denominator))


def gradient_check(f, params, grads, h=1e-5):
    result = {}
    for key, value in params.items():
        trial = dict(params)

        def f_of(v, trial=trial, key=key):
            trial[key] = v
            return f(trial)

        result[key] = relative_error(numerical_gradient(f_of, value, h), grads[key])
    return result


INIT_VARIANCE = {
    "glorot": lambda fan_in, fan_out: 2.0 / (fan_in + fan_out),
    "he": lambda fan_in, fan_out: 2.0 / fan_in,
    "small": lambda fan_in, fan_out: 1e-4,
}


def init_weights(fan_in, fan_out, scheme, rng):
    if scheme not in INIT_VARIANCE:
        raise ValueError(f"scheme must be glorot, he or small, not {scheme!r}")
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(INIT_VARIANCE[scheme](fan_in, fan_out))


def layer_gradient_norms(depth, width, activation, rng, init=None):
    f, f_prime_of_output = FROM_OUTPUT[activation]
    scheme = init or ("he" if activation == "relu" else "glorot")
    weights = [init_weights(width, width, scheme, rng) for _ in range(depth)]
    outputs = [rng.standard_normal((64, width))]
    labels = rng.integers(0, width, size=64)
    for W in weights:
        outputs.append(f(outputs[-1] @ W))
    grad = softmax_cross_entropy_gradient(labels, outputs[-1])
    norms = []
    for layer in range(depth - 1, -1, -1):
        delta = grad * f_prime_of_output(outputs[layer + 1])
        norms.insert(0, float(np.linalg.norm(outputs[layer].T @ delta)))
        grad = delta @ weights[layer].T
    return np.array(norms)
