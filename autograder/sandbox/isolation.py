"""Which operating-system layers can separate a worker here, and how to start it inside them.

Strongest first:

* **uid**: as root, each worker gives up root for a uid and gid of its own (one per worker
  alive at the same time on this machine, held by a lock file), with no supplementary groups;
* **namespaces**: the worker is started by util-linux's ``unshare`` in new network, IPC, PID and
  mount namespaces (with a user namespace when not root), so it has no network and sees no
  other process;
* **Landlock**: the worker restricts itself (``landlock.py``): it reads only its own folder and
  the Python installation, writes only its ``work`` folder, and signals no process outside.

Then, in the worker itself, resource limits and the audit hook. ``--isolation strict`` grades
only when the worker is separated by uid, or by namespaces and Landlock.

``AUTOGRADER_ISOLATION_DISABLE`` (a comma-separated list of ``uid``, ``namespaces``,
``landlock``, ``fd-passing``) makes a layer unavailable, to test the fallbacks of platforms that
lack it.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import landlock

try:
    import fcntl
except ImportError:  # Windows: no uid layer there
    fcntl = None  # type: ignore[assignment]

MODES = ("auto", "strict")
ENV_DISABLE = "AUTOGRADER_ISOLATION_DISABLE"
LAYERS = ("uid", "namespaces", "landlock", "fd-passing")
UID_BASE, UID_SLOTS = 1_900_000_000, 10_000
NAMESPACE_FLAGS = ["--net", "--ipc", "--pid", "--fork", "--kill-child", "--mount", "--mount-proc"]


class IsolationError(RuntimeError):
    """The isolation asked for cannot be had here; the message names what is missing."""


def disabled() -> set[str]:
    """The layers turned off through ``$AUTOGRADER_ISOLATION_DISABLE``."""
    names = {n.strip() for n in os.environ.get(ENV_DISABLE, "").split(",") if n.strip()}
    unknown = names - set(LAYERS)
    if unknown:
        raise IsolationError(
            f"${ENV_DISABLE}: expected some of {', '.join(LAYERS)}, got {', '.join(sorted(unknown))}"
        )
    return names


@dataclass(frozen=True)
class Available:
    """What this machine and user offer."""

    uid: bool
    namespaces: tuple[str, ...]  # the unshare command and its flags, or ()
    landlock_abi: int
    fd_passing: bool

    def strict_problem(self) -> str | None:
        """Why ``--isolation strict`` cannot grade here, or None."""
        if self.uid or (self.namespaces and self.landlock_abi):
            return None
        missing = ["root"]
        if not self.namespaces:
            missing.append("namespaces (util-linux unshare, user namespaces allowed)")
        if not self.landlock_abi:
            missing.append("Landlock (Linux 5.13 or later, enabled)")
        return (
            "--isolation strict cannot separate the worker here: it needs a uid of its own "
            f"(grade as root) or both namespaces and Landlock; missing: {', '.join(missing)}"
        )


@functools.cache
def _probe(off: frozenset[str]) -> Available:
    root = fcntl is not None and os.geteuid() == 0
    return Available(
        uid=root and "uid" not in off,
        namespaces=() if "namespaces" in off else _unshare_command(root),
        landlock_abi=0 if "landlock" in off else landlock.abi_version(),
        fd_passing=hasattr(socket, "send_fds") and "fd-passing" not in off,
    )


def available() -> Available:
    """What can separate a worker here (probed once per set of disabled layers)."""
    return _probe(frozenset(disabled()))


def _unshare_command(root: bool) -> tuple[str, ...]:
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    command = (unshare, *([] if root else ["--user", "--map-root-user"]), *NAMESPACE_FLAGS)
    try:
        done = subprocess.run(
            [*command, "true"], capture_output=True, timeout=10, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return command if done.returncode == 0 else ()


class UidSlot:
    """A uid and gid no other worker on this machine holds while this object lives."""

    def __init__(self) -> None:
        folder = Path(tempfile.gettempdir()) / "backprop-lab-uids"
        try:
            folder.mkdir(mode=0o755)
        except FileExistsError:
            pass
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o022:
            raise IsolationError(f"{folder} must be a folder owned by root that only root writes")
        start = os.getpid() % UID_SLOTS
        for offset in range(UID_SLOTS):
            slot = (start + offset) % UID_SLOTS
            fd = os.open(folder / str(slot), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self._fd, self.uid = fd, UID_BASE + slot
            self.gid = self.uid
            return
        raise IsolationError(f"all {UID_SLOTS} worker uids are in use")

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
