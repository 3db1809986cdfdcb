"""Name mistakes by properties of a failing function's results, whatever else it gets wrong.

The fingerprints of :mod:`autograder.diagnosis` recognise a catalogued mistake only when it is
the one thing wrong and its outputs are the catalogued patch's exactly. The checks here each
look at one property on inputs chosen to show it, so a mistake written in another form, or two
mistakes at once, are each named: a softmax whose columns sum to 1, a sigmoid that overflows at
z = -1000, a derivative that ignores its upstream gradient, a result of booleans, a function
that only works on arrays, a result proportional to the right one, a loop that stops early.

``properties.json`` holds, per exercise, the checks with the texts the student reads (``name``,
``misconception``, ``hint``, in the catalogue's style), the ``kind`` of property, its probe
calls and parameters. Probe arguments are plain JSON with a few tags: ``{"array": [...]}`` (a
float64 array), ``{"ints": [...]}`` (an int64 array), ``{"float64": x}`` (a numpy scalar),
``{"fn": name}`` (a function of the worker's ``course_functions``) and ``{"rng": seed}``.
Checks that compare with the right result (``proportional``), or with what a catalogued
mistake gives (``like_mistake``: a derivative taken at the activation, say, with a stray factor
besides), hold hashes only, written by ``autograder.instructor.property_hashes``: no expected
value ships.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from .outcomes import StudentProblem
from .sandbox.protocol import CourseFunction, Rng

DATA = Path(__file__).with_name("properties.json")
# Exceptions and warnings that say a value overflowed or left the domain of log or exp.
NUMERIC_FAILURES = ("OverflowError", "FloatingPointError", "ValueError", "ZeroDivisionError")
NUMERIC_WARNINGS = ("overflow", "invalid value", "divide by zero")

Call = Callable[[tuple, dict], object]


class _Raised(Exception):
    """A probe call raised ``kind`` (student code's exception, by type name)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@cache
def table() -> dict[str, list[dict]]:
    """The property checks shipped with the grader, by exercise (empty when there are none).

    A check of the file lists the ``exercises`` it applies to; each gets it, in file order.
    """
    if not DATA.exists():
        return {}
    by_exercise: dict[str, list[dict]] = {}
    for check in json.loads(DATA.read_text(encoding="utf-8")).get("checks", []):
        for exercise in check["exercises"]:
            by_exercise.setdefault(exercise, []).append(check)
    return by_exercise


def decode_arg(value: object) -> object:
    """A probe argument from its JSON form (see the module doc for the tags)."""
    if isinstance(value, list):
        return [decode_arg(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "array" in value:
        return np.array(value["array"], dtype=np.float64)
    if "ints" in value:
        return np.array(value["ints"], dtype=np.int64)
    if "float64" in value:
        return np.float64(value["float64"])
    if "fn" in value:
        return CourseFunction(value["fn"])
    if "rng" in value:
        return Rng(int(value["rng"]))
    return {k: decode_arg(v) for k, v in value.get("dict", {}).items()}


def probe(spec: dict, key: str = "args") -> tuple[tuple, dict]:
    """The (args, kwargs) of one probe of a check: ``spec[key]`` and ``spec[key + "_kwargs"]``."""
    args = tuple(decode_arg(a) for a in spec[key])
    kwargs = {k: decode_arg(v) for k, v in spec.get(key + "_kwargs", {}).items()}
    return args, kwargs


def _run(call: Call, spec: dict, key: str = "args") -> object:
    """The call result of one probe; raises _Raised when the student's code raised."""
    args, kwargs = probe(spec, key)
    try:
        return call(args, kwargs)
    except StudentProblem as exc:
        raise _Raised(exc.kind or exc.status) from None


def _value(result: object, select: int | None = None) -> object:
    value = getattr(result, "value", result)
    if select is not None and isinstance(value, (list, tuple)) and len(value) > select:
        return value[select]
    return value


def _array(value: object) -> np.ndarray | None:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array


def _same(a: object, b: object) -> bool:
    """Equal up to the fingerprints' rounding (lists of arrays of any lengths included)."""
    from .diagnosis import fingerprint

    return fingerprint([a]) == fingerprint([b])


# --- the kinds of property -------------------------------------------------------------------
def _numeric_failure(call: Call, spec: dict) -> bool:
    """An overflow or log/exp domain problem: a numeric warning, such an exception, inf or nan."""
    try:
        result = _run(call, spec)
    except _Raised as exc:
        return exc.kind in NUMERIC_FAILURES
    warnings = " ".join(getattr(result, "warnings", []))
    if any(word in warnings for word in NUMERIC_WARNINGS):
        return True
    array = _array(_value(result, spec.get("select")))
    return array is not None and array.dtype.kind == "f" and not np.all(np.isfinite(array))


def _raises(call: Call, spec: dict) -> bool:
    """The probe raises (one of ``kinds`` if given) while the ``control`` probe does not."""
    try:
        _run(call, spec)
    except _Raised as exc:
        if spec.get("kinds") and exc.kind not in spec["kinds"]:
            return False
        try:
            _run(call, spec, "control")
        except _Raised:
            return False
        return True
    return False


def _dtype(call: Call, spec: dict) -> bool:
    """The result is an array (or numpy scalar) whose dtype kind is one of ``kinds``."""
    value = _value(_run(call, spec), spec.get("select"))
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if isinstance(value, bool):
        kind = "b"
    return kind is not None and kind in spec["kinds"]


def _mutates(call: Call, spec: dict) -> bool:
    """The call changed one of its arguments in place."""
    return bool(getattr(_run(call, spec), "mutated", []))


def _sums_to_one(call: Call, spec: dict) -> bool:
    """Sums to 1 along ``axis`` (null: over the whole array) and not along ``not_axis``."""
    array = _array(_value(_run(call, spec)))
    if array is None or array.ndim < 2 or not np.all(np.isfinite(array)):
        return False
    axis, other = spec.get("axis"), spec["not_axis"]
    return bool(
        np.allclose(np.sum(array, axis=axis), 1.0)
        and not np.allclose(np.sum(array, axis=other), 1.0)
    )


def _unchanged(call: Call, spec: dict) -> bool:
    """The same result for ``args`` and ``other``: the argument that differs is ignored."""
    first = _value(_run(call, spec), spec.get("select"))
    second = _value(_run(call, spec, "other"), spec.get("select"))
    return _same(first, second)


def _rng_ignored(call: Call, spec: dict) -> bool:
    """Randomness not drawn from the generator given: the same seed twice gives two results
    (numpy's global state moved on), or two seeds give one (a state seeded elsewhere)."""
    first = _value(_run(call, spec), spec.get("select"))
    again = _value(_run(call, spec), spec.get("select"))
    other = _value(_run(call, spec, "other"), spec.get("select"))
    return not _same(first, again) or _same(first, other)


def _integers_differ(call: Call, spec: dict) -> bool:
    """A different result at an integer point than at the same point in floats."""
    at_ints = _value(_run(call, spec), spec.get("select"))
    at_floats = _value(_run(call, spec, "floats"), spec.get("select"))
    x, y = _array(at_ints), _array(at_floats)
    return x is not None and y is not None and not (x.shape == y.shape and np.allclose(x, y))


def _length(call: Call, spec: dict) -> bool:
    """The result (item ``select``) has ``length`` entries, or fewer than ``limit`` (with
    ``above``: while its last entry was still at least ``above``)."""
    value = _array(_value(_run(call, spec), spec.get("select")))
    if value is None or value.ndim == 0:
        return False
    if "length" in spec:
        return len(value) == spec["length"]
    if len(value) >= spec["limit"]:
        return False
    return "above" not in spec or bool(value.reshape(-1)[-1] >= spec["above"])


def _rows_repeat(call: Call, spec: dict) -> bool:
    """Every row after the first is the last row: one array appended again and again."""
    value = _array(_value(_run(call, spec), spec.get("select")))
    if value is None or value.ndim != 2 or len(value) < 3:
        return False
    return bool(np.array_equal(value[1:], np.broadcast_to(value[-1], value[1:].shape)))


def normalised_hash(value: object) -> str | None:
    """Hash of ``value`` divided by its entry of largest magnitude (sign kept): equal for every
    nonzero multiple of one array. None when there is no finite nonzero array to scale."""
    from .diagnosis import fingerprint

    array = _array(value)
    if array is None or array.size == 0 or not np.all(np.isfinite(array)):
        return None
    pivot = array.reshape(-1)[np.argmax(np.abs(array).reshape(-1))]
    return None if pivot == 0 else fingerprint([array / pivot])


def raw_hash(value: object) -> str | None:
    """Hash of ``value`` as the fingerprints round it."""
    from .diagnosis import fingerprint

    array = _array(value)
    return None if array is None else fingerprint([array])


def _proportional(call: Call, spec: dict) -> bool:
    """A fixed multiple, other than 1, of the right result (known by its hashes only)."""
    value = _value(_run(call, spec), spec.get("select"))
    return normalised_hash(value) == spec["hash"] and raw_hash(value) != spec["raw_hash"]


def _like_mistake(call: Call, spec: dict) -> bool:
    """The result, or a fixed multiple of it, that the catalogued mistake of the check's name
    gives (known by its hash only): that mistake, perhaps with a constant factor besides."""
    value = _value(_run(call, spec), spec.get("select"))
    return normalised_hash(value) == spec["hash"]


KINDS: dict[str, Callable[[Call, dict], bool]] = {
    "numeric_failure": _numeric_failure,
    "raises": _raises,
    "dtype": _dtype,
    "mutates": _mutates,
    "sums_to_one": _sums_to_one,
    "unchanged": _unchanged,
    "integers_differ": _integers_differ,
    "rng_ignored": _rng_ignored,
    "length": _length,
    "rows_repeat": _rows_repeat,
    "proportional": _proportional,
    "like_mistake": _like_mistake,
}


def findings(exercise: str, call: Call) -> list[dict]:
    """Every check of ``exercise`` whose property holds for ``call``, in the table's order.

    A check is skipped when a mistake it names in ``unless`` was found before it (a softmax
    along axis 0 also ignores ``axis``, but the first finding says more).

    ``call(args, kwargs)`` runs the student's function (see :func:`autograder.diagnosis.diagnose`).
    A check whose probe raises where it expected a value does not hold.
    """
    found: list[dict] = []
    for check in table().get(exercise, []):
        if {f["name"] for f in found} & set(check.get("unless", ())):
            continue
        try:
            holds = KINDS[check["kind"]](call, check)
        except _Raised:
            holds = False
        if holds and all(f["name"] != check["name"] for f in found):
            found.append(check)
    return found
