"""Support for the notebooks of an nbgrader course; copied next to them as ``course_support.py``.

``autograder nbgrader export`` copies this file, with the grading core and the files it needs
(``autograder/``) and ``course_support.json`` (the default time limit), next to the notebooks.

* ``from notebooks.<topic> import f`` takes ``f`` from your saved ``<topic>.ipynb``: it runs that
  notebook's set-up, given and answer cells (not its tests or your scratch cells).
* The ``%%graded`` cell magic runs a test cell: ``%%graded public`` or ``%%graded hidden``, with
  ``--case i`` for one case of a parametrized test. Each test module has its own namespace, so a
  test helper never replaces one of your functions. ``course.<topic>.<function>(...)`` in a test
  calls your function through the grading core (:mod:`autograder.core`), as the repository's
  grader does, and a failed test is judged by the same rules: arguments and results are plain
  data, a call must not change its arguments and must finish within the test's time limit.
* ``pytest`` here is a stand-in for the marks and ``pytest.param``.

Your code runs in this notebook's kernel (nbgrader's model), not in the sandboxed worker that
``autograder grade`` uses.
"""

from __future__ import annotations

import argparse
import ast
import codeop
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import itertools
import json
import linecache
import os
import shlex
import sys
import types
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the copy of the grader shipped next to the notebooks
    sys.path.insert(0, str(HERE))

from autograder.contract import exercise_for_test  # noqa: E402
from autograder.core.calling import Course  # noqa: E402
from autograder.core.diagnosing import Diagnoser  # noqa: E402
from autograder.core.in_process import InProcessCaller  # noqa: E402
from autograder.core.judging import judge  # noqa: E402
from autograder.outcomes import Status, StudentError  # noqa: E402

SETTINGS = HERE / f"{Path(__file__).stem}.json"  # course_support.json, written by the export
DEFAULT_TIME_LIMIT = 5.0
PACKAGE = "notebooks"
MODULE_CELL_PREFIXES = ("module-",)


def default_time_limit() -> float:
    """The time limit of a call in a test without its own, as the export wrote it."""
    try:
        settings = json.loads(SETTINGS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_TIME_LIMIT
    return float(settings.get("default_time_limit", DEFAULT_TIME_LIMIT))


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

    def __init__(self, name: str, args: tuple = (), kwargs: dict | None = None) -> None:
        self.name, self.args, self.kwargs = name, tuple(args), dict(kwargs or {})

    def __call__(self, *args: object, **kwargs: object) -> object:
        if len(args) == 1 and not kwargs and isinstance(args[0], types.FunctionType):
            function = args[0]
            function.pytestmark = [*getattr(function, "pytestmark", []), self]  # type: ignore[attr-defined]
            return function
        return Mark(self.name, self.args + args, {**self.kwargs, **kwargs})

    def __repr__(self) -> str:
        return f"Mark({self.name!r}, {self.args!r}, {self.kwargs!r})"


class _Marks:
    def __getattr__(self, name: str) -> Mark:
        if name.startswith("_"):
            raise AttributeError(name)
        return Mark(name)


class _Param:
    def __init__(self, values: tuple, id: str | None = None) -> None:  # noqa: A002 - pytest's name
        self.values, self.id = tuple(values), id


def _param(*values: object, id: str | None = None, marks: tuple = ()) -> _Param:  # noqa: A002
    if marks:
        raise TypeError("pytest.param(marks=...) is not supported in the notebooks")
    return _Param(values, id)


pytest = types.SimpleNamespace(mark=_Marks(), param=_param)


def _marks(function: Callable, name: str) -> list[Mark]:
    return [m for m in getattr(function, "pytestmark", []) if m.name == name]


def _argnames(spec: object) -> list[str]:
    if isinstance(spec, str):
        return [n.strip() for n in spec.split(",") if n.strip()]
    return list(spec)  # type: ignore[call-overload]


def _argvalues(mark: Mark) -> list:
    return list(mark.kwargs.get("argvalues", mark.args[1] if len(mark.args) > 1 else ()))


def _case_arguments(function: Callable, case: tuple[int, ...]) -> dict:
    """The arguments of one case: ``case`` holds an index per parametrize mark, innermost first."""
    arguments = {}
    for mark, index in zip(_marks(function, "parametrize"), case, strict=False):
        names = _argnames(mark.kwargs.get("argnames", mark.args[0] if mark.args else ()))
        values = _argvalues(mark)[index]
        if isinstance(values, _Param):
            values = values.values if len(names) > 1 else values.values[0]
        if len(names) == 1:
            arguments[names[0]] = values
        else:
            arguments.update(zip(names, values, strict=False))
    return arguments


def _all_cases(function: Callable) -> list[tuple[int, ...]]:
    sizes = [range(len(_argvalues(mark))) for mark in _marks(function, "parametrize")]
    return list(itertools.product(*sizes))


# --- the functions of the notebooks ----------------------------------------------------------------
def finder(topic: str, namespace: dict) -> Callable[[str, str], Callable]:
    """Finds ``<t>.<name>``: in ``namespace`` (this notebook's) when ``t`` is ``topic``, else in
    the saved notebook of ``t``."""

    def find(t: str, name: str) -> Callable:
        qualified = f"{t}.{name}"
        if t == topic:
            value = namespace.get(name)
            if value is None:
                message = f"{name}() is not defined in this notebook: run its cell first"
                raise StudentError(qualified, message)
        else:
            try:
                value = getattr(importlib.import_module(f"{PACKAGE}.{t}"), name, None)
            except Exception as exc:
                message = f"{t}.ipynb could not be imported: {exc}"
                raise StudentError(qualified, message) from None
            if value is None:
                raise StudentError(qualified, f"{t}.ipynb defines no function {name}()")
        if not callable(value):
            raise StudentError(qualified, f"{name} is a {type(value).__name__}, not a function")
        return value

    return find


# --- test cells ----------------------------------------------------------------------------------
class TestFailed(Exception):
    """A graded test did not pass; shown as its status and message only."""

    def __init__(self, status: Status, title: str, message: str) -> None:
        super().__init__(f"{status}: {title}\n{message}".rstrip())
        self.status = status

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"{type(self).__name__}: {self}"]


