"""Export the course as an nbgrader course: ``autograder nbgrader export COURSE_DIR``.

The export writes, from the same ``solutions/`` and ``tests/`` the pytest grader uses:

* ``COURSE_DIR/nbgrader_config.py``: course id, gradebook database, cell time-out;
* ``COURSE_DIR/source/<assignment>/<topic>.ipynb``, one notebook per topic;
* next to the notebooks, files every notebook needs (nbgrader releases them to students and puts
  its own copies back before it grades, so a student cannot change them): ``course_support.py``
  (written from :data:`SUPPORT_SOURCE`), the part of the ``autograder`` package the tests import
  (the checks, outcomes, plain-data protocol, course functions and mistake catalogue), and
  ``data/``.

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
  calls the notebook's functions the way the sandboxed fixture does: arguments and results pass
  through the same plain-data protocol, mutated arguments fail the test, NotImplementedError
  means "not attempted", and each call has the test's time limit. Hidden tests sit between
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
import ast
import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..contract import EXERCISES, TOPICS
from .stubs import BEGIN, END, MarkerError, find_regions

if TYPE_CHECKING:
    from nbformat import NotebookNode

DEFAULT_ASSIGNMENT = "backprop-lab"
DEFAULT_COURSE_ID = "backprop-lab"
SUPPORTED_MARKS = frozenset({"points", "time_limit", "exercise", "parametrize"})
SUPPORTED_PYTEST = frozenset({"mark", "param"})
PYTEST_STAND_IN = "from course_support import pytest  # a stand-in: marks and pytest.param"
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
# The part of the grader a notebook needs, relative to the autograder package.
RUNTIME_FILES = (
    "__init__.py",
    "checks.py",
    "contract.py",
    "diagnosis.py",
    "diagnosis.json",
    "outcomes.py",
    "sandbox/__init__.py",
    "sandbox/course_functions.py",
    "sandbox/protocol.py",
)
GRADE_ID_LIMIT = 100
EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 3


class ExportError(ValueError):
    """The course cannot be exported as asked; the message names the input at fault."""


class ExportUsageError(ExportError):
    """The request itself is wrong (unknown topic, existing assignment...): nothing was written."""


# --- the graded tests, as pytest collects them -----------------------------------------------
@dataclass(frozen=True)
class GradedTest:
    """One graded test item (one case of a parametrized test)."""

    path: Path
    function: str
    case: tuple[int, ...] | None  # per parametrize mark, innermost decorator first
    case_id: str
    points: float
    hidden: bool
    exercise: str
    name: str
    time_limit: float


class _Recorder:
    """A pytest plugin that keeps what the autograder plugin learnt about each collected test."""

    def __init__(self) -> None:
        self.tests: list[GradedTest] = []
        self.problems: list[str] = []
        self.default_limit = 5.0

    @staticmethod
    def _argnames(spec: object) -> list[str]:
        if isinstance(spec, str):
            return [name.strip() for name in spec.split(",") if name.strip()]
        return [str(name) for name in spec]  # type: ignore[union-attr]

    @classmethod
    def _case_index(cls, mark, params: dict) -> int | None:  # noqa: ANN001
        """Index in ``mark``'s argvalues of the values in ``params`` (the very objects)."""
        names = cls._argnames(mark.kwargs.get("argnames", mark.args[0] if mark.args else ()))
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

    @pytest.hookimpl(trylast=True)  # after the autograder plugin has read the marks
    def pytest_collection_modifyitems(self, session, config, items) -> None:  # noqa: ANN001
        from ..plugin import INFO, STATE

        state = config.stash.get(STATE, None)
        if state is not None:
            self.default_limit = state.default_limit
        for item in items:
            info = item.stash.get(INFO, None)
            if info is None:
                continue
            function = getattr(item, "function", None)
            if function is None or getattr(item, "cls", None) is not None:
                self.problems.append(
                    f"{item.nodeid}: only module-level test functions can be exported"
                )
                continue
            unsupported = {m.name for m in item.iter_markers()} - SUPPORTED_MARKS
            if unsupported:
                self.problems.append(
                    f"{item.nodeid}: the notebook export supports the marks "
                    f"{sorted(SUPPORTED_MARKS)}, not {sorted(unsupported)}"
                )
            own = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
            if len(own) != len(list(item.iter_markers("parametrize"))):
                self.problems.append(
                    f"{item.nodeid}: parametrize marks must sit on the test function itself"
                )
            case = None
            callspec = getattr(item, "callspec", None)
            if callspec is not None:
                for mark in own:
                    extra = set(mark.kwargs) - {"ids", "argnames", "argvalues"}
                    if extra:
                        self.problems.append(
                            f"{item.nodeid}: parametrize options {sorted(extra)} are not exported"
                        )
                case = tuple(self._case_index(m, callspec.params) for m in own)
                if None in case:
                    self.problems.append(
                        f"{item.nodeid}: cannot tell which parametrize case this is"
                    )
            allowed = {"course", "request", *(callspec.params if callspec is not None else ())}
            fixtures = set(item.fixturenames) - allowed
            if fixtures:
                self.problems.append(
                    f"{item.nodeid}: uses the fixtures {sorted(fixtures)}; a notebook provides "
                    "only 'course' and parametrized arguments"
                )
            self.tests.append(
                GradedTest(
                    path=Path(item.path).resolve(),
                    function=item.originalname,
                    case=case,
                    case_id=callspec.id if callspec is not None else "",
                    points=info.points,
                    hidden=info.hidden,
                    exercise=info.exercise,
                    name=info.name,
                    time_limit=info.time_limit,
                )
            )


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of the block."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def collect_tests(course_root: Path) -> tuple[list[GradedTest], float]:
    """Collect the graded tests of ``course_root`` with pytest and the autograder plugin.

    Returns
    -------
    tests : list of GradedTest
        In collection order (file by file, top to bottom).
    default_limit : float
        The default time limit of one call, in seconds, as the plugin resolved it.

    Raises
    ------
    ExportError
        When collection fails or a test uses a pytest feature a notebook cannot reproduce.
    """
    folders = [course_root / "tests" / name for name in ("public", "hidden")]
    args = [str(f) for f in folders if f.is_dir()]
    if not args:
        raise ExportError(f"{course_root}: no tests/public or tests/hidden folder to export")
    args += ["--collect-only", "-q", "--rootdir", str(course_root), "-p", "no:cacheprovider"]
    # Only the autograder plugin: other installed plugins cost time and change nothing here.
    args += ["--impl", "solutions", "-p", "autograder.plugin"]
    recorder = _Recorder()
    output = io.StringIO()
    with _environment(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"), contextlib.redirect_stdout(output):
        with contextlib.redirect_stderr(output):
            code = pytest.main(args, plugins=[recorder])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        tail = "\n".join(output.getvalue().strip().splitlines()[-15:])
        raise ExportError(
            f"collecting the graded tests failed (pytest exit code {int(code)}):\n{tail}"
        )
    if recorder.problems:
        shown = recorder.problems[:20]
        more = len(recorder.problems) - len(shown)
        raise ExportError("\n".join(shown + ([f"... and {more} more"] if more else [])))
    return recorder.tests, recorder.default_limit


# --- test modules ------------------------------------------------------------------------------
@dataclass
class TestModule:
    """A test file split into module-level code and test functions (source text)."""

    path: Path
    setup: str
    functions: dict[str, str]
    course_names: set[str] = field(default_factory=set)


def _check_pytest_use(tree: ast.Module, path: Path) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "pytest":
            raise ExportError(f"{path}:{node.lineno}: use 'import pytest' (the export replaces it)")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "pytest" and alias.asname not in (None, "pytest"):
                    raise ExportError(f"{path}:{node.lineno}: import pytest without renaming it")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "pytest"
        ):
            if node.attr not in SUPPORTED_PYTEST:
                raise ExportError(
                    f"{path}:{node.lineno}: pytest.{node.attr} has no stand-in in the notebooks; "
                    f"tests may use {', '.join('pytest.' + n for n in sorted(SUPPORTED_PYTEST))}"
                )


