"""The values of probe calls in the catalogue files: TOML data, built into Python values.

A TOML number, string or boolean is itself and an array is a list of values. Anything else is an
inline table with exactly one key, a *constructor*, whose value is its argument (when the
constructor takes one) or the list of its arguments (trailing ones with defaults may be left
out); arguments are values themselves:

===========================================  =======================================================
``{array = [[1.0, 2.0], [3, 4]]}``           ``np.array`` of the nested list (int, float, bool)
``{ones = [2, 3]}``                          ``np.ones(shape)``
``{linspace = [start, stop, num]}``          ``np.linspace(start, stop, num)``
``{normal = [seed, shape, scale]}``          standard-normal numbers times ``scale`` (default 1)
``{uniform = [seed, shape, low, high]}``     uniform numbers in ``[low, high)``
``{labels = [seed, n, k]}``                  ``n`` int64 class labels in ``0..k-1``
``{noisy_polynomial = [x, c, seed, s]}``     ``c[0] + c[1] x + c[2] x**2 + ...`` plus noise
``{linear_targets = [X, b, w, seed, s]}``    ``b + w[0] X[:, 0] + ...`` plus noise, rounded
``{blobs = [labels, seed, d, s, spacing]}``  points around ``spacing * label`` in ``d`` dims
``{tuple = [...]}``, ``{dict = {...}}``      a tuple, a dict (keys in the order written)
``{none = true}``                            ``None``
``{rng = seed}``                             ``numpy.random.default_rng(seed)``, built where it runs
``{function = "bowl"}``                      a function of ``course_functions``, passed by name
``{ref = "name"}``                           the value of that name in the file's ``[values]``
===========================================  =======================================================

Random numbers come from their own fixed seed (a new ``numpy.random.default_rng(seed)``), normal
and uniform ones rounded to three decimals, so probes stay short, readable and the same on every
machine.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

import numpy as np

from autograder.sandbox.protocol import CourseFunction, Rng

Shape = Sequence[int] | int


class BadValue(ValueError):
    """A probe value the catalogue's value language does not allow (the message says where)."""


def normal(seed: int, shape: Shape, scale: float = 1.0) -> np.ndarray:
    """Standard-normal numbers times ``scale`` from a fixed seed, rounded to 3 decimals."""
    return np.round(np.random.default_rng(seed).standard_normal(shape) * scale, 3)


def uniform(seed: int, shape: Shape, low: float, high: float) -> np.ndarray:
    """Uniform numbers in [low, high) from a fixed seed, rounded to 3 decimals."""
    return np.round(np.random.default_rng(seed).uniform(low, high, shape), 3)


def labels(seed: int, n: int, k: int) -> np.ndarray:
    """n int64 class labels in 0..k-1 from a fixed seed."""
    return np.random.default_rng(seed).integers(0, k, n).astype(np.int64)


def linspace(start: float, stop: float, num: int) -> np.ndarray:
    """``num`` evenly spaced numbers from ``start`` to ``stop``, both included."""
    return np.linspace(start, stop, num)


def noisy_polynomial(
    x: np.ndarray, coefficients: Sequence[float], seed: int, scale: float
) -> np.ndarray:
    """``sum(c_k x**k)`` plus ``normal(seed, len(x), scale)`` noise."""
    y = coefficients[0]
    for power, c in enumerate(coefficients[1:], start=1):
        y = y + c * x**power
    return y + normal(seed, len(x), scale)


def linear_targets(
    X: np.ndarray, intercept: float, weights: Sequence[float], seed: int, scale: float
) -> np.ndarray:
    """``intercept + sum(w_j X[:, j])`` over the first ``len(weights)`` columns, plus noise.

    Rounded to 3 decimals; the remaining columns of ``X`` are spurious features.
    """
    y = intercept
    for column, w in enumerate(weights):
        y = y + w * X[:, column]
    return np.round(y + normal(seed, len(X), scale), 3)


