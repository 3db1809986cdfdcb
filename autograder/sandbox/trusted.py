"""Calls of one student function with trusted versions of every other contract function.

Runs in the worker's folder, beside ``worker``. At start-up, before the worker imports any
student code, it forks a server (:func:`serve`) that never runs student code itself. For each
request the server forks a child that:

* closes every descriptor but its reply pipe and its callback socket;
* takes away its own right to write anything (a second Landlock layer with no writable folder,
  where Landlock exists; the server also empties ``work/`` after each child);
* puts, for every other topic, a module of proxies in place of the student's, imports the
  function's own topic fresh, and points the topic's other contract functions at proxies too;
* calls the function: a proxy sends its arguments to the grading process, which runs the
  reference function and sends back the value.

The reference code never enters the worker; what the child learns of its values dies with it.
"""

from __future__ import annotations

import builtins
import importlib
import json
import os
import shutil
import socket
import sys
import types

from . import guard, landlock
from .course_functions import FUNCTIONS
from .protocol import (
    Frame,
    FrameReader,
    decode,
    decode_call,
    dump_frame,
    encode,
    generators_in,
    set_generator_state,
)
from .requests import requests_from, write_reply


class Untrustable(Exception):
    """An argument cannot be sent to the grading process (an object of the student's class)."""


class Callback:
    """The child's end of the callback socket.

    The child asks for a reference function; while it waits, the reference may call back a
    function the child handed it (a function of the student's own), and the child answers.
    """

    def __init__(self, fd: int) -> None:
        self.sock = socket.socket(fileno=fd)
        self.frames = FrameReader()
        self.by_function = {function: name for name, function in FUNCTIONS.items()}
        self.local: list = []  # functions of the student's handed to the reference

    def _encode(self, value: object, buffers: list[bytes]) -> object:
        if callable(value) and value in self.by_function:
            return {"$": "fn", "name": self.by_function[value]}
        if callable(value):
            self.local.append(value)
            return {"$": "callback", "id": len(self.local) - 1}
        if isinstance(value, (list, tuple)):
            items = [self._encode(v, buffers) for v in value]
            return items if type(value) is list else {"$": "tuple", "items": items}
        if type(value) is dict:
            items = [[encode(k), self._encode(v, buffers)] for k, v in value.items()]
            return {"$": "dict", "items": items}
        encoded = encode(value, buffers=buffers)
        if type(encoded) is dict and encoded.get("$") == "unsupported":
            raise Untrustable(f"a value of type {type(value).__name__}")
        return encoded

    def _send(self, message: dict, buffers: list[bytes]) -> None:
        self.sock.sendall(dump_frame(message, buffers))

    def _receive(self) -> Frame:
        while (frame := self.frames.pop()) is None:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                os._exit(1)
            self.frames.feed(chunk)
        return frame

    def _answer_back(self, message: dict, buffers: list[bytes]) -> None:
        """Run the student's function the reference called, and send back what it gave."""
        out: list[bytes] = []
        try:
            function = self.local[int(message["callback"])]
            args, kwargs = decode_call(message, functions=FUNCTIONS, buffers=buffers)
            reply = {"ok": True, "value": self._encode(function(*args, **kwargs), out)}
        except Exception as exc:  # noqa: BLE001 - the reference sees it as that call's error
            out.clear()
            reply = {"ok": False, "type": type(exc).__name__, "message": str(exc)[:500]}
        self._send(reply, out)

    def __call__(self, name: str, args: tuple, kwargs: dict) -> object:
        out: list[bytes] = []
        request = {"function": name, "args": self._encode(list(args), out)}
        self._send({**request, "kwargs": self._encode(kwargs, out)}, out)
        reply, buffers = self._receive()
        while "callback" in reply:
            self._answer_back(reply, buffers)
            reply, buffers = self._receive()
        if reply.get("ok"):
            # The reference drew from the caller's generators: advance them as it did.
            states = reply.get("rngs") if type(reply.get("rngs")) is list else []
            for generator, state in zip(generators_in([args, kwargs]), states, strict=False):
                set_generator_state(generator, state)
            return decode(reply.get("value"), functions=FUNCTIONS, buffers=buffers)
        raise _error(reply)


def _error(reply: dict) -> Exception:
    error = getattr(builtins, str(reply.get("type")), None)
    if not (isinstance(error, type) and issubclass(error, Exception)):
        error = RuntimeError
    return error(str(reply.get("message", "")))


def _proxy(callback: Callback, topic: str, name: str) -> types.FunctionType:
    def proxy(*args: object, **kwargs: object) -> object:
        return callback(f"{topic}.{name}", args, kwargs)

    proxy.__name__ = proxy.__qualname__ = name
    return proxy


def _prepare(request: dict, callback: Callback, contract: dict[str, list[str]]) -> None:
    """Proxies for every contract function but the one called; its topic imported fresh."""
    topic, name = request["topic"], request["function"]
    package = importlib.import_module("exercises")
    for other, names in contract.items():
        if other != topic:
            module = types.ModuleType(f"exercises.{other}")
            for each in names:
                setattr(module, each, _proxy(callback, other, each))
            sys.modules[module.__name__] = module
            setattr(package, other, module)
    module = importlib.import_module(f"exercises.{topic}")
    for each in contract[topic]:
        if each != name:
            setattr(module, each, _proxy(callback, topic, each))


def _child(worker, request: dict, fds: list[int], config: dict) -> None:
    reply_fd, callback_fd = fds
    keep = sorted({0, 1, 2, reply_fd, callback_fd, worker.capture.fileno()})
    for low, high in zip([-1, *keep], [*keep, 1 << 16], strict=True):
        if low + 1 < high:  # closerange(n, n) would close every descriptor from n on
            os.closerange(low + 1, high)
    if config.get("landlock"):
        try:
            landlock.restrict([*config["readable"], config["root"]], [])
        except (landlock.LandlockError, OSError):
            pass
    callback = Callback(callback_fd)  # a socket object cannot be made once the hook is in
    guard.set_limits(**config["limits"])
    guard.remove_unaudited()
    guard.install_audit_hook(config["root"], None, config["readable"])
    try:
        _prepare(request, callback, config["contract"])
        reply = worker.call(request)
    except Untrustable as exc:
        reply = {"ok": False, "stage": "untrustable", "error": {"message": str(exc)}}
    except BaseException as exc:  # noqa: BLE001 - the topic's own import failed
        reply = {"ok": False, "stage": "import", "error": worker.describe(exc), "output": ""}
    reply["id"] = request.get("id")
    write_reply(reply_fd, reply)


def serve(control: socket.socket, worker, config: dict) -> None:
    """Fork one child per request; never run student code here."""
    for line, fds in requests_from(control, fds_per_request=2):
        pid = os.fork()
        if pid == 0:
            try:
                _child(worker, json.loads(line), fds, config)
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)
        os.waitpid(pid, 0)
        for entry in os.scandir(config["work"]):  # nothing the child wrote may outlive it
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
