"""Where a submission's topic files are, in a folder as students hand it in.

A submission arrives as a repository (``exercises/<topic>.py``), as the topic files alone
(``<topic>.py``), or one folder further down: an unzipped download (``backprop-lab-main/``) or a
repository cloned into a folder. Links and hidden entries (``.git``, ``__MACOSX``) are never
followed, so a submission cannot point the grader at files outside itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from .contract import TOPICS


class SubmissionNotFound(ValueError):
    """No topic files where a submission should hold them; the message says what was looked for."""


def _holds_topics(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            names = {e.name for e in entries}
    except OSError:
        return False
    return any(f"{topic}.py" in names for topic in TOPICS)


def _real_folder(path: Path) -> bool:
    return not path.is_symlink() and path.is_dir()


def _exercises_in(folder: Path) -> Path | None:
    """``folder/exercises`` or ``folder`` itself when it holds topic files, else None."""
    exercises = folder / "exercises"
    if _real_folder(exercises):
        return exercises
    return folder if _holds_topics(folder) else None


def find_exercises(folder: Path) -> Path:
    """The folder of topic files to grade in the submission ``folder``.

    Looked for, in order: ``folder/exercises``, ``folder`` itself, then the same in the one
    visible sub-folder of ``folder`` that has them.

    Raises
    ------
    SubmissionNotFound
        When ``folder`` is not a folder, has none, or two sub-folders both hold exercises.
    """
    if not _real_folder(folder):
        raise SubmissionNotFound(f"{folder}: not a folder")
    found = _exercises_in(folder)
    if found is not None:
        return found
    try:
        with os.scandir(folder) as entries:
            subfolders = sorted(
                Path(e.path)
                for e in entries
                if not e.name.startswith((".", "__")) and e.is_dir(follow_symlinks=False)
            )
    except OSError as exc:
        raise SubmissionNotFound(f"{folder}: unreadable ({exc.strerror or exc})") from None
    candidates = [c for c in map(_exercises_in, subfolders) if c is not None]
    if len(candidates) > 1:
        names = ", ".join(str(c.relative_to(folder)) for c in candidates)
        raise SubmissionNotFound(f"{folder}: two submissions in one folder ({names})")
    if not candidates:
        raise SubmissionNotFound(
            f"{folder}: no exercises/ folder and no topic file ({TOPICS[0]}.py, ...) here or "
            "one folder below"
        )
    return candidates[0]
