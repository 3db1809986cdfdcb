"""The pytest plugin: points, visibility, time limits, the sandboxed ``course`` fixture, reports.

Settings are read in this order (the first that is set wins), and a bad value is an error that
names where it came from:

* which code is graded: ``--impl`` > ``$AUTOGRADER_IMPL`` > ``solutions`` when a ``solutions/``
  package sits beside ``exercises/`` (the instructor's repository) > ``exercises``;
* a call's time limit: ``@pytest.mark.time_limit(s)`` > ``--time-limit`` >
  ``$AUTOGRADER_TIME_LIMIT`` > the ini option ``autograder_time_limit`` > 5 seconds.

Graded tests carry ``@pytest.mark.points(n)``; tests under a ``hidden`` folder are hidden. A
test's docstring is what the student reads; the exercise it grades is the contract function its
name starts with (``test_sigmoid_prime_...``), or ``@pytest.mark.exercise("topic.function")``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import diagnosis
from .checks import in_place_failure
from .contract import EXERCISES, GIVEN, TOPICS, exercise_for_test
from .feedback import ImportFailuresTold, with_earlier_output
from .outcomes import NOT_ATTEMPTED, CheckFailure, StudentProblem, printed
from .reference import load_reference
from .reports import html, text
from .reports.files import ReportError, write_atomically, write_reports
from .results import GradeResult, TestResult
from .sandbox import protocol
from .sandbox.client import CallResult, NoTrustedCall, Sandbox, WorkerFailure, isolation_for
from .sandbox.course_functions import FUNCTIONS
from .sandbox.isolation import MODES, IsolationError
from .sandbox.protocol import CourseFunction, Rng

DEFAULT_TIME_LIMIT = 5.0
FIGURE_TIME_LIMIT = 120.0  # one call drawing a figure: training the digits classifier
ENV_IMPL = "AUTOGRADER_IMPL"
ENV_TIME_LIMIT = "AUTOGRADER_TIME_LIMIT"
ENV_ISOLATION = "AUTOGRADER_ISOLATION"
GRADED_DIRS = ("public", "hidden")
TRUSTED_NOTE = "Checked with the course's own versions of the other functions involved:"
# How each status shows in pytest's progress: (category in the final line, letter, -v word).
TEST_STATUS = {
    "failed": ("failing", "F", ("FAILED", {"red": True})),
    NOT_ATTEMPTED: ("not attempted", "-", ("NOT ATTEMPTED", {"yellow": True})),
    "timed out": ("timed out", "T", ("TIMED OUT", {"red": True})),
    "crashed": ("crashed", "C", ("CRASHED", {"red": True})),
}


@dataclass(frozen=True)
class Graded:
    """What the plugin knows of one graded test."""

    points: float
    exercise: str
    hidden: bool
    time_limit: float
    name: str


INFO = pytest.StashKey[Graded]()
COURSE = pytest.StashKey["Course"]()
STATE = pytest.StashKey["GradingState"]()
RAISED = pytest.StashKey[BaseException]()
TRUSTED = pytest.StashKey[bool]()  # the test used reference functions: show no values
# The contract's functions, as a function's code may reach them.
COURSE_NAMES = frozenset(
    f"{t}.{name}" for t in TOPICS for name in (*EXERCISES[t], *GIVEN.get(t, ()))
)


# --- settings --------------------------------------------------------------------------------
def positive_seconds(value: object, source: str) -> float:
    """Parse a time limit; the error names where the bad value came from."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise pytest.UsageError(
            f"{source}: expected a positive number of seconds, got {value!r}"
        ) from None
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        raise pytest.UsageError(f"{source}: expected a positive number of seconds, got {value!r}")
    return seconds


def resolve_impl(value: str | None, source: str, root: Path) -> Path:
    """The folder of topic files to grade, from ``exercises``, ``solutions`` or a PATH."""
    if value is None:
        value = (
            "solutions"
            if (root / "solutions" / "__init__.py").is_file() and (root / "exercises").is_dir()
            else "exercises"
        )
        source = "default"
    if value in ("exercises", "solutions"):
        folder = root / value
        if not folder.is_dir():
            raise pytest.UsageError(f"{source}: {value!r} means {folder}, which does not exist")
        return folder
    path = Path(os.path.abspath(Path(value).expanduser()))  # links stay visible to the sandbox
    if (path / "exercises").is_dir():
        return path / "exercises"
    if path.is_dir() and any((path / f"{t}.py").exists() for t in TOPICS):
        return path
    raise pytest.UsageError(
        f"{source}: expected 'exercises', 'solutions' or a submission folder holding exercises/, got {value!r}"
    )


