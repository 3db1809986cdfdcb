"""What ``pytest`` and ``autograder grade`` print: the feedback of failing exercises, the table."""

from __future__ import annotations

import textwrap

from ..core.results import ExerciseScore, GradeResult
from ..outcomes import Status

FULL_RUN = "run `pytest` in the repository folder without test names, -k, -x or --lf"


def _points(value: float) -> str:
    return f"{value:g}"


def _rows(result: GradeResult, every_exercise: bool) -> list[tuple[str, str, str]]:
    """(what, status, points): one per exercise, or one per topic whose exercises agree."""
    by_topic: dict[str, list[ExerciseScore]] = {}
    for exercise in result.exercises():
        by_topic.setdefault(exercise.exercise.split(".")[0], []).append(exercise)
    rows = []
    for topic, exercises in by_topic.items():
        statuses = {e.status for e in exercises}
        if not every_exercise and len(exercises) > 1 and len(statuses) == 1:
            score = sum(e.score for e in exercises)
            possible = sum(e.max_score for e in exercises)
            label = f"{topic} (all {len(exercises)} exercises)"
            rows.append((label, statuses.pop(), f"{_points(score)}/{_points(possible)}"))
            continue
        rows += [
            (e.exercise, e.status, f"{_points(e.score)}/{_points(e.max_score)}{_needs(result, e)}")
            for e in exercises
        ]
    return rows


def _needs(result: GradeResult, exercise: ExerciseScore) -> str:
    """Beside the points of an exercise that calls failing ones: which, to fix first."""
    needs = sorted({n for t in result.tests if t.exercise == exercise.exercise for n in t.needs})
    if not needs:
        return ""
    more = f" and {len(needs) - 1} more" if len(needs) > 1 else ""
    return f"  (fix {needs[0]}{more} first)"


def table(result: GradeResult, every_exercise: bool = True) -> str:
    """The points table: status and points per exercise, then the total.

    With ``every_exercise`` False, a topic whose exercises all have the same status (all not
    attempted, all passed) takes one line. A partial run says so under its total.
    """
    rows = _rows(result, every_exercise)
    width = max([len(r[0]) for r in rows] + [len("exercise")])
    lines = [f"{'exercise':<{width}}  {'status':<13}  points", "-" * (width + 25)]
    lines += [f"{name:<{width}}  {status:<13}  {points}" for name, status, points in rows]
    lines.append("-" * (width + 25))
    total = "TOTAL (partial run)" if result.partial else "TOTAL"
    lines.append(f"{total:<{width}}  {'':<13}  {_points(result.score)}/{_points(result.max_score)}")
    if result.partial:
        lines.append(f"Partial run: {result.partial}. For the full score, {FULL_RUN}.")
    lines.append(result.isolation_text)
    if result.error:
        lines.append(f"The grader could not finish: {result.error}")
    return "\n".join(lines)


def feedback(result: GradeResult, every_test: bool = False) -> str:
    """The feedback of each exercise that lost points, once (tests not attempted need none).

    An exercise shows its first failing test's message; its other failing tests are named
    after it, or shown in full with ``every_test``.
    """
    blocks = []
    for exercise in result.exercises():
        failing = [
            t
            for t in result.tests
            if t.exercise == exercise.exercise
            and t.status not in (Status.PASSED, Status.NOT_ATTEMPTED)
        ]
        if not failing:
            continue
        head = f"{exercise.exercise} ({_points(exercise.score)}/{_points(exercise.max_score)})"
        lines = [head]
        for test in failing if every_test else failing[:1]:
            lines.append(f"  {test.name} [{test.status}]")
            lines.append(textwrap.indent(test.message.rstrip(), "    "))
        if not every_test and len(failing) > 1:
            others = ", ".join(t.name for t in failing[1:])
            lines.append(f"  also failing: {others}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
