"""Export the course as an nbgrader course: ``autograder nbgrader export COURSE_DIR``.

The export writes, from the same ``solutions/`` and ``tests/`` the pytest grader uses:

* ``COURSE_DIR/nbgrader_config.py``: course id, gradebook database, cell time-out;
* ``COURSE_DIR/source/<assignment>/<topic>.ipynb``, one notebook per topic;
* next to the notebooks, files every notebook needs (nbgrader releases them to students and puts
  its own copies back before it grades, so a student cannot change them): ``course_support.py``
  (a copy of :mod:`autograder.instructor.nbgrader_support`) with ``course_support.json`` (the
  default time limit), the part of the ``autograder`` package the notebooks run (the grading
  core's steps that run in a notebook: :mod:`autograder.core.in_process`, ``judging``,
  ``diagnosing``, with the checks, outcomes, plain-data protocol, course functions and the
  diagnosis table; see :data:`RUNTIME_FILES`), and ``data/``.

How a notebook is laid out, and why
-----------------------------------
* A markdown cell with the topic module's docstring, then a locked set-up cell with the module's
  imports. Notebooks cannot import each other relatively (``from .activations import softmax``),
  so ``course_support`` installs an importer for the package ``notebooks``:
  ``from notebooks.activations import softmax`` runs the set-up, given and answer cells of the
  student's own ``activations.ipynb`` (never its test cells or scratch cells). A topic therefore
  builds on the student's own earlier functions, exactly like ``exercises/backprop.py`` imports
  ``exercises/activations.py`` in the pytest version. Shipping the reference functions instead
  would leak them into the release.
* One answer cell per exercise function, copied from ``solutions/<topic>.py`` with its
  ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers; nbgrader's ``generate_assignment`` turns
  each region into ``raise NotImplementedError()``, like ``autograder stubs``. Given code (data
  loaders, private helpers outside the markers) goes into locked cells; a private helper inside
  markers at module level gets an answer cell of its own.
* Test cells follow the function they grade. Each holds one graded test (one case of a
  parametrized test) verbatim, under the cell magic ``%%graded public`` or ``%%graded hidden``,
  and carries that test's points. The magic runs the cell in a namespace of its own per test
  module (so a test helper named like an exercise, e.g. ``relative_error``, never replaces the
  student's function) and calls the test with a ``course`` object whose ``course.<topic>.<fn>``
  calls the notebook's functions through the grading core, as the sandboxed fixture does: the
  same :class:`~autograder.core.calling.Course`, an in-process caller instead of the sandbox,
  and the same judging and diagnosis, so a test's status and message are the grader's. Hidden tests sit between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``; the module-level code of the hidden
  test file is a 0-point test cell at the top. ``import pytest`` in the tests becomes a stand-in
  that supports the marks and ``pytest.param`` (anything else is refused at export).

Trust: in nbgrader mode student code runs in nbgrader's kernel, under the grader's account and
without the sandbox of ``autograder grade``, and it shares that kernel with the tests, so code that
patches the tests can forge its grade. That is nbgrader's model; grade with
``autograder grade-class`` when the grade must be trusted. A call that runs past the test's time
limit is interrupted (SIGALRM); code that ignores the interruption is stopped by nbgrader's cell
time-out (``Execute.timeout``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..contract import TOPICS
from ..core.tests import CollectionError, GradedTest, collect
from ..exit_codes import EXIT_GRADER, EXIT_OK, EXIT_USAGE
from .nbgrader_notebooks import (
    ExportError,
    TopicModule,
    build_notebook,
    parse_test_module,
    parse_topic,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

DEFAULT_ASSIGNMENT = "backprop-lab"
DEFAULT_COURSE_ID = "backprop-lab"
SUPPORTED_MARKS = frozenset({"points", "time_limit", "exercise", "parametrize"})
# The part of the grader a notebook needs, relative to the autograder package: the grading core's
# steps that run in a notebook (call in process, judge, diagnose) and what they and the tests use.
RUNTIME_FILES = (
    "__init__.py",
    "checks.py",
    "cleaning.py",
    "contract.py",
    "diagnosis.py",
    "diagnosis.json",
    "outcomes.py",
    "properties.py",
    "properties.json",
    "setting_forms.py",
    "core/__init__.py",
    "core/calling.py",
    "core/diagnosing.py",
    "core/in_process.py",
    "core/judging.py",
    "core/results.py",
    "sandbox/__init__.py",
    "sandbox/course_functions.py",
    "sandbox/protocol.py",
)
SUPPORT = Path(__file__).with_name("nbgrader_support.py")  # copied as course_support.py


class ExportUsageError(ExportError):
    """The request itself is wrong (unknown topic, existing assignment...): nothing was written."""


# --- the graded tests, as pytest collects them -----------------------------------------------
@dataclass(frozen=True)
class ExportedTest:
    """One graded test item (one case of a parametrized test), as a notebook cell holds it."""

    path: Path
    function: str
    case: tuple[int, ...] | None  # per parametrize mark, innermost decorator first
    case_id: str
    test: GradedTest

    @property
    def points(self) -> float:
        return self.test.points

    @property
    def hidden(self) -> bool:
        return self.test.hidden

    @property
    def exercise(self) -> str:
        return self.test.exercise

    @property
    def time_limit(self) -> float:
        return self.test.time_limit

    @property
    def name(self) -> str:
        return self.test.name


def _argnames(spec: object) -> list[str]:
    if isinstance(spec, str):
        return [name.strip() for name in spec.split(",") if name.strip()]
    return [str(name) for name in spec]  # type: ignore[union-attr]


def _case_index(mark, params: dict) -> int | None:  # noqa: ANN001
    """Index in ``mark``'s argvalues of the values in ``params`` (the very objects)."""
    names = _argnames(mark.kwargs.get("argnames", mark.args[0] if mark.args else ()))
    argvalues = mark.kwargs.get("argvalues", mark.args[1] if len(mark.args) > 1 else ())
    for index, value in enumerate(argvalues):
        if type(value).__name__ == "ParameterSet":
            values = tuple(value.values)
        else:
            values = (value,) if len(names) == 1 else tuple(value)
        if len(values) != len(names):
            continue
        if all(v is params[n] for v, n in zip(values, names, strict=True)):
            return index
    return None


