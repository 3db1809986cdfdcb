"""Write the student repository, and audit it for leaked solutions and hidden tests.

``autograder release DEST`` writes:

* ``exercises/``: the stubs generated from ``solutions/`` (and the course data);
* ``tests/public/``: the public tests, as they are;
* ``notebooks/``: the ungraded notebooks to explore each topic with (they import ``exercises``);
* ``autograder/``: the grading package without ``autograder/instructor/`` (the pytest plugin,
  the sandbox, the checks, the reports, the mistake catalogue's fingerprints);
* ``README.md``, ``pyproject.toml`` and ``.gitignore`` for students, and the student workflow
  ``.github/workflows/classroom.yml`` (from ``autograder/instructor/templates/``).

It never writes ``solutions/``, ``tests/hidden/``, ``tests/grader/``, ``autograder/instructor/``
or the instructor's workflows. The release is built in a staging folder beside DEST and audited
there; only a release that passes the audit replaces DEST's content (a ``.git`` folder in DEST
is kept, so DEST can be a clone of the students' template repository).

The leak audit (:func:`audit`) fails when a *non-trivial* line of a solution region, or of a
file under ``tests/hidden/``, occurs in any file of the release (as a whole line or inside a
longer one, bounded by non-identifier characters). A line is trivial when it says nothing about
a solution (:func:`is_trivial`): blank; only brackets, quotes and punctuation; ``else:``,
``try:``, ``finally:``, ``pass``, ``break``, ``continue``; one bare name, perhaps followed by
closing brackets or a comma (``rows,``); ``return`` alone or with one bare name
(``return grads``); ``return`` or ``name =`` followed by an opening bracket alone
(``grads = {``) or an empty literal (``errors = []``, ``best = 0``, ``x = None``). Lines that
the release publishes on purpose are not secrets either (:func:`published_lines`): a line that
also occurs in the generated stubs (outside the regions, e.g. a docstring), in the course's own
``autograder`` package (outside ``instructor/``) or in the student templates; and, for hidden
tests, a line that also occurs in the public tests (imports, decorators). So the audit finds any
secret line put into a release, but not one that the grader package's own source shares with a
solution: that package is published code and is reviewed as such.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from string import Template

from ..contract import TOPICS
from ..core.tests import CollectionError, collect
from ..exit_codes import EXIT_BELOW, EXIT_OK, EXIT_USAGE
from . import stubs

TEMPLATES = Path(__file__).with_name("templates")
WORKFLOW_PATH = Path(".github/workflows/classroom.yml")
# Paths (relative to the release) that must never be released.
FORBIDDEN_PATHS = (
    ("solutions",),
    ("tests", "hidden"),
    ("tests", "grader"),
    ("autograder", "instructor"),
    (".github", "workflows", "ci.yml"),
    (".github", "workflows", "grade.yml"),
)
_SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".git", ".ipynb_checkpoints"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}
_TRIVIAL = re.compile(
    r"""
    [\s()\[\]{},:;.'"`]*                                # blank, brackets, quotes, punctuation
    | (else|try|finally)\s*:
    | pass | break | continue
    | [A-Za-z_]\w*\s*[,)\]}]*                          # a bare name: x   rows,   z)
    | return(\s+[A-Za-z_]\w*)?                          # return, return x
    | (return|[A-Za-z_]\w*\s*=)\s*[(\[{]                # return {   /   grads = {
    | [A-Za-z_]\w*\s*=\s*(\[\]|\{\}|\(\)|None|True|False|0|0\.0)  # errors = []
    """,
    re.VERBOSE,
)


class ReleaseError(RuntimeError):
    """The release could not be written; the message names the input at fault."""


class LeakError(ReleaseError):
    """The audit found secret lines in the release (which was therefore not written)."""

    def __init__(self, dest: Path, leaks: list[Leak]) -> None:
        super().__init__(
            f"{dest}: not written, the release would leak {len(leaks)} line(s):\n"
            + "\n".join(leak.describe() for leak in leaks)
        )
        self.leaks = leaks


@dataclass(frozen=True)
class Leak:
    """One secret line found in a released file."""

    path: str  # relative to the release
    line: int  # 1-based
    source: str  # where the secret comes from, "solutions/costs.py:42"
    text: str  # the secret line, stripped

    def describe(self, root: Path | str = "") -> str:
        """One line naming the file (under ``root``), the line and the secret's origin."""
        where = Path(root, self.path).as_posix() if str(root) else self.path
        if self.line == 0:
            return f"{where}: must not be released ({self.source})"
        return f"{where}:{self.line}: holds line {self.source}: {self.text!r}"


def is_trivial(line: str) -> bool:
    """Whether ``line`` says nothing about a solution (see the module doc for the list)."""
    return _TRIVIAL.fullmatch(line.strip()) is not None


def _walk(folder: Path) -> list[Path]:
    """Every file under ``folder`` (sorted), without caches, bytecode and ``.git``."""
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not _SKIPPED_PARTS.intersection(path.relative_to(folder).parts)
        and path.suffix not in _SKIPPED_SUFFIXES
    ]


def _text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None


def _stripped_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def published_lines(course: Path) -> set[str]:
    """The lines (stripped) that a release publishes on purpose.

    These are the lines of the stubs generated from ``solutions/`` (everything outside the
    solution regions), of the shipped ``autograder`` package (without ``instructor/``) and of
    the student templates.
    """
    lines: set[str] = set()
    if (course / "solutions").is_dir():
        for content in stubs.expected_files(course / "solutions").values():
            lines |= _stripped_lines(content.decode("utf-8", errors="replace"))
    package = _grader_package(course)
    for path in _walk(package):
        if path.relative_to(package).parts[0] != "instructor":
            lines |= _stripped_lines(_text(path) or "")
    for path in _walk(TEMPLATES):
        lines |= _stripped_lines(_text(path) or "")
    return lines


@dataclass(frozen=True)
class Secrets:
    """The secret lines of a course, each mapped to where it comes from ("file:line").

    ``published`` holds the lines a release may contain anyway (:func:`published_lines`);
    ``public_tests`` holds those plus the lines of the public tests, which a hidden-test line may
    share (imports, decorators, a message) without being a secret.
    """

    solution: dict[str, str]
    hidden: dict[str, str]
    published: frozenset[str]
    public_tests: frozenset[str]


def secrets(course: Path) -> Secrets:
    """The secret lines of ``course``.

    They are the non-trivial lines of the solution regions of ``solutions/**/*.py`` that the
    release does not publish on purpose, and the non-trivial lines of the files under
    ``tests/hidden/`` that neither the release's published lines nor the public tests contain.

    Raises
    ------
    stubs.MarkerError
        When a solution file's markers do not pair up.
    """
    solutions, hidden, public = (
        course / "solutions",
        course / "tests" / "hidden",
        course / "tests" / "public",
    )
    published = published_lines(course)
    solution: dict[str, str] = {}
    for path in _walk(solutions) if solutions.is_dir() else []:
        if path.suffix != ".py":
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for region in stubs.find_regions(source, str(path)):
            for number in range(region.begin + 1, region.end):
                line = lines[number - 1].strip()
                if line not in published and not is_trivial(line):
                    solution.setdefault(line, f"{path.relative_to(course)}:{number}")
    public_tests = set(published)
    for path in _walk(public) if public.is_dir() else []:
        public_tests |= _stripped_lines(_text(path) or "")
    hidden_lines: dict[str, str] = {}
    for path in _walk(hidden) if hidden.is_dir() else []:
        for number, line in enumerate((_text(path) or "").splitlines(), start=1):
            line = line.strip()
            if line not in public_tests and not is_trivial(line):
                hidden_lines.setdefault(line, f"{path.relative_to(course)}:{number}")
    return Secrets(solution, hidden_lines, frozenset(published), frozenset(public_tests))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _find(text: str, secret: str, allowed: frozenset[str]) -> list[int]:
    """Line numbers where ``secret`` occurs in ``text`` bounded by non-identifier characters,
    on a line that is not itself an ``allowed`` (published) line."""
    numbers = []
    start = text.find(secret)
    while start != -1:
        end = start + len(secret)
        bounded = (start == 0 or not _is_word(text[start - 1])) and (
            end == len(text) or not _is_word(text[end])
        )
        line_end = text.find("\n", end)
        line = text[text.rfind("\n", 0, start) + 1 : line_end if line_end != -1 else len(text)]
        if bounded and line.strip() not in allowed:
            numbers.append(text.count("\n", 0, start) + 1)
        start = text.find(secret, start + 1)
    return numbers


def audit(release: Path, course: Path) -> list[Leak]:
    """Every secret line of ``course`` found in a file of ``release``, and every forbidden path.

    Files that are not UTF-8 text (the digits archive) cannot hold a line and are not read;
    ``.git``, caches and bytecode are skipped.

    Raises
    ------
    stubs.MarkerError
        When a solution file's markers do not pair up.
    """
    found = secrets(course)
    leaks: list[Leak] = []
    for path in _walk(release):
        relative = path.relative_to(release)
        for forbidden in FORBIDDEN_PATHS:
            if relative.parts[: len(forbidden)] == forbidden:
                reason = "/".join(forbidden) + " is instructor-only"
                leaks.append(Leak(relative.as_posix(), 0, reason, ""))
        text = _text(path)
        if text is None:
            continue
        for table, allowed in (
            (found.solution, found.published),
            (found.hidden, found.public_tests),
        ):
            for secret, source in table.items():
                for number in _find(text, secret, allowed):
                    leaks.append(Leak(relative.as_posix(), number, source, secret))
    return sorted(leaks, key=lambda leak: (leak.path, leak.line, leak.source))


# --- building -------------------------------------------------------------------------------
def _copy_tree(source: Path, target: Path, skip: tuple[str, ...] = ()) -> None:
    for path in _walk(source):
        relative = path.relative_to(source)
        if relative.parts and relative.parts[0] in skip:
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)


def _grader_package(course: Path) -> Path:
    """The ``autograder`` package to ship: the course's own, else the one running."""
    own = course / "autograder"
    return own if (own / "plugin.py").is_file() else Path(__file__).resolve().parents[1]


def build(course: Path, target: Path) -> None:
    """Write the release into the empty folder ``target`` (no audit; see :func:`release`).

    Raises
    ------
    ReleaseError
        When ``course`` lacks ``solutions/`` or ``tests/public/``, or its public tests do not
        collect as graded tests (:func:`autograder.core.tests.collect`).
    stubs.MarkerError
        When a solution file's markers do not pair up.
    """
    for needed in ("solutions", "tests/public"):
        if not (course / needed).is_dir():
            raise ReleaseError(f"{course}: expected a course repository with {needed}/, found none")
    try:  # a public test the grader would refuse (no points, no exercise) is never released
        collect(course, ("public",))
    except CollectionError as exc:
        raise ReleaseError(f"{course}: the public tests cannot be graded: {exc}") from None
    for relative, content in stubs.expected_files(course / "solutions").items():
        (target / "exercises" / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / "exercises" / relative).write_bytes(content)
    _copy_tree(course / "tests" / "public", target / "tests" / "public")
    if (course / "notebooks").is_dir():
        _copy_tree(course / "notebooks", target / "notebooks")
    _copy_tree(_grader_package(course), target / "autograder", skip=("instructor",))
    values = {
        "topics": "\n".join(
            f"| `{t}` | `exercises/{t}.py` | `tests/public/test_{t}.py` |" for t in TOPICS
        ),
    }
    for template, name in (
        ("README.md", "README.md"),
        ("pyproject.toml", "pyproject.toml"),
        ("gitignore", ".gitignore"),
        ("classroom.yml", WORKFLOW_PATH.as_posix()),
    ):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        if template == "README.md":
            text = Template(text).substitute(values)
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")


def _entries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name != ".git"] if folder.is_dir() else []