def _course_calls(tree: ast.AST, topic: str) -> set[str]:
    """Names ``f`` of every ``course.<topic>.f`` in ``tree``."""
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == topic
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id == "course"
        ):
            names.add(node.attr)
    return names


def parse_test_module(path: Path, topic: str, tests: set[str]) -> TestModule:
    """Split ``path`` into its module-level code and the source of each function in ``tests``."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    _check_pytest_use(tree, path)
    lines = source.splitlines()
    functions: dict[str, str] = {}
    removed: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in tests:
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            functions[node.name] = "\n".join(lines[start - 1 : node.end_lineno])
            removed.update(range(start - 1, node.end_lineno))
    kept = []
    for number, line in enumerate(lines):
        if number in removed:
            continue
        if re.fullmatch(r"import pytest\s*", line):
            line = PYTEST_STAND_IN
        kept.append(line)
    setup = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    module_calls = _course_calls(ast.parse(setup or "pass"), topic)
    return TestModule(path, setup, functions, module_calls)


# --- the topic module ----------------------------------------------------------------------------
@dataclass
class Chunk:
    """A run of top-level code of a topic module that becomes one notebook cell."""

    kind: str  # "exercise", "helper" (solution region at module level) or "given"
    name: str
    source: str
    binds: set[str]
    uses: set[str]


@dataclass
class TopicModule:
    """A topic's solution module, cut into notebook cells."""

    topic: str
    docstring: str
    header: str
    chunks: list[Chunk]
    depends: list[str]


def _bound_names(nodes: list[ast.stmt]) -> set[str]:
    names = set()
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return names


def _used_names(nodes: list[ast.stmt]) -> set[str]:
    return {
        n.id
        for node in nodes
        for n in ast.walk(node)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }


def _relative_imports(header: str, topic: str, path: Path) -> tuple[str, list[str]]:
    """Rewrite ``from .x import ...`` to ``from notebooks.x import ...``; return the topics used."""
    depends = []
    out = []
    for line in header.splitlines():
        match = re.match(r"from \.(\w*) import ", line)
        if match:
            if not match.group(1) or match.group(1) not in TOPICS:
                raise ExportError(
                    f"{path}: cannot translate {line.strip()!r}: "
                    "import topics as 'from .<topic> import ...'"
                )
            depends.append(match.group(1))
            line = "from notebooks." + line[len("from .") :]
        elif re.match(r"from \.", line):
            raise ExportError(f"{path}: cannot translate {line.strip()!r}")
        out.append(line)
    return "\n".join(out), depends