def _exported(item: pytest.Item, test: GradedTest, problems: list[str]) -> ExportedTest | None:
    """The test as a notebook cell can hold it; what a notebook cannot reproduce goes to
    ``problems``."""
    function = getattr(item, "function", None)
    if function is None or getattr(item, "cls", None) is not None:
        problems.append(f"{item.nodeid}: only module-level test functions can be exported")
        return None
    unsupported = {m.name for m in item.iter_markers()} - SUPPORTED_MARKS
    if unsupported:
        problems.append(
            f"{item.nodeid}: the notebook export supports the marks "
            f"{sorted(SUPPORTED_MARKS)}, not {sorted(unsupported)}"
        )
    own = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
    if len(own) != len(list(item.iter_markers("parametrize"))):
        problems.append(f"{item.nodeid}: parametrize marks must sit on the test function itself")
    case = None
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        for mark in own:
            extra = set(mark.kwargs) - {"ids", "argnames", "argvalues"}
            if extra:
                problems.append(
                    f"{item.nodeid}: parametrize options {sorted(extra)} are not exported"
                )
        case = tuple(_case_index(m, callspec.params) for m in own)
        if None in case:
            problems.append(f"{item.nodeid}: cannot tell which parametrize case this is")
    allowed = {"course", "request", *(callspec.params if callspec is not None else ())}
    fixtures = set(item.fixturenames) - allowed
    if fixtures:
        problems.append(
            f"{item.nodeid}: uses the fixtures {sorted(fixtures)}; a notebook provides "
            "only 'course' and parametrized arguments"
        )
    return ExportedTest(
        path=Path(item.path).resolve(),
        function=item.originalname,
        case=case,  # type: ignore[arg-type]
        case_id=callspec.id if callspec is not None else "",
        test=test,
    )


def collect_tests(course_root: Path) -> tuple[list[ExportedTest], float]:
    """The graded tests of ``course_root`` (:func:`autograder.core.tests.collect`), as cells.

    Returns
    -------
    tests : list of ExportedTest
        In collection order (file by file, top to bottom).
    default_limit : float
        The default time limit of one call, in seconds.

    Raises
    ------
    ExportError
        When collection fails or a test uses a pytest feature a notebook cannot reproduce.
    """
    try:
        collection = collect(course_root)
    except CollectionError as exc:
        raise ExportError(str(exc)) from None
    problems: list[str] = []
    tests = [_exported(item, test, problems) for item, test in collection.items]
    if problems:
        shown = problems[:20]
        more = len(problems) - len(shown)
        raise ExportError("\n".join(shown + ([f"... and {more} more"] if more else [])))
    return [t for t in tests if t is not None], collection.default_limit


# --- the whole export ----------------------------------------------------------------------------
@dataclass
class ExportSummary:
    """What an export wrote."""

    assignment_dir: Path
    config: Path
    config_written: bool
    notebooks: dict[str, tuple[int, float, float]]  # topic -> (test cells, public, hidden points)


