"""Gradient descent: walk downhill on a cost by repeated small steps against the gradient.

Conventions: a point of a d-dimensional cost is a float64 array of shape (d,); a trajectory stacks
the points visited, the start first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike


def gradient_step(params: Any, grads: Any, learning_rate: float) -> Any:
    """One gradient-descent step: params - learning_rate * grads.

    Parameters
    ----------
    params : float, ndarray of any shape, or dict of str to ndarray
        Current parameters.
    grads : same type, shape (and keys) as ``params``
        Gradient of the cost with respect to ``params``.
    learning_rate : float
        Step size.

    Returns
    -------
    float, ndarray or dict
        The new parameters, of the same kind as ``params``: a float for a float, a float64 array of
        the same shape for an array, a new dict with the same keys for a dict (every entry updated).
        ``params`` itself is left unchanged.
    """
    # Hint: handle the dict case by applying the array case to every key.
    ### BEGIN SOLUTION
    if isinstance(params, dict):
        return {
            key: gradient_step(value, grads[key], learning_rate) for key, value in params.items()
        }
    if np.ndim(params) == 0:
        return float(params - learning_rate * grads)
    return np.asarray(params, dtype=np.float64) - learning_rate * np.asarray(
        grads, dtype=np.float64
    )
    ### END SOLUTION


def line_cost(w: float, x: ArrayLike, z: ArrayLike) -> float:
    """Cost of the line z = w x on data points (x, z): mean((z - w x)^2).

    Parameters
    ----------
    w : float
        Slope of the line through the origin.
    x : ndarray, shape (n,)
        Inputs.
    z : ndarray, shape (n,)
        Targets.

    Returns
    -------
    float
    """
    # Hint: the residual of every point is z - w x.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    return float(np.mean((z - w * x) ** 2))
    ### END SOLUTION


def line_gradient(w: float, x: ArrayLike, z: ArrayLike) -> float:
    """Derivative of ``line_cost`` with respect to the slope w.

    Parameters
    ----------
    w : float
        Slope of the line through the origin.
    x : ndarray, shape (n,)
        Inputs.
    z : ndarray, shape (n,)
        Targets.

    Returns
    -------
    float
    """
    # Hint: differentiate one squared residual (z - w x)^2 with respect to w by the chain rule,
    # then average. Check: (line_cost(w + h) - line_cost(w - h)) / (2 h) should agree.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    return float(-2.0 * np.mean(x * (z - w * x)))
    ### END SOLUTION


def fit_line(
    x: ArrayLike,
    z: ArrayLike,
    w0: float = 0.0,
    learning_rate: float = 0.4,
    n_iterations: int = 4,
) -> np.ndarray:
    """Fit the slope of z = w x by gradient descent on ``line_cost``.

    Parameters
    ----------
    x : ndarray, shape (n,)
        Inputs.
    z : ndarray, shape (n,)
        Targets.
    w0 : float, default 0.0
        Starting slope.
    learning_rate : float, default 0.4
        Step size.
    n_iterations : int, default 4
        Number of steps.

    Returns
    -------
    ndarray, shape (n_iterations + 1,), float64
        The slopes visited, w0 first. For ``x = np.linspace(-1.5, 1.5, 7)`` and ``z = 2 * x``:
        [0, 1.6, 1.92, 1.984, 1.9968].
    """
    # Hint: each step is w <- w - learning_rate * line_gradient(w, x, z); record every w.
    ### BEGIN SOLUTION
    ws = np.empty(n_iterations + 1)
    ws[0] = w0
    for k in range(n_iterations):
        ws[k + 1] = ws[k] - learning_rate * line_gradient(ws[k], x, z)
    return ws
    ### END SOLUTION


def gradient_descent(
    grad_fn: Callable[[np.ndarray], ArrayLike],
    x0: ArrayLike,
    learning_rate: float,
    n_steps: int,
) -> np.ndarray:
    """Run plain gradient descent from ``x0`` and return every point visited.

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(x)`` takes a point, float64 array of shape (d,), and returns the gradient of the
        cost there, array of shape (d,).
    x0 : float or ndarray, shape (d,)
        Starting point; a scalar is a point with d = 1.
    learning_rate : float
        Step size.
    n_steps : int
        Number of steps.

    Returns
    -------
    ndarray, shape (n_steps + 1, d), float64
        The trajectory, x0 first.
    """
    # Hint: make x0 a 1-D float array (np.atleast_1d), preallocate the trajectory and fill one
    # row per step.
    ### BEGIN SOLUTION
    x = np.atleast_1d(np.asarray(x0, dtype=np.float64))
    trajectory = np.empty((n_steps + 1, x.size))
    trajectory[0] = x
    for k in range(n_steps):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=np.float64)
        trajectory[k + 1] = x
    return trajectory
    ### END SOLUTION


def learning_rate_regime(curvature: float, learning_rate: float) -> str:
    """How gradient descent behaves on a 1-D quadratic with the given second derivative.

    On f(x) = curvature / 2 * (x - m)^2 one step maps the distance to the minimum x - m to
    (1 - learning_rate * curvature) (x - m), so that factor decides everything.

    Parameters
    ----------
    curvature : float
        Second derivative f'' of the quadratic, > 0.
    learning_rate : float
        Step size, > 0.

    Returns
    -------
    str
        "converges" when 0 <= 1 - learning_rate * curvature < 1 (steady approach from one side),
        "oscillates" when -1 < 1 - learning_rate * curvature < 0 (jumps across the minimum, still
        converging), "diverges" otherwise.

    Raises
    ------
    ValueError
        If ``curvature`` or ``learning_rate`` is not positive.

    Notes
    -----
    ``line_cost`` is such a quadratic in w, and its curvature depends on the data, so the same
    learning rate behaves differently on different data. On the course's line data,
    x = linspace(-1.5, 1.5, 7) and z = 2 x, the curvature is 2: ``fit_line`` with learning rate
    0.4 has the factor 0.2 and converges (0, 1.6, 1.92, ...). On the two points (1, 2), (2, 4)
    the curvature is 5: the factor is 1 - 0.4 * 5 = -1, and the slope bounces 0, 4, 0, 4, ...
    forever, never reaching 2 ("diverges": it gets no closer).
    """
    # Hint: validate both arguments first, then compare the factor 1 - learning_rate * curvature
    # with -1, 0 and 1.
    ### BEGIN SOLUTION
    if curvature <= 0:
        raise ValueError(f"curvature must be positive, got {curvature}")
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    factor = 1.0 - learning_rate * curvature
    if 0.0 <= factor < 1.0:
        return "converges"
    if -1.0 < factor < 0.0:
        return "oscillates"
    return "diverges"
    ### END SOLUTION


def best_of_restarts(
    f: Callable[[np.ndarray], float],
    grad_fn: Callable[[np.ndarray], ArrayLike],
    starts: Sequence[ArrayLike],
    learning_rate: float,
    n_steps: int,
) -> tuple[np.ndarray, float]:
    """Run ``gradient_descent`` from several starts and keep the lowest end point.

    Gradient descent only finds the bottom of the valley it starts in (a local minimum); a team
    of explorers dropped at different places has a better chance of finding the global one.

    Parameters
    ----------
    f : callable
        ``f(x)`` takes a point, float64 array of shape (d,), and returns the cost there (a float,
        or an array holding one value).
    grad_fn : callable
        ``grad_fn(x)`` returns the gradient of ``f`` at x, array of shape (d,).
    starts : sequence of float or ndarray of shape (d,)
        The starting points.
    learning_rate : float
        Step size.
    n_steps : int
        Number of steps from each start.

    Returns
    -------
    x_best : ndarray, shape (d,), float64
        The end point with the lowest f (the first such one on ties).
    f_best : float
        f at ``x_best``.
    """
    # Hint: the end point of a run is the last row of its trajectory.
    ### BEGIN SOLUTION
    x_best, f_best = None, np.inf
    for start in starts:
        x_end = gradient_descent(grad_fn, start, learning_rate, n_steps)[-1]
        f_end = float(np.squeeze(f(x_end)))
        if f_end < f_best:
            x_best, f_best = x_end, f_end
    return x_best, f_best
    ### END SOLUTION


def minibatches(n: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffle the row indices 0..n-1 and cut them into minibatches.

    Parameters
    ----------
    n : int
        Number of rows.
    batch_size : int
        Rows per minibatch, >= 1.
    rng : numpy.random.Generator
        Source of the shuffle: one ``rng.permutation(n)``, nothing else.

    Returns
    -------
    list of int ndarray
        The permutation cut into consecutive pieces of ``batch_size`` indices, in order; the last
        piece holds the remainder when ``batch_size`` does not divide ``n``. Together they hold
        every index exactly once. For n = 0 the list is empty.
    """
    # Hint: draw the order once, then slice it; an epoch visits every row exactly once.
    ### BEGIN SOLUTION
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]
    ### END SOLUTION


