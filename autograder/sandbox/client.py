"""The grading process's side of the worker: start it, call student functions, restart it.

Student code runs only in the worker. A call that runs past its time limit, or that ends the
worker (``os._exit``, a signal, memory exhaustion, a closed pipe), kills the worker's whole
process group; the next call starts a fresh one, so the remaining tests still run and score.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..contract import EXERCISES, GIVEN, TOPICS
from ..outcomes import StudentCrash, StudentError, StudentProblem, StudentTimeout, student_problem
from . import isolation, protocol
from .channels import CallbackChannel, read_lines, read_to_end, send_with
from .course_functions import FUNCTIONS
from .protocol import CallResult, Frame
from .sources import SourceProblem, read_source

PACKAGE = "_bplab_worker"
WORKER_FILES = (
    "__init__.py",
    "worker.py",
    "guard.py",
    "landlock.py",
    "protocol.py",
    "reach.py",
    "requests.py",
    "trusted.py",
    "course_functions.py",
)
STARTUP_SECONDS = 30.0
EXERCISES_INIT = '"""Submitted course code, as graded."""\n'
# SYSTEMROOT: Python on Windows cannot start without it.
KEPT_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")


@dataclass
class Limits:
    """Resource limits of the worker process."""

    memory_bytes: int = 4 * 1024**3
    cpu_seconds: int = 600
    file_bytes: int = 64 * 1024**2


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


class Sandbox:
    """One worker process grading the topic files of ``submission`` (a folder of ``<topic>.py``).

    Parameters
    ----------
    submission : Path
        The folder holding the graded ``<topic>.py`` files.
    data : Path or None
        The course's data folder, copied to ``exercises/data`` for the worker.
    unreadable : sequence of Path
        Folders the worker must never read (solutions, tests, the grader itself).
    isolation : str
        ``"auto"`` (every layer this machine offers) or ``"strict"`` (refuse to start unless
        the worker is separated by uid, or by namespaces and Landlock).
    reference : dict or None
        Trusted functions by ``"topic.name"``, run in this process, for calls made with
        ``trusted=True`` (see ``trusted.py``); None where no reference is at hand.
    """

    def __init__(
        self,
        submission: Path,
        data: Path | None,
        unreadable: list[Path],
        limits: Limits | None = None,
        isolation: str = "auto",
        reference: dict[str, Callable] | None = None,
    ) -> None:
        self.submission = Path(submission)
        self.data = data
        self.unreadable = [str(Path(p).resolve()) for p in unreadable] + [
            str(Path(__file__).resolve().parents[1])
        ]
        self.limits = limits or Limits()
        self.mode = isolation
        self._lifecycle = threading.RLock()  # launch, stop and close, from any thread
        self.closed = False
        self.reference = reference
        self._trusted: socket.socket | None = None
        self.available = isolation_for(isolation)
        self.layers: list[str] = []
        self.process: subprocess.Popen | None = None
        self._ready = False
        self.root: Path | None = None
        self._slot: isolation.UidSlot | None = None
        self._control: socket.socket | None = None
        self._lifeline: int | None = None
        self.broken_topics: dict[str, StudentProblem] = {}
        self.imported: set[str] = set()
        self._replies: dict[bytes, dict] = {}  # the replies of calls made with reuse=True
        self.sources: dict[str, bytes] = {}
        self.problems: dict[str, str | None] = {}
        linked = self.submission.is_symlink()  # the files below are opened without following links
        for topic in TOPICS:
            try:
                if linked:
                    raise SourceProblem(f"{topic}.py lies in a folder that is a symlink")
                self.sources[topic] = read_source(self.submission / f"{topic}.py")
                self.problems[topic] = None
            except SourceProblem as exc:
                self.problems[topic] = str(exc)

    # --- lifecycle --------------------------------------------------------------------------
    def _prepare(self, gid: int | None) -> Path:
        """The worker's folder: root-owned and read-only to it, but for ``work/``."""
        root = Path(tempfile.mkdtemp(prefix="bplab-worker-")).resolve()
        package = root / PACKAGE
        package.mkdir()
        here = Path(__file__).parent
        for name in WORKER_FILES:
            shutil.copyfile(here / name, package / name)
        exercises = root / "exercises"
        exercises.mkdir()
        (exercises / "__init__.py").write_text(EXERCISES_INIT, encoding="utf-8")
        for topic, data in self.sources.items():
            (exercises / f"{topic}.py").write_bytes(data)
        if self.data is not None and self.data.is_dir():
            shutil.copytree(self.data, exercises / "data")
        (root / "work").mkdir()
        if gid is not None:  # readable by the worker's group only; work/ its own
            for folder, _, files in os.walk(root):
                os.chown(folder, 0, gid)
                os.chmod(folder, 0o750)
                for name in files:
                    os.chown(os.path.join(folder, name), 0, gid)
                    os.chmod(os.path.join(folder, name), 0o640)
            os.chown(root / "work", gid, gid)
            os.chmod(root / "work", 0o700)
        return root

    def launch(self) -> None:
        """Start a fresh worker without waiting for it (it imports numpy meanwhile)."""
        with self._lifecycle:
            if self.closed:
                raise WorkerFailure("the grade is over: no worker may start")
            self._launch()

    def close(self) -> None:
        """Stop the worker for good, also from another thread: none starts after this."""
        with self._lifecycle:
            self.closed = True
            self.stop()

    def _launch(self) -> None:
        self.stop()
        available = self.available
        if available.uid:
            self._slot = isolation.UidSlot()
        uid = self._slot.uid if self._slot else None
        self.root = self._prepare(uid)
        config = {
            "root": str(self.root),
            "work": str(self.root / "work"),
            "uid": uid,
            "gid": uid,
            "unreadable": self.unreadable,
            "landlock": bool(available.landlock_abi),
            "namespaces": "net, ipc, pid, mount" if available.namespaces else "",
            "limits": vars(self.limits),
            "control_fd": None,
            "lifeline_fd": None,
        }
        keep: tuple[int, ...] = ()
        children: list[socket.socket] = []
        if available.fd_passing:
            self._control, child = socket.socketpair()
            lifeline_read, self._lifeline = os.pipe()
            config["control_fd"], config["lifeline_fd"] = child.fileno(), lifeline_read
            keep, children = (child.fileno(), lifeline_read), [child]
            if self.trusted_calls:
                self._trusted, server = socket.socketpair()
                config["trusted_fd"] = server.fileno()
                config["contract"] = {t: [*EXERCISES[t], *GIVEN.get(t, ())] for t in TOPICS}
                keep, children = (*keep, server.fileno()), [child, server]
        boot = (
            f"import sys; sys.path.insert(0, {str(self.root)!r}); "
            f"from {PACKAGE}.worker import main; main({json.dumps(config)!r})"
        )
        pipes = subprocess.DEVNULL if available.fd_passing else subprocess.PIPE
        try:
            self.process = subprocess.Popen(
                [*available.namespaces, sys.executable, "-I", "-c", boot],
                stdin=pipes,
                stdout=pipes,
                stderr=subprocess.DEVNULL,
                cwd=self.root / "work",
                env=worker_env(str(self.root / "work")),
                start_new_session=True,
                pass_fds=keep,
            )
        finally:
            for each in children:
                each.close()
            if keep:
                os.close(lifeline_read)
        self.imported = set()
        self._lines: queue.Queue | None = None
        self._ready = False

    def _await_ready(self) -> None:
        try:
            hello = self._exchange_raw({"op": "hello"}, STARTUP_SECONDS)
        except (TimeoutError, StudentProblem, protocol.ProtocolError):
            hello = None
        if not hello or not hello.get("ok"):
            self.stop()
            raise WorkerFailure("the grading worker did not start")
        self.layers = [str(x) for x in hello.get("layers", [])]
        if self.mode == "strict" and not _strict_enough(self.layers):
            self.stop()
            raise WorkerFailure(
                f"--isolation strict: the worker started with only {', '.join(self.layers)}"
            )
        self._ready = True

    def start(self) -> None:
        """Start a fresh worker and wait until it is ready."""
        self.launch()
        self._await_ready()

    def stop(self) -> None:
        """Kill the worker's whole process group and remove its folder."""
        with self._lifecycle:
            if self.process is not None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError, AttributeError):
                    self.process.kill()
                self.process.wait()
                for stream in (self.process.stdin, self.process.stdout):
                    if stream is not None:
                        stream.close()
                self.process = None
            for channel in (self._control, self._trusted):
                if channel is not None:
                    channel.close()
            self._control = self._trusted = None
            if self._lifeline is not None:
                os.close(self._lifeline)
                self._lifeline = None
            if self.root is not None:
                shutil.rmtree(self.root, ignore_errors=True)
                self.root = None
            if self._slot is not None:
                self._slot.release()
                self._slot = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- transport --------------------------------------------------------------------------
    @property
    def trusted_calls(self) -> bool:
        """Whether calls can be made with trusted versions of the other contract functions."""
        return self.reference is not None and self.available.fd_passing and hasattr(os, "fork")

    def _exchange_raw(self, request: dict, timeout: float, trusted: bool = False) -> dict:
        """Send one request and return its one reply.

        Raises TimeoutError past ``timeout``, EOFError when the worker ended, and
        :class:`UnaskedReply` for a reply that does not belong to the request.
        """
        assert self.process is not None
        request = {**request, "id": secrets.token_hex(16)}
        payload = protocol.dumps(request)
        if trusted:
            data = self._over_callbacks(payload, timeout)
        elif self._control is not None:
            data = self._over_pipe(payload, timeout)
        else:
            data = self._over_stdio(payload, timeout)
        if not data:
            raise EOFError
        if data.count(b"\n") != 1 or not data.endswith(b"\n"):
            raise UnaskedReply("a second reply")
        reply = protocol.loads(data[:-1])
        if reply.get("id") != request["id"]:
            raise UnaskedReply("a reply to another request")
        return reply

    def _over_callbacks(self, payload: bytes, timeout: float) -> bytes:
        """A trusted call: answer the child's calls of reference functions until it replies."""
        assert self._trusted is not None
        read_end, write_end = os.pipe()
        mine, theirs = socket.socketpair()
        channel = CallbackChannel(mine, timeout, self._answer)
        try:
            try:
                sent = send_with(self._trusted, payload, [write_end, theirs.fileno()], timeout)
            finally:
                os.close(write_end)
                theirs.close()
            return self._serve_callbacks(read_end, channel) if sent else b""
        finally:
            os.close(read_end)
            mine.close()

    def _serve_callbacks(self, read_end: int, channel: CallbackChannel) -> bytes:
        reply: list[bytes] = []
        with selectors.DefaultSelector() as selector:
            selector.register(read_end, selectors.EVENT_READ)
            selector.register(channel.sock, selectors.EVENT_READ)
            while True:
                remaining = channel.deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                for key, _ in selector.select(remaining):
                    if key.fileobj == read_end:
                        chunk = os.read(read_end, 1 << 20)
                        if not chunk:
                            return b"".join(reply)
                        reply.append(chunk)
                    elif not channel.fill():
                        selector.unregister(channel.sock)
                    else:
                        while (frame := channel.pop()) is not None:
                            channel.reply(frame)

    def _answer(self, frame: Frame, channel: CallbackChannel) -> bytes:
        """Run the reference function a trusted call asked for, here, on plain data."""
        assert self.reference is not None
        message, buffers = frame
        try:
            function = self.reference[str(message.get("function"))]
            args, kwargs = protocol.decode_call(
                message, functions=FUNCTIONS, callbacks=channel.remote, buffers=buffers
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = function(*args, **kwargs)
            states = [protocol.generator_state(g) for g in protocol.generators_in([args, kwargs])]
            out: list[bytes] = []
            reply = {"ok": True, "value": protocol.encode(value, buffers=out), "rngs": states}
            return protocol.dump_frame(reply, out)
        except Exception as exc:  # the reference refused these arguments, as it may
            failure = {"ok": False, "type": type(exc).__name__, "message": str(exc)[:500]}
            return protocol.dump_frame(failure, [])

    def _over_pipe(self, payload: bytes, timeout: float) -> bytes:
        """Send ``payload`` with a fresh pipe and read the pipe until every copy is closed."""
        assert self._control is not None
        read_end, write_end = os.pipe()
        try:
            try:
                sent = send_with(self._control, payload, [write_end], timeout)
            finally:
                os.close(write_end)
            return read_to_end(read_end, timeout) if sent else b""
        finally:
            os.close(read_end)

    def _over_stdio(self, payload: bytes, timeout: float) -> bytes:
        """The fallback without descriptor passing (Windows): one line out, one line back.

        A thread reads the worker's stdout into a queue, since Windows cannot wait on a pipe
        with ``select``.
        """
        assert self.process is not None and self.process.stdin is not None
        if self._lines is None:
            self._lines = queue.Queue()
            threading.Thread(
                target=read_lines, args=(self.process.stdout, self._lines), daemon=True
            ).start()
        if not self._lines.empty():
            raise UnaskedReply("a reply nobody asked for")
        try:
            self.process.stdin.write(payload)
            self.process.stdin.flush()
        except OSError:
            return b""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None
        return b"" if line is None else line

    def _exchange(
        self, request: dict, function: str, timeout: float, trusted: bool = False
    ) -> dict:
        if self.process is None:
            self.start()
        elif not self._ready:
            self._await_ready()
        try:
            return self._exchange_raw(request, timeout, trusted)
        except TimeoutError:
            self.stop()
            raise StudentTimeout(
                function,
                f"{function}() did not finish within its time limit of {timeout:g} s "
                "(an endless loop, or far too much work?)",
            ) from None
        except EOFError:
            code = self.process.poll() if self.process else None
            self.stop()
            raise StudentCrash(
                function,
                f"{function}() ended the worker process that runs your code ({_describe_exit(code)})",
            ) from None
        except (UnaskedReply, protocol.ProtocolError) as exc:
            self.stop()
            raise StudentCrash(
                function, f"{function}() garbled the grader's messages: {exc}"
            ) from None

    # --- calls ------------------------------------------------------------------------------
    def call(
        self,
        topic: str,
        name: str,
        args: tuple,
        kwargs: dict,
        timeout: float,
        trusted: bool = False,
        reuse: bool = False,
    ) -> CallResult:
        """Call ``exercises.<topic>.<name>(*args, **kwargs)`` in the worker.

        With ``trusted``, every other contract function it reaches is the reference one, run in
        this process (see ``trusted.py``); the topic is imported afresh for the call.
        With ``reuse``, a call already made with ``reuse`` by this sandbox with the same
        arguments, time limit and ``trusted`` is not made again: its reply, decoded afresh, is
        the result (the same value, output, warnings and arguments changed, or the same error).

        Raises
        ------
        StudentProblem
            NotAttempted, StudentError, StudentTimeout or StudentCrash.
        NoTrustedCall
            When a trusted call cannot be made (no reference, or the function hands a function
            of its own to another one).
        """
        function = f"{topic}.{name}"
        if trusted and not self.trusted_calls:
            raise NoTrustedCall(f"{function}: no reference functions to trust here")
        if trusted and self.problems.get(topic) is not None:
            raise ImportFailure(function, f"exercises/{self.problems[topic]}", topic=topic)
        if not trusted:
            self._ensure_imported(topic, function, timeout)
        request = {
            "op": "call",
            "topic": topic,
            "function": name,
            **protocol.encode_call(args, kwargs),
        }
        reply = self._reply(request, function, timeout, trusted, reuse)
        if reply.get("stage") == "untrustable":
            raise NoTrustedCall(f"{function}: {reply.get('error', {}).get('message', '')}")
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

    def _reply(
        self, request: dict, function: str, timeout: float, trusted: bool, reuse: bool
    ) -> dict:
        """The worker's reply to ``request``; with ``reuse``, the one it gave before if any."""
        if not reuse:
            return self._exchange(request, function, timeout, trusted)
        key = protocol.dumps({"request": request, "timeout": timeout, "trusted": trusted})
        if key not in self._replies:
            reply = self._exchange(request, function, timeout, trusted)
            if reply.get("stage") == "untrustable":
                return reply
            self._replies[key] = reply
        return self._replies[key]

    def uses(self, topic: str, names: Sequence[str], timeout: float) -> dict[str, set[str]]:
        """For each of ``names``, functions of ``topic``, the functions of the submission its
        code reaches, as ``"topic.name"`` (see ``reach.py``); one request for them all.

        A name the worker's reply leaves out, or answers with anything but a list, reaches
        nothing. Raises StudentProblem, naming the first of ``names``, when the topic cannot
        be imported.
        """
        function = f"{topic}.{names[0]}"
        self._ensure_imported(topic, function, timeout)
        request = {"op": "uses", "topic": topic, "functions": list(names)}
        reply = self._exchange(request, function, timeout)
        if not reply.get("ok"):
            raise _problem(function, reply)
        found = reply.get("uses")
        found = found if isinstance(found, dict) else {}
        reaches = {}
        for name in names:
            listed = found.get(name)
            listed = listed if isinstance(listed, list) else []
            reaches[name] = {str(x) for x in listed if isinstance(x, str)}
        return reaches

    def _ensure_imported(self, topic: str, function: str, timeout: float) -> None:
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}; the course has {', '.join(TOPICS)}")
        if self.problems[topic] is not None:
            raise ImportFailure(function, f"exercises/{self.problems[topic]}", topic=topic)
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
    if importing or reply.get("stage") == "import":
        topic = function.split(".")[0]
        where = importing or f"exercises/{topic}.py"
        return ImportFailure(
            function, f"{where} could not be imported: {kind}: {message}", trace, output, topic
        )
    return student_problem(function, kind, message, error.get("function"), trace, output)


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


