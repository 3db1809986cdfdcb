"""The diagnosis data: fingerprints of every catalogued mistake on its exercise's probes.

``autograder mutation --write-diagnosis`` runs every mistake of :mod:`.catalogue`, in the
sandboxed worker, on its exercise's probe calls and writes the fingerprints, with the probes, the
names and the hints, to ``autograder/diagnosis.json`` (see :mod:`autograder.diagnosis`);
``--check-diagnosis`` fails when that file is not what would be written now.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import diagnosis
from ..contract import EXERCISES, TOPICS
from ..sandbox import protocol
from ..sandbox.client import Sandbox
from .catalogue import catalogue
from .mistakes import Mistake, Probes, mutant_sources, write_submission

PROBE_TIME_LIMIT = 10.0


class DiagnosisDataError(RuntimeError):
    """The probes cannot tell the mistakes apart (or from the reference)."""


def _sandbox(course: Path, source: Path) -> Sandbox:
    hidden = [p for p in (course / "solutions", course / "tests") if p.exists()]
    return Sandbox(source, course / "solutions" / "data", hidden)


def probe_fingerprint(sandbox: Sandbox, exercise: str, probes: Probes) -> str:
    """Fingerprint of the code in ``sandbox`` on the probes of ``exercise``."""
    topic, name = exercise.split(".")
    # Run the probes exactly as the student side will: encoded, then decoded.
    calls = diagnosis.decode_probes(
        {"probes": [protocol.encode_call(a, k) for a, k in probes.calls]}
    )

    def run(args: tuple, kwargs: dict) -> object:
        return sandbox.call(topic, name, args, kwargs, PROBE_TIME_LIMIT)

    return diagnosis.fingerprint(diagnosis.run_probes(run, calls, probes.select))


def _fingerprints(
    course: Path, catalogued: Sequence[Mistake], probe_calls: dict, jobs: int
) -> tuple[dict[str, str], dict[str, str]]:
    """The reference's fingerprint per exercise and each mistake's, ``jobs`` workers at a time."""
    solutions = course / "solutions"
    sources = {m.name: mutant_sources(m, solutions) for m in catalogued}

    def reference() -> dict[str, str]:
        with _sandbox(course, solutions) as sandbox:
            return {
                ex: probe_fingerprint(sandbox, ex, probes) for ex, probes in probe_calls.items()
            }

    def mutant(mistake: Mistake) -> str:
        with tempfile.TemporaryDirectory(prefix="bplab-mutant-") as folder:
            submission = write_submission(sources[mistake.name], Path(folder))
            with _sandbox(course, submission / "exercises") as sandbox:
                return probe_fingerprint(sandbox, mistake.exercise, probe_calls[mistake.exercise])

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        expected_future = pool.submit(reference)
        found = dict(zip([m.name for m in catalogued], pool.map(mutant, catalogued), strict=True))
        return expected_future.result(), found


def _indistinct(
    exercise: str, mistakes: list[Mistake], expected: str, found: dict[str, str]
) -> list[str]:
    """The mistakes of ``exercise`` that the probes cannot tell from the reference or another."""
    problems, seen = [], {}
    for m in mistakes:
        if found[m.name] == expected:
            problems.append(f"{m.name}: behaves like the reference on every probe of {exercise}")
        elif found[m.name] in seen:
            problems.append(
                f"{m.name}: same outputs as {seen[found[m.name]]} on every probe of {exercise}"
            )
        seen.setdefault(found[m.name], m.name)
    return problems


def build_diagnosis(course: Path, jobs: int = 2) -> dict:
    """The content of ``diagnosis.json`` for the catalogue and the solutions in ``course``.

    Every mistake runs in its own sandboxed worker, ``jobs`` at a time.

    Raises
    ------
    DiagnosisDataError
        When a mistake behaves like the reference on its probes, or has the fingerprint of
        another mistake of the same exercise.
    PatchError
        When a mistake no longer fits the solutions.
    """
    catalogued, probe_calls = catalogue().mistakes, catalogue().probes
    expected, found = _fingerprints(course, catalogued, probe_calls, jobs)
    problems = []
    exercises: dict[str, dict] = {}
    for exercise in (f"{t}.{f}" for t in TOPICS for f in EXERCISES[t]):
        mistakes = [m for m in catalogued if m.exercise == exercise]
        if not mistakes:
            continue
        problems += _indistinct(exercise, mistakes, expected[exercise], found)
        probes = probe_calls[exercise]
        exercises[exercise] = {
            "probes": [protocol.encode_call(a, k) for a, k in probes.calls],
            "select": probes.select,
            "mistakes": [
                {
                    "name": m.name,
                    "misconception": m.misconception,
                    "hint": m.hint,
                    "fingerprint": found[m.name],
                }
                for m in mistakes
            ],
        }
    if problems:
        raise DiagnosisDataError(
            "the probes cannot tell these mistakes apart (add or change the probes in "
            "autograder/instructor/catalogue/<topic>.toml):\n  " + "\n  ".join(problems)
        )
    return {"format": diagnosis.FORMAT, "exercises": exercises}


def diagnosis_text(data: dict) -> str:
    """``data`` as the text of ``diagnosis.json``."""
    return json.dumps(data, indent=1, ensure_ascii=True) + "\n"