def momentum_step(
    params: Any, grads: Any, velocity: Any, learning_rate: float, beta: float = 0.9
) -> tuple[Any, Any]:
    """One step of gradient descent with momentum.

    The velocity is a running sum of the gradients that forgets at rate ``beta``::

        velocity <- beta * velocity + grads
        params   <- params - learning_rate * velocity

    Parameters
    ----------
    params : float, ndarray of any shape, or dict of str to ndarray
        Current parameters.
    grads : same type, shape (and keys) as ``params``
        Gradient of the cost with respect to ``params``.
    velocity : same type, shape (and keys) as ``params``, or None
        The velocity returned by the previous step; None before the first step (all zeros).
    learning_rate : float
        Step size.
    beta : float, default 0.9
        How much of the previous velocity is kept, in [0, 1).

    Returns
    -------
    params : same kind as ``params``
        The new parameters (a float for a float, a float64 array of the same shape for an array,
        a new dict with the same keys for a dict).
    velocity : same kind as ``params``
        The new velocity, to pass to the next step.
        No argument is changed in place.
    """
    # Hint: as in gradient_step, handle a dict by applying the array case to every key.
    ### BEGIN SOLUTION
    if isinstance(params, dict):
        previous = dict.fromkeys(params) if velocity is None else velocity
        steps = {
            key: momentum_step(value, grads[key], previous[key], learning_rate, beta)
            for key, value in params.items()
        }
        return {k: s[0] for k, s in steps.items()}, {k: s[1] for k, s in steps.items()}
    previous = 0.0 if velocity is None else np.asarray(velocity, dtype=np.float64)
    velocity = beta * previous + np.asarray(grads, dtype=np.float64)
    params = np.asarray(params, dtype=np.float64) - learning_rate * velocity
    if np.ndim(params) == 0:
        return float(params), float(velocity)
    return params, velocity
    ### END SOLUTION


