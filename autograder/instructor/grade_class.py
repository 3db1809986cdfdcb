"""Grade a whole class into one gradebook, in parallel, resumably.

``autograder grade-class SUBMISSIONS --out DIR`` grades every student folder of SUBMISSIONS
(one per student, named after the student; files, links and dot-entries are skipped with a note)
with ``autograder grade PATH --hidden --json F``, N at a time, and writes:

* ``DIR/<student>/results.json``: the student's report (Gradescope's format; score 0 with the
  reason when the submission could not be graded);
* ``DIR/<student>/grade-class.json``: the row's status and the hashes that make a rerun skip it;
* ``DIR/gradebook.csv`` (and, with ``--format canvas|moodle``, that LMS's import file; see
  :mod:`autograder.instructor.gradebook`), one row per student, written atomically.

A student's topic files are found as :func:`autograder.submission.find_exercises` finds them:
``exercises/``, the topic files themselves, or either one folder down (an unzipped download, a
repository cloned into a folder). A rerun skips a student whose graded files and whose grader
(the course's tests, its ``autograder`` package and data, and the options) hash as they did at
the last grade, unless ``--force``. Every student gets a row whatever happens: a submission
that cannot be graded (no topic files, unreadable) gets status ``not graded: <why>``; a topic
file that is missing, not UTF-8 or too large scores 0 on that topic's tests (the worker refuses
it) and the status names it. A grade damaged from outside (the grader exited 3, was killed by a
signal or wrote no valid report) is tried once more, then recorded as ``error: <why>``, as is a
grade that outlives ``--submission-timeout``; such a row is never ``graded``, has empty score
cells, is regraded by the next run, and makes the command exit 3. Each of these also gives a
one-line error naming the input.

Each job runs that command in a fresh fork of a process that has loaded the grader and the
course's tests once (:mod:`.forkserver`), which behaves as the command started anew would, with
the sandboxed worker of every grade started afresh; ``--no-fork-server`` starts the command
anew for each student.

For GitHub Actions (``.github/workflows/grade.yml``) two more modes split a class across jobs:
``--plan ROSTER --out DIR`` reads a roster (:mod:`autograder.instructor.roster`) and writes one
list of repositories per shard, and ``--merge SHARD... --out DIR`` merges the shards' outputs
into one gradebook, with a "missing" row for every roster entry that has no result.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..contract import TOPICS
from ..exit_codes import EXIT_GRADER, EXIT_OK, EXIT_USAGE
from ..sandbox.client import isolation_for
from ..sandbox.isolation import MODES, IsolationError
from ..sandbox.sources import source_problem
from ..submission import SubmissionNotFound, find_exercises
from .forkserver import ForkServer, ServerGone, runs_here
from .gradebook import (
    DEFAULT_ASSIGNMENT,
    ERROR,
    FORMATS,
    GRADED,
    META,
    MISSING,
    RESULTS,
    ClassReport,
    Row,
    load_row,
    store_row,
    unrated_row,
    write_gradebook,
)
from .roster import ClassGradingError, RosterEntry, read_roster
from .shards import merge, plan

HTML = "report.html"  # DIR/<student>/report.html, with --html
DEFAULT_SUBMISSION_TIMEOUT = 1200.0
SIGNALS = {s.value for s in signal.Signals}


# --- one submission -------------------------------------------------------------------------
def submission_hash(exercises: Path) -> str | None:
    """SHA-256 of the graded files (``<topic>.py`` in ``exercises``, absent ones as absent)."""
    digest = hashlib.sha256()
    try:
        for topic in TOPICS:
            path = exercises / f"{topic}.py"
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


def locate(folder: Path) -> tuple[Path | None, str | None]:
    """The folder of topic files in the student's ``folder`` (see
    :func:`autograder.submission.find_exercises`), or None and why it cannot be graded."""
    try:
        exercises = find_exercises(folder)
        os.listdir(exercises)
    except SubmissionNotFound as exc:
        return None, str(exc).removeprefix(f"{folder}: ")
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc})"
    return exercises, None


def topic_problems(exercises: Path, folder: Path) -> list[str]:
    """What the worker will refuse to grade: missing, non-UTF-8 or too large topic files,
    named relative to the student's ``folder``."""
    where = exercises.relative_to(folder).as_posix()
    prefix = "" if where == "." else f"{where}/"
    found = []
    for topic in TOPICS:
        try:
            problem = source_problem(exercises / f"{topic}.py")
        except OSError as exc:
            problem = f"{topic}.py is unreadable ({exc.strerror or exc})"
        if problem is not None:
            found.append(f"{prefix}{problem}")
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
    isolation: str | None = None  # autograder grade --isolation (None: its default)
    fork_server: bool = True  # run each grade in a fork of a preloaded process per job
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


