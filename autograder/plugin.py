"""The pytest plugin: pytest's hooks and options, handing every step over to the grading core.

Options: ``--impl`` (the submission), ``--time-limit``, ``--isolation`` and the report paths
``--grade-json``, ``--grade-markdown``, ``--grade-junit``, ``--grade-html``; the ini option
``autograder_time_limit``; the marks ``points``, ``time_limit`` and ``exercise``. What each
means, and in which order settings are read, is in :mod:`autograder.core.settings` and
:mod:`autograder.core.tests`; the pipeline itself in :mod:`autograder.core`.
"""

from __future__ import annotations

import inspect
import time
from pathlib import Path
from typing import NoReturn

import pytest

from .core import settings
from .core.calling import Course
from .core.session import GradingSession
from .core.tests import graded_test_of, read_graded_tests
from .outcomes import Status
from .reports import text
from .reports.files import ReportPaths
from .sandbox.client import isolation_for
from .sandbox.isolation import MODES, IsolationError

# How each status shows in pytest's progress: (category in the final line, letter, -v word).
TEST_STATUS = {
    Status.FAILED: ("failing", "F", ("FAILED", {"red": True})),
    Status.NOT_ATTEMPTED: ("not attempted", "-", ("NOT ATTEMPTED", {"yellow": True})),
    Status.TIMED_OUT: ("timed out", "T", ("TIMED OUT", {"red": True})),
    Status.CRASHED: ("crashed", "C", ("CRASHED", {"red": True})),
}
_HOOKS = pytest.StashKey["GradingHooks"]()
_COURSE = pytest.StashKey[Course]()
_RAISED = pytest.StashKey[BaseException]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autograder", "backprop-lab grading")
    group.addoption(
        "--impl",
        default=None,
        help="the submission to grade: 'exercises', 'solutions', or the PATH of a submission "
        f"(or its exercises/ folder). Default: ${settings.ENV_SUBMISSION}, else solutions/ if "
        "present, else exercises/.",
    )
    group.addoption(
        "--time-limit",
        default=None,
        help=f"seconds one call of student code may take (default: ${settings.ENV_TIME_LIMIT}, "
        f"the ini option autograder_time_limit, else {settings.DEFAULT_TIME_LIMIT:g}).",
    )
    group.addoption(
        "--isolation",
        default=None,
        choices=MODES,
        help="how student code is separated: 'auto' uses every layer this machine offers; "
        "'strict' refuses to grade unless the worker has a uid of its own, or namespaces and "
        f"Landlock (default: ${settings.ENV_ISOLATION}, else auto).",
    )
    group.addoption(
        "--grade-json", default=None, metavar="FILE", help="write Gradescope's results.json here"
    )
    group.addoption(
        "--grade-markdown", default=None, metavar="FILE", help="write a Markdown summary here"
    )
    group.addoption(
        "--grade-junit", default=None, metavar="FILE", help="write the grade as JUnit XML here"
    )
    group.addoption(
        "--grade-html",
        default=None,
        metavar="FILE",
        help="write a self-contained HTML page here: points, feedback, and the lessons' figures "
        "drawn with the graded functions (needs matplotlib)",
    )
    parser.addini("autograder_time_limit", help="default seconds one call of student code may take")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): the test is graded and worth n points")
    config.addinivalue_line(
        "markers", "time_limit(seconds): time limit of each student call in this test"
    )
    config.addinivalue_line("markers", "exercise(name): the 'topic.function' this test grades")
    _run_testpaths_from_any_folder(config)
    plugins = config.pluginmanager.get_plugins()
    handed_in = next((p for p in plugins if isinstance(p, GradingHooks)), None)
    hooks = handed_in or GradingHooks()  # made here unless ``autograder grade`` handed one in
    try:
        hooks.start(config)
    except (settings.SettingError, IsolationError) as exc:
        raise pytest.UsageError(str(exc)) from None
    if handed_in is None:
        config.pluginmanager.register(hooks, "autograder-grading")
    config.stash[_HOOKS] = hooks


def _run_testpaths_from_any_folder(config: pytest.Config) -> None:
    """A bare ``pytest`` in a folder of the course outside its tests (``exercises/``) runs the
    ini's ``testpaths``, as it does at the top: pytest alone would collect nothing there."""
    here = config.invocation_params.dir
    testpaths = [config.rootpath / p for p in config.getini("testpaths")]
    if (
        config.args_source != pytest.Config.ArgsSource.INVOCATION_DIR
        or here == config.rootpath
        or not here.is_relative_to(config.rootpath)
        or not testpaths
        or any(here.is_relative_to(p) for p in testpaths)
    ):
        return
    config.args[:] = [str(p) for p in testpaths if p.exists()]
    config.args_source = pytest.Config.ArgsSource.TESTPATHS


def _graded_failure(exc: Exception) -> Exception:
    """``exc``, what a graded test raised, to be judged; pytest's own exit passes through."""
    if isinstance(exc, pytest.exit.Exception):
        raise exc
    return exc


def _arguments(item: pytest.Function) -> dict[str, object]:
    """The fixture values and parameters the test function takes, as pytest called it with."""
    return {name: item.funcargs[name] for name in inspect.signature(item.obj).parameters}


def _fatal(message: str) -> NoReturn:
    """The grader itself failed (its worker): no grade rather than a wrong one."""
    pytest.exit(message, returncode=pytest.ExitCode.INTERNAL_ERROR)


