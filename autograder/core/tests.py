"""Step 1, collect: what a graded test is, read from its pytest item, and a course's graded tests.

A graded test carries ``@pytest.mark.points(n)``; tests under a ``hidden`` folder are hidden. Its
docstring's first paragraph is what the student reads; the exercise it grades is the contract
function its name starts with (``test_sigmoid_prime_...``), or
``@pytest.mark.exercise("topic.function")``. :func:`collect` lists the graded tests of a course
the way the grader collects them (pytest with the autograder plugin); :func:`graded_test_of`
tells, in any pytest hook that runs after collection, what a collected item is.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..contract import EXERCISES, GIVEN, exercise_for_test
from .settings import SettingError, default_time_limit

GRADED_FOLDERS = ("public", "hidden")


@dataclass(frozen=True)
class GradedTest:
    """One graded test (one case of a parametrized test)."""

    points: float
    exercise: str  # "topic.function"
    hidden: bool
    time_limit: float  # seconds each call of student code may take
    name: str  # what the student reads: the docstring's first paragraph, and the case


_GRADED = pytest.StashKey[GradedTest]()


def graded_test_of(item: pytest.Item) -> GradedTest | None:
    """The graded test ``item`` is, or None for an ungraded test (known once collected)."""
    return item.stash.get(_GRADED, None)


def read_graded_tests(items: list[pytest.Item], default_limit: float, root: Path) -> None:
    """Read the marks of every collected item, so that :func:`graded_test_of` knows it.

    Raises
    ------
    SettingError
        For an unknown or malformed mark, or a test under a graded folder without points.
    """
    known = _known_markers(items[0].config) if items else set()
    parts: dict[Path, tuple[str, ...]] = {}  # a test file's path parts below root, once per file
    for item in items:
        path = Path(item.path)
        if path not in parts:
            parts[path] = _parts_below(path, root)
        test = _graded_test(item, default_limit, known, parts[path])
        if test is not None:
            item.stash[_GRADED] = test


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
        raise SettingError(
            f"{item.nodeid}: @pytest.mark.{name} takes one positive number, got "
            f"args={mark.args!r} kwargs={mark.kwargs!r}"
        )
    return float(mark.args[0])


def _known_markers(config: pytest.Config) -> set[str]:
    return {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}


def _exercise(item: pytest.Item) -> str:
    marks = list(item.iter_markers("exercise"))
    if marks:
        exercise = marks[0].args[0] if len(marks[0].args) == 1 else None
        topic, _, function = str(exercise).partition(".")
        if function not in EXERCISES.get(topic, ()) + GIVEN.get(topic, ()):
            raise SettingError(
                f"{item.nodeid}: @pytest.mark.exercise needs a 'topic.function' of the course, got {marks[0].args!r}"
            )
        return str(exercise)
    topic = Path(item.path).stem.removeprefix("test_")
    exercise = exercise_for_test(topic, getattr(item, "originalname", item.name))
    if exercise is None:
        raise SettingError(
            f"{item.nodeid}: cannot tell which exercise this test grades; name it test_<function>_... "
            "in tests/<public|hidden>/test_<topic>.py or add @pytest.mark.exercise('topic.function')"
        )
    return exercise


def _parts_below(path: Path, root: Path) -> tuple[str, ...]:
    try:
        return path.resolve().relative_to(root).parts
    except ValueError:
        return path.parts


def _graded_test(
    item: pytest.Item, default_limit: float, known: set[str], parts: tuple[str, ...]
) -> GradedTest | None:
    points = _marker_number(item, "points")
    if points is not None:
        unknown = {m.name for m in item.iter_markers()} - known
        if unknown:
            raise SettingError(
                f"{item.nodeid}: unknown marker(s) {', '.join(sorted(unknown))}; "
                "graded tests may use points, time_limit, exercise and pytest's own markers"
            )
    if points is None:
        if any(p in GRADED_FOLDERS for p in parts[:-1]):
            raise SettingError(
                f"{item.nodeid}: a test under tests/public or tests/hidden needs @pytest.mark.points(n)"
            )
        return None
    exercise = _exercise(item)
    limit = _marker_number(item, "time_limit") or default_limit
    doc = (getattr(item, "obj", None).__doc__ or "").strip() if getattr(item, "obj", None) else ""
    name = doc.split("\n\n")[0].replace("\n", " ").strip() if doc else item.name
    if "[" in item.name:
        name = f"{name} [{item.name.split('[', 1)[1]}"
    return GradedTest(points, exercise, "hidden" in parts[:-1], limit, " ".join(name.split()))


# --- a course's graded tests -----------------------------------------------------------------
class CollectionError(ValueError):
    """The graded tests of a course could not be collected; the message has pytest's words."""


@dataclass
class Collection:
    """The graded tests of a course, in collection order (file by file, top to bottom)."""

    items: list[tuple[pytest.Item, GradedTest]]
    default_limit: float  # seconds a call may take in a test without its own time limit


class _Recorder:
    def __init__(self) -> None:
        self.items: list[tuple[pytest.Item, GradedTest]] = []
        self.default_limit = 0.0

    @pytest.hookimpl(trylast=True)  # after the autograder plugin has read the marks
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list) -> None:
        self.default_limit = default_time_limit(None, config.getini("autograder_time_limit"))
        for item in items:
            test = graded_test_of(item)
            if test is not None:
                self.items.append((item, test))


@contextlib.contextmanager
def only_the_autograder_plugin() -> Iterator[list[str]]:
    """Load the autograder plugin and no other installed pytest plugin in the block.

    Other plugins (hypothesis, anyio, ...) add seconds to every run and nothing to a grade.
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


@contextlib.contextmanager
def _fresh_test_modules() -> Iterator[None]:
    """pytest's importlib mode reuses a module already imported under the same name
    (``public.test_costs``, perhaps of another course): hide those of earlier runs while
    collecting, and forget this run's afterwards."""

    def of_tests(name: str) -> bool:
        return name.split(".")[0] in ("tests", *GRADED_FOLDERS)

    saved = {name: module for name, module in sys.modules.items() if of_tests(name)}
    for name in saved:
        del sys.modules[name]
    try:
        yield
    finally:
        for name in [name for name in sys.modules if of_tests(name)]:
            del sys.modules[name]
        sys.modules.update(saved)


def collect(course_root: Path, folders: tuple[str, ...] = GRADED_FOLDERS) -> Collection:
    """The graded tests under ``course_root/tests/<folder>``, as ``autograder grade`` sees them.

    Raises
    ------
    CollectionError
        When there is no such folder, or pytest could not collect the tests.
    """
    paths = [course_root / "tests" / name for name in folders]
    args = [str(p) for p in paths if p.is_dir()]
    if not args:
        raise CollectionError(f"{course_root}: no tests/{' or tests/'.join(folders)} folder")
    args += ["--collect-only", "-q", "--rootdir", str(course_root), "-p", "no:cacheprovider"]
    args += ["--import-mode=importlib", "--impl", "solutions"]
    recorder = _Recorder()
    output = io.StringIO()
    with (
        only_the_autograder_plugin() as plugin,
        _fresh_test_modules(),
        contextlib.redirect_stdout(output),
        contextlib.redirect_stderr(output),
    ):
        code = pytest.main(args + plugin, plugins=[recorder])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        tail = "\n".join(output.getvalue().strip().splitlines()[-15:])
        raise CollectionError(
            f"collecting the graded tests failed (pytest exit code {int(code)}):\n{tail}"
        )
    return Collection(recorder.items, recorder.default_limit)
