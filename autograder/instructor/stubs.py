"""Generate the student stubs in ``exercises/`` from the reference solutions in ``solutions/``.

A solution region is everything between a ``### BEGIN SOLUTION`` line and the next
``### END SOLUTION`` line at the same indentation (nbgrader's markers). Inside a function the
region becomes ``# YOUR CODE HERE`` followed by ``raise NotImplementedError()``; at module level
(a private helper holding solution logic) it is dropped, so the stub module still imports.
Everything outside the markers, and every file that is not Python, is copied unchanged, except
that each topic's stub starts with a guard: run as a script (``python exercises/costs.py``) it
says how to run the topic's tests instead of failing on its relative imports, and the package's
docstring says what ``exercises/`` is (:data:`PACKAGE_DOC`) instead of the reference's.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from ..contract import TOPICS
from ..exit_codes import EXIT_BELOW, EXIT_OK, EXIT_USAGE

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_BODY = ("# YOUR CODE HERE", "raise NotImplementedError()")
_SKIP_DIRS = {"__pycache__"}
PACKAGE_DOC = (
    '"""The exercises of the backprop-lab course: one module per topic, each function a stub to '
    'write.\n\nWritten from the reference solutions by ``autograder stubs``."""\n'
)


class MarkerError(ValueError):
    """A solution file whose markers do not pair up."""


@dataclass(frozen=True)
class Region:
    """One solution region: 1-based line numbers of its two markers and their indentation."""

    begin: int
    end: int
    indent: str


def find_regions(source: str, filename: str = "<source>") -> list[Region]:
    """Return the solution regions of ``source``, checking that the markers pair up.

    Raises
    ------
    MarkerError
        For an END without BEGIN, a nested BEGIN, an END at another indentation than its
        BEGIN, or a BEGIN that is never closed; the message names the file and line.
    """
    regions = []
    open_at: tuple[int, str] | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if stripped == BEGIN:
            if open_at is not None:
                raise MarkerError(
                    f"{filename}:{number}: expected {END!r} before the next {BEGIN!r} "
                    f"(region opened at line {open_at[0]})"
                )
            open_at = (number, indent)
        elif stripped == END:
            if open_at is None:
                raise MarkerError(f"{filename}:{number}: {END!r} without a {BEGIN!r} before it")
            if indent != open_at[1]:
                raise MarkerError(
                    f"{filename}:{number}: {END!r} is indented {len(indent)} spaces, "
                    f"expected {len(open_at[1])} like its {BEGIN!r} at line {open_at[0]}"
                )
            regions.append(Region(open_at[0], number, indent))
            open_at = None
    if open_at is not None:
        raise MarkerError(f"{filename}:{open_at[0]}: {BEGIN!r} is never closed by {END!r}")
    return regions


def solution_lines(source: str, filename: str = "<source>") -> list[str]:
    """Return the code lines inside the solution regions of ``source`` (markers excluded)."""
    lines = source.splitlines()
    return [
        lines[i]
        for region in find_regions(source, filename)
        for i in range(region.begin, region.end - 1)
    ]


def make_stub(source: str, filename: str = "<source>") -> str:
    """Return ``source`` with every solution region replaced by a stub (see the module doc)."""
    lines = source.splitlines()
    out: list[str] = []
    position = 0
    for region in find_regions(source, filename):
        out.extend(lines[position : region.begin - 1])
        if region.indent:
            out.extend(region.indent + line for line in STUB_BODY)
        position = region.end
    out.extend(lines[position:])
    text = "\n".join(out).rstrip("\n") + "\n"
    # A dropped module-level region leaves its blank lines behind: keep at most two in a row.
    return re.sub(r"\n{4,}", "\n\n\n", text)


