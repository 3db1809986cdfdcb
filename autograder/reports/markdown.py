"""A Markdown summary for ``$GITHUB_STEP_SUMMARY``: a table per topic, feedback per failed test."""

from __future__ import annotations

from ..core.results import GradeResult
from ..outcomes import Status

ICONS = {
    Status.PASSED: "✅",
    Status.FAILED: "❌",
    Status.NOT_ATTEMPTED: "⬜",
    Status.TIMED_OUT: "⏱️",
    Status.CRASHED: "💥",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(result: GradeResult) -> str:
    """The whole summary as Markdown."""
    lines = [f"## Points: {result.score:g}/{result.max_score:g}", "", result.isolation_text, ""]
    if result.error:
        lines += [f"> The grader could not finish: {_cell(result.error)}", ""]
    topics = result.topics()
    for topic, (score, max_score) in topics.items():
        lines += [
            f"### {topic} ({score:g}/{max_score:g})",
            "",
            "| exercise | status | points |",
            "|---|---|---|",
        ]
        for exercise in result.exercises():
            if exercise.exercise.split(".")[0] == topic:
                icon = ICONS.get(exercise.status, "")
                lines.append(
                    f"| `{exercise.exercise.split('.', 1)[1]}` | {icon} {exercise.status} "
                    f"| {exercise.score:g}/{exercise.max_score:g} |"
                )
        lines.append("")
        failed = [t for t in result.tests if t.topic == topic and not t.passed]
        if failed:
            lines.append("<details><summary>Feedback</summary>\n")
            for test in failed:
                lines.append(f"**{_cell(test.name)}** ({test.status}, 0/{test.max_score:g})\n")
                lines.append("```text\n" + test.message.replace("```", "'''") + "\n```\n")
            lines.append("</details>\n")
    return "\n".join(lines)
