"""Step 4, diagnose: which catalogued mistake a failing function makes, and what to fix first.

:class:`Diagnoser` runs a failing exercise on the probe inputs of ``diagnosis.json`` (see
:mod:`autograder.diagnosis`) once per grade, whoever runs the code (the sandbox worker, or a
notebook's kernel). :func:`fix_first` adds, in a student's own run, which failing functions a
failing test's function calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .. import diagnosis
from ..outcomes import Status
from .results import TestResult

ProbeCaller = Callable[[tuple, dict], object]  # runs the student's function on one probe


class Diagnoser:
    """Names the catalogued mistake of an exercise, looked up once per grade.

    ``probe_caller(exercise)`` gives the call that runs the student's own ``exercise``.
    """

    def __init__(self, probe_caller: Callable[[str], ProbeCaller]) -> None:
        self._probe_caller = probe_caller
        self._found: dict[str, diagnosis.Diagnosis | None] = {}

    def __call__(self, exercise: str) -> diagnosis.Diagnosis | None:
        if exercise not in self._found:
            try:
                self._found[exercise] = diagnosis.diagnose(exercise, self._probe_caller(exercise))
            except Exception:  # diagnosis is a courtesy: never let it change the grade
                self._found[exercise] = None
        return self._found[exercise]


def fix_first(tests: list[TestResult], uses: dict[str, set[str]]) -> list[TestResult]:
    """The results, a failing test of F first naming the failing functions F calls.

    ``uses`` holds the contract functions each exercise reaches. Only the first causes are
    named: a failing function that itself calls a failing one is left out for that one.
    """
    failing = {t.exercise for t in tests if not t.passed}
    needs = {e: uses.get(e, set()) & failing - {e} for e in failing}
    roots = {e: {n for n in found if not needs.get(n)} or found for e, found in needs.items()}
    noted = []
    for test in tests:
        stuck = test.passed or test.status == Status.NOT_ATTEMPTED  # a stub says so itself
        causes = [] if stuck else sorted(roots.get(test.exercise, ()))
        if causes:
            short = test.exercise.split(".")[1]
            names = ", ".join(f"{n.split('.')[1]}()" for n in causes)
            verb = ("fails its", "that") if len(causes) == 1 else ("fail their", "them")
            first = f"{short}() calls {names}, which {verb[0]} own tests: fix {verb[1]} first."
            test = dataclasses.replace(test, message=f"{first}\n{test.message}", needs=causes)
        noted.append(test)
    return noted
