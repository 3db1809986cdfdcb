"""Checks for graded tests: each raises :class:`CheckFailure` with a property and a detail.

The property is one sentence that is safe to show for a hidden test ("softmax rows sum to 1");
the detail names the input, the expected value and the value got, for public tests only. Every
array check compares type, shape and dtype before values, because ``np.allclose`` broadcasts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .outcomes import CheckFailure, StudentError
from .sandbox.protocol import Unsupported


def show(value: object, limit: int = 400) -> str:
    """``value`` as a student reads it: numbers plain (``0.5``, not ``np.float64(0.5)``), arrays
    with their shape and dtype, lists, tuples and dicts element by element; cut at ``limit``."""
    text = _plain(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _plain(value: object, depth: int = 0) -> str:
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=30, edgeitems=3, linewidth=90):
            return f"array{value.shape} {value.dtype}: {np.array2string(value)}"
    if isinstance(value, np.generic):
        return repr(value.item())
    if depth > 5:
        return "..."
    if isinstance(value, dict):
        items = list(value.items())[:20]
        return (
            "{"
            + ", ".join(f"{_plain(k, depth + 1)}: {_plain(v, depth + 1)}" for k, v in items)
            + "}"
        )
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_plain(v, depth + 1) for v in list(value)[:50])
        if isinstance(value, tuple):
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        return f"[{inner}]"
    return repr(value)


def shape_text(shape: tuple) -> str:
    """A shape as a shape: ``(3,)``, ``(2, 4)``, ``()`` for a scalar."""
    return str(tuple(int(n) for n in shape))


def _type_name(value: object) -> str:
    if isinstance(value, Unsupported):
        return value.type_name
    return type(value).__name__


def check_array(
    got: object,
    expected: object,
    what: str,
    *,
    inputs: str = "",
    rtol: float = 1e-7,
    atol: float = 1e-10,
    dtype: str | None = "float64",
    equal_nan: bool = False,
) -> None:
    """Check that ``got`` is an ndarray of ``expected``'s shape and ``dtype`` with close values.

    Parameters
    ----------
    got : object
        What the student's function returned.
    expected : array_like
        The expected values.
    what : str
        The call in words, e.g. ``"sigmoid(z)"``.
    inputs : str
        A description of the inputs for the detail (public tests).
    dtype : str or None
        Required dtype (``"float64"``, ``"int"`` for any integer kind), or None for any.
    """
    expected = np.asarray(expected)
    detail_in = f"Input: {inputs}\n" if inputs else ""
    got = _check_form(got, expected.shape, what, detail_in, dtype)
    if expected.dtype.kind in "biu" and got.dtype.kind in "biu":
        bad = got != expected
    else:
        got_f, exp_f = got.astype(np.float64), expected.astype(np.float64)
        if not equal_nan and np.isfinite(exp_f).all() and not np.isfinite(got_f).all():
            raise CheckFailure(
                f"{what} contains nan or inf where finite values are expected",
                f"{detail_in}Expected: {show(expected)}\nGot:      {show(got)}",
            )
        bad = ~np.isclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if np.any(bad):
        index = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
        where = f" (first difference at index {index})" if index else ""
        raise CheckFailure(
            f"{what} has wrong values{where}",
            f"{detail_in}Expected: {show(expected)}\nGot:      {show(got)}",
        )


def _check_form(
    got: object, shape: tuple, what: str, detail_in: str, dtype: str | None
) -> np.ndarray:
    """``got``, unless it is not an ndarray of ``shape`` and ``dtype`` ("int": any integer kind)."""
    if not isinstance(got, np.ndarray):
        raise CheckFailure(
            f"{what} should return a numpy array, not a {_type_name(got)}",
            f"{detail_in}Got: {show(got)}",
        )
    if got.shape != tuple(shape):
        raise CheckFailure(
            f"{what} has the wrong shape: expected {shape_text(shape)}, "
            f"got {shape_text(got.shape)}",
            f"{detail_in}Expected: an array of shape {shape_text(shape)}\nGot:      {show(got)}",
        )
    if dtype == "int":
        if got.dtype.kind not in "iu":
            raise CheckFailure(
                f"{what} should hold integers, not {got.dtype}", f"{detail_in}Got: {show(got)}"
            )
    elif dtype is not None and got.dtype != np.dtype(dtype):
        raise CheckFailure(
            f"{what} should have dtype {dtype}, not {got.dtype}", f"{detail_in}Got: {show(got)}"
        )
    return got


def check_shape(
    got: object, shape: tuple, what: str, *, inputs: str = "", dtype: str | None = "float64"
) -> None:
    """Check that ``got`` is an ndarray of ``shape`` (and ``dtype``), whatever its values."""
    _check_form(got, shape, what, f"Input: {inputs}\n" if inputs else "", dtype)


def check_float(
    got: object,
    expected: float,
    what: str,
    *,
    inputs: str = "",
    rtol: float = 1e-7,
    atol: float = 1e-10,
) -> None:
    """Check that ``got`` is a real number (a Python float or numpy floating scalar) close to ``expected``."""
    detail_in = f"Input: {inputs}\n" if inputs else ""
    if isinstance(got, np.ndarray) and got.shape == () and got.dtype.kind == "f":
        got = got[()]
    if isinstance(got, bool) or not isinstance(got, (float, int, np.floating, np.integer)):
        raise CheckFailure(
            f"{what} should return a float, not a {_type_name(got)}",
            f"{detail_in}Got: {show(got)}",
        )
    if not np.isfinite(got) and np.isfinite(expected):
        raise CheckFailure(
            f"{what} is {show(got)} where a finite number is expected",
            f"{detail_in}Expected: {show(expected)}",
        )
    if not np.isclose(float(got), expected, rtol=rtol, atol=atol):
        raise CheckFailure(
            f"{what} has the wrong value",
            f"{detail_in}Expected: {show(expected)}\nGot:      {float(got)!r}",
        )


def check_equal(got: object, expected: object, what: str, *, inputs: str = "") -> None:
    """Check exact equality of plain values (str, int, bool, lists of them)."""
    detail_in = f"Input: {inputs}\n" if inputs else ""
    same = type(got) is type(expected) and got == expected
    if isinstance(expected, bool) and isinstance(got, np.bool_):
        same = bool(got) == expected
    if isinstance(expected, int) and not isinstance(expected, bool) and isinstance(got, np.integer):
        same = int(got) == expected
    if not same:
        raise CheckFailure(
            f"{what} is not the expected value",
            f"{detail_in}Expected: {show(expected)}\nGot:      {show(got)}",
        )


def check_that(condition: bool, prop: str, detail: str = "") -> None:
    """Fail with ``prop`` (safe for hidden tests) unless ``condition`` holds."""
    if not bool(condition):
        raise CheckFailure(prop, detail)


def check_dict_of_arrays(
    got: object,
    expected: dict,
    what: str,
    *,
    inputs: str = "",
    rtol: float = 1e-7,
    atol: float = 1e-10,
) -> None:
    """Check a dict with exactly ``expected``'s keys, each value an array (or float) close to it."""
    got = _check_keys(got, expected, what)
    for key, value in expected.items():
        if isinstance(value, float):
            check_float(got[key], value, f"{what}[{key!r}]", inputs=inputs, rtol=rtol, atol=atol)
        else:
            check_array(got[key], value, f"{what}[{key!r}]", inputs=inputs, rtol=rtol, atol=atol)


