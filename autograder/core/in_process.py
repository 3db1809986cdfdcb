"""Step 2, call, in a notebook: student code run in this process (nbgrader's kernel).

Arguments and results pass through the same plain-data protocol as the sandbox's, a call is
checked for changing its arguments in place by the worker's own rule, and what it raised is
worded by :func:`autograder.outcomes.student_problem`, as the sandbox client words it. There is
no isolation: a notebook's code shares the kernel with its tests (nbgrader's model). A call past
its time limit is interrupted by SIGALRM where the platform has it.
"""

from __future__ import annotations

import contextlib
import copy
import io
import signal
import sys
import sysconfig
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from ..outcomes import StudentError, StudentTimeout, student_problem
from ..sandbox import protocol
from ..sandbox.course_functions import FUNCTIONS
from ..sandbox.protocol import CallResult

OUTPUT_LIMIT = 4000
GRADER_FOLDER = str(Path(__file__).resolve().parents[1])
LIBRARY_FOLDERS = tuple(
    {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
)
Finder = Callable[[str, str], Callable]  # (topic, name) -> the student's function


class _CallTimeout(BaseException):
    """Raised in student code when its time is up."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _CallTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class InProcessCaller:
    """Calls the functions ``find(topic, name)`` gives, in this process.

    ``grader_files`` are path prefixes of code that is not the student's (left out of the
    traceback they are shown), besides the ``autograder`` package and the Python installation.
    """

    def __init__(self, find: Finder, grader_files: tuple[str, ...] = ()) -> None:
        self.find = find
        self.grader_files = (GRADER_FOLDER, *grader_files)

    def again_trusted(self) -> bool:
        """Never: a notebook has no reference to trust."""
        return False

    def call(
        self, topic: str, name: str, args: tuple, kwargs: dict, limit: float, reuse: bool = False
    ) -> CallResult:
        """Run ``<topic>.<name>(*args, **kwargs)``; raises StudentProblem as the sandbox does.

        Every call runs, ``reuse`` or not: a notebook's function may change between cells.
        """
        exercise = f"{topic}.{name}"
        function = self.find(topic, name)
        args = protocol.decode(protocol.encode(tuple(args)), functions=FUNCTIONS)
        kwargs = protocol.decode(protocol.encode(dict(kwargs)), functions=FUNCTIONS)
        before = copy.deepcopy((args, kwargs))
        output = io.StringIO()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                    with _time_limit(limit):
                        value = function(*args, **kwargs)
        except _CallTimeout:
            message = f"{name}() did not finish within {limit:g} s"
            raise StudentTimeout(exercise, message, "", self._shown(output)) from None
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raise self._problem(exercise, exc, self._shown(output)) from None
        finally:
            if output.getvalue():  # the student sees what their code printed
                sys.stdout.write(self._shown(output))
        try:
            value = protocol.decode(protocol.encode(value))
        except protocol.ProtocolError as exc:
            message = f"{exercise}() returned something the grader cannot read: {exc}"
            raise StudentError(exercise, message) from None
        return CallResult(
            value=value,
            mutated=protocol.changed_arguments(function, before, (args, kwargs)),
            warnings=[
                protocol.shorten(f"{w.category.__name__}: {w.message}", 300) for w in caught[:5]
            ],
            output=self._shown(output),
        )

    @staticmethod
    def _shown(output: io.StringIO) -> str:
        return protocol.shorten(output.getvalue(), OUTPUT_LIMIT)

    def _problem(self, exercise: str, exc: BaseException, output: str) -> Exception:
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if not f.filename.startswith((*self.grader_files, *LIBRARY_FOLDERS, "<frozen "))
        ]
        try:
            message = str(exc)
        except Exception:
            message = "(the exception's message could not be shown)"
        where = frames[-1].name if frames else None
        trace = "".join(traceback.format_list(frames))
        return student_problem(exercise, type(exc).__name__, message, where, trace, output)
