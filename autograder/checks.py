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


def _show(value: object, limit: int = 400) -> str:
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=30, edgeitems=3, linewidth=90):
            text = f"array{value.shape} {value.dtype}: {np.array2string(value)}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
    if not isinstance(got, np.ndarray):
        raise CheckFailure(
            f"{what} should return a numpy array, not a {_type_name(got)}",
            f"{detail_in}Got: {_show(got)}",
        )
    if got.shape != expected.shape:
        raise CheckFailure(
            f"{what} has the wrong shape: expected {expected.shape}, got {got.shape}",
            f"{detail_in}Expected: {_show(expected)}\nGot:      {_show(got)}",
        )
    if dtype == "int":
        if got.dtype.kind not in "iu":
            raise CheckFailure(
                f"{what} should hold integers, not {got.dtype}", f"{detail_in}Got: {_show(got)}"
            )
    elif dtype is not None and got.dtype != np.dtype(dtype):
        raise CheckFailure(
            f"{what} should have dtype {dtype}, not {got.dtype}", f"{detail_in}Got: {_show(got)}"
        )
    if expected.dtype.kind in "biu" and got.dtype.kind in "biu":
        ok = np.array_equal(got, expected)
        bad = got != expected
    else:
        got_f, exp_f = got.astype(np.float64), expected.astype(np.float64)
        if not equal_nan and np.isfinite(exp_f).all() and not np.isfinite(got_f).all():
            raise CheckFailure(
                f"{what} contains nan or inf where finite values are expected",
                f"{detail_in}Expected: {_show(expected)}\nGot:      {_show(got)}",
            )
        ok = np.allclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=equal_nan)
        bad = ~np.isclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if not ok:
        index = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
        where = f" (first difference at index {index})" if index else ""
        raise CheckFailure(
            f"{what} has wrong values{where}",
            f"{detail_in}Expected: {_show(expected)}\nGot:      {_show(got)}",
        )


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
            f"{detail_in}Got: {_show(got)}",
        )
    if not np.isfinite(got) and np.isfinite(expected):
        raise CheckFailure(
            f"{what} is {got} where a finite number is expected",
            f"{detail_in}Expected: {expected!r}",
        )
    if not np.isclose(float(got), expected, rtol=rtol, atol=atol):
        raise CheckFailure(
            f"{what} has the wrong value",
            f"{detail_in}Expected: {expected!r}\nGot:      {float(got)!r}",
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
            f"{detail_in}Expected: {_show(expected)}\nGot:      {_show(got)}",
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
    if not isinstance(got, dict):
        raise CheckFailure(f"{what} should return a dict, not a {_type_name(got)}")
    if set(got) != set(expected):
        raise CheckFailure(
            f"{what} should have the keys {sorted(expected)}, got {sorted(map(str, got))}"
        )
    for key, value in expected.items():
        if isinstance(value, float):
            check_float(got[key], value, f"{what}[{key!r}]", inputs=inputs, rtol=rtol, atol=atol)
        else:
            check_array(got[key], value, f"{what}[{key!r}]", inputs=inputs, rtol=rtol, atol=atol)


def check_raises(kind: str, call: Callable[[], object], what: str) -> StudentError:
    """Check that ``call()`` (a call of student code) raises an exception named ``kind``."""
    try:
        got = call()
    except StudentError as exc:
        if exc.kind == kind:
            return exc
        raise CheckFailure(
            f"{what} should raise {kind}, but raised {exc.kind or 'something else'}"
        ) from None
    raise CheckFailure(f"{what} should raise {kind}", f"It returned {_show(got)}")


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
