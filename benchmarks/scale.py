"""Measure what docs/scale.md needs besides grading time: artifact sizes and the merge.

Usage (from anywhere; the repository is found from this file)::

    python benchmarks/scale.py                          # 10,000 students in 256 shards
    python benchmarks/scale.py --students 2000 --shards 50 --repeat 1

It prints, each with the date, the machine and the load average:

* one submission as ``grade.yml``'s fetch job hands it on: the student release
  (``autograder release``) completed with the reference topic files, without ``.git``: its files,
  their bytes, and the bytes of their zip at zlib level 6, the default compression of
  ``actions/upload-artifact``;
* the course as ``grade.yml`` hands it to the grading jobs (grader, tests, stubs, reference),
  zipped;
* the largest resident memory of any process of one full grade of that submission;
* one student's results folder as ``grade-class`` writes it (``DIR/<student>/``): its bytes and
  zipped bytes, and the bytes of the student's gradebook line;
* ``grade-class --merge`` of ``--shards`` shard folders holding ``--students`` students between
  them (copies of that results folder) with a roster of as many entries: wall seconds, the median
  of ``--repeat`` runs.

Nothing here passes or fails (it exits 2 only on bad options); the grading time itself comes
from ``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import datetime
import io
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from classes import COURSE_ARTIFACT, course_artifact  # noqa: E402  (benchmarks/classes.py)

from autograder.contract import TOPICS  # noqa: E402

PY = sys.executable
PYTHON = platform.python_version()
ZIP_LEVEL = 6  # actions/upload-artifact's default compression-level


def run(command: Sequence[str], cwd: Path = REPO) -> float:
    """Run ``command``; its wall seconds. RuntimeError with the output's end when it fails."""
    start = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-12:])
        raise RuntimeError(f"`{' '.join(command)}` exited {done.returncode}:\n{tail}")
    return seconds


def files_under(folder: Path) -> list[Path]:
    """Every regular file under ``folder``, sorted."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def size(folder: Path) -> tuple[int, int, int]:
    """Files, bytes, and bytes of the zip that ``actions/upload-artifact`` would make of them."""
    files = files_under(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for path in files:
            archive.write(path, path.relative_to(folder).as_posix())
    return len(files), sum(p.stat().st_size for p in files), buffer.getbuffer().nbytes


def make_submission(tmp: Path) -> Path:
    """A finished student's repository as the fetch job leaves it: the release, no .git."""
    submission = tmp / "submissions" / "student"
    run([PY, "-m", "autograder", "release", str(submission)])
    for topic in TOPICS:
        shutil.copyfile(
            REPO / "solutions" / f"{topic}.py", submission / "exercises" / f"{topic}.py"
        )
    return submission


def grade_one(submission: Path, tmp: Path) -> Path:
    """``grade-class`` of the one submission; the output folder."""
    out = tmp / "graded"
    run(
        [PY, "-m", "autograder", "grade-class", str(submission.parent), "--out", str(out)]
        + ["--jobs", "1", "--course", str(REPO)]
    )
    return out


def peak_memory_mb(submission: Path) -> float:
    """The largest resident size, in MB, of any process of one ``autograder grade --hidden``.

    Measured in a process of its own that only waits for the grade (``RUSAGE_CHILDREN``).
    Namespaces are turned off for this run: a worker in a PID namespace is killed, not reaped,
    so its memory would not be counted.
    """
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    grade = [PY, "-m", "autograder", "grade", str(submission), "--hidden", "--quiet"]
    env = {**os.environ, "AUTOGRADER_ISOLATION_DISABLE": "namespaces"}
    done = subprocess.run(
        [PY, "-c", probe, *grade, "--course", str(REPO)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip()) / 1024  # ru_maxrss is in kB on Linux


def make_shards(
    student: Path, header: str, line: str, tmp: Path, students: int, shards: int
) -> tuple[Path, Path]:
    """Shard folders as ``download-artifact`` writes them, and the roster, for the merge."""
    root = tmp / "shards"
    names = [f"s{number:05d}" for number in range(students)]
    for shard in range(shards):
        folder = root / f"gradebook-shard-{shard}"
        folder.mkdir(parents=True)
        mine = names[shard::shards]
        rows = [line.replace(student.name, name, 1) for name in mine]
        (folder / "gradebook.csv").write_text(header + "".join(rows), encoding="utf-8")
        for name in mine:
            shutil.copytree(student, folder / name)
    roster = tmp / "roster.txt"
    roster.write_text("".join(f"course-org/hw1-{name} {name}\n" for name in names))
    return root, roster


def report_sizes(tmp: Path) -> tuple[Path, list[str]]:
    """Print the sizes and the memory; one graded student's folder and gradebook lines."""
    submission = make_submission(tmp)
    files, raw, zipped = size(submission)
    print(
        f"one submission (release + reference topic files, no .git): {files} files, "
        f"{raw} bytes, zipped {zipped} bytes"
    )
    files, raw, zipped = size(course_artifact(tmp))
    print(
        f"the course artifact ({', '.join(COURSE_ARTIFACT)}, exercises): {files} files, "
        f"{raw} bytes, zipped {zipped} bytes"
    )
    print(
        f"peak resident memory of one process of one full grade: "
        f"{peak_memory_mb(submission):.0f} MB"
    )
    graded = grade_one(submission, tmp)
    student = graded / submission.name
    files, raw, zipped = size(student)
    lines = (graded / "gradebook.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    print(
        f"one results folder (DIR/<student>/): {files} files, {raw} bytes, zipped "
        f"{zipped} bytes; its gradebook line {len(lines[1].encode())} bytes: {lines[1].strip()}"
    )
    return student, lines


def report_merge(student: Path, lines: list[str], tmp: Path, args: argparse.Namespace) -> None:
    """Print one shard's zipped size and the median time of the merge."""
    root, roster = make_shards(student, lines[0], lines[1], tmp, args.students, args.shards)
    files, raw, zipped = size(root / "gradebook-shard-0")
    per_shard = math.ceil(args.students / args.shards)
    print(
        f"one shard's results ({per_shard} students and gradebook.csv): {files} files, "
        f"{raw} bytes, zipped {zipped} bytes"
    )
    times = []
    for _ in range(args.repeat):
        out = tmp / "gradebook"
        shutil.rmtree(out, ignore_errors=True)
        merge = [PY, "-m", "autograder", "grade-class", "--merge", str(root)]
        times.append(run([*merge, "--roster", str(roster), "--out", str(out)]))
    print(
        f"grade-class --merge of {args.students} students in {args.shards} shards: "
        f"{statistics.median(times):.1f} s (median of {args.repeat}: "
        f"{', '.join(f'{t:.1f}' for t in times)})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/scale.py",
        description="Artifact sizes of one student and the time of grade-class --merge, for "
        "docs/scale.md. Prints numbers; nothing passes or fails.",
    )
    parser.add_argument("--students", type=int, default=10_000, help="students to merge")
    parser.add_argument("--shards", type=int, default=256, help="shards they come in")
    parser.add_argument("--repeat", type=int, default=3, help="merges for the median")
    args = parser.parse_args(argv)
    if min(args.students, args.shards, args.repeat) < 1:
        parser.error("--students, --shards and --repeat must be positive")

    now = datetime.datetime.now(datetime.timezone.utc)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"backprop-lab scale inputs, {now:%Y-%m-%d %H:%M} UTC, load average {load}")
    print(f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {PYTHON}")
    with tempfile.TemporaryDirectory(prefix="backprop-scale-") as name:
        student, lines = report_sizes(Path(name))
        report_merge(student, lines, Path(name), args)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at the end: {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
