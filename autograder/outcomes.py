"""What can happen to a graded test: its :class:`Status`, and the exceptions that carry one.

The sandbox client (or the notebooks' in-process caller) raises a :class:`StudentProblem`
subclass when student code did not return a value; the checks raise :class:`CheckFailure` when
it returned a wrong one. The grading core (:mod:`autograder.core.judging`) turns each into a
status and a message for the student.
"""

from __future__ import annotations

from enum import Enum

from .sandbox.protocol import shorten

OUTPUT_LINES = 16
OUTPUT_CHARS = 1500


class Status(str, Enum):
    """The status of a graded test, as every report and the terminal spell it."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_ATTEMPTED = "not attempted"
    TIMED_OUT = "timed out"
    CRASHED = "crashed"

    def __str__(self) -> str:
        return self.value

    __format__ = str.__format__


def shorten_output(text: str, lines: int = OUTPUT_LINES, chars: int = OUTPUT_CHARS) -> str:
    """What student code printed, cut to its first and last lines and at most ``chars`` characters."""
    rows = text.rstrip().splitlines()
    if len(rows) > lines:
        head, tail = lines // 4, lines - lines // 4
        rows = rows[:head] + [f"... ({len(rows) - lines} lines cut) ..."] + rows[-tail:]
    return shorten("\n".join(shorten(row, 200, "...") for row in rows), chars)


def printed(output: str) -> str:
    """The block that shows the student what their code printed, or "" when it printed nothing."""
    return f"Your code printed:\n{shorten_output(output)}" if output.strip() else ""


class StudentProblem(Exception):
    """Student code did not return a value; ``status`` says how it ended."""

    status = Status.FAILED

    def __init__(
        self, function: str, message: str, traceback: str = "", output: str = "", kind: str = ""
    ) -> None:
        super().__init__(message)
        self.function = function  # "topic.name"
        self.kind = kind  # the exception's type name, when student code raised one
        self.message = message
        self.traceback = traceback
        self.output = output

    def describe(self) -> str:
        """The message for the student: what happened, their traceback, what they printed."""
        parts = [self.message]
        if self.traceback:
            parts.append("Traceback (your code only):\n" + self.traceback.rstrip())
        if self.output.strip():
            parts.append(printed(self.output))
        return "\n".join(parts)


class NotAttempted(StudentProblem):
    """The exercise still raises the stub's NotImplementedError."""

    status = Status.NOT_ATTEMPTED


class StudentError(StudentProblem):
    """Student code raised an exception (or could not be imported)."""


class StudentTimeout(StudentProblem):
    """A call ran past its time limit; the worker was killed."""

    status = Status.TIMED_OUT


class StudentCrash(StudentProblem):
    """The worker process ended during a call (exit, signal, out of memory, broken pipe)."""

    status = Status.CRASHED


def student_problem(
    function: str, kind: str, message: str, where: str | None, trace: str = "", output: str = ""
) -> StudentProblem:
    """The problem of a call of ``function`` ("topic.name") that raised: ``kind`` is the type
    name of the exception, ``where`` the function it was raised in (None when unknown)."""
    short = function.split(".")[-1]
    if kind == "NotImplementedError" and where in (short, None):
        message = f"{short}() is not attempted yet (it still raises NotImplementedError)"
        return NotAttempted(function, message, "", output)
    if kind == "NotImplementedError":
        message = f"{short}() calls {where}(), which is not implemented yet"
        return StudentError(function, message, trace, output)
    if kind == "SystemExit":
        return StudentError(function, f"{short}() called sys.exit({message})", trace, output)
    return StudentError(function, f"{short}() raised {kind}: {message}", trace, output, kind)


class CheckFailure(AssertionError):
    """A returned value failed a check.

    ``prop`` is the property in one sentence, safe to show for hidden tests; ``detail`` has the
    inputs, expected and actual values and is shown for public tests only.
    """

    def __init__(self, prop: str, detail: str = "", function: str | None = None) -> None:
        super().__init__(prop if not detail else f"{prop}\n{detail}")
        self.prop = prop
        self.detail = detail
        self.function = function
