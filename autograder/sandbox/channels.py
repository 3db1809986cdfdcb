"""Reading the worker's replies, and the grading process's end of a trusted call's callbacks."""

from __future__ import annotations

import os
import queue
import selectors
import socket
import time
from collections.abc import Callable

from . import protocol
from .course_functions import FUNCTIONS
from .protocol import Frame


def send_with(sock: socket.socket, payload: bytes, fds: list[int], timeout: float) -> bool:
    """Send ``payload`` with ``fds`` riding on its first bytes; False when the far end is gone.

    Raises TimeoutError past ``timeout`` (a worker that no longer reads).
    """
    sock.settimeout(timeout)
    try:
        sent = socket.send_fds(sock, [payload[: 1 << 16]], fds)
        sock.sendall(payload[sent:])
    except TimeoutError:
        raise
    except OSError:
        return False
    return True


class CallbackChannel:
    """The grading process's end of a trusted call's callback socket, with its line buffer.

    Calls nest: the reference may call a function of the student's, which may call another
    reference function before it returns, and so on; ``answer`` serves those.

    The time the grading process spends answering is the grader's, not the student's: it moves
    ``deadline`` back by as much, up to ``MAX_EXTENSION`` times the time limit in all.
    """

    MAX_EXTENSION = 4.0

    def __init__(self, sock: socket.socket, timeout: float, answer: Callable) -> None:
        self.sock, self.answer, self.frames = sock, answer, protocol.FrameReader()
        self.deadline = time.monotonic() + timeout
        self._latest = self.deadline + self.MAX_EXTENSION * timeout

    def fill(self) -> bool:
        chunk = self.sock.recv(1 << 20)
        self.frames.feed(chunk)
        return bool(chunk)

    def pop(self) -> Frame | None:
        return self.frames.pop()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def reply(self, frame: Frame) -> None:
        """Answer one call of a reference function, not counting its time against the limit."""
        started = time.monotonic()
        answer = self.answer(frame, self)
        self.deadline = min(self._latest, self.deadline + time.monotonic() - started)
        self.send(answer)

    def _wait_frame(self) -> Frame:
        while (frame := self.pop()) is None:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.sock.settimeout(remaining)
            if not self.fill():
                raise EOFError
        return frame

    def remote(self, number: int) -> Callable:
        """A function of the student's, held by the child: calling it asks the child."""

        def call(*args: object, **kwargs: object) -> object:
            buffers: list[bytes] = []
            message = {"callback": number, **protocol.encode_call(args, kwargs, buffers)}
            self.send(protocol.dump_frame(message, buffers))
            while "function" in (frame := self._wait_frame())[0]:
                self.reply(frame)
            reply, buffers = frame
            if not reply.get("ok"):
                raise RuntimeError(str(reply.get("message", "")))
            return protocol.decode(reply.get("value"), functions=FUNCTIONS, buffers=buffers)

        return call


def read_chunk(fd: int, deadline: float) -> bytes:
    """Up to 1 MiB from ``fd``: b"" at end of file; TimeoutError past ``deadline``."""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if selector.select(remaining):
                return os.read(fd, 1 << 20)


def read_to_end(fd: int, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    while chunk := read_chunk(fd, deadline):
        chunks.append(chunk)
        size += len(chunk)
        if size > protocol.MAX_MESSAGE_BYTES:
            raise protocol.ProtocolError(f"a reply of more than {protocol.MAX_MESSAGE_BYTES} bytes")
    return b"".join(chunks)


def read_lines(stream, lines: queue.Queue) -> None:
    """Put each line of ``stream`` on ``lines``, then None at its end (or past the size limit)."""
    for line in iter(lambda: stream.readline(protocol.MAX_MESSAGE_BYTES + 1), b""):
        if len(line) > protocol.MAX_MESSAGE_BYTES or not line.endswith(b"\n"):
            break
        lines.put(line)
    lines.put(None)