def release(course: Path, dest: Path, force: bool = False) -> list[Path]:
    """Build, audit, then write the student release to ``dest``; return the files written.

    Raises
    ------
    ReleaseError
        When ``dest`` is not empty (without ``force``), is or holds the course, cannot be
        written, or when the audit finds a leak (``dest`` is then left untouched).
    """
    course, dest = course.resolve(), dest.resolve()
    if dest == course or dest in course.parents:
        raise ReleaseError(f"{dest}: is the course repository or holds it; choose another folder")
    if dest.exists() and not dest.is_dir():
        raise ReleaseError(f"{dest}: exists and is not a folder")
    try:
        occupied = bool(_entries(dest))
        if occupied and not force:
            raise ReleaseError(
                f"{dest}: is not empty; use --force to replace its content (.git is kept)"
            )
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.release-", dir=dest.parent))
    except OSError as exc:
        raise ReleaseError(f"{dest}: cannot write here ({exc.strerror or exc})") from None
    try:
        build(course, staging)
        leaks = audit(staging, course)
        if leaks:
            raise LeakError(dest, leaks)
        try:
            dest.mkdir(exist_ok=True)
            for entry in _entries(dest):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            for entry in staging.iterdir():
                entry.rename(dest / entry.name)
        except OSError as exc:
            raise ReleaseError(f"{dest}: cannot write here ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _walk(dest)


# --- command line ---------------------------------------------------------------------------
def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``autograder release``."""
    parser = subparsers.add_parser(
        "release",
        help="write the student repository (stubs, public tests, grader, README, workflow)",
        description="Write the student repository to DEST: exercises/ (stubs generated from "
        "solutions/), tests/public/, the autograder package without its instructor commands, "
        "a student README, pyproject.toml, .gitignore and the GitHub Classroom workflow. "
        "The release is audited before it is written: no line of a solution region or of a "
        "hidden test may appear in it.",
        epilog="Exit codes: 0 written (or audit clean), 1 the audit found a leak, 2 bad DEST or "
        "course.",
    )
    parser.add_argument("dest", type=Path, metavar="DEST", help="the folder to write (or to audit)")
    parser.add_argument(
        "--course", type=Path, default=Path("."), help="the course repository (default: .)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace DEST's content if it is not empty (.git is kept)",
    )
    parser.add_argument(
        "--audit",
        action="store_true",
        help="write nothing: check that DEST holds no solution or hidden-test line",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``autograder release``; return the exit code."""
    if args.audit:
        if not args.dest.is_dir():
            print(f"autograder release: {args.dest}: no such folder to audit", file=sys.stderr)
            return EXIT_USAGE
        try:
            leaks = audit(args.dest, args.course)
        except stubs.MarkerError as exc:
            print(f"autograder release: {exc}", file=sys.stderr)
            return EXIT_USAGE
        for leak in leaks:
            print(f"leak: {leak.describe(args.dest)}", file=sys.stderr)
        if leaks:
            print(f"autograder release: {args.dest}: {len(leaks)} leak(s) found", file=sys.stderr)
            return EXIT_BELOW
        print(f"{args.dest}: no solution or hidden-test line found")
        return EXIT_OK
    try:
        files = release(args.course, args.dest, force=args.force)
    except stubs.MarkerError as exc:
        print(f"autograder release: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ReleaseError as exc:
        print(f"autograder release: {exc}", file=sys.stderr)
        return EXIT_BELOW if isinstance(exc, LeakError) else EXIT_USAGE
    print(f"wrote {len(files)} files to {args.dest}; audit: no solution or hidden-test line found")
    return EXIT_OK
