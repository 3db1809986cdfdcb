"""Grade one Gradescope submission; run by ``run_autograder`` with the grader's virtual environment.

Usage: ``python grade_submission.py ROOT`` (ROOT is ``/autograder``). Finds the topic files in
``ROOT/submission`` (a flat upload, a repository or a GitHub upload, perhaps one folder down),
grades them with ``autograder grade --hidden --isolation strict`` against ``ROOT/source/course``
and leaves a valid ``ROOT/results/results.json``: the grade, or score 0 and the reason. What
it prints goes to Gradescope's stdout, which only instructors see.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from autograder.exit_codes import EXIT_BELOW, EXIT_OK
from autograder.grading import failed_grade
from autograder.reports.files import ReportPaths, write_reports
from autograder.submission import SubmissionNotFound, find_exercises

GRADE_SECONDS = 540  # under Gradescope's default limit of 10 minutes per submission


def _valid(path: Path) -> bool:
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(results, dict) and isinstance(results.get("tests"), list)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no message"


def grade(root: Path) -> str | None:
    """Grade ``root/submission`` into ``root/results/results.json``; the failure, or None."""
    results = root / "results" / "results.json"
    course = root / "source" / "course"
    results.unlink(missing_ok=True)
    try:
        exercises = find_exercises(root / "submission")
    except SubmissionNotFound as exc:
        return f"{exc}. Upload your topic files (activations.py, ...) or your repository."
    command = [sys.executable, "-m", "autograder", "grade", str(exercises), "--hidden"]
    command += ["--isolation", "strict", "--course", str(course), "--json", str(results)]
    try:
        done = subprocess.run(
            command,
            cwd=course,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GRADE_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return f"grading took more than {GRADE_SECONDS} s"
    print(done.stdout[-20000:], done.stderr[-20000:], sep="\n")
    if done.returncode not in (EXIT_OK, EXIT_BELOW):
        if _valid(results):  # the grader's own score-0 report, with its reason
            return None
        return f"the grader failed (exit {done.returncode}): {_last_line(done.stderr)}"
    return None if _valid(results) else "the grader wrote no valid results.json"


def main(root: Path) -> None:
    results = root / "results" / "results.json"
    try:
        problem = grade(root)
    except Exception as exc:  # noqa: BLE001 - Gradescope must always get a report
        problem = f"{type(exc).__name__}: {exc}"
    if problem is not None:
        print(f"grade_submission: {problem}", file=sys.stderr)
        write_reports(failed_grade("submission", problem), ReportPaths(json=str(results)))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