def config_source(course_id: str, timeout: int) -> str:
    """The text of ``nbgrader_config.py``."""
    return f'''"""nbgrader configuration of the {course_id} course.

Written by 'autograder nbgrader export'.

Paths are relative to this file, so the course folder can move.
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file
_here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = _here
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_here, "gradebook.db")
# Seconds one cell may run. Each call of student code also stops at its test's time limit.
c.Execute.timeout = {timeout}
# The same stub as 'autograder stubs' writes into exercises/.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
'''


def _dependencies(modules: dict[str, TopicModule], topics: list[str]) -> None:
    chosen = set(topics)
    for topic in topics:
        missing = [d for d in modules[topic].depends if d not in chosen]
        if missing:
            raise ExportUsageError(
                f"{topic} imports {', '.join(missing)}: export those topics too "
                f"(--topics {','.join(sorted(chosen | set(missing), key=TOPICS.index))})"
            )


def export_course(
    course_root: Path,
    course_dir: Path,
    *,
    assignment: str = DEFAULT_ASSIGNMENT,
    topics: list[str] | None = None,
    force: bool = False,
    course_id: str = DEFAULT_COURSE_ID,
) -> ExportSummary:
    """Write ``course_dir`` as an nbgrader course holding one assignment of the course's topics.

    Parameters
    ----------
    course_root : Path
        The course repository (``solutions/`` and ``tests/``).
    course_dir : Path
        The nbgrader course folder to write (created if missing).
    assignment : str
        The assignment's name (a folder name: letters, digits, ``-``, ``_``, ``.``).
    topics : list of str or None
        The topics to export, each with the topics it imports (default: all of them).
    force : bool
        Replace an existing ``source/<assignment>`` and ``nbgrader_config.py``.

    Raises
    ------
    ExportError
        For a bad request (existing assignment, unknown topic, missing dependency) or a course the
        export cannot translate; nothing is written then.
    """
    topics = _checked_request(course_root, assignment, topics)
    solutions = course_root / "solutions"
    target = course_dir / "source" / assignment
    config = course_dir / "nbgrader_config.py"
    modules = {t: parse_topic(solutions / f"{t}.py", t) for t in topics}
    _dependencies(modules, topics)
    if target.exists() and any(target.iterdir()) and not force:
        raise ExportUsageError(f"{target} exists; pass --force to replace it")
    tests, default_limit = collect_tests(course_root)
    graded_files = _graded_files(course_root, topics, tests)
    notebooks = {}
    summary = {}
    for topic in topics:
        mine = [t for t in tests if t.path in graded_files and t.path.stem == f"test_{topic}"]
        files = sorted({t.path for t in mine}, key=lambda p: p.parent.name != "public")
        test_modules = {
            path: parse_test_module(path, topic, {t.function for t in mine if t.path == path})
            for path in files
        }
        notebooks[topic] = build_notebook(modules[topic], mine, test_modules)
        summary[topic] = (
            len(mine),
            sum(t.points for t in mine if not t.hidden),
            sum(t.points for t in mine if t.hidden),
        )
    _write_assignment(course_dir, assignment, notebooks, default_limit, solutions)
    timeout = max(30, int(3 * max([default_limit] + [t.time_limit for t in tests])))
    written = force or not config.exists()
    if written:
        config.write_text(config_source(course_id, timeout), encoding="utf-8")
    return ExportSummary(target, config, written, summary)


def _checked_request(course_root: Path, assignment: str, topics: list[str] | None) -> list[str]:
    """The topics to export, once the request is known to be sound (else ExportUsageError)."""
    topics = list(TOPICS) if topics is None else list(dict.fromkeys(topics))
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise ExportUsageError(f"unknown topic(s) {unknown}; the course has {', '.join(TOPICS)}")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", assignment):
        raise ExportUsageError(
            "--assignment: expected a folder name of letters, digits, '.', '-', '_', "
            f"got {assignment!r}"
        )
    if not (course_root / "solutions").is_dir():
        raise ExportUsageError(f"{course_root}: no solutions/ folder (not the course repository?)")
    return topics


def _graded_files(course_root: Path, topics: list[str], tests: list[ExportedTest]) -> set[Path]:
    """The test files of ``topics``; a graded test of theirs elsewhere is an ExportError."""
    graded_files = {
        course_root.resolve() / "tests" / kind / f"test_{t}.py"
        for t in topics
        for kind in ("public", "hidden")
    }
    stray = sorted(
        {
            str(t.path)
            for t in tests
            if t.exercise.split(".")[0] in topics and t.path not in graded_files
        }
    )
    if stray:
        raise ExportError(
            "graded tests of the exported topics outside tests/<public|hidden>/test_<topic>.py: "
            f"{stray}"
        )
    return graded_files


