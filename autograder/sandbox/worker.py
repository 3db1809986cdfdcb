"""The worker process: imports the graded topic modules and answers calls.

Started by :mod:`client` as ``python -I -c ...`` (inside ``unshare`` where namespaces can be
made) in a private folder that holds only this package and ``exercises/`` (copies of the graded
files). It applies its isolation layers (:func:`_isolate`, see :mod:`guard`) before it imports
any student code. Requests come on a control socket, each with a fresh pipe for its one reply
(on Windows, one line each on stdin and stdout). The real descriptors 0, 1 and 2 read from
/dev/null and write to a capture file, so whatever the student prints (from Python or C) is
collected per call and never mixes with the protocol.
"""

from __future__ import annotations

import builtins
import copy
import importlib
import io
import json
import os
import socket
import sys
import threading
import traceback
import warnings

from . import guard, landlock, trusted
from .course_functions import FUNCTIONS
from .protocol import changed_arguments, decode_call, encode, shorten
from .reach import reached
from .requests import requests_from, write_reply

OUTPUT_LIMIT = 4000
TEXT_LIMIT = 2000


class Worker:
    """Answers ``import`` and ``call`` requests for the package ``exercises``."""

    def __init__(self, workdir: str) -> None:
        self.package_dir = os.path.join(workdir, "exercises")
        self.capture = open(os.path.join(workdir, "output"), "w+b")  # noqa: SIM115

    # --- output capture -------------------------------------------------------------------
    def start_capture(self) -> None:
        self.capture.seek(0)
        self.capture.truncate()

    def captured(self) -> str:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        self.capture.seek(0)
        data = self.capture.read(OUTPUT_LIMIT + 1)
        text = data.decode("utf-8", errors="replace")
        return shorten(text, OUTPUT_LIMIT)

    # --- errors ---------------------------------------------------------------------------
    def describe(self, exc: BaseException) -> dict:
        frames = [
            frame
            for frame in traceback.extract_tb(exc.__traceback__)
            if frame.filename.startswith(self.package_dir + os.sep)
        ]
        for frame in frames:
            frame.filename = "exercises/" + os.path.relpath(frame.filename, self.package_dir)
        try:
            message = str(exc)
        except Exception:
            message = "(the exception's message could not be shown)"
        if isinstance(exc, SyntaxError) and exc.filename:
            frames = []
            where = os.path.relpath(exc.filename, self.package_dir)
            message = f"{exc.msg} (exercises/{where}, line {exc.lineno})"
        text = "".join(traceback.format_list(frames)) if frames else ""
        function = frames[-1].name if frames else None
        return {
            "type": type(exc).__name__,
            "message": shorten(message, TEXT_LIMIT),
            "traceback": shorten(text, TEXT_LIMIT),
            "function": function,
            "line": frames[-1].lineno if frames else getattr(exc, "lineno", None),
        }

    # --- requests ---------------------------------------------------------------------------
    def handle(self, request: dict) -> dict:
        op = request.get("op")
        if op == "import":
            return self.import_topic(request["topic"])
        if op == "call":
            return self.call(request)
        if op == "uses":
            return self.uses(request["topic"], request["functions"])
        return {"ok": False, "error": {"type": "ProtocolError", "message": f"unknown op {op!r}"}}

    def import_topic(self, topic: str) -> dict:
        self.start_capture()
        try:
            importlib.import_module(f"exercises.{topic}")
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything
            return {
                "ok": False,
                "stage": "import",
                "error": self.describe(exc),
                "output": self.captured(),
            }
        return {"ok": True, "output": self.captured()}

    def uses(self, topic: str, names: list[str]) -> dict:
        """The contract functions each of ``names`` (functions of ``topic``) reaches."""
        imported = self.import_topic(topic)
        if not imported["ok"]:
            return imported
        module, found = sys.modules[f"exercises.{topic}"], {}
        for name in names:
            try:
                function = getattr(module, name, None)
            except Exception:  # noqa: BLE001 - a module __getattr__ of the student's may raise
                function = None
            found[name] = sorted(reached(function, "exercises"))
        return {"ok": True, "uses": found}

    def call(self, request: dict) -> dict:
        topic, name = request["topic"], request["function"]
        module = sys.modules.get(f"exercises.{topic}")
        if module is None:  # an imported module is not imported again (nor its output captured)
            imported = self.import_topic(topic)
            if not imported["ok"]:
                return imported
            module = sys.modules[f"exercises.{topic}"]
        function = getattr(module, name, None)
        if not callable(function):
            return {
                "ok": False,
                "stage": "lookup",
                "error": {
                    "type": "AttributeError",
                    "message": f"exercises/{topic}.py defines no function {name}()",
                },
                "output": "",
            }
        args, kwargs = decode_call(request, functions=FUNCTIONS)
        before = copy.deepcopy((args, kwargs))
        self.start_capture()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = function(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - includes SystemExit and KeyboardInterrupt
                return {
                    "ok": False,
                    "stage": "call",
                    "error": self.describe(exc),
                    "output": self.captured(),
                }
        return {
            "ok": True,
            "value": encode(value),
            "mutated": changed_arguments(function, before, (args, kwargs)),
            "warnings": [shorten(f"{w.category.__name__}: {w.message}", 300) for w in caught[:5]],
            "output": self.captured(),
        }


def _watch_lifeline(fd: int) -> None:
    """End this worker when the grading process is gone: it holds the other end of ``fd``."""

    def watch() -> None:
        try:
            os.read(fd, 1)
        finally:
            os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _pipe_requests(stdin: io.BufferedReader, stdout_fd: int):
    """The fallback where descriptors cannot be passed (Windows): requests on stdin."""
    for line in stdin:
        yield line, [os.dup(stdout_fd)]


def serve(requests, worker: Worker, hello: dict) -> None:
    """Answer each request on its own reply descriptor, then close it."""
    pristine = dict(builtins.__dict__)
    for line, fds in requests:
        reply_fd = fds[0]
        try:
            request = json.loads(line)
            if request.get("op") == "hello":
                reply = {"ok": True, **hello}
            else:
                reply = worker.handle(request)
        except BaseException as exc:  # noqa: BLE001 - a reply must always go back
            request = {}
            reply = {"ok": False, "stage": "worker", "error": worker.describe(exc), "output": ""}
        # Student code may have patched builtins; the worker's own code must not inherit that.
        builtins.__dict__.clear()
        builtins.__dict__.update(pristine)
        reply["id"] = request.get("id") if isinstance(request, dict) else None
        try:
            write_reply(reply_fd, reply)
            os.close(reply_fd)
        except OSError:
            return  # student code closed or replaced the descriptor: nothing can be trusted


def _isolate(config: dict, worker: Worker) -> list[str]:
    """Apply the layers the grading process asked for, in order; return those in force.

    The server of trusted calls is forked once the operating system's layers are in place and
    before the process limits, which would forbid it: its children lower their own.
    """
    layers = list(config.get("namespaces") and [f"namespaces ({config['namespaces']})"] or [])
    guard.preload()
    if config.get("uid") is not None:
        guard.drop_privileges(config["uid"], config["gid"])
        layers.append(f"uid {config['uid']}")
    if config.get("landlock"):
        try:
            abi = landlock.restrict([*config["readable"], config["root"]], [config["work"]])
            layers.append(f"landlock (ABI {abi}{', signals scoped' if abi >= 6 else ''})")
        except (landlock.LandlockError, OSError):
            pass
    if config.get("trusted_fd") is not None:
        _fork_trusted_server(worker, config)
    if guard.set_limits(**config["limits"]):
        layers.append("rlimits")
    guard.remove_unaudited()
    return layers + ["audit hook"]


def _fork_trusted_server(worker: Worker, config: dict) -> None:
    """Start the server of trusted calls before any student code is imported (see ``trusted``)."""
    if os.fork() == 0:
        try:
            if config.get("control_fd") is not None:
                os.close(config["control_fd"])
            trusted.serve(socket.socket(fileno=config["trusted_fd"]), worker, config)
        finally:
            os._exit(0)
    os.close(config["trusted_fd"])


def main(config_json: str) -> None:
    """Serve requests until the grading process closes the control channel."""
    config = json.loads(config_json)
    sys.dont_write_bytecode = True  # python -I ignores PYTHONDONTWRITEBYTECODE
    root, work = config["root"], config["work"]
    stdin = os.fdopen(os.dup(0), "rb")
    stdout_fd = os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    worker = Worker(root)
    os.dup2(worker.capture.fileno(), 1)
    os.dup2(worker.capture.fileno(), 2)
    sys.stdin = io.TextIOWrapper(os.fdopen(0, "rb"))
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0), write_through=True)
    sys.stderr = sys.stdout
    os.chdir(work)
    if config.get("control_fd") is not None:
        requests = requests_from(socket.socket(fileno=config["control_fd"]))
    else:
        requests = _pipe_requests(stdin, stdout_fd)
    if config.get("lifeline_fd") is not None:
        _watch_lifeline(config["lifeline_fd"])
    # Before the uid drop, which may leave parts of the installation out of reach.
    config["readable"] = guard.python_dirs(tuple(config["unreadable"]))
    layers = _isolate(config, worker)
    guard.install_audit_hook(root, work, config["readable"])
    serve(requests, worker, {"layers": layers})