def default_time_limit(config: pytest.Config) -> float:
    option = config.getoption("time_limit")
    if option is not None:
        return positive_seconds(option, "--time-limit")
    if os.environ.get(ENV_TIME_LIMIT):
        return positive_seconds(os.environ[ENV_TIME_LIMIT], f"${ENV_TIME_LIMIT}")
    ini = config.getini("autograder_time_limit")
    if ini:
        return positive_seconds(ini, "ini option autograder_time_limit")
    return DEFAULT_TIME_LIMIT


# --- hooks -----------------------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autograder", "backprop-lab grading")
    group.addoption(
        "--impl",
        default=None,
        help="code to grade: 'exercises', 'solutions', or the PATH of a submission "
        f"(or its exercises/ folder). Default: ${ENV_IMPL}, else solutions/ if present, else exercises/.",
    )
    group.addoption(
        "--time-limit",
        default=None,
        help=f"seconds one call of student code may take (default: ${ENV_TIME_LIMIT}, "
        f"the ini option autograder_time_limit, else {DEFAULT_TIME_LIMIT:g}).",
    )
    group.addoption(
        "--isolation",
        default=None,
        choices=MODES,
        help="how student code is separated: 'auto' uses every layer this machine offers; "
        "'strict' refuses to grade unless the worker has a uid of its own, or namespaces and "
        f"Landlock (default: ${ENV_ISOLATION}, else auto).",
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
    state = GradingState(config)
    try:
        isolation_for(state.isolation)
    except IsolationError as exc:
        raise pytest.UsageError(str(exc)) from None
    if config.getoption("impl") is not None or os.environ.get(ENV_IMPL):
        state.impl  # noqa: B018 - a bad --impl or $AUTOGRADER_IMPL is a usage error right away
    config.stash[STATE] = state
    config.pluginmanager.register(state, "autograder-grading")


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


def _marker_number(item: pytest.Item, name: str) -> float | None:
    marks = list(item.iter_markers(name))
    if not marks:
        return None
    mark = marks[0]
    if (
        len(mark.args) != 1
        or mark.kwargs
        or isinstance(mark.args[0], bool)
        or not isinstance(mark.args[0], (int, float))
        or not mark.args[0] > 0
    ):
        raise pytest.UsageError(
            f"{item.nodeid}: @pytest.mark.{name} takes one positive number, got "
            f"args={mark.args!r} kwargs={mark.kwargs!r}"
        )
    return float(mark.args[0])


def _known_markers(config: pytest.Config) -> set[str]:
    return {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}


def _graded_info(item: pytest.Item, default_limit: float, root: Path) -> Graded | None:
    points = _marker_number(item, "points")
    if points is not None:
        unknown = {m.name for m in item.iter_markers()} - _known_markers(item.config)
        if unknown:
            raise pytest.UsageError(
                f"{item.nodeid}: unknown marker(s) {', '.join(sorted(unknown))}; "
                "graded tests may use points, time_limit, exercise and pytest's own markers"
            )
    try:
        parts = Path(item.path).resolve().relative_to(root).parts
    except ValueError:
        parts = Path(item.path).parts
    in_graded_dir = any(p in GRADED_DIRS for p in parts[:-1])
    if points is None:
        if in_graded_dir:
            raise pytest.UsageError(
                f"{item.nodeid}: a test under tests/public or tests/hidden needs @pytest.mark.points(n)"
            )
        return None
    marks = list(item.iter_markers("exercise"))
    if marks:
        exercise = marks[0].args[0] if len(marks[0].args) == 1 else None
        topic, _, function = str(exercise).partition(".")
        if function not in EXERCISES.get(topic, ()) + GIVEN.get(topic, ()):
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.exercise needs a 'topic.function' of the course, got {marks[0].args!r}"
            )
    else:
        topic = Path(item.path).stem.removeprefix("test_")
        exercise = exercise_for_test(topic, getattr(item, "originalname", item.name))
        if exercise is None:
            raise pytest.UsageError(
                f"{item.nodeid}: cannot tell which exercise this test grades; name it test_<function>_... "
                "in tests/<public|hidden>/test_<topic>.py or add @pytest.mark.exercise('topic.function')"
            )
    limit = _marker_number(item, "time_limit") or default_limit
    doc = (getattr(item, "obj", None).__doc__ or "").strip() if getattr(item, "obj", None) else ""
    name = doc.split("\n\n")[0].replace("\n", " ").strip() if doc else item.name
    if "[" in item.name:
        name = f"{name} [{item.name.split('[', 1)[1]}"
    return Graded(points, str(exercise), "hidden" in parts[:-1], limit, " ".join(name.split()))