def adam_step(
    params: Any,
    grads: Any,
    state: dict[str, Any] | None,
    learning_rate: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[Any, dict[str, Any]]:
    """One step of Adam (Kingma and Ba, 2015, Algorithm 1), with bias correction.

    With t the number of this step (1 for the first) and g the gradient::

        m <- beta1 * m + (1 - beta1) * g            first moment, m = 0 before step 1
        v <- beta2 * v + (1 - beta2) * g**2         second moment, v = 0 before step 1
        m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)
        params <- params - learning_rate * m_hat / (sqrt(v_hat) + eps)

    Parameters
    ----------
    params : float, ndarray of any shape, or dict of str to ndarray
        Current parameters.
    grads : same type, shape (and keys) as ``params``
        Gradient of the cost with respect to ``params``.
    state : dict or None
        The state returned by the previous step; None before the first step.
    learning_rate : float, default 0.001
        Step size (alpha in the paper).
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the two moment estimates.
    eps : float, default 1e-8
        Added to the denominator.

    Returns
    -------
    params : same kind as ``params``
        The new parameters (a float for a float, a float64 array of the same shape for an array,
        a new dict with the same keys for a dict).
    state : dict
        ``{"t": int, "m": ..., "v": ...}``: the number of steps taken so far and the two moment
        estimates after this step, each of the same kind as ``params``.
        No argument is changed in place.
    """
    # Hint: follow the algorithm line by line; for a dict, apply the array case to every key,
    # passing that key's moments.
    ### BEGIN SOLUTION
    if isinstance(params, dict):
        settings = (learning_rate, beta1, beta2, eps)
        per_key = {
            key: None if state is None else {**state, "m": state["m"][key], "v": state["v"][key]}
            for key in params
        }
        steps = {
            key: adam_step(value, grads[key], per_key[key], *settings)
            for key, value in params.items()
        }
        t = 1 if state is None else int(state["t"]) + 1
        moments = {name: {k: s[1][name] for k, s in steps.items()} for name in ("m", "v")}
        return {k: s[0] for k, s in steps.items()}, {"t": t, **moments}
    t = 1 if state is None else int(state["t"]) + 1
    m, v = (0.0, 0.0) if state is None else (state["m"], state["v"])
    g = np.asarray(grads, dtype=np.float64)
    m = beta1 * np.asarray(m, dtype=np.float64) + (1.0 - beta1) * g
    v = beta2 * np.asarray(v, dtype=np.float64) + (1.0 - beta2) * g**2
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    params = np.asarray(params, dtype=np.float64) - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    if np.ndim(params) == 0:
        return float(params), {"t": t, "m": float(m), "v": float(v)}
    return params, {"t": t, "m": m, "v": v}
    ### END SOLUTION
