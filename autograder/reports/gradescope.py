"""Gradescope's ``results.json``, from a grade.

The fields are those of Gradescope's autograder specification (``docs/specs.md`` of
gradescope/autograder_samples, "Output format"), which has no top-level ``max_score``: the
maximum is the sum of the tests' ``max_score``.
"""

from __future__ import annotations

from ..core.results import GradeResult
from ..outcomes import Status

HIDDEN_VISIBILITY = "after_published"


def results_json(result: GradeResult) -> dict:
    """Gradescope's result document: totals, one entry per test, hidden tests held back."""
    tests = []
    for number, test in enumerate(result.tests, start=1):
        tests.append(
            {
                "name": test.name,
                "number": str(number),
                "score": test.score,
                "max_score": test.max_score,
                "status": str(Status.PASSED if test.passed else Status.FAILED),
                "output": f"[{test.status}] {test.message}".strip(),
                "visibility": HIDDEN_VISIBILITY if test.hidden else "visible",
                "tags": [test.topic, test.exercise, test.status],
            }
        )
    score = f"Score {result.score:g}/{result.max_score:g}. " if result.tests else ""
    output = f"{score}{result.isolation_text}."
    if result.error:
        output += f" The grader could not finish: {result.error}"
    return {
        "score": result.score,
        "execution_time": round(result.execution_time, 3),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"isolation": list(result.isolation)},
        "tests": tests,
    }