class Course:
    """The ``course`` fixture: ``course.<topic>.<function>(...)`` runs student code in the worker.

    In an instructor's repository (where the reference is at hand), a call of another function
    than the one the test grades is answered by the reference, and the graded function runs with
    the reference versions of the others it calls; such a test's failure shows no values.
    """

    def __init__(
        self,
        state: GradingState,
        info: Graded | None,
        node: pytest.Item | None = None,
        time_limit: float | None = None,
    ) -> None:
        self._state, self._info, self._node = state, info, node
        self._limit = time_limit or (info.time_limit if info else state.default_limit)
        self.last_output = ""
        self.last_warnings: list[str] = []
        self.printed: list[str] = []  # what each call of this test printed, when it printed

    def __getattr__(self, topic: str) -> _Topic:
        return _Topic(self, topic)

    @property
    def once(self) -> _Once:
        """``course.once.<topic>.<function>(...)``: a call made once per grade for the same
        arguments; a later test making it again judges the same reply (see ``Sandbox.call``)."""
        return _Once(self)

    def given(self, name: str) -> CourseFunction:
        """A function of the worker's ``course_functions``, to pass as an argument."""
        return CourseFunction(name)

    def rng(self, seed: int) -> Rng:
        """A ``numpy.random.default_rng(seed)``, built in the worker."""
        return Rng(seed)

    def call(self, topic: str, name: str, args: tuple, kwargs: dict, reuse: bool = False) -> object:
        exercise = f"{topic}.{name}"
        reference = self._state.reference
        if reference is not None and self._node and self._info and exercise != self._info.exercise:
            self._node.stash[TRUSTED] = True
            return reference[exercise](*_fresh(args), **_fresh(kwargs))
        try:
            result = self._call_student(topic, name, args, kwargs, reuse)
        except WorkerFailure as exc:  # the grader's fault: no grade rather than a wrong one
            pytest.exit(f"autograder: {exc}", returncode=pytest.ExitCode.INTERNAL_ERROR)
        self.last_output, self.last_warnings = result.output, result.warnings
        if result.output.strip():
            self.printed.append(result.output)
        if result.mutated:
            failure = in_place_failure(name, result.mutated, args, kwargs)
            failure.function = exercise
            raise failure
        return result.value

    def _call_student(
        self, topic: str, name: str, args: tuple, kwargs: dict, reuse: bool
    ) -> CallResult:
        sandbox = self._state.sandbox()
        call = functools.partial(sandbox.call, topic, name, args, kwargs, self._limit, reuse=reuse)
        if not sandbox.trusted_calls or self._node is None:  # figures: the student's own code
            return call()
        try:
            others = self._state.uses(topic, name, self._limit) - {f"{topic}.{name}"}
        except StudentProblem:
            others = {"(its topic did not import)"}  # perhaps through another topic: trust them
        if not others:
            return call()
        self._node.stash[TRUSTED] = True
        try:  # what it printed with reference values is not shown
            return dataclasses.replace(call(trusted=True), output="")
        except NoTrustedCall:  # it hands a function of its own to another: its own, then
            return call()


def _fresh(value: object) -> object:
    """A copy of test arguments as the worker would get them (generators and course functions)."""
    return protocol.decode(protocol.encode(value), functions=FUNCTIONS)


class _Once:
    def __init__(self, course: Course) -> None:
        self._course = course

    def __getattr__(self, topic: str) -> _Topic:
        return _Topic(self._course, topic, reuse=True)


