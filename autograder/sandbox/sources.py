"""Submitted topic files, read as data: regular files only, from one open descriptor."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_SOURCE_BYTES = 1_000_000


class SourceProblem(ValueError):
    """A submitted topic file that cannot be graded; the message says why in one line."""


def read_source(path: Path) -> bytes:
    """The bytes of a submitted topic file, checked and read from one open descriptor.

    Only a regular file is read: a symlink, FIFO, device or folder is refused without being
    followed or opened for reading, and the size and encoding are checked on what was read.

    Raises
    ------
    SourceProblem
        When the file is missing, not a regular file, too large or not UTF-8.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SourceProblem(f"{path.name} is missing from the submission") from None
    except OSError:
        kind = _kind(path)
        raise SourceProblem(f"{path.name} is {kind}, not a regular file") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceProblem(f"{path.name} is {_kind(path)}, not a regular file")
        if info.st_size > MAX_SOURCE_BYTES:
            raise SourceProblem(
                f"{path.name} is {info.st_size} bytes; at most {MAX_SOURCE_BYTES} are graded"
            )
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(MAX_SOURCE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceProblem(f"{path.name} grew past {MAX_SOURCE_BYTES} bytes while being read")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceProblem(
            f"{path.name} is not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x})"
        ) from None
    return data


def _kind(path: Path) -> str:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "unreadable"
    for test, kind in (
        (stat.S_ISLNK, "a symlink"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def source_problem(path: Path) -> str | None:
    """Why a submitted topic file cannot be graded, or None."""
    try:
        read_source(path)
    except SourceProblem as exc:
        return str(exc)
    return None
