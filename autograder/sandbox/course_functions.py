"""Functions the graded tests may pass to student code, by name (see ``protocol.CourseFunction``).

They run inside the worker, so they are plain numpy and import nothing from the grader.
"""

from __future__ import annotations

import numpy as np


def bowl(p: np.ndarray) -> float:
    """f(x, y) = 3/2 x^2 + 1/2 y^2, the elongated bowl of the gradient-descent lesson."""
    x, y = np.asarray(p, dtype=np.float64)
    return float(1.5 * x**2 + 0.5 * y**2)


def bowl_gradient(p: np.ndarray) -> np.ndarray:
    """Gradient of :func:`bowl`, shape (2,)."""
    x, y = np.asarray(p, dtype=np.float64)
    return np.array([3.0 * x, y])


def double_well(x: np.ndarray) -> float:
    """f(x) = x^4 - 3x^2 + x: a local minimum near 1.13, the global one near -1.30."""
    x = float(np.asarray(x, dtype=np.float64).reshape(-1)[0])
    return x**4 - 3 * x**2 + x


def double_well_gradient(x: np.ndarray) -> np.ndarray:
    """Gradient of :func:`double_well`, shape (1,)."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    return 4 * x**3 - 6 * x + 1


def tilted_wells(p: np.ndarray) -> float:
    """f(x, y) = (x^2 - 1)^2 + 0.3 x + y^2: local minimum near (0.96, 0), global near (-1.04, 0)."""
    x, y = np.asarray(p, dtype=np.float64).reshape(-1)
    return float((x**2 - 1) ** 2 + 0.3 * x + y**2)


def tilted_wells_gradient(p: np.ndarray) -> np.ndarray:
    """Gradient of :func:`tilted_wells`, shape (2,)."""
    x, y = np.asarray(p, dtype=np.float64).reshape(-1)
    return np.array([4 * x * (x**2 - 1) + 0.3, 2 * y])


def rosenbrock(p: np.ndarray) -> float:
    """The Rosenbrock function of any dimension >= 2."""
    p = np.asarray(p, dtype=np.float64).reshape(-1)
    return float(np.sum(100.0 * (p[1:] - p[:-1] ** 2) ** 2 + (1 - p[:-1]) ** 2))


def rosenbrock_gradient(p: np.ndarray) -> np.ndarray:
    """Gradient of :func:`rosenbrock`, the shape of ``p``."""
    p = np.asarray(p, dtype=np.float64).reshape(-1)
    grad = np.zeros_like(p)
    grad[:-1] = -400.0 * p[:-1] * (p[1:] - p[:-1] ** 2) - 2 * (1 - p[:-1])
    grad[1:] += 200.0 * (p[1:] - p[:-1] ** 2)
    return grad


def sum_of_cubes(x: np.ndarray) -> float:
    """f(x) = sum(x^3) over every element: gradient 3 x^2, any shape."""
    return float(np.sum(np.asarray(x, dtype=np.float64) ** 3))


def sin_product(x: np.ndarray) -> float:
    """f(x) = sum(sin(x) * x), any shape: gradient cos(x) x + sin(x)."""
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum(np.sin(x) * x))


def coupled_cubes(params: dict) -> float:
    """f = sum(W^3) + sum(W) sum(b^2) of a dict with the arrays "W" and "b" (a loss of params).

    Its gradients are 3 W^2 + sum(b^2) for "W" and 2 b sum(W) for "b": each depends on both.
    """
    W = np.asarray(params["W"], dtype=np.float64)
    b = np.asarray(params["b"], dtype=np.float64)
    return float(np.sum(W**3) + np.sum(W) * np.sum(b**2))


FUNCTIONS = {
    name: value
    for name, value in dict(globals()).items()
    if callable(value) and not name.startswith("_") and value.__module__ == __name__
}
