"""The points table printed at the end of ``pytest`` and by ``autograder grade``."""

from __future__ import annotations

from ..results import GradeResult


def _points(value: float) -> str:
    return f"{value:g}"


def table(result: GradeResult) -> str:
    """One line per exercise: status, points earned and possible; then the total."""
    rows = [
        (e.exercise, e.status, f"{_points(e.score)}/{_points(e.max_score)}")
        for e in result.exercises()
    ]
    width = max([len(r[0]) for r in rows] + [len("exercise")])
    lines = [f"{'exercise':<{width}}  {'status':<13}  points", "-" * (width + 25)]
    lines += [f"{name:<{width}}  {status:<13}  {points}" for name, status, points in rows]
    lines.append("-" * (width + 25))
    lines.append(
        f"{'TOTAL':<{width}}  {'':<13}  {_points(result.score)}/{_points(result.max_score)}"
    )
    lines.append(result.isolation_text)
    if result.error:
        lines.append(f"The grader could not finish: {result.error}")
    return "\n".join(lines)
