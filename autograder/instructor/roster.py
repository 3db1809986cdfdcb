"""The class roster: which repositories to grade, and how an LMS knows each student.

Two forms are read:

* a plain list: ``owner/repo`` entries separated by new lines, spaces or commas, each
  optionally followed by its student's name (the folder and gradebook name); ``#`` starts a
  comment;
* a CSV file whose header has a ``repo`` column, and any of ``student`` (the folder name),
  ``login`` (the LMS login: Canvas's SIS Login ID, Moodle's username), ``sis_id`` (Canvas's SIS
  User ID, Moodle's ID number), ``email`` and ``name`` (as the LMS shows it). The LMS gradebooks
  of :mod:`autograder.instructor.gradebook` match students by these.

Without a name, a repository's student is its repository name (``hw1-alice``), or
``owner__repo`` when two entries share a repository name.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from pathlib import Path

_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_REPO = r"[A-Za-z0-9_.-]{1,100}"
_REPO_TOKEN = re.compile(rf"(?:https://github\.com/)?({_OWNER})/({_REPO}?)(?:\.git)?/?")
_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,150}")
IDENTIFIERS = ("login", "sis_id", "email", "name")
CSV_COLUMNS = ("repo", "student", *IDENTIFIERS)


class ClassGradingError(ValueError):
    """Bad input for the whole class (a folder, a roster, the course); names the input."""


@dataclass(frozen=True)
class RosterEntry:
    """One student: a repository, the folder (and gradebook name) of its student, and the
    identifiers an LMS matches the student by (empty when unknown)."""

    repo: str  # owner/repo
    name: str
    login: str = ""
    sis_id: str = ""
    email: str = ""
    full_name: str = ""

    def identifiers(self) -> dict[str, str]:
        """``login``, ``sis_id``, ``email`` and ``name`` (the LMS's display name)."""
        values = asdict(self)
        return {key: values["full_name" if key == "name" else key] for key in IDENTIFIERS}


def _repository(token: str, where: str) -> str:
    match = _REPO_TOKEN.fullmatch(token)
    if not match or match.group(2) in ("", ".", ".."):
        raise ClassGradingError(f"{where}: expected owner/repo, got {token!r}")
    return f"{match.group(1)}/{match.group(2)}"


def _plain_pairs(text: str, source: str) -> list[tuple[str, str | None, dict[str, str]]]:
    pairs: list[tuple[str, str | None, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        named = True  # a name follows a repository on the same line only
        for token in line.split("#", 1)[0].replace(",", " ").split():
            if _REPO_TOKEN.fullmatch(token):
                pairs.append((_repository(token, f"{source}:{number}"), None, {}))
                named = False
            elif "/" not in token and not named and _NAME.fullmatch(token):
                pairs[-1] = (pairs[-1][0], token, {})
                named = True
            else:
                raise ClassGradingError(
                    f"{source}:{number}: expected owner/repo (optionally followed by a name), "
                    f"got {token!r}"
                )
    return pairs


def _csv_pairs(text: str, source: str) -> list[tuple[str, str | None, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    unknown = [c for c in reader.fieldnames or [] if c.strip() not in CSV_COLUMNS]
    if unknown:
        raise ClassGradingError(
            f"{source}:1: unknown column {unknown[0]!r}; expected {', '.join(CSV_COLUMNS)}"
        )
    pairs = []
    for row in reader:
        where = f"{source}:{reader.line_num}"
        cells = {k.strip(): " ".join((v or "").split()) for k, v in row.items() if k}
        if not any(cells.values()):
            continue
        name = cells.get("student") or None
        if name is not None and not _NAME.fullmatch(name):
            raise ClassGradingError(f"{where}: expected a plain folder name, got {name!r}")
        ids = {key: cells.get(key, "") for key in IDENTIFIERS}
        pairs.append((_repository(cells.get("repo", ""), where), name, ids))
    return pairs


def _is_csv(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and "repo" in [c.strip() for c in lines[0].split(",")]


def parse_roster(text: str, source: str = "roster") -> list[RosterEntry]:
    """Parse a roster in either form (see the module doc); repeated entries count once.

    Raises
    ------
    ClassGradingError
        For an entry that is not ``owner/repo`` (or ``https://github.com/owner/repo``), a name
        that is not a plain folder name, an unknown CSV column, or two entries that would get
        the same name; the message names the line.
    """
    pairs = _csv_pairs(text, source) if _is_csv(text) else _plain_pairs(text, source)
    unique: dict[tuple[str, str | None], dict[str, str]] = {}
    for repo, name, ids in pairs:
        unique.setdefault((repo, name), ids)
    counts: dict[str, int] = {}
    for repo, name in unique:
        key = name or repo.split("/")[1]
        counts[key] = counts.get(key, 0) + 1
    entries = []
    for (repo, name), ids in unique.items():
        key = name or repo.split("/")[1]
        folder = key if counts[key] == 1 else repo.replace("/", "__")
        entries.append(
            RosterEntry(
                repo,
                folder,
                ids.get("login", ""),
                ids.get("sis_id", ""),
                ids.get("email", ""),
                ids.get("name", ""),
            )
        )
    names = [e.name for e in entries]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ClassGradingError(f"{source}: two entries would be graded as {duplicates[0]!r}")
    return entries


def read_roster(path: Path) -> list[RosterEntry]:
    """:func:`parse_roster` of a file; ClassGradingError names the file if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClassGradingError(f"{path}: cannot read the roster ({exc})") from None
    return parse_roster(text, str(path))


def roster_csv(entries: list[RosterEntry]) -> str:
    """The roster as CSV (the second form of the module doc), identifiers included."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        ids = entry.identifiers()
        writer.writerow([entry.repo, entry.name, *(ids[key] for key in IDENTIFIERS)])
    return out.getvalue()
