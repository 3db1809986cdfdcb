"""The graded suite at its two fixed points: the reference scores everything, the stubs nothing.

The stubs in ``exercises/`` are generated from ``solutions/`` (``python -m autograder stubs``);
every test of every topic must report them as "not attempted", never as failed or crashed, so a
student who has not started sees a clean list of what is left to do.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from autograder.contract import EXERCISES
from autograder.core.results import GradeResult
from autograder.grading import grade
from autograder.outcomes import Status

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference() -> GradeResult:
    return grade("solutions", REPO, hidden=True)


def test_reference_solutions_get_full_marks(reference):
    result = reference
    failures = "\n\n".join(
        f"{t.nodeid} [{t.status}]\n{t.message}" for t in result.tests if not t.passed
    )
    assert result.max_score > 0 and not result.error, result.error
    assert result.score == result.max_score, f"{result.score:g}/{result.max_score:g}:\n{failures}"


def test_every_exercise_has_public_and_hidden_tests(reference):
    result = reference
    seen = {(t.exercise, t.hidden) for t in result.tests}
    for topic, names in EXERCISES.items():
        for name in names:
            for hidden in (False, True):
                kind = "hidden" if hidden else "public"
                assert (f"{topic}.{name}", hidden) in seen, f"{topic}.{name} has no {kind} test"
    assert all(float(t.max_score).is_integer() for t in result.tests), "points are integers"


def test_stubs_score_zero_and_every_test_is_not_attempted():
    result = grade("exercises", REPO, hidden=True)
    assert result.tests and not result.error, result.error
    statuses = Counter(t.status for t in result.tests)
    others = "\n\n".join(
        f"{t.nodeid} [{t.status}]\n{t.message}"
        for t in result.tests
        if t.status != Status.NOT_ATTEMPTED
    )
    assert result.score == 0, f"the stubs scored {result.score:g}"
    assert set(statuses) == {Status.NOT_ATTEMPTED}, f"{dict(statuses)}:\n{others}"
