"""Grading a class in shards (``.github/workflows/grade.yml``): plan them, merge their outputs.

``grade-class --plan ROSTER --out DIR`` splits a roster into shard files, one grading job each;
``grade-class --merge SHARD... --out DIR`` joins the jobs' outputs into one gradebook.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

from ..reports.files import write_atomically
from .gradebook import (
    DEFAULT_ASSIGNMENT,
    FORMATS,
    MISSING,
    ClassReport,
    Row,
    load_row,
    store_row,
    unrated_row,
    write_gradebook,
)
from .roster import ClassGradingError, RosterEntry, roster_csv

GRADEBOOK = FORMATS["csv"]
MAX_SHARDS = 256  # GitHub Actions' limit on the jobs of one matrix


def merge(
    shards: list[Path],
    out: Path,
    roster: list[RosterEntry] | None = None,
    fmt: str = "csv",
    assignment: str = DEFAULT_ASSIGNMENT,
) -> ClassReport:
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
            row, report = unrated_row(entry.name, status, [f"{entry.repo}: {status}"])
            store_row(out / entry.name, row, report, {"submission_hash": None, "grader_hash": None})
            rows[entry.name] = row
    if not rows and problems:
        raise ClassGradingError("; ".join(problems))
    gradebook, unmatched = write_gradebook(out, rows.values(), roster or [], fmt, assignment)
    return ClassReport(list(rows.values()), gradebook, problems + unmatched)


def plan(entries: list[RosterEntry], out: Path, shard_size: int) -> list[int]:
    """Split a roster into shards; write ``out/roster.txt`` and ``out/shard-<k>.txt``.

    ``roster.txt`` is the whole roster as CSV, with the students' identifiers (for the merged
    gradebook); each shard file holds ``owner/repo name`` lines. Entries go round-robin, so shards differ in size
    by at most one; there are at most 256 shards (GitHub's matrix limit). Returns the shard
    numbers.
    """
    if shard_size < 1:
        raise ClassGradingError(f"--shard-size: expected a positive number, got {shard_size}")
    count = min(MAX_SHARDS, math.ceil(len(entries) / shard_size)) if entries else 0
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"{e.repo} {e.name}\n" for e in entries]
    write_atomically(out / "roster.txt", roster_csv(entries))
    for old in out.glob("shard-*.txt"):
        old.unlink()
    for shard in range(count):
        write_atomically(out / f"shard-{shard}.txt", "".join(lines[shard::count]))
    return list(range(count))
