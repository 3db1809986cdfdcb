"""Step 2, call, in a grade: the submission as the grading process reaches it.

Student code runs only in the sandbox worker (:mod:`autograder.sandbox.client`). In an
instructor's repository (where ``solutions/`` is at hand and the graded code is not the
reference itself) each function is judged on its own: a test's calls of other functions than
the one it grades are answered by the reference in this process, and the graded function, when
its code reaches another contract function, runs "trusted" with the reference versions of all
the others (:mod:`autograder.sandbox.trusted`). A test that used reference values shows only
the property that failed.

A trusted call costs a round trip per call of another function, so where every other function
that F reaches has passed all its own tests ("proven"), F first runs plainly with the
submission's own versions: a pass stands (nothing F reached is known to be wrong), and a
failure runs the test again with trusted calls, which decide it. A test of F therefore never
fails because of another function, and never passes through one that fails its own tests.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from ..contract import EXERCISES, GIVEN, TOPICS
from ..outcomes import StudentProblem
from ..reference import callees_first, load_reference
from ..sandbox import protocol
from ..sandbox.client import ImportFailure, NoTrustedCall, Sandbox, WorkerFailure
from ..sandbox.course_functions import FUNCTIONS
from ..sandbox.protocol import CallResult
from .tests import GradedTest

# The contract's functions, as a function's code may reach them.
COURSE_NAMES = frozenset(
    f"{t}.{name}" for t in TOPICS for name in (*EXERCISES[t], *GIVEN.get(t, ()))
)


class GradedCode:
    """The submission of one grade: its sandbox worker (started on first use), the reference
    where this is an instructor's repository, and which contract functions each function reaches.
    """

    def __init__(self, root: Path, submission: Path, isolation: str) -> None:
        self.root, self.submission, self.isolation = root, submission, isolation
        self._sandbox: Sandbox | None = None
        self.uses_found: dict[str, set[str]] = {}  # "topic.name" -> contract functions it reaches
        self._reference_replies: dict[bytes, object] = {}  # course.once calls the reference made

    @functools.cached_property
    def reference(self) -> dict | None:
        """The reference functions, where this is an instructor's repository grading another
        submission than the reference itself; else None."""
        folder = self.root / "solutions"
        graded_is_reference = self.submission.resolve() == folder.resolve()
        found = (folder / "__init__.py").is_file() and not graded_is_reference
        return load_reference(folder) if found else None

    def reference_value(self, exercise: str, args: tuple, kwargs: dict, reuse: bool) -> object:
        """What the reference's ``exercise`` returns for these arguments (made once per grade
        with ``reuse``, as the sandbox makes a ``course.once`` call once), as a fresh copy."""
        assert self.reference is not None
        if not reuse:
            return self.reference[exercise](*_fresh(args), **_fresh(kwargs))
        key = protocol.dumps({"function": exercise, **protocol.encode_call(args, kwargs)})
        if key not in self._reference_replies:
            value = self.reference[exercise](*_fresh(args), **_fresh(kwargs))
            self._reference_replies[key] = protocol.encode(value)
        return protocol.decode(self._reference_replies[key], functions=FUNCTIONS)

    @functools.cached_property
    def run_order(self) -> dict[str, int]:
        """Where the reference is at hand: each contract function's place in an order that puts
        the functions it calls first (the reference's calls), so that those may be proven when
        it runs; else empty."""
        return callees_first(self.reference) if self.reference is not None else {}

    def sandbox(self) -> Sandbox:
        """The sandbox worker of this grade, made on first use."""
        if self._sandbox is None:
            data = next(
                (
                    d
                    for d in (self.root / "exercises" / "data", self.root / "solutions" / "data")
                    if d.is_dir()
                ),
                None,
            )
            unreadable = [self.root / "solutions", self.root / "tests"]
            self._sandbox = Sandbox(
                self.submission,
                data,
                [p for p in unreadable if p.exists()],
                isolation=self.isolation,
                reference=self.reference,
            )
        return self._sandbox

    @property
    def layers(self) -> list[str]:
        """The isolation layers that separated the worker ([] when no student code ran)."""
        return list(self._sandbox.layers) if self._sandbox else []

    def stop(self) -> None:
        """End the worker (a later call starts a fresh one)."""
        if self._sandbox is not None:
            self._sandbox.stop()

    def close(self) -> None:
        """End the worker for good, from any thread (the deadline)."""
        if self._sandbox is not None:
            self._sandbox.close()

    def uses(self, topic: str, name: str, limit: float) -> set[str]:
        """The contract functions the submitted function reaches, as "topic.name".

        The worker is asked once for all the topic's exercises not yet known.
        """
        key = f"{topic}.{name}"
        if key not in self.uses_found:
            others = [n for n in EXERCISES.get(topic, ()) if f"{topic}.{n}" not in self.uses_found]
            names = [name, *(n for n in others if n != name)]
            for each, found in self.sandbox().uses(topic, names, limit).items():
                self.uses_found[f"{topic}.{each}"] = found & COURSE_NAMES
        return self.uses_found[key]

    def note_uses(self, exercise: str, limit: float) -> None:
        """Ask which contract functions a failing exercise reaches (in a student's own run)."""
        if self._sandbox is not None:
            topic, _, name = exercise.partition(".")
            with contextlib.suppress(StudentProblem, WorkerFailure):
                self.uses(topic, name, limit)

    def probe_caller(self, exercise: str, limit: float) -> Callable[[tuple, dict], CallResult]:
        """``call(args, kwargs)`` running the student's own ``exercise`` (for diagnosis)."""
        topic, _, name = exercise.partition(".")
        return lambda args, kwargs: self.sandbox().call(topic, name, args, kwargs, limit)


class SandboxCaller:
    """The caller of one test in a grade (``test`` None: the student's own code, for figures).

    ``fatal(message)`` ends the grade when the worker itself failed: no grade rather than a
    wrong one. :attr:`used_reference` tells whether reference functions took part.
    """

    def __init__(
        self,
        code: GradedCode,
        test: GradedTest | None,
        fatal: Callable[[str], NoReturn],
        proven: Callable[[str], bool] = lambda exercise: False,
    ) -> None:
        self.code, self.test, self.fatal, self.proven = code, test, fatal, proven
        self.used_reference = False
        self.relied_on_proven = False  # a call ran with the submission's own proven functions
        self.trust_all = False  # every call that reaches another function runs trusted

    def again_trusted(self) -> bool:
        """Make every later call trusted; whether a call so far relied on proven functions (then
        the test, run again, is decided with the reference's)."""
        again, self.relied_on_proven = self.relied_on_proven, False
        self.trust_all = True
        return again

    def call(
        self, topic: str, name: str, args: tuple, kwargs: dict, limit: float, reuse: bool = False
    ) -> CallResult:
        """Run ``<topic>.<name>`` as the module doc says: the reference's, trusted, or plain;
        with ``reuse``, the sandbox answers a call it made before with its reply."""
        exercise = f"{topic}.{name}"
        reference = self.code.reference
        if reference is not None and self.test is not None and exercise != self.test.exercise:
            if not (reuse and not self.trust_all and self.proven(exercise)):
                self.used_reference = True
                return CallResult(self.code.reference_value(exercise, args, kwargs, reuse))
            # a course.once call of a proven function: the reply the sandbox already holds
            self.relied_on_proven = True
            return self.code.sandbox().call(topic, name, args, kwargs, limit, reuse=True)
        sandbox = self.code.sandbox()
        call = functools.partial(sandbox.call, topic, name, args, kwargs, limit, reuse=reuse)
        try:
            return self._call_student(call, topic, name, limit)
        except WorkerFailure as exc:
            self.fatal(f"autograder: {exc}")

    def _call_student(
        self, call: Callable[..., CallResult], topic: str, name: str, limit: float
    ) -> CallResult:
        if not self.code.sandbox().trusted_calls or self.test is None:  # figures: their own code
            return call()
        try:
            others = self.code.uses(topic, name, limit) - {f"{topic}.{name}"}
        except StudentProblem:
            others = {"(its topic did not import)"}  # perhaps through another topic: trust them
        if not others:
            return call()
        if not self.trust_all and all(map(self.proven, others)):
            self.relied_on_proven = True
            return call()
        before, self.used_reference = self.used_reference, True
        try:  # what it printed with reference values is not shown
            return dataclasses.replace(call(trusted=True), output="")
        except NoTrustedCall:  # it hands a function of its own to another: its own, then
            return call()
        except ImportFailure as exc:
            if exc.topic != topic:
                raise
            # Its own file does not import: say so as a plain import would, with no reference.
            self.used_reference = before
            return call()


def _fresh(value: object) -> object:
    """A copy of test arguments as the worker would get them (generators and course functions)."""
    return protocol.decode(protocol.encode(value), functions=FUNCTIONS)
