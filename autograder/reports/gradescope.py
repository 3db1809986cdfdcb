"""Gradescope's ``results.json`` (its autograder specification), from a grade."""

from __future__ import annotations

from ..results import GradeResult

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
                "status": "passed" if test.passed else "failed",
                "output": f"[{test.status}] {test.message}".strip(),
                "visibility": HIDDEN_VISIBILITY if test.hidden else "visible",
                "tags": [test.topic, test.exercise, test.status],
            }
        )
    output = f"Score {result.score:g}/{result.max_score:g}. {result.isolation_text}."
    if result.error:
        output += f" The grader could not finish: {result.error}"
    return {
        "score": result.score,
        "max_score": result.max_score,
        "execution_time": round(result.execution_time, 3),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"isolation": list(result.isolation)},
        "tests": tests,
    }
