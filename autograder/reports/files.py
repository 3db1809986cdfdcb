"""Writing reports to disk: every file through a temporary file and a rename, never half written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..results import GradeResult
from . import gradescope, junit, markdown


def write_atomically(path: Path | str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_reports(
    result: GradeResult,
    json_path: str | None = None,
    markdown_path: str | None = None,
    junit_path: str | None = None,
) -> None:
    """Write whichever reports have a path: Gradescope JSON, Markdown summary, JUnit XML."""
    if json_path:
        write_atomically(json_path, json.dumps(gradescope.results_json(result), indent=2) + "\n")
    if markdown_path:
        write_atomically(markdown_path, markdown.summary(result) + "\n")
    if junit_path:
        write_atomically(junit_path, junit.junit_xml(result))
