"""Grade a whole class into one gradebook, in parallel, resumably.

``autograder grade-class SUBMISSIONS --out DIR`` grades every sub-folder of SUBMISSIONS (one per
student, named after the student) with ``autograder grade PATH --hidden --json F`` in a
subprocess, N at a time, and writes:

* ``DIR/<student>/results.json``: the student's report (Gradescope's format; score 0 with the
  reason when the submission could not be graded);
* ``DIR/<student>/grade-class.json``: the row's status and the hashes that make a rerun skip it;
* ``DIR/gradebook.csv``: ``student, <one column per topic>, total, max, status``, one row per
  student, written atomically (a temporary file renamed over the old one).

A rerun skips a student whose graded files (``exercises/<topic>.py``) and whose grader (the
course's tests, its ``autograder`` package and data, and the options) hash as they did at the
last grade, unless ``--force``. Every student gets a row whatever happens: a submission that
cannot be graded (no ``exercises/`` folder, not a folder, unreadable), that crashes the grader,
or that outlives ``--submission-timeout`` gets 0 points and a status that says why; a topic file
that is missing, not UTF-8 or too large scores 0 on that topic's tests (the worker refuses it)
and the status names it. Each of these also gives a one-line error naming the input.

For GitHub Actions (``.github/workflows/grade.yml``) two more modes split a class across jobs:
``--plan ROSTER --out DIR`` reads a roster (one ``owner/repo`` per line) and writes one list of
repositories per shard, and ``--merge SHARD... --out DIR`` merges the shards' outputs into one
gradebook, with a "missing" row for every roster entry that has no result.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..contract import TOPICS
from ..reports import gradescope
from ..reports.files import write_atomically
from ..results import GradeResult
from ..sandbox.client import source_problem

RESULTS = "results.json"
META = "grade-class.json"
GRADEBOOK = "gradebook.csv"
HTML = "report.html"
GRADED = "graded"
MISSING = "missing"
DEFAULT_SUBMISSION_TIMEOUT = 1200.0
MAX_SHARDS = 256  # GitHub Actions' limit on the jobs of one matrix
_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_REPO = r"[A-Za-z0-9_.-]{1,100}"
_REPO_TOKEN = re.compile(rf"(?:https://github\.com/)?({_OWNER})/({_REPO}?)(?:\.git)?/?")
_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,150}")
_SPREADSHEET_FORMULA = tuple("=+-@\t\r")


class ClassGradingError(ValueError):
    """Bad input for the whole class (a folder, a roster, the course); names the input."""


# --- rows and the gradebook -------------------------------------------------------------------
@dataclass
class Row:
    """One student's line of the gradebook."""

    student: str
    topics: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    max: float = 0.0
    status: str = GRADED
    problems: list[str] = field(default_factory=list)  # one-line errors naming the input
    skipped: bool = False  # reused from an earlier run

    @classmethod
    def from_results(cls, student: str, results: dict, status: str) -> Row:
        """The row of ``results`` (Gradescope's results.json as written by ``autograder grade``)."""
        topics = {topic: 0.0 for topic in TOPICS}
        for test in results.get("tests", []):
            tags = test.get("tags") or [""]
            if tags[0] in topics:
                topics[tags[0]] += float(test.get("score", 0.0))
        return cls(
            student,
            {t: round(p, 6) for t, p in topics.items()},
            float(results.get("score", 0.0)),
            round(sum(float(t.get("max_score", 0.0)) for t in results.get("tests", [])), 6),
            status,
        )


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula, on one line."""
    text = " ".join(str(text).split())
    return "'" + text if text.startswith(_SPREADSHEET_FORMULA) else text


def _number(value: float) -> str:
    """Points as a spreadsheet reads them: ``12``, ``7.5``, never ``1.2e+03``."""
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def gradebook_csv(rows: Iterable[Row]) -> str:
    """The gradebook as CSV text: student, one column per topic, total, max, status.

    A row that could not be graded has no maximum of its own; it gets the class's maximum, so
    that 0 out of the real maximum is imported, never 0 out of 0.
    """
    rows = sorted(rows, key=lambda r: (r.student.casefold(), r.student))
    course_max = max((r.max for r in rows), default=0.0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *TOPICS, "total", "max", "status"])
    for row in rows:
        points = [_number(row.topics.get(t, 0.0)) for t in TOPICS]
        maximum = row.max or course_max
        writer.writerow(
            [_cell(row.student), *points, _number(row.total), _number(maximum), _cell(row.status)]
        )
    return out.getvalue()


def _store(folder: Path, row: Row, results: dict | None, hashes: dict[str, str | None]) -> None:
    """Write a student's results.json (when given) then their metadata, which commits the row."""
    if results is not None:
        write_atomically(folder / RESULTS, json.dumps(results, indent=2) + "\n")
    meta = {"status": row.status, "problems": row.problems, **hashes}
    write_atomically(folder / META, json.dumps(meta, indent=2) + "\n")