def check_dict_of_shapes(
    got: object, shapes: dict[str, tuple], what: str, *, inputs: str = ""
) -> None:
    """Check a dict with exactly ``shapes``' keys, each value a float64 array of its shape."""
    got = _check_keys(got, shapes, what)
    for key, shape in shapes.items():
        check_shape(got[key], shape, f"{what}[{key!r}]", inputs=inputs)


def _check_keys(got: object, keys: dict, what: str) -> dict:
    """``got``, unless it is not a dict with exactly the keys of ``keys``."""
    if not isinstance(got, dict):
        raise CheckFailure(f"{what} should return a dict, not a {_type_name(got)}")
    if set(got) != set(keys):
        raise CheckFailure(
            f"{what} should have the keys {sorted(keys)}, got {sorted(map(str, got))}"
        )
    return got


def check_raises(kind: str, call: Callable[[], object], what: str) -> StudentError:
    """Check that ``call()`` (a call of student code) raises an exception named ``kind``."""
    try:
        got = call()
    except StudentError as exc:
        if exc.kind == kind:
            return exc
        if not exc.kind:  # no exception of the code's own: its topic did not import, say so
            raise
        raise CheckFailure(f"{what} should raise {kind}, but raised {exc.kind}") from None
    raise CheckFailure(f"{what} should raise {kind}", f"It returned {show(got)}")


def check_no_overflow_warning(course: object, call: str, inputs: str = "") -> None:
    """Fail unless the last call of student code warned of no overflow or invalid value.

    The contract asks the stable functions for no overflow and no warning at large inputs; any
    other warning (and anything printed) never costs points.
    """
    found = [
        w
        for w in getattr(course, "last_warnings", [])
        if w.startswith("RuntimeWarning") and ("overflow" in w or "invalid value" in w)
    ]
    if found:
        raise CheckFailure(
            f"{call} warned at large inputs ({found[0]}); the contract asks for no overflow and no "
            "warning there",
            f"inputs: {inputs}" if inputs else "",
        )


def in_place_failure(function: str, changed: list[str], args: tuple, kwargs: dict) -> CheckFailure:
    """The failure of a call of ``function`` that changed its arguments ``changed`` in place.

    The property names the arguments and how to leave them as they were, in their own names;
    the detail shows the call's inputs as the test gave them (public tests only).
    """
    first = changed[0] if changed and changed[0].isidentifier() else "x"
    names = " and ".join(changed) if changed else "an argument"
    values = [*args, *kwargs.values()]
    if kwargs.get(first) is not None:
        values = [kwargs[first]]
    if any(isinstance(v, dict) for v in values):
        how = (
            f"build a new dict, {{k: v - m for k, v in {first}.items()}}, instead of changing "
            f"{first}[k] -= m"
        )
    else:
        how = (
            f"work on a copy, {first} = np.array({first}, dtype=float), or write "
            f"{first} = {first} - m, which makes a new array, instead of {first} -= m or "
            f"{first}[...] = ..., which change the caller's"
        )
    given = ", ".join(
        [show(a, 150) for a in args] + [f"{k}={show(v, 150)}" for k, v in kwargs.items()]
    )
    return CheckFailure(
        f"{function}() changed its argument {names} in place: {function}() must leave {names} "
        f"as the caller gave {'them' if len(changed) > 1 else 'it'} ({how})",
        f"Input: {function}({given})",
    )
