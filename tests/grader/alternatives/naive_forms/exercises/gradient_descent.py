"""Alternative gradient descent: preallocated trajectories, a print while fitting."""

import numpy as np


def gradient_step(params, grads, learning_rate):
    if isinstance(params, dict):
        return dict((k, gradient_step(v, grads[k], learning_rate)) for k, v in params.items())
    if np.isscalar(params):
        return params - learning_rate * grads
    return np.array(params, dtype=np.float64) - learning_rate * np.asarray(grads)


def line_cost(w, x, z):
    x = np.asarray(x, dtype=np.float64)
    return float(np.mean(np.square(z - w * x)))


def line_gradient(w, x, z):
    x = np.asarray(x, dtype=np.float64)
    return float(np.mean(-2.0 * x * (z - w * x)))


def fit_line(x, z, w0=0.0, learning_rate=0.4, n_iterations=4):
    ws = np.zeros(n_iterations + 1)
    ws[0] = w0
    for k in range(1, n_iterations + 1):
        ws[k] = ws[k - 1] - learning_rate * line_gradient(ws[k - 1], x, z)
        print(f"iteration {k}: w = {ws[k]:.4f}")
    return ws


def gradient_descent(grad_fn, x0, learning_rate, n_steps):
    x0 = np.asarray(x0, dtype=np.float64).reshape(-1)
    trajectory = np.zeros((n_steps + 1, x0.size))
    trajectory[0] = x0
    for k in range(n_steps):
        trajectory[k + 1] = trajectory[k] - learning_rate * np.asarray(grad_fn(trajectory[k]))
    return trajectory


def learning_rate_regime(curvature, learning_rate):
    if min(curvature, learning_rate) <= 0:
        raise ValueError("expected a positive curvature and learning rate")
    factor = 1 - curvature * learning_rate
    if factor <= -1:
        return "diverges"
    if factor < 0:
        return "oscillates"
    return "converges"


def best_of_restarts(f, grad_fn, starts, learning_rate, n_steps):
    ends = np.array([gradient_descent(grad_fn, s, learning_rate, n_steps)[-1] for s in starts])
    values = [float(np.squeeze(f(end))) for end in ends]
    i = min(range(len(values)), key=values.__getitem__)
    return ends[i], values[i]


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def _leaves(params):
    return params.items() if isinstance(params, dict) else [(None, params)]


def momentum_step(params, grads, velocity, learning_rate, beta=0.9):
    new_params, new_velocity = {}, {}
    for key, value in _leaves(params):
        g = grads if key is None else grads[key]
        previous = 0.0 if velocity is None else (velocity if key is None else velocity[key])
        new_velocity[key] = np.add(np.multiply(beta, previous), g)
        new_params[key] = np.subtract(value, np.multiply(learning_rate, new_velocity[key]))
    if isinstance(params, dict):
        return new_params, new_velocity
    return new_params[None], new_velocity[None]


def adam_step(params, grads, state, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else int(state["t"]) + 1
    new_params, m, v = {}, {}, {}
    for key, value in _leaves(params):
        g = np.asarray(grads if key is None else grads[key], dtype=np.float64)
        old_m = 0.0 if state is None else (state["m"] if key is None else state["m"][key])
        old_v = 0.0 if state is None else (state["v"] if key is None else state["v"][key])
        m[key] = beta1 * np.asarray(old_m) + (1 - beta1) * g
        v[key] = beta2 * np.asarray(old_v) + (1 - beta2) * np.square(g)
        m_hat, v_hat = m[key] / (1 - beta1**t), v[key] / (1 - beta2**t)
        new_params[key] = np.asarray(value, dtype=np.float64) - learning_rate * m_hat / (
            np.sqrt(v_hat) + eps
        )
    if isinstance(params, dict):
        return new_params, {"t": t, "m": m, "v": v}
    return new_params[None], {"t": t, "m": m[None], "v": v[None]}