def parse_topic(path: Path, topic: str) -> TopicModule:
    """Cut ``solutions/<topic>.py`` into a header, exercise cells, given cells and helper cells.

    Raises
    ------
    ExportError
        For markers that do not pair up, an exercise function without a solution region, or an
        exercise of the contract that the file does not define.
    """
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    try:
        regions = find_regions(source, str(path))
    except MarkerError as exc:
        raise ExportError(str(exc)) from None
    top_regions = [r for r in regions if not r.indent]
    lines = source.splitlines()
    docstring = ast.get_docstring(tree) or ""
    body = list(tree.body)
    doc_end = 0
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(getattr(body[0], "value", None), ast.Constant)
    ):
        doc_end = body[0].end_lineno or 0
        body = body[1:]

    def start_of(node: ast.stmt) -> int:
        return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])

    def region_of(node: ast.stmt):  # noqa: ANN202
        return next((r for r in top_regions if r.begin < start_of(node) < r.end), None)

    # The header is everything before the first definition; then one group of statements per cell.
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    first = next(
        (i for i, n in enumerate(body) if region_of(n) or isinstance(n, definitions)), len(body)
    )
    groups: list[tuple[str, list[ast.stmt], object]] = [("header", body[:first], None)]
    for node in body[first:]:
        region = region_of(node)
        last_kind, last_nodes, last_region = groups[-1]
        if region is not None:
            if last_region is region:
                last_nodes.append(node)
            else:
                groups.append(("helper", [node], region))
        elif isinstance(node, definitions):
            groups.append(("exercise" if node.name in EXERCISES[topic] else "given", [node], None))
        elif last_kind == "given" and not isinstance(last_nodes[-1], definitions):
            last_nodes.append(node)  # consecutive given statements share a cell
        else:
            groups.append(("given", [node], None))

    # Cut the lines: each cell runs from the end of the previous one (comments included).
    cuts = []
    for kind, nodes, region in groups[1:]:
        if region is not None:
            first, last = region.begin, region.end  # type: ignore[attr-defined]
        else:
            first, last = start_of(nodes[0]), nodes[-1].end_lineno or start_of(nodes[0])
        # A function's '### END SOLUTION' comes after its last statement.
        last = max([last] + [r.end for r in regions if first <= r.begin <= last])
        cuts.append((kind, nodes, first, last))
    header_end = cuts[0][2] - 1 if cuts else len(lines)
    position = header_end
    chunks = []
    for kind, nodes, first, last in cuts:
        text = "\n".join(lines[position:last]).strip("\n")
        position = last
        names = _bound_names(nodes)
        name = (
            next(iter(sorted(names)), f"code-{len(chunks)}")
            if len(names) != 1
            else next(iter(names))
        )
        if kind == "exercise":
            name = nodes[0].name  # type: ignore[attr-defined]
            if not any(first <= r.begin and r.end <= last for r in regions):
                raise ExportError(
                    f"{path}: the exercise {name}() has no {BEGIN!r} ... {END!r} region"
                )
        chunks.append(Chunk(kind, name, text, names, _used_names(nodes) - names))
    defined = {c.name for c in chunks if c.kind == "exercise"}
    missing = [name for name in EXERCISES[topic] if name not in defined]
    if missing:
        raise ExportError(
            f"{path}: the contract's exercises {missing} are not defined at the top level"
        )
    header_lines = lines[doc_end:header_end]
    header, depends = _relative_imports("\n".join(header_lines).strip("\n"), topic, path)
    return TopicModule(topic, docstring, header, chunks, depends)


# --- notebooks -----------------------------------------------------------------------------------
def _grade_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:GRADE_ID_LIMIT] or "cell"


def _markdown(docstring: str) -> str:
    return re.sub(r"``([^`]+)``", r"`\1`", docstring)


def _nbgrader(
    grade_id: str,
    *,
    grade: bool = False,
    solution: bool = False,
    locked: bool = False,
    points: float | None = None,
) -> dict:
    meta: dict = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _header_cell_source(module: TopicModule, uses_file: bool) -> str:
    parts = []
    header = module.header
    future = "from __future__ import annotations"
    if future in header.splitlines():
        header = "\n".join(line for line in header.splitlines() if line != future).strip("\n")
        parts.append(future)
    if module.depends or uses_file:
        lines = ["import course_support"]
        if module.depends:
            lines.insert(0, "# 'from notebooks.<topic> import f' takes f from your <topic>.ipynb")
            lines.append("course_support.reload_notebooks()  # reads the saved notebooks again")
        if uses_file:
            lines.append(
                f"__file__ = course_support.notebook_file({module.topic!r})  "
                "# data/ sits next to it"
            )
        parts.append("\n".join(lines))
    parts.append(header)
    return "\n\n".join(p for p in parts if p.strip())


def _points_text(points: float) -> str:
    return f"{points:g} point" + ("" if points == 1 else "s")


