"""Alternative gradient descent with explicit loops and Python floats."""

import numpy as np


def gradient_step(params, grads, learning_rate):
    if isinstance(params, dict):
        new = {}
        for key in params:
            new[key] = gradient_step(params[key], grads[key], learning_rate)
        return new
    if np.ndim(params) == 0:
        return float(params) - learning_rate * float(grads)
    params = np.asarray(params, dtype=np.float64)
    grads = np.asarray(grads, dtype=np.float64)
    new = params.copy()
    for index in np.ndindex(params.shape):
        new[index] = params[index] - learning_rate * grads[index]
    return new


def line_cost(w, x, z):
    x, z = np.asarray(x, dtype=np.float64), np.asarray(z, dtype=np.float64)
    return sum((zi - w * xi) ** 2 for xi, zi in zip(x, z, strict=True)) / len(x)


def line_gradient(w, x, z):
    x, z = np.asarray(x, dtype=np.float64), np.asarray(z, dtype=np.float64)
    return -2.0 * sum(xi * (zi - w * xi) for xi, zi in zip(x, z, strict=True)) / len(x)


def fit_line(x, z, w0=0.0, learning_rate=0.4, n_iterations=4):
    ws = [float(w0)]
    for _ in range(n_iterations):
        ws.append(ws[-1] - learning_rate * line_gradient(ws[-1], x, z))
    return np.array(ws)


def gradient_descent(grad_fn, x0, learning_rate, n_steps):
    x = np.atleast_1d(np.array(x0, dtype=np.float64))
    trajectory = [x.copy()]
    for _ in range(n_steps):
        g = np.atleast_1d(np.asarray(grad_fn(x.copy()), dtype=np.float64))
        for i in range(x.size):
            x[i] -= learning_rate * g[i]
        trajectory.append(x.copy())
    return np.array(trajectory)


def learning_rate_regime(curvature, learning_rate):
    if curvature <= 0 or learning_rate <= 0:
        raise ValueError("curvature and learning_rate must be positive")
    product = learning_rate * curvature
    if product <= 1:
        return "converges"
    if product < 2:
        return "oscillates"
    return "diverges"


def best_of_restarts(f, grad_fn, starts, learning_rate, n_steps):
    best = None
    for start in starts:
        end = gradient_descent(grad_fn, start, learning_rate, n_steps)[-1]
        value = float(np.asarray(f(end)).reshape(-1)[0])
        if best is None or value < best[1]:
            best = (end, value)
    return best


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    batches, start = [], 0
    while start < n:
        batches.append(order[start : start + batch_size])
        start += batch_size
    return batches


def momentum_step(params, grads, velocity, learning_rate, beta=0.9):
    if isinstance(params, dict):
        new_params, new_velocity = {}, {}
        for key in params:
            previous = None if velocity is None else velocity[key]
            new_params[key], new_velocity[key] = momentum_step(
                params[key], grads[key], previous, learning_rate, beta
            )
        return new_params, new_velocity
    g = np.asarray(grads, dtype=np.float64)
    v = g.copy() if velocity is None else beta * np.asarray(velocity, dtype=np.float64) + g
    return np.asarray(params, dtype=np.float64) - learning_rate * v, v


def adam_step(params, grads, state, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    if isinstance(params, dict):
        new, m, v = {}, {}, {}
        for key in params:
            sub = (
                None
                if state is None
                else {"t": state["t"], "m": state["m"][key], "v": state["v"][key]}
            )
            new[key], sub_state = adam_step(
                params[key], grads[key], sub, learning_rate, beta1, beta2, eps
            )
            m[key], v[key] = sub_state["m"], sub_state["v"]
        return new, {"t": t, "m": m, "v": v}
    g = np.asarray(grads, dtype=np.float64)
    m = (1 - beta1) * g if state is None else beta1 * state["m"] + (1 - beta1) * g
    v = (1 - beta2) * g * g if state is None else beta2 * state["v"] + (1 - beta2) * g * g
    step = learning_rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return np.asarray(params, dtype=np.float64) - step, {"t": t, "m": m, "v": v}
