"""The grading process's side of the worker: start it, call student functions, restart it.

Student code runs only in the worker. A call that runs past its time limit, or that ends the
worker (``os._exit``, a signal, memory exhaustion, a closed pipe), kills the worker's whole
process group; the next call starts a fresh one, so the remaining tests still run and score.
"""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..contract import TOPICS
from ..outcomes import NotAttempted, StudentCrash, StudentError, StudentProblem, StudentTimeout
from . import protocol

PACKAGE = "_bplab_worker"
WORKER_FILES = ("__init__.py", "worker.py", "guard.py", "protocol.py", "course_functions.py")
MAX_SOURCE_BYTES = 1_000_000
STARTUP_SECONDS = 30.0
EXERCISES_INIT = '"""Submitted course code, as graded."""\n'
KEPT_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL", "TZ")


@dataclass
class Limits:
    """Resource limits of the worker process."""

    memory_bytes: int = 4 * 1024**3
    cpu_seconds: int = 600
    file_bytes: int = 64 * 1024**2


@dataclass
class CallResult:
    """What a successful call returned, as plain data, and what it did on the side."""

    value: object
    mutated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    output: str = ""


def worker_env(home: str) -> dict[str, str]:
    """The worker's whole environment: nothing of the grader's but harmless locale and BLAS settings."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
    }
    env.update({k: os.environ[k] for k in KEPT_ENV if k in os.environ})
    return env


def source_problem(path: Path) -> str | None:
    """Why a submitted topic file cannot be graded (missing, huge, not UTF-8), or None."""
    if not path.is_file():
        return f"{path.name} is missing from the submission"
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        return f"{path.name} is {size} bytes; at most {MAX_SOURCE_BYTES} are graded"
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"{path.name} is not UTF-8 text (byte {exc.start} is {path.read_bytes()[exc.start]:#04x})"
    return None


class Sandbox:
    """One worker process grading the topic files of ``source`` (a folder of ``<topic>.py``).

    Parameters
    ----------
    source : Path
        The folder holding the graded ``<topic>.py`` files.
    data : Path or None
        The course's data folder, copied to ``exercises/data`` for the worker.
    hidden : sequence of Path
        Folders the worker must never read (solutions, tests, the grader itself).
    """

    def __init__(
        self, source: Path, data: Path | None, hidden: list[Path], limits: Limits | None = None
    ) -> None:
        self.source = Path(source)
        self.data = data
        self.hidden = [str(Path(p).resolve()) for p in hidden] + [
            str(Path(__file__).resolve().parents[1])
        ]
        self.limits = limits or Limits()
        self.process: subprocess.Popen | None = None
        self._ready = False
        self.root: Path | None = None
        self.broken_topics: dict[str, StudentProblem] = {}
        self.imported: set[str] = set()
        self.problems = {topic: source_problem(self.source / f"{topic}.py") for topic in TOPICS}

    # --- lifecycle --------------------------------------------------------------------------
    def _prepare(self) -> Path:
        root = Path(tempfile.mkdtemp(prefix="bplab-worker-")).resolve()
        package = root / PACKAGE
        package.mkdir()
        here = Path(__file__).parent
        for name in WORKER_FILES:
            shutil.copyfile(here / name, package / name)
        exercises = root / "exercises"
        exercises.mkdir()
        (exercises / "__init__.py").write_text(EXERCISES_INIT, encoding="utf-8")
        for topic in TOPICS:
            if self.problems[topic] is None:
                shutil.copyfile(self.source / f"{topic}.py", exercises / f"{topic}.py")
        if self.data is not None and self.data.is_dir():
            shutil.copytree(self.data, exercises / "data")
        (root / "work").mkdir()
        return root

    def launch(self) -> None:
        """Start a fresh worker without waiting for it (it imports numpy meanwhile)."""
        self.stop()
        self.root = self._prepare()
        boot = (
            f"import sys; sys.path.insert(0, {str(self.root)!r}); "
            f"from {PACKAGE}.worker import main; "
            f"main({str(self.root)!r}, {self.hidden!r}, {self.limits.memory_bytes}, "
            f"{self.limits.cpu_seconds}, {self.limits.file_bytes})"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", boot],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=self.root / "work",
            env=worker_env(str(self.root / "work")),
            start_new_session=True,
        )
        self.imported = set()
        self._buffer = b""
        self._ready = False

    def _await_ready(self) -> None:
        try:
            ready = self._read_line(STARTUP_SECONDS)
        except TimeoutError:
            ready = None
        if ready is None or protocol.loads(ready).get("ready") is not True:
            self.stop()
            raise RuntimeError("the grading worker did not start")
        self._ready = True

    def start(self) -> None:
        """Start a fresh worker and wait until it is ready."""
        self.launch()
        self._await_ready()

    def stop(self) -> None:
        """Kill the worker's whole process group and remove its directory."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
            self.process = None
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- transport --------------------------------------------------------------------------
    def _read_line(self, timeout: float) -> bytes | None:
        """One line from the worker, or None at end of file; raises TimeoutError past ``timeout``."""
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if not selector.select(remaining):
                    continue
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None
                self._buffer += chunk
                if len(self._buffer) > protocol.MAX_MESSAGE_BYTES:
                    return None
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _exchange(self, request: dict, function: str, timeout: float) -> dict:
        if self.process is None:
            self.start()
        elif not self._ready:
            self._await_ready()
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(protocol.dumps(request))
            self.process.stdin.flush()
            line = self._read_line(timeout)
        except TimeoutError:
            self.stop()
            raise StudentTimeout(
                function,
                f"{function}() did not finish within its time limit of {timeout:g} s "
                "(an endless loop, or far too much work?)",
            ) from None
        except (BrokenPipeError, OSError):
            line = None
        if line is None:
            code = self.process.poll() if self.process else None
            self.stop()
            raise StudentCrash(
                function,
                f"{function}() ended the worker process that runs your code ({_describe_exit(code)})",
            )
        try:
            return protocol.loads(line)
        except protocol.ProtocolError as exc:
            self.stop()
            raise StudentCrash(
                function, f"{function}() garbled the grader's messages: {exc}"
            ) from None

    # --- calls ------------------------------------------------------------------------------
    def call(self, topic: str, name: str, args: tuple, kwargs: dict, timeout: float) -> CallResult:
        """Call ``exercises.<topic>.<name>(*args, **kwargs)`` in the worker.

        Raises
        ------
        StudentProblem
            NotAttempted, StudentError, StudentTimeout or StudentCrash.
        """
        function = f"{topic}.{name}"
        self._ensure_imported(topic, function, timeout)
        reply = self._exchange(
            {
                "op": "call",
                "topic": topic,
                "function": name,
                "args": protocol.encode(tuple(args))["items"],
                "kwargs": protocol.encode(dict(kwargs)),
            },
            function,
            timeout,
        )
        if not reply.get("ok"):
            raise _problem(function, reply)
        try:
            value = protocol.decode(reply.get("value"))
        except protocol.ProtocolError as exc:
            raise StudentError(
                function, f"{function}() returned something the grader cannot read: {exc}"
            ) from None
        return CallResult(
            value=value,
            mutated=[str(x) for x in reply.get("mutated", []) if isinstance(x, str)][:10],
            warnings=[str(x) for x in reply.get("warnings", []) if isinstance(x, str)][:5],
            output=str(reply.get("output", ""))[:4000],
        )

    def _ensure_imported(self, topic: str, function: str, timeout: float) -> None:
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}; the course has {', '.join(TOPICS)}")
        if self.problems[topic] is not None:
            raise StudentError(function, f"exercises/{self.problems[topic]}")
        if topic in self.broken_topics:
            raise self.broken_topics[topic]
        if self.process is not None and topic in self.imported:
            return
        try:
            reply = self._exchange({"op": "import", "topic": topic}, function, max(timeout, 10.0))
        except StudentProblem as exc:
            problem = type(exc)(function, f"importing exercises/{topic}.py: {exc.message}")
            self.broken_topics[topic] = problem
            raise problem from None
        if not reply.get("ok"):
            problem = _problem(function, reply, importing=f"exercises/{topic}.py")
            self.broken_topics[topic] = problem
            raise problem
        self.imported.add(topic)