def blobs(labels: np.ndarray, seed: int, d: int, scale: float, spacing: float) -> np.ndarray:
    """Points ``normal(seed, (n, d), scale)`` shifted by ``spacing * label`` along every axis."""
    return normal(seed, (len(labels), d), scale) + spacing * labels[:, None]


def _array(items: list) -> np.ndarray:
    array = np.array(items)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"expected numbers or booleans, got an array of {array.dtype}")
    return array


def _none(flag: bool) -> None:
    if flag is not True:
        raise TypeError(f"expected {{none = true}}, got {flag!r}")


def _shape(shape: Shape) -> tuple[int, ...]:
    return (shape,) if isinstance(shape, int) else tuple(shape)


CONSTRUCTORS: dict[str, Callable[..., object]] = {
    "array": _array,
    "ones": lambda shape: np.ones(_shape(shape)),
    "linspace": linspace,
    "normal": normal,
    "uniform": uniform,
    "labels": labels,
    "noisy_polynomial": noisy_polynomial,
    "linear_targets": linear_targets,
    "blobs": blobs,
    "tuple": tuple,
    "dict": dict,
    "none": _none,
    "rng": Rng,
    "function": CourseFunction,
}
# How many arguments each constructor takes; one means its argument is written bare.
_ONE = {"array", "ones", "tuple", "dict", "none", "rng", "function"}


class Values:
    """The ``[values]`` of one catalogue file, built on first use (so their order is free)."""

    def __init__(self, table: dict[str, object]) -> None:
        self.table = table
        self.built: dict[str, object] = {}
        self.building: list[str] = []

    def get(self, name: object, where: str) -> object:
        if not isinstance(name, str) or name not in self.table:
            known = ", ".join(self.table) or "none"
            raise BadValue(f"{where}: expected the name of a value (known: {known}), got {name!r}")
        if name in self.building:
            cycle = " -> ".join([*self.building[self.building.index(name) :], name])
            raise BadValue(f"{where}: the values refer to each other in a circle: {cycle}")
        if name not in self.built:
            self.building.append(name)
            self.built[name] = self.build(self.table[name], f"value {name!r}")
            self.building.pop()
        return self.built[name]

    def build(self, node: object, where: str) -> object:
        """The Python value ``node`` (parsed TOML) stands for; ``where`` names it in errors."""
        if isinstance(node, bool | int | float | str):
            return node
        if isinstance(node, list):
            return [self.build(item, f"{where}[{i}]") for i, item in enumerate(node)]
        if (
            not isinstance(node, dict)
            or len(node) != 1
            or next(iter(node)) not in {*CONSTRUCTORS, "ref"}
        ):
            got = (
                f"a table with keys {', '.join(node) or 'none'}"
                if isinstance(node, dict)
                else repr(node)
            )
            raise BadValue(
                f"{where}: expected a number, string, boolean, array or a table with one key "
                f"naming a constructor ({', '.join(sorted([*CONSTRUCTORS, 'ref']))}), got {got}"
            )
        ((tag, argument),) = node.items()
        where = f"{where}: {tag}"
        if tag == "ref":
            return self.get(argument, where)
        if tag == "dict":
            if not isinstance(argument, dict):
                raise BadValue(f"{where}: expected a table, got {argument!r}")
            return {key: self.build(value, f"{where}.{key}") for key, value in argument.items()}
        if tag in _ONE:
            arguments = [self.build(argument, where)]
        elif isinstance(argument, list):
            arguments = [self.build(item, f"{where}[{i}]") for i, item in enumerate(argument)]
        else:
            raise BadValue(f"{where}: expected a list of arguments, got {argument!r}")
        return _construct(tag, arguments, where)


def _construct(tag: str, arguments: list, where: str) -> object:
    function = CONSTRUCTORS[tag]
    if tag not in _ONE:
        try:
            inspect.signature(function).bind(*arguments)
        except TypeError as exc:
            raise BadValue(f"{where}: {exc}") from None
    try:
        return function(*arguments)
    except (TypeError, ValueError, IndexError) as exc:
        raise BadValue(f"{where}: {exc}") from None