def _with_package_doc(source: str) -> str:
    """``source`` (the package's ``__init__.py``) with :data:`PACKAGE_DOC` as its docstring."""
    body = ast.parse(source).body
    has_doc = (
        bool(body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    )
    rest = source.splitlines(keepends=True)[body[0].end_lineno :] if has_doc else [source]
    return PACKAGE_DOC + "".join(rest)


SCRIPT_GUARD = """\
if not __package__:  # run as a script, e.g. python exercises/{topic}.py
    raise SystemExit(
        "exercises/{topic}.py holds functions for the tests to call; it is not a script.\\n"
        "Run its tests from the repository folder: pytest tests/public/test_{topic}.py"
    )
"""


def add_script_guard(source: str, topic: str) -> str:
    """``source`` with :data:`SCRIPT_GUARD` after its docstring and ``__future__`` imports."""
    body = ast.parse(source).body
    header = 0
    for statement in body:
        is_doc = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        is_future = isinstance(statement, ast.ImportFrom) and statement.module == "__future__"
        if not (is_doc and header == 0 or is_future):
            break
        header = statement.end_lineno or 0
    lines = source.splitlines(keepends=True)
    guard = SCRIPT_GUARD.format(topic=topic)
    return "".join(lines[:header]) + "\n" + guard + "".join(lines[header:])


def expected_files(solutions: Path) -> dict[Path, bytes]:
    """Map each file that ``exercises/`` must hold (relative path) to its expected content."""
    files: dict[Path, bytes] = {}
    for path in sorted(solutions.rglob("*")):
        relative = path.relative_to(solutions)
        if path.is_dir() or _SKIP_DIRS.intersection(relative.parts) or path.suffix == ".pyc":
            continue
        if path.suffix == ".py":
            stub = make_stub(path.read_text(encoding="utf-8"), str(path))
            if relative.parent == Path(".") and path.stem in TOPICS:
                stub = add_script_guard(stub, path.stem)
            if relative == Path("__init__.py"):
                stub = _with_package_doc(stub)
            files[relative] = stub.encode("utf-8")
        else:
            files[relative] = path.read_bytes()
    return files


def stale_files(solutions: Path, exercises: Path) -> list[str]:
    """Describe every way ``exercises`` differs from what ``solutions`` generates (empty: in sync)."""
    expected = expected_files(solutions)
    problems = []
    for relative, content in expected.items():
        target = exercises / relative
        if not target.exists():
            problems.append(f"{target}: missing")
        elif target.read_bytes() != content:
            problems.append(f"{target}: differs from the stub of {solutions / relative}")
    for path in sorted(exercises.rglob("*")):
        relative = path.relative_to(exercises)
        if path.is_file() and not _SKIP_DIRS.intersection(relative.parts):
            if relative not in expected and path.suffix != ".pyc":
                problems.append(f"{path}: not generated from {solutions} (remove it)")
    return problems


def write_stubs(solutions: Path, exercises: Path) -> list[Path]:
    """Make ``exercises`` what ``solutions`` generates; return the files written or removed."""
    expected = expected_files(solutions)
    changed = []
    for relative, content in expected.items():
        target = exercises / relative
        if not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            changed.append(target)
    for path in sorted(exercises.rglob("*.py")):
        relative = path.relative_to(exercises)
        if relative not in expected and not _SKIP_DIRS.intersection(relative.parts):
            path.unlink()
            changed.append(path)
    return changed


def add_parser(subparsers) -> None:  # noqa: ANN001 - argparse's private type
    """Register ``autograder stubs``."""
    parser = subparsers.add_parser(
        "stubs",
        help="generate exercises/ from solutions/ (or --check that it is up to date)",
        description="Write the student stubs: every '### BEGIN SOLUTION' ... '### END SOLUTION' "
        "region of solutions/*.py becomes 'raise NotImplementedError()'; other files are copied.",
    )
    parser.add_argument(
        "--course", type=Path, default=Path("."), help="the course repository (default: .)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 naming each stale file"
    )
    parser.set_defaults(run=run)


def run(args) -> int:  # noqa: ANN001
    import sys

    solutions, exercises = args.course / "solutions", args.course / "exercises"
    if not solutions.is_dir():
        print(f"autograder stubs: {solutions}: no solutions folder here", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.check:
            problems = stale_files(solutions, exercises)
            for problem in problems:
                print(f"stale: {problem}", file=sys.stderr)
            if problems:
                print("run 'autograder stubs' to regenerate exercises/", file=sys.stderr)
            return EXIT_BELOW if problems else EXIT_OK
        changed = write_stubs(solutions, exercises)
    except MarkerError as exc:
        print(f"autograder stubs: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in changed:
        print(f"wrote {path}")
    print(f"exercises/ is up to date ({len(changed)} file(s) changed)")
    return EXIT_OK