def _read_results(path: Path) -> dict | None:
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(results, dict) or not isinstance(results.get("tests"), list):
        return None
    return results


def _run_grader(
    exercises: Path, fresh: Path, options: Options, server: ForkServer | None
) -> tuple[dict | None, str | None]:
    """One run of ``autograder grade`` on ``exercises``, reporting to ``fresh``.

    The command runs in a fork of ``server`` (see :mod:`.forkserver`) when there is one and the
    command can run there, else as a subprocess of its own. Returns the report it wrote (or
    None) and, when the grade cannot be trusted, why: the grader exited 3 or another unexpected
    code, was killed by a signal, wrote no valid report, or outlived
    ``options.submission_timeout``.
    """
    fresh.unlink(missing_ok=True)
    command = [
        *options.command,
        str(exercises),
        "--course",
        str(options.course),
        "--json",
        str(fresh),
        "--quiet",
    ]
    command += ["--hidden"] if options.hidden else []
    command += ["--timeout", f"{options.timeout:g}"] if options.timeout is not None else []
    command += ["--isolation", options.isolation] if options.isolation else []
    command += ["--html", str(fresh.parent / HTML)] if options.html else []
    try:
        code, stderr = _run(command, fresh.with_name(f"{fresh.name}.stderr"), options, server)
    except (subprocess.TimeoutExpired, TimeoutError):
        return None, f"timed out: grading took more than {options.submission_timeout:g} s"
    except ServerGone as exc:
        return _read_results(fresh), str(exc)
    results = _read_results(fresh)
    if code < 0:
        name = signal.Signals(-code).name if -code in SIGNALS else "?"
        return results, f"the grader was killed by signal {-code} ({name})"
    if code not in (0, 1):
        return results, f"grader failed (exit {code}): {_last_line(stderr)}"
    if results is None:
        return None, "the grader wrote no valid results.json"
    return results, None


def _run(
    command: list[str], log: Path, options: Options, server: ForkServer | None
) -> tuple[int, str]:
    """Run the grader's ``command``; its exit code and what it wrote on stderr."""
    if server is None or not runs_here(command):
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
        return done.returncode, done.stderr
    try:
        code = server.run(command, log, options.submission_timeout)
        return code, log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    finally:
        log.unlink(missing_ok=True)


def grade_submission(
    folder: Path, out: Path, options: Options, grader: str, server: ForkServer | None = None
) -> Row:
    """Grade one student's ``folder`` into ``out`` (their ``DIR/<student>``) and return the row.

    ``server``, when given, runs the grader (see :func:`_run_grader`).

    Never raises for a bad submission: the row's status says what went wrong. A grade the
    grader could not vouch for (see :func:`_run_grader`) is tried once more, except after a
    timeout; if it fails again the row's status is ``error: <why>``, and it is regraded by the
    next run.
    """
    student = folder.name
    out.mkdir(parents=True, exist_ok=True)
    exercises, problem = locate(folder)
    if exercises is None:
        row, report = unrated_row(student, f"not graded: {problem}", [f"{folder}: {problem}"])
        store_row(out, row, report, {"submission_hash": None, "grader_hash": grader})
        return row
    digest = submission_hash(exercises)
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
    problems = topic_problems(exercises, folder)
    fresh = out / f".{RESULTS}.new"
    try:
        results, damage = _run_grader(exercises, fresh, options, server)
        if damage is not None and not damage.startswith("timed out"):
            results, damage = _run_grader(exercises, fresh, options, server)
            damage = damage and f"{damage} (tried twice)"
    finally:
        fresh.unlink(missing_ok=True)
    if damage is not None:
        status = f"{ERROR}: {damage}"
        row, report = unrated_row(student, status, [f"{folder}: {status}"])
        if results is not None:  # the grader's own failure report (score 0 and its reason)
            report = results
        store_row(out, row, report, {**hashes, "submission_hash": None})  # regraded next run
        return row
    assert results is not None
    status = GRADED if not problems else f"{GRADED}; " + "; ".join(problems)
    row = Row.from_results(student, results, status)
    row.problems = [f"{folder}/{problem}" for problem in problems]
    store_row(out, row, results, hashes)
    return row


# --- the class --------------------------------------------------------------------------------
def _check_course(course: Path) -> None:
    if not (course / "tests" / "public").is_dir():
        raise ClassGradingError(f"{course}: not a course repository (expected tests/public/)")


