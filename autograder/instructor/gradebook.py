"""The class gradebook: one row per student, as plain CSV or in an LMS's import format.

Three formats (``grade-class --format``):

* ``csv`` (``gradebook.csv``): ``student, login, sis_id, email, name, <one column per topic>,
  total, max, status``;
* ``canvas`` (``gradebook-canvas.csv``): Canvas's gradebook import columns, ``Student, ID,
  SIS User ID, SIS Login ID, Section``, then one column for the assignment, and a
  ``Points Possible`` row under the header, as Canvas's own gradebook export has them. Canvas
  matches a row by SIS User ID or SIS Login ID (from the roster); ID (Canvas's own number) is
  left empty. Canvas would read any other column as one more assignment, so the status is not
  in this file: it is in ``gradebook.csv``, which is always written too;
* ``moodle`` (``gradebook-moodle.csv``): a file for Moodle's CSV grade import, with the
  identifier columns of Moodle's own export (``ID number``, ``Email address``) and
  ``Username``, the student's name, one column for the assignment and ``Status``; on import,
  map one identifier column to Moodle's ``useridnumber``, ``useremail`` or ``username``, the
  assignment column to its grade item and ``Status`` to its feedback.

A student who was not graded (missing, not a submission, a failed grade) has an empty cell
for every score, never 0, which an import would record as a real 0; the status says why.

Each student's row is stored in ``DIR/<student>/`` (:func:`store_row`, :func:`load_row`), so
that reruns and merges rebuild the gradebook from the students' folders.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..contract import TOPICS
from ..core.results import GradeResult
from ..reports import gradescope
from ..reports.files import write_atomically
from .roster import IDENTIFIERS, RosterEntry

GRADED = "graded"
MISSING = "missing"
ERROR = "error"
RESULTS = "results.json"  # DIR/<student>/results.json: the student's report
META = "grade-class.json"  # DIR/<student>/grade-class.json: the row's status and hashes
DEFAULT_ASSIGNMENT = "backprop-lab"
FORMATS = {
    "csv": "gradebook.csv",
    "canvas": "gradebook-canvas.csv",
    "moodle": "gradebook-moodle.csv",
}
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_POSSIBLE = "    Points Possible"  # as Canvas's export writes the row's first cell
MOODLE_COLUMNS = ("ID number", "Email address", "Username", "Full name")
_SPREADSHEET_FORMULA = tuple("=+-@\t\r")


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
    isolation: str = ""  # the layers that separated the student's worker

    @property
    def graded(self) -> bool:
        """Whether the row holds a grade (its cells are scores, not blanks)."""
        return self.status.startswith(GRADED)

    @classmethod
    def from_results(cls, student: str, results: dict, status: str) -> Row:
        """The row of ``results`` (Gradescope's results.json as written by ``autograder grade``)."""
        topics = {topic: 0.0 for topic in TOPICS}
        maximum = 0.0
        for test in results.get("tests", []):
            tags = test.get("tags") or [""]
            if tags[0] in topics:
                topics[tags[0]] += float(test.get("score", 0.0))
            maximum += float(test.get("max_score", 0.0))
        extra = results.get("extra_data") if isinstance(results.get("extra_data"), dict) else {}
        return cls(
            student,
            {t: round(p, 6) for t, p in topics.items()},
            float(results.get("score", 0.0)),
            round(maximum, 6),
            status,
            isolation="; ".join(str(layer) for layer in extra.get("isolation", [])),
        )


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula, on one line."""
    text = " ".join(str(text).split())
    return "'" + text if text.startswith(_SPREADSHEET_FORMULA) else text


def _number(value: float) -> str:
    """Points as a spreadsheet reads them: ``12``, ``7.5``, never ``1.2e+03``."""
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _score(row: Row, value: float) -> str:
    return _number(value) if row.graded else ""


def _sorted(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.student.casefold(), r.student))


def _ids(roster: dict[str, RosterEntry], student: str) -> dict[str, str]:
    entry = roster.get(student)
    return entry.identifiers() if entry else dict.fromkeys(IDENTIFIERS, "")


def _csv(header: Iterable[str], lines: Iterable[Iterable[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue()


def gradebook_csv(rows: Iterable[Row], roster: Iterable[RosterEntry] = ()) -> str:
    """The plain gradebook: student, identifiers, one column per topic, total, max, status and
    the isolation layers the student's code ran in.

    Every row has the class's maximum (a row that was not graded has none of its own).
    """
    rows, by_name = _sorted(rows), {e.name: e for e in roster}
    course_max = max((r.max for r in rows), default=0.0)
    header = ["student", *IDENTIFIERS, *TOPICS, "total", "max", "status", "isolation"]
    lines = []
    for row in rows:
        ids = _ids(by_name, row.student)
        points = [_score(row, row.topics.get(t, 0.0)) for t in TOPICS]
        lines.append(
            [_cell(row.student), *(_cell(ids[k]) for k in IDENTIFIERS), *points]
            + [_score(row, row.total), _number(row.max or course_max), _cell(row.status)]
            + [_cell(row.isolation)]
        )
    return _csv(header, lines)


def canvas_csv(rows: Iterable[Row], roster: Iterable[RosterEntry], assignment: str) -> str:
    """Canvas's gradebook import: the student columns, one assignment and Points Possible."""
    rows, by_name = _sorted(rows), {e.name: e for e in roster}
    course_max = max((r.max for r in rows), default=0.0)
    possible = [CANVAS_POINTS_POSSIBLE, "", "", "", "", _number(course_max)]
    lines = [possible]
    for row in rows:
        ids = _ids(by_name, row.student)
        student = ids["name"] or row.student
        lines.append(
            [_cell(student), "", _cell(ids["sis_id"]), _cell(ids["login"]), ""]
            + [_score(row, row.total)]
        )
    return _csv([*CANVAS_COLUMNS, _cell(assignment)], lines)


def moodle_csv(rows: Iterable[Row], roster: Iterable[RosterEntry], assignment: str) -> str:
    """Moodle's CSV grade import: identifier columns, one assignment, and the status."""
    rows, by_name = _sorted(rows), {e.name: e for e in roster}
    lines = []
    for row in rows:
        ids = _ids(by_name, row.student)
        identity = [ids["sis_id"], ids["email"], ids["login"], ids["name"] or row.student]
        lines.append([*map(_cell, identity), _score(row, row.total), _cell(row.status)])
    return _csv([*MOODLE_COLUMNS, _cell(assignment), "Status"], lines)


def render(
    fmt: str, rows: Iterable[Row], roster: Iterable[RosterEntry] = (), assignment: str = ""
) -> str:
    """The gradebook in ``fmt`` (a key of :data:`FORMATS`)."""
    if fmt == "canvas":
        return canvas_csv(rows, roster, assignment)
    if fmt == "moodle":
        return moodle_csv(rows, roster, assignment)
    return gradebook_csv(rows, roster)


def unidentified(rows: Iterable[Row], roster: Iterable[RosterEntry], fmt: str) -> list[str]:
    """The students an LMS cannot match in ``fmt``: no identifier it reads."""
    keys = {"canvas": ("sis_id", "login"), "moodle": ("sis_id", "email", "login")}.get(fmt, ())
    by_name = {e.name: e for e in roster}
    return [
        row.student
        for row in _sorted(rows)
        if keys and not any(_ids(by_name, row.student)[k] for k in keys)
    ]


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

    @property
    def errors(self) -> list[Row]:
        """The rows whose grade failed (status ``error: ...``)."""
        return [row for row in self.rows if row.status.startswith(ERROR)]


# --- storing rows and writing the gradebook --------------------------------------------
def store_row(folder: Path, row: Row, results: dict | None, hashes: dict[str, str | None]) -> None:
    """Write a student's results.json (when given) then their metadata, which commits the row."""
    if results is not None:
        write_atomically(folder / RESULTS, json.dumps(results, indent=2) + "\n")
    meta = {"status": row.status, "problems": row.problems, **hashes}
    write_atomically(folder / META, json.dumps(meta, indent=2) + "\n")


def unrated_row(student: str, status: str, problems: list[str]) -> tuple[Row, dict]:
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


def write_gradebook(
    out: Path,
    rows: Iterable[Row],
    roster: Iterable[RosterEntry] = (),
    fmt: str = "csv",
    assignment: str = DEFAULT_ASSIGNMENT,
) -> tuple[Path, list[str]]:
    """Write ``out/gradebook.csv`` and, for an LMS ``fmt``, its import file too.

    Returns the file of ``fmt`` and notes naming the students that LMS cannot match (no
    identifier in the roster).
    """
    rows, roster = list(rows), list(roster or [])
    write_atomically(out / FORMATS["csv"], render("csv", rows, roster))
    if fmt == "csv":
        return out / FORMATS["csv"], []
    write_atomically(out / FORMATS[fmt], render(fmt, rows, roster, assignment))
    notes = [
        f"{student}: no identifier {fmt} can match in the roster; the row will not import"
        for student in unidentified(rows, roster, fmt)
    ]
    return out / FORMATS[fmt], notes