def _test_cell_source(test: GradedTest, function_source: str, cases: int) -> str:
    line = "%%graded " + ("hidden" if test.hidden else "public")
    if test.case is not None:
        line += " --case " + ",".join(str(i) for i in test.case)
    described = (
        f"# {'Hidden' if test.hidden else 'Public'} test, {_points_text(test.points)}: {test.name}"
    )
    if test.case is not None:
        described += f"\n# (case {test.case_id}, one of {cases} cases of {test.function})"
    if test.hidden:
        return f"{line}\n{described}\n{HIDDEN_BEGIN}\n{function_source}\n{HIDDEN_END}"
    return f"{line}\n{described}\n{function_source}"


def _placement(
    module: TopicModule, tests: list[GradedTest], modules: dict[Path, TestModule]
) -> dict[str, int]:
    """Index of the chunk after which each exercise's tests go: after everything they call."""
    where = {name: i for i, chunk in enumerate(module.chunks) for name in chunk.binds}
    uses = {name: chunk.uses for chunk in module.chunks for name in chunk.binds}
    places: dict[str, int] = {}
    for test in tests:
        topic, _, function = test.exercise.partition(".")
        if topic != module.topic or function not in where:
            continue
        test_module = modules[test.path]
        tree = ast.parse(test_module.functions[test.function])
        todo = {function} | _course_calls(tree, module.topic) | test_module.course_names
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen or name not in where:
                continue
            seen.add(name)
            todo |= uses.get(name, set())
        places[test.exercise] = max([places.get(test.exercise, 0)] + [where[n] for n in seen])
    return places


def build_notebook(
    module: TopicModule, tests: list[GradedTest], modules: dict[Path, TestModule]
) -> NotebookNode:
    """The source notebook of one topic (an ``nbformat`` v4 notebook)."""
    import nbformat.v4 as nbf

    cells = []
    ids: set[str] = set()

    def grade_id(text: str) -> str:
        base = _grade_id(text)
        name, n = base, 1
        while name in ids:
            n += 1
            name = f"{base[: GRADE_ID_LIMIT - 4]}-{n}"
        ids.add(name)
        return name

    topic = module.topic
    total = sum(t.points for t in tests)
    intro = (
        f"# {topic}\n\n{_markdown(module.docstring)}\n\n"
        "**How this notebook works.** Write each function in its answer cell, replacing "
        "`raise NotImplementedError()`, and run the test cells below it: `%%graded public` "
        "cells run the public tests on your function; `%%graded hidden` cells run hidden tests "
        f"when your work is graded. This notebook is worth {_points_text(total)}."
    )
    if module.depends:
        intro += (
            " It uses your functions from "
            + ", ".join(f"`{d}.ipynb`" for d in module.depends)
            + " (save those notebooks first)."
        )
    cells.append(nbf.new_markdown_cell(intro))
    uses_file = any("__file__" in chunk.source for chunk in module.chunks)
    cells.append(
        nbf.new_code_cell(
            _header_cell_source(module, uses_file),
            metadata=_nbgrader(grade_id("module-imports"), locked=True),
        )
    )
    cells.append(
        nbf.new_code_cell(
            "# Runs the %%graded test cells of this notebook on your functions. Do not edit.\n"
            "import course_support\n\n"
            f"course_support.start_tests({topic!r}, globals())",
            metadata=_nbgrader(grade_id("tests-setup"), locked=True),
        )
    )
    used = {t.path for t in tests}
    for path, test_module in modules.items():
        if path not in used or not test_module.setup:
            continue
        hidden = any(t.hidden for t in tests if t.path == path)
        if hidden:
            source = "\n".join(
                [
                    "%%graded hidden",
                    "# Hidden test helpers",
                    HIDDEN_BEGIN,
                    test_module.setup,
                    HIDDEN_END,
                ]
            )
            meta = _nbgrader(grade_id("tests-hidden-setup"), grade=True, locked=True, points=0)
        else:
            source = f"%%graded public\n{test_module.setup}"
            meta = _nbgrader(grade_id("tests-public-setup"), locked=True)
        cells.append(nbf.new_code_cell(source, metadata=meta))

    places = _placement(module, tests, modules)
    after: dict[int, list[str]] = {}
    for exercise in dict.fromkeys(t.exercise for t in tests):
        after.setdefault(places.get(exercise, len(module.chunks) - 1), []).append(exercise)
    cases: dict[tuple[Path, str], int] = {}
    for t in tests:
        cases[(t.path, t.function)] = cases.get((t.path, t.function), 0) + 1

    for index, chunk in enumerate(module.chunks):
        if chunk.kind == "exercise":
            points = sum(t.points for t in tests if t.exercise == f"{topic}.{chunk.name}")
            cells.append(
                nbf.new_markdown_cell(
                    f"## `{chunk.name}`" + (f" ({_points_text(points)})" if points else "")
                )
            )
            cells.append(
                nbf.new_code_cell(
                    chunk.source, metadata=_nbgrader(grade_id(chunk.name), solution=True)
                )
            )
        elif chunk.kind == "helper":
            cells.append(
                nbf.new_code_cell(
                    chunk.source,
                    metadata=_nbgrader(grade_id(f"helper-{chunk.name}"), solution=True),
                )
            )
        else:
            cells.append(
                nbf.new_code_cell(
                    chunk.source, metadata=_nbgrader(grade_id(f"module-{chunk.name}"), locked=True)
                )
            )
        for exercise in after.get(index, []):
            for test in (t for t in tests if t.exercise == exercise):
                function_source = modules[test.path].functions[test.function]
                source = _test_cell_source(test, function_source, cases[(test.path, test.function)])
                label = (
                    ("hidden-" if test.hidden else "")
                    + test.function
                    + (f"-{test.case_id}" if test.case_id else "")
                )
                meta = _nbgrader(grade_id(label), grade=True, locked=True, points=test.points)
                cells.append(nbf.new_code_cell(source, metadata=meta))
    notebook = nbf.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    _check_markers(notebook, topic)
    return notebook