def student_folders(submissions: Path, roster: list[RosterEntry] | None) -> tuple[list, list]:
    """The student folders of ``submissions`` and notes on the entries skipped.

    Files, links and dot-entries (``.git``, ``.DS_Store``) are skipped with a note.

    Raises
    ------
    ClassGradingError
        When ``submissions`` cannot be listed, holds no student folder, or a roster is given
        and none of its students has a folder there.
    """
    try:
        entries = sorted(submissions.iterdir())
    except OSError as exc:
        raise ClassGradingError(
            f"{submissions}: cannot list the submissions ({exc.strerror or exc})"
        ) from None
    folders, notes = [], []
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
            kind = (
                "a dot-entry"
                if entry.name.startswith(".")
                else "a link"
                if entry.is_symlink()
                else "not a folder"
            )
            notes.append(f"{entry}: skipped ({kind}; one folder per student is graded)")
        else:
            folders.append(entry)
    if not folders:
        raise ClassGradingError(f"{submissions}: no student folder to grade (empty class folder)")
    if roster and not {e.name for e in roster} & {f.name for f in folders}:
        raise ClassGradingError(
            f"{submissions}: no folder matches a student of the roster "
            f"(expected folders such as {roster[0].name}/)"
        )
    return folders, notes


def grade_class(
    submissions: Path,
    out: Path,
    options: Options,
    *,
    jobs: int = 1,
    roster: list[RosterEntry] | None = None,
    progress: Callable[[int, int, Row], None] | None = None,
    fmt: str = "csv",
    assignment: str = DEFAULT_ASSIGNMENT,
) -> ClassReport:
    """Grade every student folder of ``submissions`` into ``out``; write the gradebook.

    Files, links and dot-entries are skipped with a note (:func:`student_folders`). With a
    ``roster``, each entry without a folder gets a "missing" row. ``progress(done, total, row)``
    is called as rows come in.

    Raises
    ------
    ClassGradingError
        When ``submissions`` is not a readable folder of student folders (or none matches the
        roster), the course is not one, or ``out`` cannot be written.
    """
    _check_course(options.course)
    # absolute: the grader runs in the course folder
    submissions, out = submissions.absolute(), out.absolute()
    folders, notes = student_folders(submissions, roster)
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
        row, report = unrated_row(entry.name, MISSING, [problem])
        store_row(out / entry.name, row, report, {"submission_hash": None, "grader_hash": grader})
        note(row)
    for row in _grade_folders(folders, out, options, grader, max(1, jobs)):
        note(row)
    gradebook, unmatched = write_gradebook(out, rows, roster or [], fmt, assignment)
    return ClassReport(rows, gradebook, notes + unmatched)


def _grade_folders(
    folders: list[Path], out: Path, options: Options, grader: str, jobs: int
) -> Iterator[Row]:
    """Grade ``folders`` ``jobs`` at a time, each job with a fork server of its own (unless
    ``options.fork_server`` is off); yield the rows as they come."""
    servers: queue.SimpleQueue[ForkServer | None] = queue.SimpleQueue()
    started = [
        ForkServer(options.course, _grader_env()) if options.fork_server else None
        for _ in range(jobs)
    ]
    for server in started:
        servers.put(server)

    def grade(folder: Path) -> Row:
        server = servers.get()
        try:
            return grade_submission(folder, out / folder.name, options, grader, server)
        finally:
            servers.put(server)

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(grade, folder): folder for folder in folders}
            for future in as_completed(futures):
                yield _row_of(future, futures[future], out, grader)
    finally:
        for server in started:
            if server is not None:
                server.stop()


def _row_of(future: Future, folder: Path, out: Path, grader: str) -> Row:
    """The row a grading thread returned, or an error row when it raised."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - one student's failure never loses the class
        status = f"{ERROR}: {type(exc).__name__}: {exc}"
        row, report = unrated_row(folder.name, status, [f"{folder}: {status}"])
        try:
            store_row(
                out / folder.name, row, report, {"submission_hash": None, "grader_hash": grader}
            )
        except OSError:
            pass
        return row


# --- command line ---------------------------------------------------------------------------
def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``autograder grade-class``."""
    parser = subparsers.add_parser(
        "grade-class",
        help="grade every student's submission into one gradebook (CSV)",
        description="Grade every sub-folder of SUBMISSIONS (one per student; its exercises/ "
        "folder or topic files may sit one folder down) with the public and hidden tests, N at a "
        "time, and write DIR/<student>/results.json and DIR/gradebook.csv (student, LMS "
        "identifiers, points per topic, total, max, status), plus an LMS's import file with "
        "--format. Files, links and dot-entries in SUBMISSIONS are skipped with a note. A rerun "
        "skips students whose graded files have not changed. Also: --plan splits a roster into "
        "shards and --merge joins the shards' outputs (for .github/workflows/grade.yml).",
        epilog="Exit codes: 0 gradebook written (a student who could not be graded has a row "
        "saying why, and a one-line error on stderr), 2 bad input for the whole class (an empty "
        "class folder, a roster that matches no folder), 3 the gradebook was written but some "
        "grades failed twice (status 'error: ...').",
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
        "--isolation",
        choices=MODES,
        default=None,
        help="as autograder grade's: 'auto' (default) uses every isolation layer this machine "
        "offers; 'strict' refuses to grade the class (exit 2) unless workers get a uid of their "
        "own (run as root), or namespaces and Landlock",
    )
    add(
        "--html",
        action="store_true",
        help=f"also write DIR/<student>/{HTML}: points, feedback and the lessons' figures",
    )
    add(
        "--fork-server",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="grade each student in a fresh fork of one process per job that has loaded the "
        "grader and the tests once (default), or start autograder grade anew for each student",
    )
    _add_class_options(add)
    parser.set_defaults(run=run)


