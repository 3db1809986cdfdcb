"""Step 2, call: ``course.<topic>.<function>(...)`` in a test, through a caller.

A test never imports the graded code: it calls it through a :class:`Course`, which hands each
call to a :class:`Caller` and judges what came back the same way whoever ran it. Two callers
exist: :class:`autograder.core.sandboxed.SandboxCaller` (the sandboxed worker of a grade) and
:class:`autograder.core.in_process.InProcessCaller` (the notebooks of an nbgrader course).
"""

from __future__ import annotations

from typing import Protocol

from ..checks import in_place_failure
from ..contract import EXERCISES, GIVEN, TOPICS
from ..sandbox.protocol import CallResult, CourseFunction, Rng


class Caller(Protocol):
    """Runs one call of student code and returns what it returned and did on the side.

    Raises a :class:`autograder.outcomes.StudentProblem` when the code did not return a value.
    """

    def call(
        self, topic: str, name: str, args: tuple, kwargs: dict, limit: float, reuse: bool = False
    ) -> CallResult:
        """Call ``<topic>.<name>(*args, **kwargs)`` within ``limit`` seconds; with ``reuse``, a
        caller may answer with what the same call answered before (``course.once``)."""
        ...

    def again_trusted(self) -> bool:
        """Whether the test should run again, every call of another function trusted (then
        they are from here on)."""
        ...


class Course:
    """The ``course`` of a test: ``course.<topic>.<function>(...)`` calls student code.

    Each call goes through ``caller`` within ``time_limit`` seconds; what it printed is kept in
    :attr:`printed`, what the last call printed and warned in :attr:`last_output` and
    :attr:`last_warnings` (which :func:`autograder.checks.check_no_overflow_warning` reads), and
    a call that changed its arguments in place fails the test.
    """

    def __init__(self, caller: Caller, time_limit: float) -> None:
        self.caller = caller
        self.time_limit = time_limit
        self.printed: list[str] = []  # what each call of this test printed, when it printed
        self.last_output = ""  # what the last call printed
        self.last_warnings: list[str] = []  # "Category: message" of the last call's warnings

    def __getattr__(self, topic: str) -> _Topic:
        return _Topic(self, topic)

    @property
    def once(self) -> _Once:
        """``course.once.<topic>.<function>(...)``: a call made once per grade for the same
        arguments; a later test making it again judges the same reply (see ``Sandbox.call``)."""
        return _Once(self)

    def again_trusted(self) -> bool:
        """Whether the failed test should run again with trusted calls; if so, forget what its
        calls printed and warned so far (see :class:`autograder.core.sandboxed.SandboxCaller`)."""
        if not self.caller.again_trusted():
            return False
        self.printed, self.last_output, self.last_warnings = [], "", []
        return True

    def given(self, name: str) -> CourseFunction:
        """A function of the worker's ``course_functions``, to pass as an argument."""
        return CourseFunction(name)

    def rng(self, seed: int) -> Rng:
        """A ``numpy.random.default_rng(seed)``, built where the student code runs."""
        return Rng(seed)

    def call(self, topic: str, name: str, args: tuple, kwargs: dict, reuse: bool = False) -> object:
        """The value ``<topic>.<name>(*args, **kwargs)`` returned, as plain data."""
        result = self.caller.call(topic, name, args, kwargs, self.time_limit, reuse)
        self.last_output, self.last_warnings = result.output, result.warnings
        if result.output.strip():
            self.printed.append(result.output)
        if result.mutated:
            failure = in_place_failure(name, result.mutated, args, kwargs)  # as the test gave them
            failure.function = f"{topic}.{name}"
            raise failure
        return result.value


class _Once:
    def __init__(self, course: Course) -> None:
        self._course = course

    def __getattr__(self, topic: str) -> _Topic:
        return _Topic(self._course, topic, reuse=True)


class _Topic:
    def __init__(self, course: Course, topic: str, reuse: bool = False) -> None:
        if topic.startswith("_") or topic not in TOPICS:
            raise AttributeError(f"the course has no topic {topic!r}; it has {', '.join(TOPICS)}")
        self._course, self._topic, self._reuse = course, topic, reuse

    def __getattr__(self, name: str):  # noqa: ANN204 - a function of the contract
        if name not in EXERCISES[self._topic] + GIVEN.get(self._topic, ()):
            raise AttributeError(f"{self._topic} has no function {name!r} in the course contract")

        def call(*args: object, **kwargs: object) -> object:
            return self._course.call(self._topic, name, args, kwargs, self._reuse)

        call.__name__ = name
        return call
