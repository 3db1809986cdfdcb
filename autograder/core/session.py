"""Step 6, reports: one grade, from its graded tests' outcomes to the reports written once.

A :class:`GradingSession` holds what one grade needs: the graded code (:mod:`.sandboxed`), the
diagnoser (:mod:`.diagnosing`), each test's result as :mod:`.judging` judged it, the
:class:`~autograder.core.results.GradeResult` with its totals, and the reports it writes when
the grade ends. Adapters (the pytest plugin, ``autograder grade``) only tell it what happened.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from ..outcomes import Status
from ..reports import html
from ..reports.files import ReportError, ReportPaths, write_reports
from ..sandbox.client import ImportFailure
from .calling import Course
from .diagnosing import Diagnoser, fix_first
from .judging import judge
from .results import GradeResult, TestResult
from .sandboxed import GradedCode, SandboxCaller
from .settings import FIGURE_TIME_LIMIT
from .tests import GradedTest

Fatal = Callable[[str], NoReturn]  # ends the grade: the grader itself failed


class GradingSession:
    """One grade of ``submission`` (a folder of topic files) in the course at ``root``."""

    def __init__(
        self,
        root: Path,
        submission: Path,
        *,
        default_limit: float,
        isolation: str,
        reports: ReportPaths,
        started: float | None = None,
    ) -> None:
        self.code = GradedCode(root, submission, isolation)
        self.default_limit = default_limit
        self.reports = reports
        self.started = time.monotonic() if started is None else started
        self.diagnose = Diagnoser(lambda e: self.code.probe_caller(e, default_limit))
        self.results: list[TestResult] = []
        self._import_failures_told: set[tuple[str, bool]] = set()  # (topic, hidden)
        self.final: GradeResult | None = None  # the grade, once finished
        self.report_error: ReportError | None = None  # why a report could not be written
        self.graded_items = 0  # graded tests selected to run
        self.deselected = 0  # graded tests left out by -k, -m, --lf, --deselect
        self.files_left_out = 0  # graded test files not collected (one file given, --lf)
        self.named_tests = False  # tests named on the command line (file.py::test_name)
        self._tests_of: Counter[str] = Counter()  # exercise -> its graded tests collected
        self._passed_of: Counter[str] = Counter()  # exercise -> its tests passed so far
        self._position: dict[str, int] = {}  # nodeid -> place in the collected order

    # --- collect -------------------------------------------------------------------------------
    def expect(self, tests: list[tuple[str, GradedTest]]) -> None:
        """The graded tests collected, as (nodeid, test), in the order they were collected (the
        order of the reports, whatever order they run in)."""
        self._position = {nodeid: i for i, (nodeid, _) in enumerate(tests)}
        self._tests_of = Counter(test.exercise for _, test in tests)

    def proven(self, exercise: str) -> bool:
        """Whether every collected test of ``exercise`` ran and passed."""
        return 0 < self._tests_of[exercise] == self._passed_of[exercise]

    # --- call ----------------------------------------------------------------------------------
    def course(self, test: GradedTest | None, fatal: Fatal, limit: float | None = None) -> Course:
        """The ``course`` of ``test`` (None: an ungraded test, or the figures: the student's own
        code), each call within ``limit`` seconds (default: the test's time limit)."""
        limit = limit or (test.time_limit if test else self.default_limit)
        return Course(SandboxCaller(self.code, test, fatal, self.proven), limit)

    # --- judge, diagnose -----------------------------------------------------------------------
    def record(
        self,
        test: GradedTest,
        nodeid: str,
        raised: BaseException | None,
        *,
        skipped: bool,
        duration: float,
        course: Course | None,
    ) -> TestResult:
        """Judge what ``test`` raised (None: it passed) and keep its result."""
        caller = course.caller if course else None
        used_reference = isinstance(caller, SandboxCaller) and caller.used_reference
        status, message = judge(
            self._told_once(raised, test.exercise, test.hidden or used_reference),
            exercise=test.exercise,
            hidden=test.hidden,
            diagnose=self.diagnose,
            skipped=skipped,
            used_reference=used_reference,
            printed=course.printed if course else [],
        )
        result = TestResult(
            nodeid=nodeid,
            name=test.name,
            exercise=test.exercise,
            max_score=test.points,
            score=test.points if status == Status.PASSED else 0.0,
            status=status,
            hidden=test.hidden,
            message=message,
            duration=round(duration, 4),
        )
        self.results.append(result)
        if status == Status.PASSED:
            self._passed_of[test.exercise] += 1
        if status not in (Status.PASSED, Status.NOT_ATTEMPTED) and self.code.reference is None:
            self.code.note_uses(test.exercise, self.default_limit)
        return result

    def _told_once(
        self, raised: BaseException | None, exercise: str, hidden: bool
    ) -> BaseException | None:
        """A topic's import failure in full the first time a public (or a hidden) test fails
        on it, then in one line."""
        if not isinstance(raised, ImportFailure):
            return raised
        key = (raised.topic, hidden)
        if key in self._import_failures_told:
            return raised.again(exercise)
        self._import_failures_told.add(key)
        return raised

    # --- result --------------------------------------------------------------------------------
    def partial(self) -> str:
        """Why this run graded only part of the tests, or "" when it ran all of them."""
        reasons = []
        if self.deselected:
            reasons.append(f"{self.deselected} graded tests left out (-k, -m or --lf)")
        if self.files_left_out:
            reasons.append(f"{self.files_left_out} test files not run (files named, or --lf)")
        if self.named_tests:
            reasons.append("single tests named")
        if len(self.results) < self.graded_items:
            reasons.append(f"stopped after {len(self.results)} of {self.graded_items} tests (-x)")
        return "; ".join(reasons)

    def result(self) -> GradeResult:
        """The grade: the finished one, or the tests judged so far."""
        if self.final is not None:
            return self.final
        # In an instructor's repository each function was judged on its own: nothing follows.
        ran = sorted(self.results, key=lambda r: self._position.get(r.nodeid, len(self._position)))
        tests = ran if self.code.reference is not None else fix_first(ran, self.code.uses_found)
        return GradeResult(
            tests=list(tests),
            execution_time=round(time.monotonic() - self.started, 3),
            submission=str(self.code.submission),
            isolation=self.code.layers,
            partial=self.partial(),
        )

    # --- reports -------------------------------------------------------------------------------
    def finish(self, fatal: Fatal) -> None:
        """End the grade: draw the figures, stop the worker, write every report once.

        A report that could not be written is kept in :attr:`report_error`.
        """
        figures = None
        if self.results and self.reports.html:
            figures = html.lesson_figures(
                self.result(), self.course(None, fatal, FIGURE_TIME_LIMIT)
            )
        self.code.stop()
        if not self.results:
            return
        self.final = self.result()
        try:
            write_reports(self.final, self.reports, figures)
        except ReportError as exc:
            self.report_error = exc