def _write_assignment(
    course_dir: Path,
    assignment: str,
    notebooks: dict[str, NotebookNode],
    default_limit: float,
    solutions: Path,
) -> None:
    """Write ``source/<assignment>``: the notebooks, the support module and the part of the
    grader it runs, and the data; into a temporary folder first, then moved into place."""
    import nbformat

    target = course_dir / "source" / assignment
    course_dir.mkdir(parents=True, exist_ok=True)
    (course_dir / "source").mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{assignment}-", dir=course_dir / "source"))
    try:
        for topic, notebook in notebooks.items():
            nbformat.write(notebook, str(staging / f"{topic}.ipynb"))
        shutil.copyfile(SUPPORT, staging / "course_support.py")
        settings = {"default_time_limit": float(default_limit)}
        (staging / "course_support.json").write_text(json.dumps(settings) + "\n", encoding="utf-8")
        package = Path(__file__).resolve().parents[1]
        for name in RUNTIME_FILES:
            if (package / name).is_file():
                (staging / "autograder" / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(package / name, staging / "autograder" / name)
        if (solutions / "data").is_dir():
            shutil.copytree(
                solutions / "data", staging / "data", ignore=shutil.ignore_patterns("__pycache__")
            )
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --- command line --------------------------------------------------------------------------------
def add_parser(subparsers) -> None:  # noqa: ANN001 - argparse's private type
    """Register ``autograder nbgrader export``."""
    parser = subparsers.add_parser(
        "nbgrader",
        help="export the course as an nbgrader course",
        description="Work with nbgrader (the 'nbgrader' extra: pip install -e '.[nbgrader]').",
    )
    commands = parser.add_subparsers(dest="nbgrader_command", metavar="COMMAND", required=True)
    export = commands.add_parser(
        "export",
        help="write an nbgrader course: nbgrader_config.py and source/<assignment>/<topic>.ipynb",
        description="Write an nbgrader course from solutions/ and tests/: one notebook per topic "
        "with answer cells (### BEGIN SOLUTION markers) and autograded test cells carrying the "
        "tests' points "
        "(hidden tests inside ### BEGIN HIDDEN TESTS). Then run 'nbgrader generate_assignment' and "
        "'nbgrader autograde' in COURSE_DIR. In nbgrader mode student code runs in nbgrader's "
        "kernel beside the tests, without the sandbox of 'autograder grade' (nbgrader's model: "
        "use 'autograder grade-class' for grades that must be trusted).",
        epilog="Exit codes: 0 written, 2 usage error (nothing written), 3 the course could not "
        "be exported.",
    )
    export.add_argument(
        "course_dir", type=Path, metavar="COURSE_DIR", help="the nbgrader course folder to write"
    )
    export.add_argument(
        "--assignment",
        default=DEFAULT_ASSIGNMENT,
        help=f"assignment name (default {DEFAULT_ASSIGNMENT})",
    )
    export.add_argument(
        "--topics",
        default=None,
        metavar="T1,T2",
        help="comma-separated topics to export, with the topics they import (default: all six)",
    )
    export.add_argument(
        "--course", type=Path, default=None, help="the course repository (default: found from here)"
    )
    export.add_argument(
        "--course-id",
        default=DEFAULT_COURSE_ID,
        help=f"nbgrader course id (default {DEFAULT_COURSE_ID})",
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace an existing source/<assignment> and nbgrader_config.py",
    )
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    from ..grading import UsageFailure, find_course_root

    try:
        import nbformat  # noqa: F401
    except ImportError:
        print(
            "autograder nbgrader export: needs nbformat; install the extra: "
            "pip install -e '.[nbgrader]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        root = args.course.resolve() if args.course else find_course_root(Path.cwd())
    except UsageFailure as exc:
        print(f"autograder nbgrader export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    topics = [t.strip() for t in args.topics.split(",") if t.strip()] if args.topics else None
    try:
        summary = export_course(
            root,
            args.course_dir.resolve(),
            assignment=args.assignment,
            topics=topics,
            force=args.force,
            course_id=args.course_id,
        )
    except ExportUsageError as exc:
        print(f"autograder nbgrader export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExportError as exc:
        print(f"autograder nbgrader export: {exc}", file=sys.stderr)
        return EXIT_GRADER
    except OSError as exc:
        print(f"autograder nbgrader export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for topic, (cells, public, hidden) in summary.notebooks.items():
        print(
            f"wrote {summary.assignment_dir / (topic + '.ipynb')}: {cells} test cells, "
            f"{public:g} public + {hidden:g} hidden points"
        )
    print(f"{'wrote' if summary.config_written else 'kept'} {summary.config}")
    course = summary.config.parent
    print(
        f"next: cd {course} && nbgrader generate_assignment {summary.assignment_dir.name} "
        f"&& nbgrader autograde {summary.assignment_dir.name}"
    )
    return EXIT_OK
