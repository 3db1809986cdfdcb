"""Grade one submission by running the course's graded tests through pytest and the plugin."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from pathlib import Path

import pytest

from .plugin import INFO, STATE
from .reports.files import ReportError, write_reports
from .results import GradeResult

DEADLINE_MARGIN = 30.0  # seconds for starting, collecting and writing reports
CALLS_PER_TEST = 4  # a test's calls and its diagnosis, each within the test's time limit
EXIT_GRADER = 3
# pytest's own plugins that graded tests never use: not importing them, and not running the
# garbage collections of the unraisable-exception plugin at the end, makes every grade faster.
UNUSED_PYTEST_PLUGINS = (
    "doctest unittest legacypath subtests unraisableexception threadexception pastebin junitxml"
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


@contextlib.contextmanager
def _only_our_plugin():
    """Load the autograder plugin and no other installed pytest plugin while grading.

    Other plugins (hypothesis, anyio, ...) add seconds to every grade and nothing to it.
    """
    saved = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield ["-p", "autograder.plugin"]
    finally:
        if saved is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved


class _Collect:
    def __init__(self) -> None:
        self.result: GradeResult | None = None

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        state = session.config.stash.get(STATE, None)
        if state is not None:
            self.result = state.result()


class Watchdog:
    """Ends the grade, with a score-0 report that says why, once its time is up.

    Armed when collection ends, for the sum of the graded tests' limits
    (:data:`CALLS_PER_TEST` times each test's time limit) plus :data:`DEADLINE_MARGIN`: whatever
    happens to the grading process or its worker, ``autograder grade`` exits by then.
    """

    def __init__(self, submission: str, reports: tuple[str | None, ...]) -> None:
        self.submission, self.reports = submission, reports
        self.seconds: float | None = None
        self._timer: threading.Timer | None = None
        self._config: pytest.Config | None = None

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._config = session.config
        limits = [item.stash[INFO].time_limit for item in session.items if INFO in item.stash]
        self.seconds = DEADLINE_MARGIN + CALLS_PER_TEST * sum(limits)
        self._timer = threading.Timer(self.seconds, self.fire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def fire(self) -> None:
        state = self._config.stash.get(STATE, None) if self._config else None
        if state is not None and state._sandbox is not None:
            state._sandbox.close()
        reason = f"the grade did not finish within its deadline of {self.seconds:g} s"
        with contextlib.suppress(ReportError):
            write_reports(failed_grade(self.submission, reason), *self.reports)
        os.write(2, f"autograder grade: the grader failed: {reason}\n".encode())
        os._exit(EXIT_GRADER)


def grade(
    submission: str | None,
    course_root: Path,
    *,
    hidden: bool = False,
    time_limit: float | None = None,
    isolation: str | None = None,
    reports: tuple[str | None, ...] = (),
    html: str | None = None,
) -> GradeResult:
    """Grade ``submission`` ('exercises', 'solutions', a PATH, or None for the default).

    ``reports`` (the results.json, Markdown and JUnit paths) are where the watchdog writes a
    score-0 grade if the deadline passes; the caller writes the real ones. ``html`` is the path
    of the HTML page with figures, which the plugin writes while the worker still runs.

    Raises
    ------
    UsageFailure
        For a submission or option that pytest or the plugin rejected, or ``hidden`` in a copy
        of the course without hidden tests.
    GraderFailure
        When the tests could not run.
    """
    if hidden and not (course_root / "tests" / "hidden").is_dir():
        raise UsageFailure(
            f"--hidden: {course_root} has no tests/hidden/ (a student copy): the instructor "
            "grades with the hidden tests"
        )
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
    if html is not None:
        args += ["--grade-html", str(Path(html).resolve())]
    collector = _Collect()
    watchdog = Watchdog(submission or "", reports)
    output = io.StringIO()
    started = time.monotonic()
    with (
        _only_our_plugin() as plugin,
        contextlib.redirect_stdout(output),
        contextlib.redirect_stderr(output),
    ):
        try:
            code = pytest.main(args + plugin, plugins=[collector, watchdog])
        finally:
            watchdog.cancel()
    if code == pytest.ExitCode.USAGE_ERROR:
        lines = [line for line in output.getvalue().splitlines() if line.strip()]
        raise UsageFailure(
            lines[-1].removeprefix("ERROR: ") if lines else "pytest rejected the options"
        )
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or collector.result is None:
        tail = "\n".join(output.getvalue().strip().splitlines()[-15:])
        raise GraderFailure(f"the graded tests did not run (pytest exit code {int(code)}):\n{tail}")
    result = collector.result
    result.execution_time = round(time.monotonic() - started, 3)
    return result


def failed_grade(submission: str, message: str) -> GradeResult:
    """A score-0 grade that carries why grading failed."""
    return GradeResult(tests=[], error=message, submission=submission)


__all__ = [
    "GraderFailure",
    "UsageFailure",
    "failed_grade",
    "find_course_root",
    "grade",
    "write_reports",
]
