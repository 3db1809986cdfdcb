"""``autograder gradescope BUNDLE.zip``: write the course's Gradescope autograder.

Gradescope takes an autograder as a zip with ``setup.sh`` and ``run_autograder`` at its root
(its autograder specification, ``docs/specs.md`` of gradescope/autograder_samples): the zip is
unpacked in ``/autograder/source``, ``setup.sh`` runs once when the image is built, and
``run_autograder`` runs, as root, for each submission found in ``/autograder/submission`` and
must write ``/autograder/results/results.json``. The bundle holds:

* ``setup.sh``: installs Python, numpy, pytest and the grader in a virtual environment
  (``/autograder/venv``), then makes the source folder readable by root only (the hidden tests
  and the reference);
* ``run_autograder`` and ``grade_submission.py``: find the topic files in the submission, grade
  them with ``autograder grade --hidden --isolation strict`` and always leave a valid
  results.json (score 0 and the reason when the grade fails), then exit 0;
* ``grader/``: the ``autograder`` package without ``instructor/``, installable with pip;
* ``course/``: the public and hidden tests, the course data (``exercises/data``) and the
  reference (``solutions/``: its topic files and data, never its figures), so that each function
  is judged on its own: the grading process, as root, answers the calls a function makes of the
  others with the reference's, and shows students only the verdict of such a test. Student code
  runs under its own user and Landlock and cannot read the source folder. ``--without-solutions``
  leaves the reference out: then a function is judged with the submission's own others, and a
  failure that follows from another function's says to fix that one first.

Never nbgrader. ``$AUTOGRADER_GRADESCOPE_ROOT`` moves ``/autograder`` elsewhere; only the tests
set it, to run a bundle in a stand-in of Gradescope's layout.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from ..contract import TOPICS
from ..exit_codes import EXIT_OK, EXIT_USAGE
from ..reports.files import write_atomically
from .release import TEMPLATES, _grader_package, _walk

EXECUTABLE = 0o100755 << 16  # a regular file with mode 0755, in a zip entry's external_attr
REGULAR = 0o100644 << 16
# (template, name in the bundle, executable)
SCRIPTS = (
    ("gradescope_setup.sh", "setup.sh", True),
    ("gradescope_run_autograder", "run_autograder", True),
    ("gradescope_grade_submission.py", "grade_submission.py", False),
    ("pyproject.toml", "grader/pyproject.toml", False),
)


class BundleError(ValueError):
    """The bundle cannot be written; the message names the input at fault."""


def bundle_files(course: Path, with_reference: bool = True) -> dict[str, tuple[bytes, bool]]:
    """Every file of the bundle: its name in the zip, its content and whether it is executable.

    Raises
    ------
    BundleError
        When ``course`` has no ``tests/public`` or ``tests/hidden``, or, ``with_reference``, no
        ``solutions/`` with every topic file.
    """
    files: dict[str, tuple[bytes, bool]] = {}
    for template, name, executable in SCRIPTS:
        files[name] = ((TEMPLATES / template).read_bytes(), executable)
    package = _grader_package(course)
    for path in _walk(package):
        relative = path.relative_to(package)
        if relative.parts[0] != "instructor":
            files[f"grader/autograder/{relative.as_posix()}"] = (path.read_bytes(), False)
    for folder in ("tests/public", "tests/hidden"):
        if not (course / folder).is_dir():
            raise BundleError(f"{course}: expected a course repository with {folder}/, found none")
        for path in _walk(course / folder):
            files[f"course/{path.relative_to(course).as_posix()}"] = (path.read_bytes(), False)
    data = next(
        (d for d in (course / "exercises" / "data", course / "solutions" / "data") if d.is_dir()),
        None,
    )
    for path in _walk(data) if data is not None else []:
        files[f"course/exercises/data/{path.relative_to(data).as_posix()}"] = (
            path.read_bytes(),
            False,
        )
    if with_reference:
        for path in reference_files(course):
            files[f"course/{path.relative_to(course).as_posix()}"] = (path.read_bytes(), False)
    return files


def reference_files(course: Path) -> list[Path]:
    """The reference as the grading process loads it: ``solutions/``'s package file, topic
    files and data (its figures and anything else stay home).

    Raises
    ------
    BundleError
        When a topic file is missing.
    """
    solutions = course / "solutions"
    wanted = [solutions / "__init__.py", *(solutions / f"{topic}.py" for topic in TOPICS)]
    missing = [p.relative_to(course).as_posix() for p in wanted if not p.is_file()]
    if missing:
        raise BundleError(
            f"{course}: expected the reference in solutions/ (or --without-solutions), "
            f"missing {', '.join(missing)}"
        )
    data = solutions / "data"
    return wanted + (_walk(data) if data.is_dir() else [])


def write_bundle(course: Path, bundle: Path, with_reference: bool = True) -> list[str]:
    """Write the Gradescope autograder of ``course`` to the zip ``bundle``; return its names.

    Raises
    ------
    BundleError
        As :func:`bundle_files`.
    """
    files = bundle_files(course, with_reference)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            content, executable = files[name]
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = EXECUTABLE if executable else REGULAR
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    write_atomically(bundle, buffer.getvalue())
    return sorted(files)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``autograder gradescope``."""
    parser = subparsers.add_parser(
        "gradescope",
        help="write the course's Gradescope autograder (a zip to upload)",
        description="Write BUNDLE, the zip to upload as a Gradescope programming assignment's "
        "autograder: setup.sh and run_autograder at its root, the grader, the public and hidden "
        "tests, the course data and the reference solutions' topic files. Each submission is "
        "graded with the hidden tests and strict isolation; each function is judged on its own, "
        "with the reference's versions of the others it calls (students see only the verdict "
        "of such a test, and their code cannot read the bundle). Hidden tests are shown to "
        "students once grades are published.",
        epilog="Exit codes: 0 written, 2 bad input (the message names it).",
    )
    parser.add_argument("bundle", type=Path, metavar="BUNDLE.zip", help="the zip to write")
    parser.add_argument(
        "--course", type=Path, default=None, help="the course repository (default: found from here)"
    )
    parser.add_argument(
        "--without-solutions",
        action="store_true",
        help="leave the reference out of the bundle: a function is then judged with the "
        "submission's own versions of the others, and a failure that follows from another "
        "function's says to fix that one first",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``autograder gradescope``; return the exit code."""
    from ..grading import UsageFailure, find_course_root

    try:
        course = args.course.resolve() if args.course else find_course_root(Path.cwd())
        names = write_bundle(course, args.bundle, with_reference=not args.without_solutions)
    except (UsageFailure, BundleError) as exc:
        print(f"autograder gradescope: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"autograder gradescope: {args.bundle}: cannot write ({exc})", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.bundle}: {len(names)} files; upload it as the assignment's autograder")
    return EXIT_OK