class GradingHooks:
    """pytest's hooks of one session, each handing over to the core's :class:`GradingSession`.

    ``autograder grade`` hands one in (``pytest.main(plugins=[...])``) and reads its
    :attr:`session` when pytest returns; a plain ``pytest`` run gets one made here.
    """

    def __init__(self, started: float | None = None) -> None:
        self.started = time.monotonic() if started is None else started
        self.session: GradingSession | None = None

    def start(self, config: pytest.Config) -> None:
        """Make the session from the options, environment and ini (bad values: SettingError)."""
        isolation = settings.isolation_mode(config.getoption("isolation"))
        isolation_for(isolation)
        value, source = settings.submission_setting(config.getoption("impl"))
        root = Path(config.rootpath)
        self.session = GradingSession(
            root,
            settings.resolve_submission(value, source, root),
            default_limit=settings.default_time_limit(
                config.getoption("time_limit"), config.getini("autograder_time_limit")
            ),
            isolation=isolation,
            reports=ReportPaths(
                json=config.getoption("grade_json"),
                markdown=config.getoption("grade_markdown"),
                junit=config.getoption("grade_junit"),
                html=config.getoption("grade_html"),
            ),
            started=self.started,
        )

    @property
    def _session(self) -> GradingSession:
        assert self.session is not None, "pytest_configure makes the session"
        return self.session

    def pytest_report_header(self, config: pytest.Config) -> str:
        session = self._session
        return (
            f"autograder: grading {session.code.submission} (isolation: {session.code.isolation})"
        )

    @pytest.hookimpl(tryfirst=True)  # before -k and --lf deselect: every collected test
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        try:
            read_graded_tests(items, self._session.default_limit, Path(config.rootpath))
        except settings.SettingError as exc:
            raise pytest.UsageError(str(exc)) from None
        session = self._session
        session.expect([(item.nodeid, t) for item in items if (t := graded_test_of(item))])
        order = session.code.run_order  # callees first, so that they may be proven
        if order:
            last = len(order)
            items.sort(
                key=lambda i: order.get(t.exercise, last) if (t := graded_test_of(i)) else last
            )
        graded = {Path(item.path) for item in items if graded_test_of(item)}
        self._session.files_left_out = sum(
            1
            for folder in {path.parent for path in graded}
            for path in folder.glob("test_*.py")
            if path not in graded
        )
        self._session.named_tests = any("::" in arg for arg in config.args)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self._session.deselected += sum(1 for item in items if item.get_closest_marker("points"))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        graded = sum(1 for item in session.items if graded_test_of(item))
        self._session.graded_items = graded
        # Start the worker now, so that its numpy import overlaps the rest of pytest's start-up.
        if graded and not session.config.option.collectonly:
            self._session.code.sandbox().launch()

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function):
        """Keep a graded test's exception for judging, and spare pytest rendering its traceback.

        The plugin replaces a graded failure's report anyway; pytest's traceback rendering of
        every failure of a stub run costs several times the run itself.
        """
        if graded_test_of(pyfuncitem) is None:
            return (yield)
        try:
            return (yield)
        except Exception as exc:  # StudentProblem and AssertionError among them
            raised = _graded_failure(exc)
        course = pyfuncitem.stash.get(_COURSE, None)
        if course is not None and course.again_trusted():  # decided with trusted calls
            try:
                return pyfuncitem.obj(**_arguments(pyfuncitem))
            except Exception as exc:
                raised = _graded_failure(exc)
        pyfuncitem.stash[_RAISED] = raised
        pytest.fail(f"{type(raised).__name__}: {raised}"[:200], pytrace=False)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        test = graded_test_of(item)
        if test is None or not (
            report.when == "call" or (report.when == "setup" and not report.passed)
        ):
            return
        raised = None
        if call.excinfo is not None:
            raised = item.stash.get(_RAISED, None) or call.excinfo.value
        result = self._session.record(
            test,
            item.nodeid,
            raised,
            skipped=call.excinfo is not None and call.excinfo.errisinstance(pytest.skip.Exception),
            duration=call.duration,
            course=item.stash.get(_COURSE, None),
        )
        if report.failed or report.skipped:
            report.longrepr = f"[{result.status}] {result.message}"
        report.grade_status = result.status.value  # plain text: read by pytest_report_teststatus

    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config):
        """Statuses in pytest's progress and final line: a stub is "not attempted", not "failed"."""
        return TEST_STATUS.get(getattr(report, "grade_status", None))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.session is None:  # the options were refused
            return
        self._session.finish(_fatal)
        if self._session.report_error is not None:
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR

    def pytest_terminal_summary(self, terminalreporter, config) -> None:  # noqa: ANN001
        """The feedback of every failing exercise, once, before pytest's final line."""
        if not self._session.results:
            return
        feedback = text.feedback(self._session.result(), every_test=config.getoption("verbose") > 0)
        if feedback:
            terminalreporter.section("feedback")
            terminalreporter.write_line(feedback)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """The points table, last: after the final line pytest prints when the session ends."""
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if (
            self.session is not None
            and self.session.results
            and reporter is not None
            and not config.option.collectonly
        ):
            reporter.section("points")
            reporter.write_line(
                text.table(self._session.result(), every_exercise=config.getoption("verbose") > 0)
            )


@pytest.fixture
def course(request: pytest.FixtureRequest) -> Course:
    """Student code of the graded submission: ``course.<topic>.<function>(...)``."""
    session = request.config.stash[_HOOKS]._session
    course = session.course(graded_test_of(request.node), _fatal)
    request.node.stash[_COURSE] = course
    return course
