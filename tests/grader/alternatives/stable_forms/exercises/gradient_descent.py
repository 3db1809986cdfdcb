"""Alternative gradient descent: numpy scalars, fit_line through gradient_descent."""

import numpy as np


def gradient_step(params, grads, learning_rate):
    if isinstance(params, dict):
        return {key: gradient_step(params[key], grads[key], learning_rate) for key in params}
    return np.subtract(params, np.multiply(learning_rate, grads), dtype=np.float64)


def line_cost(w, x, z):
    residual = np.asarray(z, dtype=np.float64) - w * np.asarray(x, dtype=np.float64)
    return np.mean(residual**2)


def line_gradient(w, x, z):
    x = np.asarray(x, dtype=np.float64)
    return 2.0 * np.mean(x * (w * x - np.asarray(z, dtype=np.float64)))


def fit_line(x, z, w0=0.0, learning_rate=0.4, n_iterations=4):
    def grad_fn(w):
        return line_gradient(w[0], x, z)

    return gradient_descent(grad_fn, w0, learning_rate, n_iterations)[:, 0]


def gradient_descent(grad_fn, x0, learning_rate, n_steps):
    points = [np.array(x0, dtype=np.float64, ndmin=1)]
    for _ in range(n_steps):
        points.append(points[-1] - learning_rate * np.asarray(grad_fn(points[-1])))
    return np.stack(points)


def learning_rate_regime(curvature, learning_rate):
    if not (curvature > 0 and learning_rate > 0):
        raise ValueError(f"both must be positive, got {curvature} and {learning_rate}")
    factor = 1.0 - learning_rate * curvature
    if abs(factor) >= 1.0:
        return "diverges"
    return "oscillates" if factor < 0 else "converges"


def best_of_restarts(f, grad_fn, starts, learning_rate, n_steps):
    ends = [gradient_descent(grad_fn, s, learning_rate, n_steps)[-1] for s in starts]
    values = np.array([np.asarray(f(e), dtype=np.float64).item() for e in ends])
    best = int(np.argmin(values))
    return ends[best], values[best]


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