class _Topic:
    def __init__(self, course: Course, topic: str, reuse: bool = False) -> None:
        if topic not in TOPICS:
            raise AttributeError(f"the course has no topic {topic!r}; it has {', '.join(TOPICS)}")
        self._course, self._topic, self._reuse = course, topic, reuse

    def __getattr__(self, name: str):
        if name not in EXERCISES[self._topic] + GIVEN.get(self._topic, ()):
            raise AttributeError(f"{self._topic} has no function {name!r} in the course contract")

        def call(*args: object, **kwargs: object) -> object:
            return self._course.call(self._topic, name, args, kwargs, self._reuse)

        call.__name__ = name
        return call


class GradingState:
    """Per-session state: the sandbox, the graded tests' info and their results."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.root = Path(config.rootpath)
        self.results: list[TestResult] = []
        self.started = time.monotonic()
        self._sandbox: Sandbox | None = None
        self._impl: Path | None = None
        self._diagnoses: dict[str, diagnosis.Diagnosis | None] = {}
        self.default_limit = default_time_limit(config)
        self.isolation = config.getoption("isolation") or os.environ.get(ENV_ISOLATION) or "auto"
        self._uses: dict[str, set[str]] = {}
        self._import_failures = ImportFailuresTold()
        self.graded_items = 0  # graded tests selected to run
        self.deselected = 0  # graded tests left out by -k, -m, --lf, --deselect
        self.files_left_out = 0  # graded test files not collected (one file given, --lf)
        self.named_tests = False  # tests named on the command line (file.py::test_name)

    @property
    def impl(self) -> Path:
        if self._impl is None:
            option = self.config.getoption("impl")
            if option is not None:
                self._impl = resolve_impl(option, "--impl", self.root)
            else:
                self._impl = resolve_impl(
                    os.environ.get(ENV_IMPL) or None, f"${ENV_IMPL}", self.root
                )
        return self._impl

    @functools.cached_property
    def reference(self) -> dict | None:
        """The reference functions, where this is an instructor's repository grading another
        submission than the reference itself; else None."""
        folder = self.root / "solutions"
        graded_is_reference = self.impl.resolve() == folder.resolve()
        found = (folder / "__init__.py").is_file() and not graded_is_reference
        return load_reference(folder) if found else None

    def uses(self, topic: str, name: str, limit: float) -> set[str]:
        """The contract functions the submitted function reaches, as "topic.name" (once each)."""
        key = f"{topic}.{name}"
        if key not in self._uses:
            self._uses[key] = self.sandbox().uses(topic, name, limit) & COURSE_NAMES
        return self._uses[key]

    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            data = next(
                (
                    d
                    for d in (self.root / "exercises" / "data", self.root / "solutions" / "data")
                    if d.is_dir()
                ),
                None,
            )
            hidden = [self.root / "solutions", self.root / "tests"]
            self._sandbox = Sandbox(
                self.impl,
                data,
                [p for p in hidden if p.exists()],
                isolation=self.isolation,
                reference=self.reference,
            )
        return self._sandbox

    # hooks ---------------------------------------------------------------------------------
    def pytest_report_header(self, config: pytest.Config) -> str:
        return f"autograder: grading {self.impl} (isolation: {self.isolation})"

    @pytest.hookimpl(tryfirst=True)  # before -k and --lf deselect: every collected test
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        for item in items:
            info = _graded_info(item, self.default_limit, self.root)
            if info is not None:
                item.stash[INFO] = info
        graded = [Path(item.path) for item in items if INFO in item.stash]
        self.files_left_out = sum(
            1
            for folder in {path.parent for path in graded}
            for path in folder.glob("test_*.py")
            if path not in set(graded)
        )
        self.named_tests = any("::" in arg for arg in config.args)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += sum(1 for item in items if item.get_closest_marker("points"))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.graded_items = sum(1 for item in session.items if INFO in item.stash)
        # Start the worker now, so that its numpy import overlaps the rest of pytest's start-up.
        if (
            any(INFO in item.stash for item in session.items)
            and not session.config.option.collectonly
        ):
            self.sandbox().launch()

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function):
        """Keep a graded test's exception for judging, and spare pytest rendering its traceback.

        The plugin replaces a graded failure's report anyway; pytest's traceback rendering of
        every failure of a stub run costs several times the run itself.
        """
        if INFO not in pyfuncitem.stash:
            return (yield)
        try:
            return (yield)
        except (StudentProblem, AssertionError, Exception) as exc:
            if isinstance(
                exc, (pytest.fail.Exception, pytest.skip.Exception, pytest.exit.Exception)
            ):
                raise
            pyfuncitem.stash[RAISED] = exc
            pytest.fail(f"{type(exc).__name__}: {exc}"[:200], pytrace=False)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        info = item.stash.get(INFO, None)
        if info is None:
            return
        if report.when == "call" or (report.when == "setup" and not report.passed):
            trusted = item.stash.get(TRUSTED, False) and not info.hidden
            judged = dataclasses.replace(info, hidden=True) if trusted else info
            course = item.stash.get(COURSE, None)
            raised = self._import_failures.told(item.stash.get(RAISED, None), judged)
            if not judged.hidden and course is not None:
                raised = with_earlier_output(raised, course.printed)
            status, message = self._judge(judged, call, raised)
            if trusted:  # made with reference functions: their values are not the student's
                message = message.replace("Hidden test:", TRUSTED_NOTE, 1)
            if status == "failed" and not judged.hidden and course and course.printed:
                if not isinstance(item.stash.get(RAISED, None), StudentProblem):
                    message += "\n" + printed("".join(course.printed))
            result = TestResult(
                nodeid=item.nodeid,
                name=info.name,
                exercise=info.exercise,
                max_score=info.points,
                score=info.points if status == "passed" else 0.0,
                status=status,
                hidden=info.hidden,
                message=message,
                duration=round(call.duration, 4),
            )
            self.results.append(result)
            if status not in ("passed", NOT_ATTEMPTED) and self.reference is None:
                self._note_calls(info)
            if report.failed or report.skipped:
                report.longrepr = f"[{status}] {message}"
            report.grade_status = status  # read by pytest_report_teststatus

    def _judge(
        self, info: Graded, call: pytest.CallInfo, raised: BaseException | None
    ) -> tuple[str, str]:
        if call.excinfo is None:
            return "passed", ""
        exc = raised if raised is not None else call.excinfo.value
        if call.excinfo.errisinstance(pytest.skip.Exception):
            return "failed", "skipped: " + str(exc)
        if isinstance(exc, StudentProblem):
            # Some catalogued mistakes raise (log(0), a wrong axis): look those up too.
            found = self._diagnose(exc.function) if exc.status == "failed" and exc.kind else None
            note = f"\n{found.text()}" if found else ""
            if info.hidden:
                where = exc.traceback.strip().splitlines()[0].strip() if exc.traceback else ""
                first = (
                    exc.message
                    if exc.status != "failed" or not exc.kind
                    else f"your code raised {exc.kind}"
                )
                return exc.status, f"Hidden test: {first}" + (f" ({where})" if where else "") + note
            return exc.status, _clip(
                exc.message + note + "\n" + exc.describe().removeprefix(exc.message).lstrip("\n")
            )
        if isinstance(exc, CheckFailure):
            found = self._diagnose(exc.function or info.exercise)
            unmatched = "" if _about_form(exc.prop) else "No known mistake matches your output."
            note = found.text() if found else unmatched
            if info.hidden:
                return "failed", f"Hidden test: {exc.prop}\n{note}"
            return "failed", _clip("\n".join(p for p in (exc.prop, note, exc.detail) if p))
        if isinstance(exc, AssertionError):
            if info.hidden:
                return "failed", "Hidden test: a hidden check of this exercise failed."
            return "failed", _clip(str(exc) or "a check failed")
        if info.hidden:
            return "failed", "Hidden test: the result could not be checked"
        return "failed", _clip(f"the result could not be checked: {type(exc).__name__}: {exc}")

    def _diagnose(self, exercise: str) -> diagnosis.Diagnosis | None:
        """The catalogued mistake ``exercise`` makes, looked up once per session."""
        if exercise not in self._diagnoses:
            topic, _, name = exercise.partition(".")
            sandbox = self.sandbox()
            try:
                self._diagnoses[exercise] = diagnosis.diagnose(
                    exercise,
                    lambda args, kwargs: sandbox.call(
                        topic, name, args, kwargs, self.default_limit
                    ),
                )
            except Exception:  # diagnosis is a courtesy: never let it change the grade
                self._diagnoses[exercise] = None
        return self._diagnoses[exercise]

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

    def _note_calls(self, info: Graded) -> None:
        """Ask which contract functions a failing exercise reaches (in a student's own run)."""
        if self._sandbox is not None:
            topic, _, name = info.exercise.partition(".")
            with contextlib.suppress(StudentProblem, WorkerFailure):
                self.uses(topic, name, self.default_limit)

    def _with_dependencies(self) -> list[TestResult]:
        """The results, a failing test of F first naming the failing functions F calls.

        Only the first causes are named: a failing function that itself calls a failing one
        is left out for that one.
        """
        if self.reference is not None:  # each function was judged on its own: nothing follows
            return list(self.results)
        failing = {t.exercise for t in self.results if not t.passed}
        needs = {e: self._uses.get(e, set()) & failing - {e} for e in failing}
        roots = {e: {n for n in found if not needs.get(n)} or found for e, found in needs.items()}
        tests = []
        for test in self.results:
            stuck = test.passed or test.status == NOT_ATTEMPTED  # a stub says so itself
            causes = [] if stuck else sorted(roots.get(test.exercise, ()))
            if causes:
                short = test.exercise.split(".")[1]
                names = ", ".join(f"{n.split('.')[1]}()" for n in causes)
                verb = ("fails its", "that") if len(causes) == 1 else ("fail their", "them")
                first = f"{short}() calls {names}, which {verb[0]} own tests: fix {verb[1]} first."
                test = dataclasses.replace(test, message=f"{first}\n{test.message}", needs=causes)
            tests.append(test)
        return tests

    def result(self) -> GradeResult:
        return GradeResult(
            tests=self._with_dependencies(),
            execution_time=round(time.monotonic() - self.started, 3),
            submission=str(self._impl or ""),
            isolation=list(self._sandbox.layers) if self._sandbox else [],
            partial=self.partial(),
        )

    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config):
        """Statuses in pytest's progress and final line: a stub is "not attempted", not "failed"."""
        status = getattr(report, "grade_status", None)
        if status in TEST_STATUS:
            return TEST_STATUS[status]
        return None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        html_path = self.config.getoption("grade_html")
        if self.results and html_path:
            result = self.result()
            figures = html.lesson_figures(result, Course(self, None, time_limit=FIGURE_TIME_LIMIT))
            try:
                write_atomically(html_path, html.page(result, figures))
            except OSError:
                session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
        if self._sandbox is not None:
            self._sandbox.stop()
        if not self.results:
            return
        result = self.result()
        try:
            write_reports(
                result,
                json_path=self.config.getoption("grade_json"),
                markdown_path=self.config.getoption("grade_markdown"),
                junit_path=self.config.getoption("grade_junit"),
            )
        except ReportError:
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR

    def pytest_terminal_summary(self, terminalreporter, exitstatus, config) -> None:
        """The feedback of every failing exercise, once, before pytest's final line."""
        if not self.results:
            return
        feedback = text.feedback(self.result(), every_test=config.getoption("verbose") > 0)
        if feedback:
            terminalreporter.section("feedback")
            terminalreporter.write_line(feedback)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """The points table, last: after the final line pytest prints when the session ends."""
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if self.results and reporter is not None and not config.option.collectonly:
            reporter.section("points")
            reporter.write_line(
                text.table(self.result(), every_exercise=config.getoption("verbose") > 0)
            )


def _about_form(prop: str) -> bool:
    """A failed check of a result's type, shape or dtype, or of inputs changed in place: the
    mistake catalogue, which matches values, has nothing to say about those."""
    return any(
        word in prop for word in ("should return", "should hold", "dtype", "shape", "in place")
    )


def _clip(message: str, limit: int = 3000) -> str:
    return message if len(message) <= limit else message[: limit - 20] + "\n... (cut short)"


@pytest.fixture
def course(request: pytest.FixtureRequest) -> Course:
    """Student code of the graded submission: ``course.<topic>.<function>(...)``."""
    state = request.config.stash[STATE]
    course = Course(state, request.node.stash.get(INFO, None), request.node)
    request.node.stash[COURSE] = course
    return course
