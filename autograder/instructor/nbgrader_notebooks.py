"""The notebooks of an nbgrader course, built from a topic's solution module and its tests.

:func:`parse_topic` splits ``solutions/<topic>.py`` into cells (given code, answer cells between
the solution markers, helpers); :func:`parse_test_module` splits a test file into its
module-level code and test functions; :func:`build_notebook` lays them out as one topic's
notebook (see :mod:`autograder.instructor.nbgrader_export` for the layout and why).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..contract import EXERCISES, TOPICS
from .stubs import BEGIN, END, MarkerError, find_regions

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from .nbgrader_export import ExportedTest

SUPPORTED_PYTEST = frozenset({"mark", "param"})
PYTEST_STAND_IN = "from course_support import pytest  # a stand-in: marks and pytest.param"
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
GRADE_ID_LIMIT = 100


class ExportError(ValueError):
    """The course cannot be exported as asked; the message names the input at fault."""


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


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _start_of(node: ast.stmt) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def _cell_groups(body: list[ast.stmt], top_regions: list, topic: str) -> list[tuple]:
    """(kind, statements, region): the header (everything before the first definition), then
    one group of statements per cell."""

    def region_of(node: ast.stmt):  # noqa: ANN202
        return next((r for r in top_regions if r.begin < _start_of(node) < r.end), None)

    first = next(
        (i for i, n in enumerate(body) if region_of(n) or isinstance(n, _DEFINITIONS)), len(body)
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
        elif isinstance(node, _DEFINITIONS):
            groups.append(("exercise" if node.name in EXERCISES[topic] else "given", [node], None))
        elif last_kind == "given" and not isinstance(last_nodes[-1], _DEFINITIONS):
            last_nodes.append(node)  # consecutive given statements share a cell
        else:
            groups.append(("given", [node], None))
    return groups


def _chunks(
    groups: list[tuple], regions: list, lines: list[str], path: Path
) -> tuple[list[Chunk], int]:
    """The cells' chunks, each running from the end of the previous one (comments included),
    and the line where the header ends."""
    cuts = []
    for kind, nodes, region in groups[1:]:
        if region is not None:
            first, last = region.begin, region.end
        else:
            first, last = _start_of(nodes[0]), nodes[-1].end_lineno or _start_of(nodes[0])
        # A function's '### END SOLUTION' comes after its last statement.
        last = max([last] + [r.end for r in regions if first <= r.begin <= last])
        cuts.append((kind, nodes, first, last))
    header_end = cuts[0][2] - 1 if cuts else len(lines)
    position = header_end
    chunks: list[Chunk] = []
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
            name = nodes[0].name
            if not any(first <= r.begin and r.end <= last for r in regions):
                raise ExportError(
                    f"{path}: the exercise {name}() has no {BEGIN!r} ... {END!r} region"
                )
        chunks.append(Chunk(kind, name, text, names, _used_names(nodes) - names))
    return chunks, header_end


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
    lines = source.splitlines()
    body = list(tree.body)
    doc_end = 0
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(getattr(body[0], "value", None), ast.Constant)
    ):
        doc_end = body[0].end_lineno or 0
        body = body[1:]
    groups = _cell_groups(body, [r for r in regions if not r.indent], topic)
    chunks, header_end = _chunks(groups, regions, lines, path)
    defined = {c.name for c in chunks if c.kind == "exercise"}
    missing = [name for name in EXERCISES[topic] if name not in defined]
    if missing:
        raise ExportError(
            f"{path}: the contract's exercises {missing} are not defined at the top level"
        )
    header_lines = lines[doc_end:header_end]
    header, depends = _relative_imports("\n".join(header_lines).strip("\n"), topic, path)
    docstring = ast.get_docstring(tree) or ""
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


def _test_cell_source(test: ExportedTest, function_source: str, cases: int) -> str:
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
    module: TopicModule, tests: list[ExportedTest], modules: dict[Path, TestModule]
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


class _GradeIds:
    """nbgrader's grade ids of one notebook: unique, at most GRADE_ID_LIMIT characters."""

    def __init__(self) -> None:
        self.ids: set[str] = set()

    def __call__(self, text: str) -> str:
        base = _grade_id(text)
        name, n = base, 1
        while name in self.ids:
            n += 1
            name = f"{base[: GRADE_ID_LIMIT - 4]}-{n}"
        self.ids.add(name)
        return name