class ImportFailure(StudentError):
    """A topic file that could not be imported, or was refused: each of its functions fails."""

    def __init__(
        self, function: str, message: str, traceback: str = "", output: str = "", topic: str = ""
    ) -> None:
        super().__init__(function, message, traceback, output)
        self.topic = topic

    def again(self, function: str) -> StudentError:
        """The line that a later failure of the same topic shows: the error itself is said once."""
        return StudentError(
            function,
            f"exercises/{self.topic}.py could not be imported (its error is shown once, with the "
            f"first failing test of {self.topic})",
        )


class WorkerFailure(RuntimeError):
    """The worker could not be started as asked: the grader's fault, never the student's."""


class NoTrustedCall(RuntimeError):
    """A call cannot be made with trusted versions of the other contract functions."""


class UnaskedReply(ValueError):
    """The worker wrote something that is not the one reply to the request just sent."""


def isolation_for(mode: str) -> isolation.Available:
    """The layers a worker gets in ``mode``; raises IsolationError where strict cannot be had."""
    if mode not in isolation.MODES:
        raise isolation.IsolationError(
            f"--isolation: expected one of {', '.join(isolation.MODES)}, got {mode!r}"
        )
    available = isolation.available()
    if mode == "strict" and available.strict_problem():
        raise isolation.IsolationError(available.strict_problem())
    return available


def _strict_enough(layers: list[str]) -> bool:
    has = {layer.split(" ")[0] for layer in layers}
    return "uid" in has or {"namespaces", "landlock"} <= has
