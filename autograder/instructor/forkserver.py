"""Run ``autograder grade`` many times from one preloaded process, each run in a fresh fork.

``grade-class`` grades each submission with the command ``python -m autograder grade ...``.
Started anew for every student, that command spends a good part of its time before the first
test runs: Python starts, imports pytest, numpy and the grader, and pytest imports the course's
test modules. A :class:`ForkServer` pays that once per job: its server process imports the grader
and the course's test modules (a ``--collect-only`` pass of pytest over the course, which runs no
test and no student code), then waits for requests. For each request it forks a child, and the
child runs the command as ``python`` would (``-m MODULE`` or a script path, with its arguments),
with its stdout sent to ``/dev/null`` and its stderr to a file, and exits with the command's exit
code, which the server reports back.

Nothing of one grade reaches another: the server itself never grades, so every child starts from
the same copy of it and ends with its grade; the grade's sandboxed worker is started by the child
as it would be by the command (its own uid, namespaces, Landlock, limits and audit hook). A child
that crashes, is killed or hangs ends alone; past its time the whole server is killed (the
workers end with it, as their grading process is gone) and the next request starts a new one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import select
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

SERVE = "from autograder.instructor.forkserver import serve; serve()"
READY = b"ready"
STARTUP_SECONDS = 120.0


class ServerGone(RuntimeError):
    """The server process ended or garbled its reply; the message says how."""


def runs_here(command: Sequence[str]) -> bool:
    """Whether ``command`` can run in a fork of this interpreter: ``python -m M ...`` or
    ``python SCRIPT ...`` with this very ``python``."""
    return (
        hasattr(os, "fork")
        and len(command) >= 2
        and command[0] == sys.executable
        and (command[1] == "-m" and len(command) >= 3 or not command[1].startswith("-"))
    )


class ForkServer:
    """One server process, started on first use and again after it ended or was killed.

    Parameters
    ----------
    course : Path
        The course whose test modules the server imports; the server runs in this folder.
    env : dict
        The environment of the server, and so of every command it runs.
    """

    def __init__(self, course: Path, env: dict[str, str]) -> None:
        self.course, self.env = course, env
        self.process: subprocess.Popen | None = None

    def run(self, command: Sequence[str], stderr: Path, timeout: float) -> int:
        """Run ``command`` (see :func:`runs_here`) in a fork of the server; its exit code.

        The exit code is negative for a child killed by a signal, as with :mod:`subprocess`.
        The child's stderr goes to ``stderr``.

        Raises
        ------
        TimeoutError
            When the command did not end within ``timeout`` seconds (the server is killed).
        ServerGone
            When the server process ended or sent something that is not a reply.
        """
        if self.process is None or self.process.poll() is not None:
            self._start()
        assert self.process is not None and self.process.stdin is not None
        request = {"argv": [str(a) for a in command[1:]], "stderr": str(stderr)}
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
            reply = self._read_line(time.monotonic() + timeout)
        except TimeoutError:
            self.stop()
            raise
        except OSError as exc:
            self.stop()
            raise ServerGone(f"the grading server ended ({exc.strerror or exc})") from None
        try:
            return int(json.loads(reply)["code"])
        except (ValueError, KeyError, TypeError):
            self.stop()
            raise ServerGone("the grading server ended without a reply") from None

    def _start(self) -> None:
        """Start the server and wait until it has loaded what it preloads."""
        self.stop()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(self.course)],
            cwd=self.course,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its process group: the server and its child
        )
        try:
            ready = self._read_line(time.monotonic() + STARTUP_SECONDS)
        except (TimeoutError, OSError):
            ready = b""
        if ready.strip() != READY:
            self.stop()
            raise ServerGone("the grading server did not start")

    def _read_line(self, deadline: float) -> bytes:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        while not select.select([stream], [], [], max(0.0, deadline - time.monotonic()))[0]:
            if time.monotonic() >= deadline:
                raise TimeoutError
        return stream.readline()

    def stop(self) -> None:
        """Kill the server and the command it runs, if any."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.process = None


# --- the server process ------------------------------------------------------------------------
def preload(course: Path) -> None:
    """Import the grader, the reference (where the course has it: each grade judges a function
    with the reference's others) and, through a ``--collect-only`` pass of pytest, the course's
    tests.

    A course whose tests do not collect is not an error here: each grade then reports it.
    """
    import pytest

    from .. import cli  # noqa: F401 - imported for the children's sake
    from ..reference import load_reference

    if (course / "solutions" / "__init__.py").is_file():
        with contextlib.suppress(Exception):  # each grade then loads, and reports, it itself
            load_reference(course / "solutions")

    tests = [course / "tests" / name for name in ("public", "hidden")]
    args = [str(t) for t in tests if t.is_dir()]
    args += ["--rootdir", str(course), "-p", "no:cacheprovider", "--import-mode=importlib"]
    args += ["--collect-only", "-q", "-p", "autograder.plugin"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with contextlib.suppress(Exception):
            pytest.main(args)


def serve() -> None:
    """The server: preload, then fork one child per request line on stdin until it closes."""
    preload(Path(sys.argv[1]))
    replies = sys.stdout.buffer
    replies.write(READY + b"\n")
    replies.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request["argv"], request["stderr"])
        _, status = os.waitpid(pid, 0)
        replies.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
        replies.flush()


def _child(argv: list[str], stderr: str) -> None:
    """Run ``python *argv`` as ``python`` would, then exit with its code (never returns)."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDWR)
        log = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(log, 2)
        os.close(null)
        os.close(log)
        code = _run_as_main(argv)
    except BaseException:  # noqa: BLE001 - the exit code says it; the grader is not at fault
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _run_as_main(argv: list[str]) -> int:
    """``python -m MODULE ARGS`` or ``python SCRIPT ARGS`` in this process; the exit code."""
    try:
        if argv[0] == "-m":
            sys.argv = [argv[1], *argv[2:]]
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(argv)
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    return 0