def _check_markers(notebook: NotebookNode, topic: str) -> None:
    """Refuse what nbgrader would refuse later: markers in cells of the wrong kind."""
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution") and (BEGIN in cell.source or END in cell.source):
            raise ExportError(
                f"{topic}: a solution marker appears outside an answer cell:\n{cell.source[:300]}"
            )
        if not meta.get("grade") and "BEGIN HIDDEN TESTS" in cell.source:
            raise ExportError(
                f"{topic}: a hidden-test marker appears outside a test cell:\n{cell.source[:300]}"
            )


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


def support_source(default_limit: float, topics: list[str]) -> str:
    """The text of ``course_support.py``, with the mutation rule copied from the worker."""
    worker = Path(__file__).resolve().parents[1] / "sandbox" / "worker.py"
    text = worker.read_text(encoding="utf-8")
    tree = ast.parse(text)
    pieces = [
        ast.get_source_segment(text, node)
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in ("_same", "_mutated")
    ]
    if len(pieces) != 2:
        raise ExportError(f"{worker}: expected the functions _same and _mutated to copy")
    return (
        SUPPORT_SOURCE.replace("@DEFAULT_TIME_LIMIT@", repr(float(default_limit)))
        .replace("@TOPICS@", repr(tuple(topics)))
        .replace("@MUTATION_RULE@", "\n\n\n".join(p for p in pieces if p))
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
    import nbformat

    topics = list(TOPICS) if topics is None else list(dict.fromkeys(topics))
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise ExportUsageError(f"unknown topic(s) {unknown}; the course has {', '.join(TOPICS)}")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", assignment):
        raise ExportUsageError(
            "--assignment: expected a folder name of letters, digits, '.', '-', '_', "
            f"got {assignment!r}"
        )
    solutions = course_root / "solutions"
    if not solutions.is_dir():
        raise ExportUsageError(f"{course_root}: no solutions/ folder (not the course repository?)")
    target = course_dir / "source" / assignment
    config = course_dir / "nbgrader_config.py"
    modules = {t: parse_topic(solutions / f"{t}.py", t) for t in topics}
    _dependencies(modules, topics)
    if target.exists() and any(target.iterdir()) and not force:
        raise ExportUsageError(f"{target} exists; pass --force to replace it")
    tests, default_limit = collect_tests(course_root)
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

    # Write everything into a temporary folder first, then move it into place.
    course_dir.mkdir(parents=True, exist_ok=True)
    (course_dir / "source").mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{assignment}-", dir=course_dir / "source"))
    try:
        for topic, notebook in notebooks.items():
            nbformat.write(notebook, str(staging / f"{topic}.ipynb"))
        (staging / "course_support.py").write_text(
            support_source(default_limit, topics), encoding="utf-8"
        )
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
    timeout = max(30, int(3 * max([default_limit] + [t.time_limit for t in tests])))
    written = force or not config.exists()
    if written:
        config.write_text(config_source(course_id, timeout), encoding="utf-8")
    return ExportSummary(target, config, written, summary)


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
        return EXIT_FAILED
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


# --- the support module written next to the notebooks ------------------------------------------
SUPPORT_SOURCE = r'''"""Support for the notebooks of this assignment.

Written by 'autograder nbgrader export'.


* ``from notebooks.<topic> import f`` takes ``f`` from your saved ``<topic>.ipynb``: it runs that
  notebook's set-up, given and answer cells (not its tests or your scratch cells).
* The ``%%graded`` cell magic runs a test cell: ``%%graded public`` or ``%%graded hidden``, with
  ``--case i`` for one case of a parametrized test. Each test module has its own namespace, so a
  test helper never replaces one of your functions. ``course.<topic>.<function>(...)`` in a test
  calls your function the way the repository's grader does: arguments and results are plain data,
  a call must not change its arguments and must finish within the test's time limit.
* ``pytest`` here is a stand-in for the marks and ``pytest.param``.

Your code runs in this notebook's kernel (nbgrader's model), not in the sandboxed worker that
``autograder grade`` uses.
"""

from __future__ import annotations

import argparse
import ast
import codeop
import contextlib
import copy
import importlib
import importlib.abc
import importlib.util
import inspect
import io
import itertools
import json
import linecache
import os
import shlex
import signal
import sys
import sysconfig
import threading
import traceback
import types
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from autograder import diagnosis  # noqa: E402
from autograder.checks import in_place_failure  # noqa: E402
from autograder.contract import EXERCISES, GIVEN, TOPICS, exercise_for_test  # noqa: E402
from autograder.outcomes import (  # noqa: E402
    CheckFailure,
    NotAttempted,
    StudentError,
    StudentProblem,
    StudentTimeout,
)
from autograder.sandbox import protocol  # noqa: E402
from autograder.sandbox.course_functions import FUNCTIONS  # noqa: E402

DEFAULT_TIME_LIMIT = @DEFAULT_TIME_LIMIT@
NOTEBOOK_TOPICS = @TOPICS@
PACKAGE = "notebooks"
MODULE_CELL_PREFIXES = ("module-",)
GRADER_FILES = (str(HERE / "course_support.py"), str(HERE / "autograder") + os.sep)
LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
)


# --- notebooks as modules ----------------------------------------------------------------------
_loading: list[Path] = []


def _candidates(topic: str) -> list[Path]:
    name = f"{topic}.ipynb"
    cwd = Path.cwd()
    found = [cwd / name, HERE / name]
    # 'nbgrader autograde' runs each notebook in autograded/<student>/<assignment>/ before it has
    # copied the student's other notebooks there: read them from submitted/ then.
    autograding = os.environ.get("NBGRADER_EXECUTION") == "autograde"
    if autograding and len(cwd.parts) > 3 and cwd.parents[1].name == "autograded":
        found.append(cwd.parents[2] / "submitted" / cwd.parent.name / cwd.name / name)
    return list(dict.fromkeys(found))


def notebook_file(topic: str) -> str:
    """The path of ``<topic>.ipynb`` as this kernel sees it (the one being imported, if any)."""
    for path in reversed(_loading):
        if path.stem == topic:
            return str(path)
    return str(Path.cwd() / f"{topic}.ipynb")


def _transform(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return source
    return TransformerManager().transform_cell(source)


class _NotebookImporter(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports ``notebooks.<topic>`` from the set-up, given and answer cells of the notebook."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == PACKAGE:
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        if not fullname.startswith(PACKAGE + ".") or fullname.count(".") != 1:
            return None
        topic = fullname.split(".")[1]
        for candidate in _candidates(topic):
            if candidate.is_file():
                spec = importlib.util.spec_from_loader(fullname, self, origin=str(candidate))
                spec.has_location = True
                return spec
        raise ModuleNotFoundError(
            f"{fullname}: no {topic}.ipynb next to this notebook (looked in "
            + ", ".join(str(p.parent) for p in _candidates(topic))
            + ")",
            name=fullname,
        )

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        if module.__name__ == PACKAGE:
            return
        path = Path(module.__spec__.origin)
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ImportError(f"{path.name} is not a readable notebook: {exc}") from None
        compiler = codeop.Compile()  # carries 'from __future__' imports from cell to cell
        _loading.append(path)
        try:
            for number, cell in enumerate(cells, start=1):
                meta = (cell.get("metadata") or {}).get("nbgrader") or {}
                grade_id = str(meta.get("grade_id", ""))
                wanted = meta.get("solution") or grade_id.startswith(MODULE_CELL_PREFIXES)
                if cell.get("cell_type") != "code" or not wanted:
                    continue
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else str(source)
                filename = f"{path.name}, cell {grade_id or number}"
                linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
                try:
                    exec(compiler(_transform(source), filename, "exec"), module.__dict__)
                except NotImplementedError:
                    continue  # an answer cell still holding the stub: its functions are missing
                except Exception as exc:
                    where = f"{path.name}, cell '{grade_id}'"
                    raise ImportError(f"{where}: {type(exc).__name__}: {exc}") from exc
        finally:
            _loading.pop()


_IMPORTER = _NotebookImporter()
if not any(isinstance(finder, _NotebookImporter) for finder in sys.meta_path):
    sys.meta_path.insert(0, _IMPORTER)


def reload_notebooks() -> None:
    """Forget imported notebooks, so that the next import reads the saved files again."""
    if _loading:
        return  # called by a notebook that is being imported: keep what is loading
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]


# --- a stand-in for the pytest features the tests use ---------------------------------------------
class Mark:
    """A mark on a test function: ``name``, ``args`` and ``kwargs`` as written."""

    def __init__(self, name, args=(), kwargs=None):
        self.name, self.args, self.kwargs = name, tuple(args), dict(kwargs or {})

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and isinstance(args[0], types.FunctionType):
            function = args[0]
            function.pytestmark = [*getattr(function, "pytestmark", []), self]
            return function
        return Mark(self.name, self.args + args, {**self.kwargs, **kwargs})

    def __repr__(self):
        return f"Mark({self.name!r}, {self.args!r}, {self.kwargs!r})"


class _Marks:
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return Mark(name)


class _Param:
    def __init__(self, values, id=None):
        self.values, self.id = tuple(values), id


def _param(*values, id=None, marks=()):
    if marks:
        raise TypeError("pytest.param(marks=...) is not supported in the notebooks")
    return _Param(values, id)


pytest = types.SimpleNamespace(mark=_Marks(), param=_param)


def _marks(function, name):
    return [m for m in getattr(function, "pytestmark", []) if m.name == name]


def _argnames(spec):
    if isinstance(spec, str):
        return [n.strip() for n in spec.split(",") if n.strip()]
    return list(spec)


def _case_arguments(function, case):
    """The arguments of one case: ``case`` holds an index per parametrize mark, innermost first."""
    arguments = {}
    for mark, index in zip(_marks(function, "parametrize"), case):
        names = _argnames(mark.kwargs.get("argnames", mark.args[0] if mark.args else ()))
        values = _argvalues(mark)[index]
        if isinstance(values, _Param):
            values = values.values if len(names) > 1 else values.values[0]
        if len(names) == 1:
            arguments[names[0]] = values
        else:
            arguments.update(zip(names, values))
    return arguments


def _argvalues(mark):
    return list(mark.kwargs.get("argvalues", mark.args[1] if len(mark.args) > 1 else ()))


def _all_cases(function):
    sizes = [range(len(_argvalues(mark))) for mark in _marks(function, "parametrize")]
    return list(itertools.product(*sizes))


# --- calling student code like the grader's fixture ----------------------------------------------
class _CallTimeout(BaseException):
    """Raised in student code when its time is up."""


@contextlib.contextmanager
def _time_limit(seconds):
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _CallTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _is_student_frame(filename):
    if filename.startswith(GRADER_FILES) or filename.startswith(LIBRARY_DIRS):
        return False
    return not filename.startswith("<frozen ")


def _problem(function, exc, output):
    """The StudentProblem for an exception of student code, worded like the sandbox client's."""
    short = function.split(".")[-1]
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_student_frame(f.filename)]
    where = frames[-1].name if frames else None
    trace = "".join(traceback.format_list(frames))
    kind = type(exc).__name__
    try:
        message = str(exc)
    except Exception:
        message = "(the exception's message could not be shown)"
    if kind == "NotImplementedError" and where in (short, None):
        message = f"{short}() is not attempted yet (it still raises NotImplementedError)"
        return NotAttempted(function, message, "", output)
    if kind == "NotImplementedError":
        message = f"{short}() calls {where}(), which is not implemented yet"
        return StudentError(function, message, trace, output)
    if kind == "SystemExit":
        return StudentError(function, f"{short}() called sys.exit({message})", trace, output)
    return StudentError(function, f"{short}() raised {kind}: {message}", trace, output, kind)


@MUTATION_RULE@


class Course:
    """``course.<topic>.<function>(...)``: this notebook's functions, or another notebook's."""

    def __init__(self, topic, namespace):
        self._topic, self._namespace = topic, namespace
        self.time_limit = DEFAULT_TIME_LIMIT
        self.last_output = ""
        self.last_warnings = []

    def __getattr__(self, topic):
        if topic.startswith("_") or topic not in TOPICS:
            raise AttributeError(f"the course has no topic {topic!r}; it has {', '.join(TOPICS)}")
        return _Topic(self, topic)

    def function(self, topic, name):
        qualified = f"{topic}.{name}"
        if topic == self._topic:
            value = self._namespace.get(name)
            if value is None:
                message = f"{name}() is not defined in this notebook: run its cell first"
                raise StudentError(qualified, message)
        else:
            try:
                value = getattr(importlib.import_module(f"{PACKAGE}.{topic}"), name, None)
            except Exception as exc:
                message = f"{topic}.ipynb could not be imported: {exc}"
                raise StudentError(qualified, message) from None
            if value is None:
                raise StudentError(qualified, f"{topic}.ipynb defines no function {name}()")
        if not callable(value):
            raise StudentError(qualified, f"{name} is a {type(value).__name__}, not a function")
        return value

    def call(self, topic, name, args, kwargs):
        qualified = f"{topic}.{name}"
        function = self.function(topic, name)
        args = protocol.decode(protocol.encode(tuple(args)), functions=FUNCTIONS)
        kwargs = protocol.decode(protocol.encode(dict(kwargs)), functions=FUNCTIONS)
        before = copy.deepcopy((args, kwargs))
        output = io.StringIO()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                    with _time_limit(self.time_limit):
                        value = function(*args, **kwargs)
        except _CallTimeout:
            message = f"{name}() did not finish within {self.time_limit:g} s"
            raise StudentTimeout(qualified, message, "", output.getvalue()[:4000]) from None
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raise _problem(qualified, exc, output.getvalue()[:4000]) from None
        finally:
            if output.getvalue():
                sys.stdout.write(output.getvalue()[:4000])
        self.last_output = output.getvalue()[:4000]
        self.last_warnings = [f"{w.category.__name__}: {w.message}"[:300] for w in caught[:5]]
        mutated = _mutated(function, before, (args, kwargs))
        if mutated:
            failure = in_place_failure(name, mutated, *before)  # the inputs as given
            failure.function = qualified
            raise failure
        try:
            return protocol.decode(protocol.encode(value))
        except protocol.ProtocolError as exc:
            message = f"{name}() returned something the grader cannot read: {exc}"
            raise StudentError(qualified, message) from None


class _Topic:
    def __init__(self, course, topic):
        self._course, self._topic = course, topic

    def __getattr__(self, name):
        if name not in EXERCISES[self._topic] + GIVEN.get(self._topic, ()):
            raise AttributeError(f"{self._topic} has no function {name!r} in the course contract")

        def call(*args, **kwargs):
            return self._course.call(self._topic, name, args, kwargs)

        call.__name__ = name
        return call


# --- test cells ----------------------------------------------------------------------------------
class TestFailed(Exception):
    """A graded test did not pass; shown as its status and message only."""

    def __init__(self, status, title, message):
        super().__init__(f"{status}: {title}\n{message}".rstrip())
        self.status = status

    def _render_traceback_(self):  # IPython shows this instead of a traceback
        return [f"{type(self).__name__}: {self}"]


class Runner:
    """Runs the ``%%graded`` cells of one notebook."""

    def __init__(self, topic, namespace):
        self.topic = topic
        self.course = Course(topic, namespace)
        self.namespaces = {}
        self.cells = 0

    def run_cell(self, line, cell):
        parser = argparse.ArgumentParser(prog="%%graded", add_help=False)
        parser.add_argument("kind", choices=("public", "hidden"))
        parser.add_argument("--case", default=None)
        options = parser.parse_args(shlex.split(line))
        case = tuple(int(i) for i in options.case.split(",")) if options.case else None
        fresh = {"__name__": f"{options.kind}_tests_of_{self.topic}"}
        namespace = self.namespaces.setdefault(options.kind, fresh)
        tree = ast.parse(cell)
        defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        tests = [name for name in defined if name.startswith("test")]
        self.cells += 1
        filename = f"<{options.kind} tests, cell {self.cells}>"
        if options.kind == "public":
            linecache.cache[filename] = (len(cell), None, cell.splitlines(True), filename)
        exec(compile(cell, filename, "exec"), namespace)
        if options.kind == "hidden" and not tree.body:
            print("This hidden test runs when your notebook is graded.")
        for name in tests:
            self.run_test(namespace[name], options.kind == "hidden", case)

    def run_test(self, function, hidden, case=None):
        doc = (function.__doc__ or "").strip()
        title = " ".join(doc.split("\n\n")[0].split()) if doc else function.__name__
        exercise = next((m.args[0] for m in _marks(function, "exercise") if m.args), None)
        exercise = exercise or exercise_for_test(self.topic, function.__name__) or f"{self.topic}.?"
        limits = [float(m.args[0]) for m in _marks(function, "time_limit") if m.args]
        limit = limits[0] if limits else DEFAULT_TIME_LIMIT
        points = sum(float(m.args[0]) for m in _marks(function, "points") if m.args)
        cases = [case] if case is not None else _all_cases(function)
        parameters = inspect.signature(function).parameters
        for one in cases:
            arguments = _case_arguments(function, one)
            if "course" in parameters:
                arguments["course"] = self.course
            self.course.time_limit = limit
            try:
                function(**arguments)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                status, message = self.judge(exc, hidden, exercise)
                raise TestFailed(status, title, message) from None
            finally:
                self.course.time_limit = DEFAULT_TIME_LIMIT
        print(f"passed: {title} ({points:g} point{'' if points == 1 else 's'})")

    def judge(self, exc, hidden, exercise):
        """Status and message of a failed test, worded like the pytest grader's."""
        if isinstance(exc, StudentProblem):
            if hidden:
                where = exc.traceback.strip().splitlines()[0].strip() if exc.traceback else ""
                first = exc.message
                if exc.status == "failed" and exc.kind:
                    first = f"your code raised {exc.kind}"
                return exc.status, f"Hidden test: {first}" + (f" ({where})" if where else "")
            return exc.status, exc.describe()
        if isinstance(exc, CheckFailure):
            found = self.diagnose(exc.function or exercise)
            note = found.text() if found else "No known mistake matches your output."
            if hidden:
                return "failed", f"Hidden test: {exc.prop}\n{note}"
            return "failed", "\n".join(p for p in (exc.prop, exc.detail, note) if p)
        if isinstance(exc, AssertionError):
            if hidden:
                return "failed", "Hidden test: a hidden check of this exercise failed."
            return "failed", str(exc) or "a check failed"
        if hidden:
            return "failed", "Hidden test: the result could not be checked"
        return "failed", f"the result could not be checked: {type(exc).__name__}: {exc}"

    def diagnose(self, exercise):
        topic, _, name = exercise.partition(".")
        try:
            return diagnosis.diagnose(
                exercise, lambda args, kwargs: self.course.call(topic, name, args, kwargs)
            )
        except Exception:  # diagnosis is a courtesy: it never changes the outcome
            return None


_RUNNER = None


def runner():
    """The runner of this kernel's ``%%graded`` cells (None before :func:`start_tests`)."""
    return _RUNNER


def start_tests(topic, namespace):
    """Set up ``%%graded`` for the notebook of ``topic``, whose globals are ``namespace``."""
    global _RUNNER
    _RUNNER = Runner(topic, namespace)
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None:
        shell.register_magic_function(graded, magic_kind="cell", magic_name="graded")


def graded(line, cell):
    """``%%graded public|hidden [--case i]``: run the graded test in this cell."""
    if _RUNNER is None:
        raise RuntimeError("run the set-up cell at the top of the notebook first")
    _RUNNER.run_cell(line, cell)
'''
