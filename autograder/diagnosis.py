"""Name the catalogued mistake a failing function makes, from fingerprints of its outputs.

For each exercise the instructor's mistake catalogue runs every known wrong variant on a few
fixed probe inputs and stores a fingerprint (a hash of its rounded outputs) in
``diagnosis.json``. When a student's function fails a test, the grader runs it on the same
probes and looks its fingerprint up. The file holds probe inputs, hashes and hint texts only:
no solution code and no expected values, so nothing in it rebuilds a solution.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .outcomes import StudentProblem
from .sandbox import protocol

DATA = Path(__file__).with_name("diagnosis.json")
MANTISSA_BITS = 20  # about six significant digits


@dataclass(frozen=True)
class Diagnosis:
    """A catalogued mistake as the student sees it."""

    name: str
    misconception: str
    hint: str

    def text(self) -> str:
        return f"Likely mistake: {self.misconception} {self.hint}"


def _canonical(value: object) -> object:
    """A JSON-ready, rounding-tolerant form of a returned value."""
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, float, np.integer, np.floating)) or (
        isinstance(value, np.ndarray) and value.dtype.kind in "biuf"
    ):
        array = np.asarray(value, dtype=np.float64)
        mantissa, exponent = np.frexp(array)
        rounded = np.ldexp(np.round(mantissa * 2**MANTISSA_BITS) / 2**MANTISSA_BITS, exponent) + 0.0
        return {"shape": list(array.shape), "v": [repr(float(x)) for x in rounded.reshape(-1)]}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    return f"<{type(value).__name__}>"


def fingerprint(outcomes: list[object]) -> str:
    """Hash a list of probe outcomes (returned values, or ``("raised", type name)``)."""
    text = json.dumps([_canonical(o) for o in outcomes], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def table() -> dict:
    """The fingerprint table shipped with the grader (empty when there is none)."""
    if not DATA.exists():
        return {}
    return json.loads(DATA.read_text(encoding="utf-8")).get("exercises", {})


def probes(exercise: str) -> list[tuple[tuple, dict]]:
    """The probe calls of ``exercise`` as (args, kwargs), decoded."""
    entry = table().get(exercise, {})
    return [
        (tuple(protocol.decode(p["args"])), protocol.decode(p["kwargs"]))
        for p in entry.get("probes", [])
    ]


def run_probes(call: Callable[[tuple, dict], object], calls: list[tuple[tuple, dict]]) -> list[object]:
    """Run ``call`` on each probe; an exception becomes ``("raised", kind)``."""
    outcomes: list[object] = []
    for args, kwargs in calls:
        try:
            outcomes.append(call(args, kwargs))
        except StudentProblem as exc:
            outcomes.append(("raised", exc.kind or exc.status))
    return outcomes


def diagnose(exercise: str, call: Callable[[tuple, dict], object]) -> Diagnosis | None:
    """The catalogued mistake whose fingerprint matches ``call`` on the probes, if any."""
    entry = table().get(exercise)
    if not entry or not entry.get("probes"):
        return None
    found = fingerprint(run_probes(call, probes(exercise)))
    for mistake in entry.get("mistakes", []):
        if mistake.get("fingerprint") == found:
            return Diagnosis(mistake["name"], mistake["misconception"], mistake["hint"])
    return None
