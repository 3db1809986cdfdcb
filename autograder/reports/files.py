"""Writing reports to disk: every file through a temporary file and a rename, never half written."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..core.results import GradeResult
from . import gradescope, html, junit, markdown


def write_atomically(path: Path | str, content: str | bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename.

    The file gets the mode any new file of the user gets (0666 less the umask), as ``open``
    would give it; text is written as UTF-8 with the line ends it has.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class ReportError(OSError):
    """A report could not be written; the others hold a score-0 grade that says why."""


@dataclass(frozen=True)
class ReportPaths:
    """Where each report of a grade goes (None: not written)."""

    json: str | None = None  # Gradescope's results.json
    markdown: str | None = None  # the Markdown summary
    junit: str | None = None  # JUnit XML
    html: str | None = None  # the HTML page

    def all(self) -> tuple[str | None, ...]:
        return (self.json, self.markdown, self.junit, self.html)


def write_reports(
    result: GradeResult, paths: ReportPaths, figures: list[html.LessonFigure] | None = None
) -> None:
    """Write whichever reports have a path: Gradescope JSON, Markdown summary, JUnit XML and the
    HTML page (with ``figures`` when given, see :func:`autograder.reports.html.lesson_figures`).

    Every report of the grader is written here, each atomically.

    Raises
    ------
    ReportError
        When one could not be written. Every report that can be written then holds a score-0
        grade with the reason, and none is left from an earlier grade.
    """
    writers = {
        paths.json: lambda r: json.dumps(gradescope.results_json(r), indent=2) + "\n",
        paths.markdown: lambda r: markdown.summary(r) + "\n",
        paths.junit: junit.junit_xml,
        paths.html: lambda r: html.page(r, figures if r is result else None),
    }
    writers.pop(None, None)
    writers.pop("", None)
    try:
        for path, render in writers.items():
            write_atomically(path, render(result))
    except (OSError, ValueError) as exc:
        reason = f"a report could not be written ({type(exc).__name__}: {exc})"
        failed = GradeResult(error=reason, submission=result.submission)
        for path, render in writers.items():
            try:
                write_atomically(path, render(failed))
            except (OSError, ValueError):
                remove_reports(path)
        raise ReportError(reason) from exc


def remove_reports(*paths: str | None) -> None:
    """Remove earlier reports at these paths, so that a failed grade leaves none behind."""
    for path in paths:
        if path:
            with contextlib.suppress(OSError):  # a folder, or a path through a file
                Path(path).unlink(missing_ok=True)