def _intro(module: TopicModule, tests: list[ExportedTest]) -> str:
    total = sum(t.points for t in tests)
    intro = (
        f"# {module.topic}\n\n{_markdown(module.docstring)}\n\n"
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
    return intro


def _setup_cells(
    module: TopicModule,
    tests: list[ExportedTest],
    modules: dict[Path, TestModule],
    grade_id: _GradeIds,
) -> list:
    """The introduction, the module's imports, the tests' set-up and each test module's code."""
    import nbformat.v4 as nbf

    uses_file = any("__file__" in chunk.source for chunk in module.chunks)
    cells = [
        nbf.new_markdown_cell(_intro(module, tests)),
        nbf.new_code_cell(
            _header_cell_source(module, uses_file),
            metadata=_nbgrader(grade_id("module-imports"), locked=True),
        ),
        nbf.new_code_cell(
            "# Runs the %%graded test cells of this notebook on your functions. Do not edit.\n"
            "import course_support\n\n"
            f"course_support.start_tests({module.topic!r}, globals())",
            metadata=_nbgrader(grade_id("tests-setup"), locked=True),
        ),
    ]
    used = {t.path for t in tests}
    for path, test_module in modules.items():
        if path not in used or not test_module.setup:
            continue
        if any(t.hidden for t in tests if t.path == path):
            lines = ["%%graded hidden", "# Hidden test helpers", HIDDEN_BEGIN]
            source = "\n".join([*lines, test_module.setup, HIDDEN_END])
            meta = _nbgrader(grade_id("tests-hidden-setup"), grade=True, locked=True, points=0)
        else:
            source = f"%%graded public\n{test_module.setup}"
            meta = _nbgrader(grade_id("tests-public-setup"), locked=True)
        cells.append(nbf.new_code_cell(source, metadata=meta))
    return cells


def _chunk_cells(
    module: TopicModule, chunk: Chunk, tests: list[ExportedTest], grade_id: _GradeIds
) -> list:
    """The cells of one chunk of the topic module: an exercise's title and answer cell, a
    helper's answer cell, or given code in a locked cell."""
    import nbformat.v4 as nbf

    if chunk.kind == "exercise":
        points = sum(t.points for t in tests if t.exercise == f"{module.topic}.{chunk.name}")
        title = f"## `{chunk.name}`" + (f" ({_points_text(points)})" if points else "")
        answer = _nbgrader(grade_id(chunk.name), solution=True)
        return [nbf.new_markdown_cell(title), nbf.new_code_cell(chunk.source, metadata=answer)]
    if chunk.kind == "helper":
        meta = _nbgrader(grade_id(f"helper-{chunk.name}"), solution=True)
    else:
        meta = _nbgrader(grade_id(f"module-{chunk.name}"), locked=True)
    return [nbf.new_code_cell(chunk.source, metadata=meta)]


def _test_cells(
    tests: list[ExportedTest], modules: dict[Path, TestModule], grade_id: _GradeIds
) -> list:
    """One test cell per graded test of ``tests`` (one case of a parametrized test)."""
    import nbformat.v4 as nbf

    cases: dict[tuple[Path, str], int] = {}
    for t in tests:
        cases[(t.path, t.function)] = cases.get((t.path, t.function), 0) + 1
    cells = []
    for test in tests:
        function_source = modules[test.path].functions[test.function]
        source = _test_cell_source(test, function_source, cases[(test.path, test.function)])
        case = f"-{test.case_id}" if test.case_id else ""
        label = ("hidden-" if test.hidden else "") + test.function + case
        meta = _nbgrader(grade_id(label), grade=True, locked=True, points=test.points)
        cells.append(nbf.new_code_cell(source, metadata=meta))
    return cells


def build_notebook(
    module: TopicModule, tests: list[ExportedTest], modules: dict[Path, TestModule]
) -> NotebookNode:
    """The source notebook of one topic (an ``nbformat`` v4 notebook)."""
    import nbformat.v4 as nbf

    grade_id = _GradeIds()
    cells = _setup_cells(module, tests, modules, grade_id)
    places = _placement(module, tests, modules)
    after: dict[int, list[str]] = {}
    for exercise in dict.fromkeys(t.exercise for t in tests):
        after.setdefault(places.get(exercise, len(module.chunks) - 1), []).append(exercise)
    for index, chunk in enumerate(module.chunks):
        cells += _chunk_cells(module, chunk, tests, grade_id)
        for exercise in after.get(index, []):
            mine = [t for t in tests if t.exercise == exercise]
            cells += _test_cells(mine, modules, grade_id)
    notebook = nbf.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    _check_markers(notebook, module.topic)
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