def _problem(function: str, reply: dict, importing: str | None = None) -> StudentProblem:
    error = reply.get("error") if isinstance(reply.get("error"), dict) else {}
    kind = str(error.get("type", "Error"))[:80]
    message = str(error.get("message", ""))[:2000]
    trace = str(error.get("traceback", ""))[:2000]
    output = str(reply.get("output", ""))[:4000]
    short = function.split(".")[-1]
    if importing or reply.get("stage") == "import":
        where = importing or f"exercises/{function.split('.')[0]}.py"
        return StudentError(
            function, f"{where} could not be imported: {kind}: {message}", trace, output
        )
    if kind == "NotImplementedError" and error.get("function") in (short, None):
        return NotAttempted(
            function,
            f"{short}() is not attempted yet (it still raises NotImplementedError)",
            "",
            output,
        )
    if kind == "NotImplementedError":
        return StudentError(
            function,
            f"{short}() calls {error.get('function')}(), which is not implemented yet",
            trace,
            output,
        )
    if kind == "SystemExit":
        return StudentError(function, f"{short}() called sys.exit({message})", trace, output)
    return StudentError(function, f"{short}() raised {kind}: {message}", trace, output, kind)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "it closed its pipes"
    if code < 0:
        name = (
            signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        )
        hint = " - out of memory or CPU time?" if name in ("SIGKILL", "SIGXCPU", "SIGSEGV") else ""
        return f"killed by {name}{hint}"
    return f"exit code {code}"
