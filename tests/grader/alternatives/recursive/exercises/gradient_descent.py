"""Alternative gradient descent by recursion: parameter trees walked recursively, and runs of
n steps split into two runs of about n/2 (so the depth of recursion is only log2 n)."""

import numpy as np


def _tree_map(function, *trees):
    """Apply ``function`` leaf by leaf to trees of equal structure (dicts or leaves)."""
    first = trees[0]
    if isinstance(first, dict):
        return {key: _tree_map(function, *(t[key] for t in trees)) for key in first}
    return function(*trees)


def _leaf_step(p, g, learning_rate):
    if np.ndim(p) == 0:
        return float(p) - learning_rate * float(np.asarray(g, dtype=np.float64))
    return np.asarray(p, dtype=np.float64) - learning_rate * np.asarray(g, dtype=np.float64)


def gradient_step(params, grads, learning_rate):
    return _tree_map(lambda p, g: _leaf_step(p, g, learning_rate), params, grads)


def line_cost(w, x, z):
    x, z = np.asarray(x, dtype=np.float64), np.asarray(z, dtype=np.float64)
    return float(np.mean(np.square(z - w * x)))


def line_gradient(w, x, z):
    x, z = np.asarray(x, dtype=np.float64), np.asarray(z, dtype=np.float64)
    return float(-2.0 * np.mean(x * (z - w * x)))


def _run(step, start, n):
    """The n points after ``start`` under ``step``, as a list, computed half by half."""
    if n == 0:
        return []
    if n == 1:
        return [step(start)]
    first = _run(step, start, n // 2)
    return first + _run(step, first[-1], n - n // 2)


def fit_line(x, z, w0=0.0, learning_rate=0.4, n_iterations=4):
    def step(w):
        return w - learning_rate * line_gradient(w, x, z)

    return np.array([float(w0), *_run(step, float(w0), n_iterations)], dtype=np.float64)


def gradient_descent(grad_fn, x0, learning_rate, n_steps):
    start = np.atleast_1d(np.asarray(x0, dtype=np.float64))

    def step(x):
        return x - learning_rate * np.asarray(grad_fn(x), dtype=np.float64)

    return np.array([start, *_run(step, start, n_steps)], dtype=np.float64).reshape(
        n_steps + 1, start.size
    )


def learning_rate_regime(curvature, learning_rate):
    if curvature <= 0 or learning_rate <= 0:
        raise ValueError(
            f"curvature and learning_rate must be positive, got {curvature} and {learning_rate}"
        )
    factor = 1.0 - learning_rate * curvature
    if factor <= -1.0 or factor >= 1.0:
        return "diverges"
    return "converges" if factor >= 0.0 else "oscillates"


def best_of_restarts(f, grad_fn, starts, learning_rate, n_steps):
    starts = list(starts)
    if len(starts) == 1:
        end = gradient_descent(grad_fn, starts[0], learning_rate, n_steps)[-1]
        return end, float(np.squeeze(f(end)))
    middle = len(starts) // 2
    left = best_of_restarts(f, grad_fn, starts[:middle], learning_rate, n_steps)
    right = best_of_restarts(f, grad_fn, starts[middle:], learning_rate, n_steps)
    return right if right[1] < left[1] else left


def _chunks(order, batch_size):
    if len(order) <= batch_size:
        return [order] if len(order) else []
    cut = batch_size * max(1, (len(order) // batch_size) // 2)
    return _chunks(order[:cut], batch_size) + _chunks(order[cut:], batch_size)


def minibatches(n, batch_size, rng):
    return _chunks(rng.permutation(n), batch_size)


def _momentum_leaf(p, g, v, learning_rate, beta):
    velocity = np.asarray(g, dtype=np.float64) + (0.0 if v is None else beta * np.asarray(v))
    new = np.asarray(p, dtype=np.float64) - learning_rate * velocity
    if np.ndim(new) == 0:
        return float(new), float(velocity)
    return new, velocity


def momentum_step(params, grads, velocity, learning_rate, beta=0.9):
    if isinstance(params, dict):
        old = velocity if velocity is not None else dict.fromkeys(params)
        pairs = {k: momentum_step(params[k], grads[k], old[k], learning_rate, beta) for k in params}
        return {k: p for k, (p, _) in pairs.items()}, {k: v for k, (_, v) in pairs.items()}
    return _momentum_leaf(params, grads, velocity, learning_rate, beta)


def _adam_leaf(p, g, m, v, t, learning_rate, beta1, beta2, eps):
    g = np.asarray(g, dtype=np.float64)
    m = beta1 * np.asarray(m, dtype=np.float64) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=np.float64) + (1 - beta2) * g * g
    step = learning_rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    new = np.asarray(p, dtype=np.float64) - step
    if np.ndim(new) == 0:
        return float(new), float(m), float(v)
    return new, m, v


def adam_step(params, grads, state, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else int(state["t"]) + 1
    zeros = _tree_map(lambda p: 0.0, params)
    m_old = zeros if state is None else state["m"]
    v_old = zeros if state is None else state["v"]
    settings = (t, learning_rate, beta1, beta2, eps)
    triples = _tree_map(
        lambda p, g, m, v: _adam_leaf(p, g, m, v, *settings), params, grads, m_old, v_old
    )
    pick = lambda i: _tree_map(lambda triple: triple[i], triples)  # noqa: E731
    return pick(0), {"t": t, "m": pick(1), "v": pick(2)}
