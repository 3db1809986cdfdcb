"""How a failure's message is put together across the calls and tests of a run.

* What student code printed is shown with every public failure, whatever ended the test: the
  output of the test's earlier calls comes before that of the call that failed.
* A topic that cannot be imported fails every test of its functions; the error is told in full
  with the first failing public test of that topic (and the first hidden one), and the others
  say it in one line.
"""

from __future__ import annotations

from typing import Protocol

from .outcomes import StudentProblem
from .sandbox.client import ImportFailure


class GradedTest(Protocol):
    """What of a graded test decides its wording: the exercise and whether it is hidden."""

    exercise: str
    hidden: bool


def with_earlier_output(raised: BaseException | None, printed: list[str]) -> BaseException | None:
    """A student problem with the output of the test's earlier calls before its own."""
    if not isinstance(raised, StudentProblem) or not printed:
        return raised
    # A copy: an import failure is the same object for every test of its topic.
    problem = type(raised).__new__(type(raised), *raised.args)
    problem.__dict__.update(vars(raised), output="".join(printed) + raised.output)
    return problem


class ImportFailuresTold:
    """The topics whose import failure a run has told in full, for public and hidden tests."""

    def __init__(self) -> None:
        self._told: set[tuple[str, bool]] = set()

    def told(self, raised: BaseException | None, test: GradedTest) -> BaseException | None:
        """``raised`` itself the first time its topic's import failure is told, then one line."""
        if not isinstance(raised, ImportFailure):
            return raised
        key = (raised.topic, test.hidden)
        if key in self._told:
            return raised.again(test.exercise)
        self._told.add(key)
        return raised
