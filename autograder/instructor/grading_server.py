"""The long-lived grading server of ``autograder mutation``: many submissions, one process.

:class:`GradingProcess` starts ``python -c SERVE`` (that is, :func:`serve`) once and sends it one
submission at a time, so Python, numpy and the test modules are loaded once per process, not
once per mutant. A request may name an exercise: then only that exercise's tests are run.

This module is also loaded as a pytest plugin inside the grading processes (``-p``); its hooks
act only when the environment variable ``BPLAB_MUTATION_EXERCISE`` names the exercise whose
tests are to run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..contract import TOPICS
from ..core.results import GradeResult
from ..core.tests import graded_test_of

EXERCISE_ENV = "BPLAB_MUTATION_EXERCISE"
DONE = "BPLAB-MUTATION-DONE"
SERVE = "from autograder.instructor.grading_server import serve; serve()"


def serve() -> None:
    """Grade submissions named on stdin, one JSON request a line, until stdin closes.

    A request is ``{"submission", "course", "out", "exercise"}``; the grade (of the tests of
    ``exercise`` only, when it is not None) is written to ``out`` as :meth:`GradeResult.to_dict`
    and a line ``DONE`` goes to stdout.
    """
    from ..grading import grade

    for line in sys.stdin:
        request = json.loads(line)
        if request.get("exercise"):
            os.environ[EXERCISE_ENV] = request["exercise"]
        else:
            os.environ.pop(EXERCISE_ENV, None)
        try:
            result = grade(request["submission"], Path(request["course"]), hidden=True)
        except Exception as exc:  # report, and stay up for the next request
            result = GradeResult(
                error=f"{type(exc).__name__}: {exc}", submission=request["submission"]
            )
        Path(request["out"]).write_text(json.dumps(result.to_dict()), encoding="utf-8")
        print(DONE, flush=True)


class GradingProcess:
    """One long-lived ``serve()`` process; started on first use, restarted if it dies."""

    def __init__(self, course: Path) -> None:
        self.course = course
        self.process: subprocess.Popen | None = None

    def grade(self, submission: Path, out: Path, exercise: str | None = None) -> GradeResult:
        """Grade ``submission`` (on the tests of ``exercise`` only, unless it is None)."""
        request = {
            "submission": str(submission),
            "course": str(self.course),
            "out": str(out),
            "exercise": exercise,
        }
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVE],
                cwd=self.course,
                env=_grading_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            for line in self.process.stdout:
                if line.strip() == DONE:
                    return GradeResult.from_dict(json.loads(out.read_text(encoding="utf-8")))
        except (BrokenPipeError, OSError):
            pass
        code = self.process.wait()
        self.process = None
        return GradeResult(
            error=f"the grading process ended (exit code {code})", submission=str(submission)
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.stdin.close()  # type: ignore[union-attr]
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process.stdout.close()  # type: ignore[union-attr]
            self.process = None


def _grading_env() -> dict[str, str]:
    """The environment of a grading process: no AUTOGRADER_* or PYTEST_* settings of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOGRADER_", "PYTEST_"))}
    # This module's hooks pick the tests. Pytest's full garbage collections after every session
    # (looking for unraisable exceptions) grow with all a long-lived process holds: skip them.
    env["PYTEST_ADDOPTS"] = f"-p {__name__} -p no:unraisableexception"
    return env


# --- pytest hooks, active in the grading processes only --------------------------------------
def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip ``test_<topic>.py`` of other topics: none of their tests can grade the exercise.

    The plugin takes a test's exercise from its file's topic, unless ``@pytest.mark.exercise``
    says otherwise; so a file that never mentions that marker is skipped safely.
    """
    exercise = os.environ.get(EXERCISE_ENV)
    if not exercise or not collection_path.is_file():
        return None
    topic = collection_path.stem.removeprefix("test_")
    if topic == collection_path.stem or topic not in TOPICS or topic == exercise.split(".")[0]:
        return None
    return None if "mark.exercise" in collection_path.read_text(encoding="utf-8") else True


def _exercise_of(item: pytest.Item) -> str | None:
    """The exercise a collected test grades (None: not a graded test)."""
    test = graded_test_of(item)
    return None if test is None else test.exercise


@pytest.hookimpl(trylast=True)  # after the grader's plugin has told each test's exercise
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep only the tests of the exercise named in ``$BPLAB_MUTATION_EXERCISE``."""
    exercise = os.environ.get(EXERCISE_ENV)
    if not exercise:
        return
    dropped = [item for item in items if _exercise_of(item) != exercise]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if _exercise_of(item) == exercise]
