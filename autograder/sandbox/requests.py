"""Requests from the grading process on a control socket, each with the descriptors it carries,
and replies written to the descriptor a request came with.

Runs in the worker's folder. The grading process sends a fresh pipe with every request (and a
callback socket with a trusted call) and reads the pipe until every copy is closed: a second
reply, or a copy kept open by student code, is seen for what it is.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator


def requests_from(
    control: socket.socket, fds_per_request: int = 1
) -> Iterator[tuple[bytes, list[int]]]:
    """Each request line with its descriptors, until the grading process closes the socket."""
    buffer, fds = b"", []
    while True:
        data, received, _, _ = socket.recv_fds(control, 1 << 20, 4)
        fds += received
        if not data:
            return
        buffer += data
        while b"\n" in buffer:
            line, _, buffer = buffer.partition(b"\n")
            if len(fds) != fds_per_request:
                return  # not the grading process's framing: stop serving
            yield line, fds
            fds = []


def reply_bytes(reply: dict) -> bytes:
    """``reply`` as one JSON line; a value JSON cannot hold becomes an encoding error."""
    try:
        data = json.dumps(reply, allow_nan=False)
    except (TypeError, ValueError) as exc:
        data = json.dumps(
            {
                "id": reply.get("id"),
                "ok": False,
                "stage": "encode",
                "error": {"type": "EncodingError", "message": str(exc)},
            }
        )
    return data.encode("utf-8") + b"\n"


def write_reply(fd: int, reply: dict) -> None:
    """Write ``reply`` whole to ``fd``; OSError when student code closed or replaced it."""
    data = memoryview(reply_bytes(reply))
    while data:
        data = data[os.write(fd, data) :]