def _unrated(student: str, status: str, problems: list[str]) -> tuple[Row, dict]:
    """A 0-point row and a valid report saying why the submission was not graded."""
    result = GradeResult(tests=[], error=status, submission=student)
    return Row(
        student, {t: 0.0 for t in TOPICS}, 0.0, 0.0, status, problems
    ), gradescope.results_json(result)


def load_row(folder: Path) -> Row | None:
    """The row stored in ``folder`` (a ``DIR/<student>``), or None when it has none."""
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        results = json.loads((folder / RESULTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    row = Row.from_results(folder.name, results, str(meta.get("status", GRADED)))
    row.problems = [str(p) for p in meta.get("problems", [])]
    return row


# --- one submission -------------------------------------------------------------------------
def submission_hash(folder: Path) -> str | None:
    """SHA-256 of the graded files (``exercises/<topic>.py``, absent ones included as absent)."""
    digest = hashlib.sha256()
    try:
        for topic in TOPICS:
            path = folder / "exercises" / f"{topic}.py"
            digest.update(f"\0{topic}\0".encode())
            if not path.is_file():
                digest.update(b"\0absent")
                continue
            with path.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def grader_hash(course: Path, hidden: bool, timeout: float | None) -> str:
    """SHA-256 of what decides a grade besides the submission: tests, grader, data, options."""
    digest = hashlib.sha256(json.dumps({"hidden": hidden, "timeout": timeout}).encode())
    folders = [course / "tests" / "public", course / "autograder"]
    folders += [course / "tests" / "hidden"] if hidden else []
    folders += [course / "exercises" / "data", course / "solutions" / "data"]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            parts = path.relative_to(course).parts
            if (
                path.is_file()
                and "__pycache__" not in parts
                and parts[:2] != ("autograder", "instructor")
            ):
                digest.update(f"\0{'/'.join(parts)}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def submission_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be graded at all, or None."""
    if not folder.is_dir():
        return "not a folder"
    try:
        os.listdir(folder)
        if not (folder / "exercises").is_dir():
            return "no exercises/ folder"
        os.listdir(folder / "exercises")
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return None


def topic_problems(folder: Path) -> list[str]:
    """What the worker will refuse to grade: missing, non-UTF-8 or too large topic files."""
    found = []
    for topic in TOPICS:
        try:
            problem = source_problem(folder / "exercises" / f"{topic}.py")
        except OSError as exc:
            problem = f"{topic}.py is unreadable ({exc.strerror or exc})"
        if problem is not None:
            found.append(f"exercises/{problem}")
    return found


@dataclass(frozen=True)
class Options:
    """How every submission of one run is graded."""

    course: Path
    hidden: bool = True
    timeout: float | None = None
    submission_timeout: float = DEFAULT_SUBMISSION_TIMEOUT
    force: bool = False
    html: bool = False  # also write DIR/<student>/report.html
    command: tuple[str, ...] = (sys.executable, "-m", "autograder", "grade")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no message"


def _grader_env() -> dict[str, str]:
    """The environment of ``autograder grade``.

    This grader is importable (first after the course folder), pytest loads no plugin but the
    grader's own (none of whatever else the machine has installed runs in the grading session,
    nor costs its start-up time), and formats no traceback: the plugin writes its own messages,
    and formatting tracebacks of failed tests is most of the time of a failing submission.
    """
    env = dict(os.environ)
    here = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    addopts = env.get("PYTEST_ADDOPTS", "")
    env["PYTEST_ADDOPTS"] = f"{addopts} -p autograder.plugin --tb=no".strip()
    return env


def grade_submission(folder: Path, out: Path, options: Options, grader: str) -> Row:
    """Grade one student's ``folder`` into ``out`` (their ``DIR/<student>``) and return the row.

    Never raises for a bad submission: the row's status says what went wrong.
    """
    student = folder.name
    out.mkdir(parents=True, exist_ok=True)
    problem = submission_problem(folder)
    if problem is not None:
        row, report = _unrated(student, f"not graded: {problem}", [f"{folder}: {problem}"])
        _store(out, row, report, {"submission_hash": None, "grader_hash": grader})
        return row
    digest = submission_hash(folder)
    hashes = {"submission_hash": digest, "grader_hash": grader}
    if (
        not options.force
        and digest is not None
        and not (options.html and not (out / HTML).is_file())
    ):
        try:
            meta = json.loads((out / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        if {k: meta.get(k) for k in hashes} == hashes:
            stored = load_row(out)
            if stored is not None:
                stored.skipped = True
                return stored
    problems = topic_problems(folder)
    fresh = out / f".{RESULTS}.new"
    fresh.unlink(missing_ok=True)
    command = [
        *options.command,
        str(folder),
        "--course",
        str(options.course),
        "--json",
        str(fresh),
        "--quiet",
    ]
    command += ["--hidden"] if options.hidden else []
    command += ["--timeout", f"{options.timeout:g}"] if options.timeout is not None else []
    command += ["--html", str(out / HTML)] if options.html else []
    try:
        done = subprocess.run(
            command,
            cwd=options.course,
            env=_grader_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=options.submission_timeout,
        )
    except subprocess.TimeoutExpired:
        status = f"timed out: grading took more than {options.submission_timeout:g} s"
        row, report = _unrated(student, status, [f"{folder}: {status}"])
        _store(out, row, report, {**hashes, "submission_hash": None})  # retried next run
        fresh.unlink(missing_ok=True)
        return row
    try:
        results = json.loads(fresh.read_text(encoding="utf-8"))
        if not isinstance(results, dict) or not isinstance(results.get("tests"), list):
            raise ValueError("results.json has no tests list")
    except (OSError, ValueError):
        results = None
    finally:
        fresh.unlink(missing_ok=True)
    if done.returncode not in (0, 1) or results is None:
        status = f"grader failed (exit {done.returncode}): {_last_line(done.stderr)}"
        row, report = _unrated(student, status, [f"{folder}: {status}"])
        if results is not None:  # the grader's own failure report (score 0 and its reason)
            report = results
        _store(out, row, report, {**hashes, "submission_hash": None})  # retried next run
        return row
    status = GRADED if not problems else f"{GRADED}; " + "; ".join(problems)
    row = Row.from_results(student, results, status)
    row.problems = [f"{folder}/{problem}" for problem in problems]
    _store(out, row, results, hashes)
    return row


# --- the class --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RosterEntry:
    """One roster line: a repository and the folder (and gradebook name) of its student."""

    repo: str  # owner/repo
    name: str


def parse_roster(text: str, source: str = "roster") -> list[RosterEntry]:
    """Parse a roster: ``owner/repo`` entries separated by new lines, spaces or commas, each
    optionally followed by its student's name; ``#`` starts a comment.

    Without a name, a repository's student is its repository name (``hw1-alice``), or
    ``owner__repo`` when two entries share a repository name.

    Raises
    ------
    ClassGradingError
        For an entry that is not ``owner/repo`` (or ``https://github.com/owner/repo``), or a
        name that is not a plain folder name; the message names the line.
    """
    pairs: list[tuple[str, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        named = True  # a name follows a repository on the same line only
        for token in line.split("#", 1)[0].replace(",", " ").split():
            match = _REPO_TOKEN.fullmatch(token)
            if match and match.group(2) not in ("", ".", ".."):
                pairs.append((f"{match.group(1)}/{match.group(2)}", None))
                named = False
            elif "/" not in token and not named and _NAME.fullmatch(token):
                pairs[-1] = (pairs[-1][0], token)
                named = True
            else:
                raise ClassGradingError(
                    f"{source}:{number}: expected owner/repo (optionally followed by a name), "
                    f"got {token!r}"
                )
    unique = list(dict.fromkeys(pairs))
    counts: dict[str, int] = {}
    for repo, name in unique:
        key = name or repo.split("/")[1]
        counts[key] = counts.get(key, 0) + 1
    entries = []
    for repo, name in unique:
        key = name or repo.split("/")[1]
        entries.append(RosterEntry(repo, key if counts[key] == 1 else repo.replace("/", "__")))
    names = [e.name for e in entries]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ClassGradingError(f"{source}: two entries would be graded as {duplicates[0]!r}")
    return entries


def read_roster(path: Path) -> list[RosterEntry]:
    """:func:`parse_roster` of a file; ClassGradingError names the file if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClassGradingError(f"{path}: cannot read the roster ({exc})") from None
    return parse_roster(text, str(path))


@dataclass
class ClassReport:
    """What a run did."""

    rows: list[Row]
    gradebook: Path
    notes: list[str] = field(default_factory=list)  # problems that belong to no row

    @property
    def problems(self) -> list[str]:
        """Every one-line error of the run."""
        return self.notes + [problem for row in self.rows for problem in row.problems]


def _check_course(course: Path) -> None:
    if not (course / "tests" / "public").is_dir():
        raise ClassGradingError(f"{course}: not a course repository (expected tests/public/)")


def grade_class(
    submissions: Path,
    out: Path,
    options: Options,
    *,
    jobs: int = 1,
    roster: list[RosterEntry] | None = None,
    progress: Callable[[int, int, Row], None] | None = None,
) -> ClassReport:
    """Grade every sub-folder of ``submissions`` into ``out``; write the gradebook.

    Folders whose name starts with a dot are ignored. With a ``roster``, each entry without a
    folder gets a "missing" row. ``progress(done, total, row)`` is called as rows come in.

    Raises
    ------
    ClassGradingError
        When ``submissions`` is not a readable folder, the course is not one, or ``out`` cannot
        be written.
    """
    _check_course(options.course)
    # absolute: the grader runs in the course folder
    submissions, out = submissions.absolute(), out.absolute()
    try:
        folders = sorted(p for p in submissions.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        raise ClassGradingError(
            f"{submissions}: cannot list the submissions ({exc.strerror or exc})"
        ) from None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClassGradingError(
            f"{out}: cannot write the gradebook here ({exc.strerror or exc})"
        ) from None
    present = {p.name for p in folders}
    absent = [entry for entry in roster or [] if entry.name not in present]
    grader = grader_hash(options.course, options.hidden, options.timeout)
    total = len(folders) + len(absent)
    rows: list[Row] = []

    def note(row: Row) -> None:
        rows.append(row)
        if progress is not None:
            progress(len(rows), total, row)

    for entry in absent:
        problem = f"{entry.repo}: no submission folder {submissions / entry.name} (not fetched?)"
        row, report = _unrated(entry.name, MISSING, [problem])
        _store(out / entry.name, row, report, {"submission_hash": None, "grader_hash": grader})
        note(row)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {
            pool.submit(grade_submission, folder, out / folder.name, options, grader): folder
            for folder in folders
        }
        for future in as_completed(futures):
            folder = futures[future]
            try:
                row = future.result()
            except Exception as exc:  # noqa: BLE001 - one student's failure never loses the class
                status = f"grader failed: {type(exc).__name__}: {exc}"
                row, report = _unrated(folder.name, status, [f"{folder}: {status}"])
                try:
                    _store(
                        out / folder.name,
                        row,
                        report,
                        {"submission_hash": None, "grader_hash": grader},
                    )
                except OSError:
                    pass
            note(row)
    gradebook = out / GRADEBOOK
    write_atomically(gradebook, gradebook_csv(rows))
    return ClassReport(rows, gradebook)


def merge(shards: list[Path], out: Path, roster: list[RosterEntry] | None = None) -> ClassReport:
    """Merge the outputs of several ``grade-class`` runs into ``out`` and one gradebook.

    Each of ``shards`` is a run's ``--out`` folder, or a folder of such folders (as
    ``actions/download-artifact`` writes them). A roster entry with no row in any shard gets a
    "missing" row; a student found in two shards keeps the first and is reported.
    """
    runs: list[Path] = []
    problems: list[str] = []
    for shard in shards:
        if (shard / GRADEBOOK).is_file():
            runs.append(shard)
        elif shard.is_dir():
            runs += sorted(p for p in shard.iterdir() if (p / GRADEBOOK).is_file())
        else:
            problems.append(f"{shard}: no such shard folder")
    rows: dict[str, Row] = {}
    out.mkdir(parents=True, exist_ok=True)
    for run in runs:
        for folder in sorted(p for p in run.iterdir() if p.is_dir()):
            row = load_row(folder)
            if row is None:
                continue
            if row.student in rows:
                problems.append(
                    f"{folder}: {row.student} was already merged from another shard; kept that one"
                )
                continue
            rows[row.student] = row
            if folder.resolve() != (out / folder.name).resolve():
                shutil.copytree(folder, out / folder.name, dirs_exist_ok=True)
    for entry in roster or []:
        if entry.name not in rows:
            status = f"{MISSING}: no result from its grading job"
            row, report = _unrated(entry.name, status, [f"{entry.repo}: {status}"])
            _store(out / entry.name, row, report, {"submission_hash": None, "grader_hash": None})
            rows[entry.name] = row
    if not rows and problems:
        raise ClassGradingError("; ".join(problems))
    gradebook = out / GRADEBOOK
    write_atomically(gradebook, gradebook_csv(rows.values()))
    return ClassReport(list(rows.values()), gradebook, problems)


def plan(entries: list[RosterEntry], out: Path, shard_size: int) -> list[int]:
    """Split a roster into shards; write ``out/roster.txt`` and ``out/shard-<k>.txt``.

    Each file holds ``owner/repo name`` lines. Entries go round-robin, so shards differ in size
    by at most one; there are at most 256 shards (GitHub's matrix limit). Returns the shard
    numbers.
    """
    if shard_size < 1:
        raise ClassGradingError(f"--shard-size: expected a positive number, got {shard_size}")
    count = min(MAX_SHARDS, math.ceil(len(entries) / shard_size)) if entries else 0
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"{e.repo} {e.name}\n" for e in entries]
    write_atomically(out / "roster.txt", "".join(lines))
    for old in out.glob("shard-*.txt"):
        old.unlink()
    for shard in range(count):
        write_atomically(out / f"shard-{shard}.txt", "".join(lines[shard::count]))
    return list(range(count))


# --- command line ---------------------------------------------------------------------------
def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``autograder grade-class``."""
    parser = subparsers.add_parser(
        "grade-class",
        help="grade every student's submission into one gradebook (CSV)",
        description="Grade every sub-folder of SUBMISSIONS (one per student) with the public and "
        "hidden tests, N at a time, and write DIR/<student>/results.json and DIR/gradebook.csv "
        "(student, points per topic, total, max, status). A rerun skips students whose graded "
        "files have not changed. Also: --plan splits a roster into shards and --merge joins the "
        "shards' outputs (for .github/workflows/grade.yml).",
        epilog="Exit codes: 0 gradebook written (a student who could not be graded has a row "
        "saying why, and a one-line error on stderr), 2 bad input for the whole class.",
    )
    add = parser.add_argument
    add("submissions", nargs="?", type=Path, metavar="SUBMISSIONS", help="one folder per student")
    add("--out", type=Path, required=True, metavar="DIR", help="where results and the gradebook go")
    add(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="students graded at once (default: the number of CPUs)",
    )
    add("--force", action="store_true", help="regrade every student, changed or not")
    add(
        "--hidden",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the hidden tests too (default: yes)",
    )
    add(
        "--timeout",
        type=float,
        metavar="S",
        help="seconds one call of student code may take (default: the tests' own limits)",
    )
    add(
        "--submission-timeout",
        type=float,
        default=DEFAULT_SUBMISSION_TIMEOUT,
        metavar="S",
        help="stop grading one submission after S seconds, a safety net: each call already has "
        f"its own time limit (default {DEFAULT_SUBMISSION_TIMEOUT:g})",
    )
    add("--course", type=Path, help="the course repository (default: found from here)")
    add(
        "--html",
        action="store_true",
        help=f"also write DIR/<student>/{HTML}: points, feedback and the lessons' figures",
    )
    add(
        "--roster",
        type=Path,
        metavar="FILE",
        help="the students expected (owner/repo [name] per line): each one without a folder "
        "gets a 'missing' row",
    )
    add(
        "--merge",
        nargs="+",
        type=Path,
        metavar="SHARD",
        help="instead of grading: merge these grade-class outputs into DIR",
    )
    add(
        "--plan",
        type=Path,
        metavar="ROSTER",
        help="instead of grading: split ROSTER into shard files in DIR and print the shard "
        "numbers as JSON",
    )
    add("--shard-size", type=int, default=20, metavar="N", help="students per shard (default 20)")
    parser.set_defaults(run=run)


def _error(message: str) -> None:
    print(f"autograder grade-class: {message}", file=sys.stderr)


def _progress(done: int, total: int, row: Row) -> None:
    points = f"{row.total:g}/{row.max:g}" if row.max else row.status
    tag = " (unchanged, skipped)" if row.skipped else ""
    if sys.stderr.isatty():
        print(f"\r\033[K[{done}/{total}] {row.student}: {points}{tag}", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)
    else:
        print(f"[{done}/{total}] {row.student}: {points}{tag}", file=sys.stderr)
    for problem in row.problems:
        if sys.stderr.isatty() and done != total:
            print("\r\033[K", end="", file=sys.stderr)
        _error(problem)


def run(args: argparse.Namespace) -> int:
    """Run ``autograder grade-class``; return the exit code."""
    modes = [m for m in ("submissions", "merge", "plan") if getattr(args, m) is not None]
    if len(modes) != 1:
        _error("give exactly one of SUBMISSIONS, --merge SHARD... or --plan ROSTER")
        return 2
    try:
        roster = read_roster(args.roster) if args.roster else None
        if args.plan is not None:
            shards = plan(read_roster(args.plan), args.out, args.shard_size)
            print(json.dumps(shards))
            return 0
        if args.merge is not None:
            report = merge(args.merge, args.out, roster)
        else:
            if args.jobs < 1:
                _error(f"--jobs: expected a positive number, got {args.jobs}")
                return 2
            if args.timeout is not None and not args.timeout > 0:
                _error(f"--timeout: expected a positive number of seconds, got {args.timeout}")
                return 2
            if not args.submissions.is_dir():
                _error(f"{args.submissions}: no such folder of submissions")
                return 2
            course = (args.course or _find_course()).resolve()
            options = Options(
                course=course,
                hidden=args.hidden,
                timeout=args.timeout,
                submission_timeout=args.submission_timeout,
                force=args.force,
                html=args.html,
            )
            report = grade_class(
                args.submissions,
                args.out,
                options,
                jobs=args.jobs,
                roster=roster,
                progress=_progress,
            )
    except ClassGradingError as exc:
        _error(str(exc))
        return 2
    if args.merge is not None:
        for problem in report.problems:
            _error(problem)
    rows = report.rows
    graded = sum(r.status.startswith(GRADED) for r in rows)
    skipped = sum(r.skipped for r in rows)
    print(
        f"{report.gradebook}: {len(rows)} students, {graded} graded ({skipped} unchanged, "
        f"skipped), {len(rows) - graded} not graded"
    )
    return 0


def _find_course() -> Path:
    from ..grading import UsageFailure, find_course_root

    try:
        return find_course_root(Path.cwd())
    except UsageFailure as exc:
        raise ClassGradingError(str(exc)) from None
