"""Alternative gradient descent: optimisers as classes holding their hyper-parameters, applied
to parameter trees (dicts of arrays or single arrays and floats) by one shared walker."""

import numpy as np


def _walk(function, params, *others):
    if isinstance(params, dict):
        results = {k: _walk(function, params[k], *(o[k] for o in others)) for k in params}
        return results
    return function(params, *others)


def _as_float_or_array(value):
    value = np.asarray(value, dtype=np.float64)
    return float(value) if value.ndim == 0 else value


class SGD:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def leaf(self, p, g):
        return _as_float_or_array(
            np.asarray(p, dtype=np.float64) - self.learning_rate * np.asarray(g, dtype=np.float64)
        )

    def step(self, params, grads):
        return _walk(self.leaf, params, grads)


class Momentum(SGD):
    def __init__(self, learning_rate, beta):
        super().__init__(learning_rate)
        self.beta = beta

    def velocity(self, g, v):
        fresh = np.asarray(g, dtype=np.float64)
        if v is None:
            return _as_float_or_array(fresh)
        return _as_float_or_array(fresh + self.beta * np.asarray(v, dtype=np.float64))

    def step(self, params, grads, velocity):
        if velocity is None:
            velocity = _walk(lambda p: None, params)
        new_velocity = _walk(self.velocity, grads, velocity)
        return _walk(self.leaf, params, new_velocity), new_velocity


class Adam:
    def __init__(self, learning_rate, beta1, beta2, eps):
        self.learning_rate, self.beta1, self.beta2, self.eps = learning_rate, beta1, beta2, eps

    def moments(self, g, m, v):
        g = np.asarray(g, dtype=np.float64)
        m = self.beta1 * np.asarray(m, dtype=np.float64) + (1.0 - self.beta1) * g
        v = self.beta2 * np.asarray(v, dtype=np.float64) + (1.0 - self.beta2) * np.square(g)
        return _as_float_or_array(m), _as_float_or_array(v)

    def move(self, p, m, v, t):
        m_hat = np.asarray(m) / (1.0 - self.beta1**t)
        v_hat = np.asarray(v) / (1.0 - self.beta2**t)
        update = self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)
        return _as_float_or_array(np.asarray(p, dtype=np.float64) - update)


def gradient_step(params, grads, learning_rate):
    return SGD(learning_rate).step(params, grads)


def line_cost(w, x, z):
    residual = np.subtract(z, np.multiply(w, x, dtype=np.float64), dtype=np.float64)
    return float(np.dot(residual, residual) / residual.size)


def line_gradient(w, x, z):
    x = np.asarray(x, dtype=np.float64)
    residual = w * x - np.asarray(z, dtype=np.float64)
    return float(2.0 * np.dot(x, residual) / x.size)


class _Trajectory:
    def __init__(self, start):
        self.points = [start]

    def extend(self, step, n):
        for _ in range(n):
            self.points.append(step(self.points[-1]))
        return self


def fit_line(x, z, w0=0.0, learning_rate=0.4, n_iterations=4):
    trajectory = _Trajectory(float(w0)).extend(
        lambda w: w - learning_rate * line_gradient(w, x, z), n_iterations
    )
    return np.array(trajectory.points, dtype=np.float64)


def gradient_descent(grad_fn, x0, learning_rate, n_steps):
    start = np.atleast_1d(np.array(x0, dtype=np.float64))
    trajectory = _Trajectory(start).extend(
        lambda x: x - learning_rate * np.asarray(grad_fn(x), dtype=np.float64), n_steps
    )
    return np.vstack(trajectory.points)


def learning_rate_regime(curvature, learning_rate):
    if curvature <= 0:
        raise ValueError(f"curvature must be positive, got {curvature}")
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    factor = 1.0 - learning_rate * curvature
    if abs(factor) >= 1.0:
        return "diverges"
    return "oscillates" if factor < 0.0 else "converges"


def best_of_restarts(f, grad_fn, starts, learning_rate, n_steps):
    ends = [gradient_descent(grad_fn, s, learning_rate, n_steps)[-1] for s in starts]
    scored = [(float(np.squeeze(f(end))), i) for i, end in enumerate(ends)]
    value, index = min(scored)
    return ends[index], value


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    return np.array_split(order, range(batch_size, n, batch_size)) if n else []


def momentum_step(params, grads, velocity, learning_rate, beta=0.9):
    return Momentum(learning_rate, beta).step(params, grads, velocity)


def adam_step(params, grads, state, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    adam = Adam(learning_rate, beta1, beta2, eps)
    t = 1 if state is None else int(state["t"]) + 1
    if state is None:
        state = {"m": _walk(lambda p: 0.0, params), "v": _walk(lambda p: 0.0, params)}
    pairs = _walk(adam.moments, grads, state["m"], state["v"])
    m = _walk(lambda pair: pair[0], pairs) if isinstance(params, dict) else pairs[0]
    v = _walk(lambda pair: pair[1], pairs) if isinstance(params, dict) else pairs[1]
    moved = _walk(lambda p, mm, vv: adam.move(p, mm, vv, t), params, m, v)
    return moved, {"t": t, "m": m, "v": v}
