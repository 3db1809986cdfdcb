"""Text that came from student code, made safe for every report and terminal.

Everything a test result says may carry what a submission printed, raised or returned. It is
cleaned once, when the result is made (:mod:`autograder.core.results`), so that no report or terminal
ever sees:

* control characters and escape sequences (ANSI colours, cursor moves, carriage returns that
  overwrite a line), bidirectional overrides, or characters that XML 1.0 forbids;
* a lone surrogate or anything else that is not valid UTF-8;
* a line that a CI system reads as a command: GitHub's ``::notice ...``/``::add-mask::``, and the
  ``##[...]``/``##vso[...]`` forms, which get ``> `` in front.
"""

from __future__ import annotations

import re

ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|.)?")
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
COMMAND_LINE = re.compile(r"^(\s*)(::|##\[|##vso\[)", re.MULTILINE)


def clean(text: str) -> str:
    """``text`` with the characters and lines listed in the module doc made harmless."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'
    text = ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = FORBIDDEN.sub("", text)
    return COMMAND_LINE.sub(r"\1> \2", text)
