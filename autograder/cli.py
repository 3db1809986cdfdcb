"""The ``autograder`` command.

Exit codes (:mod:`autograder.exit_codes`): 0 graded (or done), 1 grade below ``--fail-under``,
2 usage error, 3 the grader itself failed. Instructor commands come from :mod:`autograder.instructor` and are absent from
the student release.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from . import __version__
from .exit_codes import EXIT_BELOW, EXIT_GRADER, EXIT_OK, EXIT_USAGE
from .grading import GraderFailure, UsageFailure, failed_grade, find_course_root, grade
from .reports import text
from .reports.files import ReportError, ReportPaths, remove_reports, write_reports
from .sandbox.isolation import MODES

INSTRUCTOR_COMMANDS = (
    "stubs",
    "release",
    "grade_class",
    "gradescope",
    "mutation",
    "nbgrader_export",
)


def _grade_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade one submission and print its points",
        description="Grade one submission with the course's tests and print a points table. "
        "Student code runs in a separate, limited worker process.",
        epilog="Exit codes: 0 graded, 1 below --fail-under, 2 usage error, 3 the grader failed "
        "(a report with score 0 and the reason is still written).",
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        help="the submission: a student's repository or its exercises/ folder, or 'exercises' / "
        "'solutions' (default: the reference solutions in an instructor's repository, else exercises/)",
    )
    parser.add_argument(
        "--hidden", action="store_true", help="run the hidden tests too (instructors)"
    )
    parser.add_argument(
        "--course", type=Path, default=None, help="the course repository (default: found from here)"
    )
    parser.add_argument("--json", metavar="FILE", help="write Gradescope's results.json to FILE")
    parser.add_argument(
        "--markdown",
        metavar="FILE",
        help="write a Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument("--junit", metavar="FILE", help="write JUnit XML to FILE")
    parser.add_argument(
        "--html",
        metavar="FILE",
        help="write a self-contained HTML page to FILE: points per topic, feedback, and the "
        "lessons' figures drawn with the graded functions (needs matplotlib)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="seconds one call of student code may take (default 5)",
    )
    parser.add_argument(
        "--fail-under", type=float, metavar="P", help="exit 1 when the score is below P percent"
    )
    parser.add_argument(
        "--isolation",
        choices=MODES,
        default=None,
        help="'auto' (default) separates student code with every layer this machine offers; "
        "'strict' refuses to grade unless the worker has a uid of its own (run as root), or "
        "namespaces and Landlock",
    )
    parser.add_argument("--quiet", action="store_true", help="print the total only")
    parser.set_defaults(run=run_grade)


def run_grade(args: argparse.Namespace) -> int:
    if args.timeout is not None and not args.timeout > 0:
        print(
            f"autograder grade: --timeout: expected a positive number of seconds, got {args.timeout}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.path not in (None, "exercises", "solutions") and not Path(args.path).exists():
        print(f"autograder grade: {args.path}: no such submission folder", file=sys.stderr)
        return EXIT_USAGE
    reports = ReportPaths(args.json, args.markdown, args.junit, args.html)
    remove_reports(*reports.all())
    try:
        root = args.course.resolve() if args.course else find_course_root(Path.cwd())
        result = grade(
            args.path,
            root,
            hidden=args.hidden,
            time_limit=args.timeout,
            isolation=args.isolation,
            reports=reports,
        )
    except UsageFailure as exc:
        print(f"autograder grade: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ReportError as exc:  # the other reports hold a score-0 grade that says why
        print(f"autograder grade: {exc}", file=sys.stderr)
        return EXIT_GRADER
    except (GraderFailure, Exception) as exc:  # a crashed grade still writes a valid report
        result = failed_grade(str(args.path or ""), f"{type(exc).__name__}: {exc}")
        try:
            write_reports(result, reports)
        except ReportError as error:
            print(f"autograder grade: {error}", file=sys.stderr)
        print(f"autograder grade: the grader failed: {exc}", file=sys.stderr)
        return EXIT_GRADER
    if not args.quiet:
        feedback = text.feedback(result, every_test=True)
        print(f"{feedback}\n\n{text.table(result, every_exercise=False)}".lstrip())
    print(f"\nScore: {result.score:g}/{result.max_score:g} ({result.percent:.1f} %)")
    if args.fail_under is not None and result.percent < args.fail_under:
        return EXIT_BELOW
    return EXIT_OK


def build_parser(instructor: bool = True) -> argparse.ArgumentParser:
    """The argument parser, with whichever instructor commands this installation has (none
    without ``instructor``: their modules are then not imported)."""
    parser = argparse.ArgumentParser(
        prog="autograder",
        description="Grade backprop-lab submissions. Student code runs in a separate worker "
        "process that cannot forge, crash or hang the grade.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _grade_parser(subparsers)
    for name in INSTRUCTOR_COMMANDS if instructor else ():
        try:
            module = importlib.import_module(f".instructor.{name}", __package__)
        except ModuleNotFoundError:
            continue  # the student release ships without instructor commands
        if hasattr(module, "add_parser"):
            module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(instructor=argv[:1] != ["grade"])  # a grade starts sooner without them
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
