"""Step 3, judge: what a graded test raised, as a :class:`Status` and a message for the student.

The policy, in one place:

* a public test shows the property that failed, the diagnosis and the detail (inputs, expected,
  got), then what the code printed, whatever ended the test (the output of the test's earlier
  calls before that of the call that failed); a message is shortened to :data:`MESSAGE_LIMIT`
  characters;
* a hidden test shows the property that failed and the diagnosis, never its inputs, expected
  values or what the student printed;
* a test whose calls used the reference's functions is judged as a hidden one (their values are
  not the student's) and says so with :data:`TRUSTED_NOTE`;
* a check of a result's type, shape, dtype or of inputs changed in place has no diagnosis: the
  mistake catalogue matches values.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diagnosis import Diagnosis
from ..outcomes import CheckFailure, Status, StudentProblem
from ..outcomes import printed as printed_block
from ..sandbox.protocol import shorten

MESSAGE_LIMIT = 3000
HIDDEN_NOTE = "Hidden test:"
TRUSTED_NOTE = "Checked with the course's own versions of the other functions involved:"
NO_MATCH = "No known mistake matches your output."

Diagnose = Callable[[str], "Diagnosis | None"]  # "topic.function" -> the mistake it makes


def judge(
    raised: BaseException | None,
    *,
    exercise: str,
    hidden: bool,
    diagnose: Diagnose,
    skipped: bool = False,
    used_reference: bool = False,
    printed: list[str] | None = None,
) -> tuple[Status, str]:
    """The status and message of a graded test of ``exercise``.

    ``raised`` is what the test raised (None when it passed); ``skipped`` when that was pytest's
    skip; ``printed`` what each call of the student's code that returned printed.
    """
    if raised is None and not skipped:
        return Status.PASSED, ""
    shown_as_hidden = hidden or used_reference
    output = "".join(printed or [])
    if not shown_as_hidden:
        raised = with_earlier_output(raised, printed or [])
    if skipped:
        status, message = Status.FAILED, f"skipped: {raised}"
    else:
        status, message = _judge(raised, exercise, shown_as_hidden, diagnose)
    if used_reference and not hidden:
        message = message.replace(HIDDEN_NOTE, TRUSTED_NOTE, 1)
    if status == Status.FAILED and not shown_as_hidden and output:
        if not isinstance(raised, StudentProblem):
            message += "\n" + printed_block(output)
    return status, message


def with_earlier_output(raised: BaseException | None, printed: list[str]) -> BaseException | None:
    """A student problem with the output of the test's earlier calls before its own."""
    if not isinstance(raised, StudentProblem) or not printed:
        return raised
    # A copy: an import failure is the same object for every test of its topic.
    problem = type(raised).__new__(type(raised), *raised.args)
    problem.__dict__.update(vars(raised), output="".join(printed) + raised.output)
    return problem


def _judge(
    exc: BaseException | None, exercise: str, hidden: bool, diagnose: Diagnose
) -> tuple[Status, str]:
    if isinstance(exc, StudentProblem):
        return _problem(exc, hidden, diagnose)
    if isinstance(exc, CheckFailure):
        found = diagnose(exc.function or exercise)
        note = found.text() if found else ("" if _about_form(exc.prop) else NO_MATCH)
        if hidden:
            return Status.FAILED, f"{HIDDEN_NOTE} {exc.prop}\n{note}"
        return Status.FAILED, _clip("\n".join(p for p in (exc.prop, note, exc.detail) if p))
    if isinstance(exc, AssertionError):
        if hidden:
            return Status.FAILED, f"{HIDDEN_NOTE} a hidden check of this exercise failed."
        return Status.FAILED, _clip(str(exc) or "a check failed")
    if hidden:
        return Status.FAILED, f"{HIDDEN_NOTE} the result could not be checked"
    return Status.FAILED, _clip(f"the result could not be checked: {type(exc).__name__}: {exc}")


def _problem(exc: StudentProblem, hidden: bool, diagnose: Diagnose) -> tuple[Status, str]:
    """Student code did not return a value. Some catalogued mistakes raise (log(0), a wrong
    axis): those are looked up too."""
    raised = exc.status == Status.FAILED and bool(exc.kind)
    found = diagnose(exc.function) if raised else None
    note = f"\n{found.text()}" if found else ""
    if hidden:
        where = exc.traceback.strip().splitlines()[0].strip() if exc.traceback else ""
        first = f"your code raised {exc.kind}" if raised else exc.message
        return exc.status, f"{HIDDEN_NOTE} {first}" + (f" ({where})" if where else "") + note
    rest = exc.describe().removeprefix(exc.message).lstrip("\n")
    return exc.status, _clip(exc.message + note + "\n" + rest)


def _about_form(prop: str) -> bool:
    """A failed check of a result's type, shape or dtype, or of inputs changed in place: the
    mistake catalogue, which matches values, has nothing to say about those."""
    return any(
        word in prop for word in ("should return", "should hold", "dtype", "shape", "in place")
    )


def _clip(message: str) -> str:
    return shorten(message, MESSAGE_LIMIT)
