"""Name the catalogued mistake a failing function makes, from fingerprints of its outputs.

For each exercise the instructor's mistake catalogue runs every known wrong variant on a few
fixed probe inputs and stores a fingerprint (a hash of its rounded outputs) in
``diagnosis.json``. When a student's function fails a test, the grader runs it on the same
probes and looks its fingerprint up. The file holds probe inputs, hashes and hint texts only:
no solution code and no expected values, so nothing in it rebuilds a solution. When no
fingerprint matches, the property checks of :mod:`autograder.properties` name every mistake
whose property holds, so mistakes in other forms and several at once are named too.

Format of ``diagnosis.json`` (written by ``autograder mutation --write-diagnosis``)::

    {"format": 1,
     "exercises": {
       "<topic>.<function>": {
         "probes": [{"args": [<encoded argument>, ...], "kwargs": <encoded dict>}, ...],
         "select": null,          # or i: hash only item i of each returned tuple
         "mistakes": [{"name": "...", "misconception": "...", "hint": "...",
                       "fingerprint": "<sha256 hex of the outcomes on the probes>"}, ...]}}}

Arguments are encoded with :func:`autograder.sandbox.protocol.encode`. The outcome of one probe
is the returned value, ``("raised", <exception type name>)`` when the call raised, and
``("mutated", [<argument names>], value)`` when it changed its arguments in place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from . import properties
from .outcomes import StudentProblem
from .sandbox import protocol

DATA = Path(__file__).with_name("diagnosis.json")
FORMAT = 1
MANTISSA_BITS = 20  # about six significant digits
FLUSH_TO_ZERO = 1e-12  # relative to max(1, the largest magnitude in the array)


@dataclass(frozen=True)
class Diagnosis:
    """A catalogued mistake as the student sees it."""

    name: str
    misconception: str
    hint: str
    also: tuple[Diagnosis, ...] = ()  # further mistakes the same function makes

    def text(self) -> str:
        """One line per mistake for the feedback, naming it: ``Likely mistake (name): ...``."""
        first = f"Likely mistake ({self.name}): {self.misconception} {self.hint}"
        return "\n".join([first, *(other.text() for other in self.also)])


def _rounded(array: np.ndarray) -> dict:
    """Values rounded to MANTISSA_BITS, with rounding noise near zero flushed to zero."""
    finite = np.abs(array[np.isfinite(array)])
    scale = max(1.0, float(finite.max())) if finite.size else 1.0
    array = np.where(np.abs(array) < FLUSH_TO_ZERO * scale, 0.0, array)
    mantissa, exponent = np.frexp(array)
    rounded = np.ldexp(np.round(mantissa * 2**MANTISSA_BITS) / 2**MANTISSA_BITS, exponent) + 0.0
    return {"shape": list(array.shape), "v": [repr(float(x)) for x in rounded.reshape(-1)]}


def _canonical(value: object) -> object:
    """A JSON-ready, rounding-tolerant form of a returned value.

    Numbers, numeric arrays and lists or tuples of numbers (or of equal-shaped numeric arrays)
    all become one rounded array form, so ``[0.5, 1.0]``, ``(0.5, 1.0)`` and ``np.array([0.5,
    1.0])`` have the same fingerprint; Python and numpy booleans agree too.
    """
    if isinstance(value, np.bool_):
        value = bool(value)
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, float, np.integer, np.floating)) or (
        isinstance(value, np.ndarray) and value.dtype.kind in "biuf"
    ):
        return _rounded(np.asarray(value, dtype=np.float64))
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (int, float, np.number, np.ndarray)) for v in value):
            try:
                array = np.asarray(value)
            except ValueError:  # ragged
                array = None
            if array is not None and array.dtype.kind in "biuf":
                return _rounded(array.astype(np.float64))
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    return f"<{type(value).__name__}>"


def fingerprint(outcomes: list[object]) -> str:
    """Hash a list of probe outcomes (see the module doc for what an outcome is)."""
    text = json.dumps([_canonical(o) for o in outcomes], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _selected(value: object, select: int | None) -> object:
    if select is None:
        return value
    if isinstance(value, (list, tuple)) and -len(value) <= select < len(value):
        return value[select]
    return ("unselectable", type(value).__name__)


def outcome(result: object, select: int | None = None) -> object:
    """The outcome of one probe from what a call returned.

    ``result`` is either the decoded return value, or a call result with ``value`` and
    ``mutated`` attributes (:class:`autograder.sandbox.client.CallResult`); only the latter lets
    a mistake that changes its arguments in place be recognised.
    """
    if hasattr(result, "value") and hasattr(result, "mutated"):
        value = _selected(result.value, select)
        mutated = sorted(str(name) for name in result.mutated)
        return ("mutated", mutated, value) if mutated else value
    return _selected(result, select)


@cache
def table() -> dict:
    """The fingerprint table shipped with the grader (empty when there is none)."""
    if not DATA.exists():
        return {}
    return json.loads(DATA.read_text(encoding="utf-8")).get("exercises", {})


def decode_probes(entry: dict) -> list[tuple[tuple, dict]]:
    """The probe calls of one exercise entry of the table as (args, kwargs), decoded."""
    return [
        (tuple(protocol.decode(p["args"])), protocol.decode(p["kwargs"]))
        for p in entry.get("probes", [])
    ]


def probes(exercise: str) -> list[tuple[tuple, dict]]:
    """The probe calls of ``exercise`` as (args, kwargs), decoded."""
    return decode_probes(table().get(exercise, {}))


def run_probes(
    call: Callable[[tuple, dict], object],
    calls: list[tuple[tuple, dict]],
    select: int | None = None,
) -> list[object]:
    """Run ``call`` on each probe; an exception becomes ``("raised", kind)``."""
    outcomes: list[object] = []
    for args, kwargs in calls:
        try:
            outcomes.append(outcome(call(args, kwargs), select))
        except StudentProblem as exc:
            outcomes.append(("raised", exc.kind or exc.status))
    return outcomes


def diagnose(exercise: str, call: Callable[[tuple, dict], object]) -> Diagnosis | None:
    """The mistakes ``call`` makes: the catalogued one whose fingerprint matches on the probes,
    else every mistake whose property holds (see :mod:`autograder.properties`), if any.

    ``call(args, kwargs)`` runs the graded function (in the worker) and returns its value or
    its call result (see :func:`outcome`), or raises a StudentProblem.
    """
    entry = table().get(exercise) or {}
    catalogued = {m["name"]: m for m in entry.get("mistakes", [])}
    if entry.get("probes"):
        found = fingerprint(run_probes(call, decode_probes(entry), entry.get("select")))
        for mistake in catalogued.values():
            if mistake.get("fingerprint") == found:
                return Diagnosis(mistake["name"], mistake["misconception"], mistake["hint"])
    named = []
    for check in properties.findings(exercise, call):
        texts = check if "misconception" in check else catalogued.get(check["name"])
        if texts:
            named.append(Diagnosis(check["name"], texts["misconception"], texts["hint"]))
    return replace(named[0], also=tuple(named[1:])) if named else None