class Runner:
    """Runs the ``%%graded`` cells of one notebook, judging each test as the grader does."""

    def __init__(self, topic: str, namespace: dict) -> None:
        self.topic = topic
        self.caller = InProcessCaller(finder(topic, namespace), (str(Path(__file__).resolve()),))
        self.default_limit = default_time_limit()
        limit = self.default_limit
        self.diagnose = Diagnoser(
            lambda exercise: (
                lambda args, kwargs: self.caller.call(*exercise.split("."), args, kwargs, limit)
            )
        )
        self.namespaces: dict[str, dict] = {}
        self.cells = 0

    def run_cell(self, line: str, cell: str) -> None:
        """Run one ``%%graded`` cell: ``line`` is the magic's arguments."""
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

    def run_test(
        self, function: Callable, hidden: bool, case: tuple[int, ...] | None = None
    ) -> None:
        """Run one test function (each of its cases, or ``case``); raise TestFailed if one fails."""
        doc = (function.__doc__ or "").strip()
        title = " ".join(doc.split("\n\n")[0].split()) if doc else function.__name__
        exercise = next((m.args[0] for m in _marks(function, "exercise") if m.args), None)
        exercise = exercise or exercise_for_test(self.topic, function.__name__) or f"{self.topic}.?"
        limits = [float(m.args[0]) for m in _marks(function, "time_limit") if m.args]
        limit = limits[0] if limits else self.default_limit
        points = sum(float(m.args[0]) for m in _marks(function, "points") if m.args)
        parameters = inspect.signature(function).parameters
        for one in [case] if case is not None else _all_cases(function):
            arguments = _case_arguments(function, one)
            course = Course(self.caller, limit)
            if "course" in parameters:
                arguments["course"] = course
            try:
                function(**arguments)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                status, message = judge(
                    exc,
                    exercise=exercise,
                    hidden=hidden,
                    diagnose=self.diagnose,
                    printed=course.printed,
                )
                raise TestFailed(status, title, message) from None
        print(f"passed: {title} ({points:g} point{'' if points == 1 else 's'})")


_RUNNER: Runner | None = None


def start_tests(topic: str, namespace: dict) -> None:
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


def graded(line: str, cell: str) -> None:
    """``%%graded public|hidden [--case i]``: run the graded test in this cell."""
    if _RUNNER is None:
        raise RuntimeError("run the set-up cell at the top of the notebook first")
    _RUNNER.run_cell(line, cell)