def _add_class_options(add: Callable[..., object]) -> None:
    """The options about the class: roster, gradebook format, shards."""
    add(
        "--roster",
        type=Path,
        metavar="FILE",
        help="the students expected: owner/repo [name] per line, or a CSV with the columns "
        "repo, student, login, sis_id, email, name (the identifiers an LMS matches); each one "
        "without a folder gets a 'missing' row",
    )
    add(
        "--format",
        choices=sorted(FORMATS),
        default="csv",
        help="also write the gradebook in this LMS's import format: canvas "
        f"({FORMATS['canvas']}) or moodle ({FORMATS['moodle']}); default: csv only",
    )
    add(
        "--assignment",
        default=DEFAULT_ASSIGNMENT,
        help=f"the assignment's column in an LMS gradebook (default {DEFAULT_ASSIGNMENT})",
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


def _grade(args: argparse.Namespace, roster: list[RosterEntry] | None) -> ClassReport:
    """Grading mode; ClassGradingError for bad options or input."""
    if args.jobs < 1:
        raise ClassGradingError(f"--jobs: expected a positive number, got {args.jobs}")
    if args.timeout is not None and not args.timeout > 0:
        raise ClassGradingError(
            f"--timeout: expected a positive number of seconds, got {args.timeout}"
        )
    if not args.submissions.is_dir():
        raise ClassGradingError(f"{args.submissions}: no such folder of submissions")
    course = (args.course or _find_course()).resolve()
    try:  # strict isolation that cannot be had fails the class, not each student twice
        isolation_for(args.isolation or "auto")
    except IsolationError as exc:
        raise ClassGradingError(f"--isolation {args.isolation}: {exc}") from None
    options = Options(
        course=course,
        hidden=args.hidden,
        timeout=args.timeout,
        submission_timeout=args.submission_timeout,
        force=args.force,
        html=args.html,
        isolation=args.isolation,
        fork_server=args.fork_server,
    )
    return grade_class(
        args.submissions,
        args.out,
        options,
        jobs=args.jobs,
        roster=roster,
        progress=_progress,
        fmt=args.format,
        assignment=args.assignment,
    )


def run(args: argparse.Namespace) -> int:
    """Run ``autograder grade-class``; return the exit code."""
    modes = [m for m in ("submissions", "merge", "plan") if getattr(args, m) is not None]
    if len(modes) != 1:
        _error("give exactly one of SUBMISSIONS, --merge SHARD... or --plan ROSTER")
        return EXIT_USAGE
    try:
        roster = read_roster(args.roster) if args.roster else None
        if args.plan is not None:
            shards = plan(read_roster(args.plan), args.out, args.shard_size)
            print(json.dumps(shards))
            return EXIT_OK
        if args.merge is not None:
            report = merge(args.merge, args.out, roster, args.format, args.assignment)
        else:
            report = _grade(args, roster)
    except ClassGradingError as exc:
        _error(str(exc))
        return EXIT_USAGE
    # rows' own problems were printed as they came in; a merge prints them all here
    for problem in report.problems if args.merge is not None else report.notes:
        _error(problem)
    rows = report.rows
    graded = sum(r.graded for r in rows)
    skipped = sum(r.skipped for r in rows)
    print(
        f"{report.gradebook}: {len(rows)} students, {graded} graded ({skipped} unchanged, "
        f"skipped), {len(rows) - graded} not graded, {len(report.errors)} failed"
    )
    return EXIT_GRADER if report.errors else EXIT_OK


def _find_course() -> Path:
    from ..grading import UsageFailure, find_course_root

    try:
        return find_course_root(Path.cwd())
    except UsageFailure as exc:
        raise ClassGradingError(str(exc)) from None
