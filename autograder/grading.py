"""Grade one submission by running the course's graded tests through pytest and the plugin."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from pathlib import Path

import pytest

from .core.results import GradeResult
from .core.tests import graded_test_of, only_the_autograder_plugin
from .exit_codes import EXIT_GRADER
from .plugin import GradingHooks
from .reports.files import ReportError, ReportPaths, write_reports

NO_REPORTS = ReportPaths()
REPORT_OPTIONS = ("--grade-json", "--grade-markdown", "--grade-junit", "--grade-html")
DEADLINE_MARGIN = 30.0  # seconds for starting, collecting and writing reports
CALLS_PER_TEST = 4  # a test's calls and its diagnosis, each within the test's time limit
# pytest's own plugins that graded tests never use: not importing them, and not running the
# garbage collections of the unraisable-exception plugin at the end, makes every grade faster.
# Output capture and log capture wrap each of a test's three phases; a grade needs neither, as
# student code prints in the worker (which captures it per call) and this process's own output is
# redirected (``grade``). Together they cost about 0.15 ms a graded test.
UNUSED_PYTEST_PLUGINS = (
    "doctest unittest legacypath subtests unraisableexception threadexception pastebin junitxml "
    "capture logging faulthandler stepwise setuponly setupplan"
).split()


class GraderFailure(RuntimeError):
    """The grader itself could not produce a grade (not the student's fault)."""


class UsageFailure(ValueError):
    """The request was wrong (a bad path or option); the message names the input."""


def find_course_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``tests/public`` (a course repository)."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "tests" / "public").is_dir():
            return folder
    raise UsageFailure(f"no course found at or above {start}: expected a folder with tests/public/")


class Watchdog:
    """Ends the grade, with a score-0 report that says why, once its time is up.

    Armed when collection ends, for the sum of the graded tests' limits
    (:data:`CALLS_PER_TEST` times each test's time limit) plus :data:`DEADLINE_MARGIN`: whatever
    happens to the grading process or its worker, ``autograder grade`` exits by then.
    """

    def __init__(self, submission: str, reports: ReportPaths, hooks: GradingHooks) -> None:
        self.submission, self.reports, self.hooks = submission, reports, hooks
        self.seconds: float | None = None
        self._timer: threading.Timer | None = None

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        tests = [graded_test_of(item) for item in session.items]
        limits = [test.time_limit for test in tests if test is not None]
        self.seconds = DEADLINE_MARGIN + CALLS_PER_TEST * sum(limits)
        self._timer = threading.Timer(self.seconds, self.fire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def fire(self) -> None:
        if self.hooks.session is not None:
            self.hooks.session.code.close()
        reason = f"the grade did not finish within its deadline of {self.seconds:g} s"
        with contextlib.suppress(ReportError):
            write_reports(failed_grade(self.submission, reason), self.reports)
        os.write(2, f"autograder grade: the grader failed: {reason}\n".encode())
        os._exit(EXIT_GRADER)


def grade(
    submission: str | None,
    course_root: Path,
    *,
    hidden: bool = False,
    time_limit: float | None = None,
    isolation: str | None = None,
    reports: ReportPaths = NO_REPORTS,
) -> GradeResult:
    """Grade ``submission`` ('exercises', 'solutions', a PATH, or None for the default).

    The grading core writes the ``reports`` when the grade ends (the HTML page's figures drawn
    while the worker still runs), or a score-0 grade that says why if the deadline passes.

    Raises
    ------
    UsageFailure
        For a submission or option that pytest or the plugin rejected, or ``hidden`` in a copy
        of the course without hidden tests.
    ReportError
        When a report could not be written (the others then hold a score-0 grade).
    GraderFailure
        When the tests could not run.
    """
    if hidden and not (course_root / "tests" / "hidden").is_dir():
        raise UsageFailure(
            f"--hidden: {course_root} has no tests/hidden/ (a student copy): the instructor "
            "grades with the hidden tests"
        )
    args = _pytest_args(submission, course_root, hidden, time_limit, isolation, reports)
    hooks = GradingHooks(started=time.monotonic())
    watchdog = Watchdog(submission or "", reports, hooks)
    output = io.StringIO()
    with (
        only_the_autograder_plugin() as plugin,
        contextlib.redirect_stdout(output),
        contextlib.redirect_stderr(output),
    ):
        try:
            code = pytest.main(args + plugin, plugins=[hooks, watchdog])
        finally:
            watchdog.cancel()
    if code == pytest.ExitCode.USAGE_ERROR:
        lines = [line for line in output.getvalue().splitlines() if line.strip()]
        raise UsageFailure(
            lines[-1].removeprefix("ERROR: ") if lines else "pytest rejected the options"
        )
    session = hooks.session
    if session is not None and session.report_error is not None:
        raise session.report_error
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or session is None:
        tail = "\n".join(output.getvalue().strip().splitlines()[-15:])
        raise GraderFailure(f"the graded tests did not run (pytest exit code {int(code)}):\n{tail}")
    return session.result()


def _pytest_args(
    submission: str | None,
    course_root: Path,
    hidden: bool,
    time_limit: float | None,
    isolation: str | None,
    reports: ReportPaths,
) -> list[str]:
    """pytest's command line for one grade (the plugin itself is loaded by name)."""
    tests = [course_root / "tests" / "public"] + (
        [course_root / "tests" / "hidden"] if hidden else []
    )
    args = [str(t) for t in tests if t.is_dir()]
    args += ["--rootdir", str(course_root), "-p", "no:cacheprovider", "-q", "--tb=no"]
    args += [f"-pno:{name}" for name in UNUSED_PYTEST_PLUGINS]
    # Public and hidden test files share basenames; importlib mode needs no __init__.py for that.
    args += ["--import-mode=importlib"]
    if submission is not None:
        args += ["--impl", submission]
    if time_limit is not None:
        args += ["--time-limit", str(time_limit)]
    if isolation is not None:
        args += ["--isolation", isolation]
    for option, path in zip(REPORT_OPTIONS, reports.all(), strict=True):
        if path:
            args += [option, str(Path(path).resolve())]
    return args


def failed_grade(submission: str, message: str) -> GradeResult:
    """A score-0 grade that carries why grading failed."""
    return GradeResult(tests=[], error=message, submission=submission)


__all__ = [
    "GraderFailure",
    "UsageFailure",
    "failed_grade",
    "find_course_root",
    "grade",
    "ReportPaths",
    "write_reports",
]
