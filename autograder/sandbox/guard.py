"""What the worker does to itself before it imports student code.

The worker is started by the grading process (see ``isolation`` there) and then, in this order:

1. imports every module student code may use (:data:`PRELOADED`), while it still can read the
   whole Python installation;
2. as root, gives up root for good: its own uid and gid, no supplementary groups
   (:func:`drop_privileges`);
3. restricts itself with Landlock where the kernel has it (``landlock.restrict``);
4. lowers its resource limits (:func:`set_limits`);
5. removes the functions that act on other files or processes without raising an audit event
   (:func:`remove_unaudited`);
6. installs an audit hook (:pep:`578`) that allows only the events a course function needs
   (:func:`install_audit_hook`).

The operating system's layers (2 and 3, and the namespaces the worker is started in) are the
boundary; the audit hook is a last layer, which code determined to escape Python can get around.
The hook is a closure over values captured when it is made, so patching this module, ``os`` or
``builtins`` cannot loosen it.
"""

from __future__ import annotations

import importlib
import os
import sys

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

# Modules student code may import: numpy, and the standard library's pure computation.
PRELOADED = (
    "numpy numpy.linalg numpy.random numpy.fft numpy.polynomial numpy.testing numpy.typing "
    "numpy.ma numpy.lib numpy.exceptions numpy.dtypes numpy.strings numpy.char numpy.rec "
    "math cmath random statistics itertools functools collections collections.abc "
    "dataclasses typing copy operator numbers fractions decimal heapq bisect warnings string "
    "re enum abc contextlib types time __future__ json textwrap pprint array zipfile "
    "encodings.cp437"
).split()
ALLOWED_IMPORTS = frozenset(PRELOADED) | {"exercises"}

# Events a course function needs. Everything else is refused.
ALLOWED_EVENTS = frozenset(
    """
    import open compile exec marshal.loads os.listdir os.scandir os.remove os.rename os.mkdir
    os.rmdir os.truncate object.__getattr__ object.__setattr__ object.__delattr__
    sys._getframe sys._getframemodulename builtins.id time.sleep array.__new__ code.__new__
    function.__new__ sys.excepthook sys.unraisablehook glob.glob glob.glob/2
    tempfile.mkstemp tempfile.mkdtemp
    """.split()
)
# Events whose path arguments must all lie in the worker's own writable folder.
WRITE_EVENTS = {
    "os.remove": (0,),
    "os.rename": (0, 1),
    "os.mkdir": (0,),
    "os.rmdir": (0,),
    "os.truncate": (0,),
    "tempfile.mkstemp": (0,),
    "tempfile.mkdtemp": (0,),
}
# The dir_fd arguments of those events, which must be None (a relative path is refused anyway).
DIR_FD_ARGS = {"os.remove": (1,), "os.rename": (2, 3), "os.mkdir": (2,), "os.rmdir": (1,)}
READ_EVENTS = {"os.listdir": (0,), "os.scandir": (0,), "glob.glob": (0,), "glob.glob/2": (0,)}

# Functions that reach other files or processes and raise no audit event of their own.
UNAUDITED = {
    "os": "mkfifo mknod pidfd_open readlink lchown fchown fchmod chroot setuid seteuid setgid "
    "setegid setreuid setregid setresuid setresgid setgroups setsid setpgid setpgrp killpg kill "
    "sched_setaffinity setpriority memfd_create eventfd login_tty openpty posix_fallocate "
    "copy_file_range sendfile splice register_at_fork",
    "signal": "signal pidfd_send_signal pthread_kill setitimer alarm siginterrupt "
    "set_wakeup_fd pthread_sigmask raise_signal",
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
DIRECTORY_FLAGS = getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_PATH", 0)


def preload() -> None:
    """Import what student code may use, and disarm starting processes without an event.

    ``_posixsubprocess.fork_exec`` (behind ``subprocess``, which ``numpy.testing`` imports)
    starts a process without an audit event of its own: it is replaced by a function that
    refuses, and a fresh import of it is refused by the hook.
    """
    for name in PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:  # a numpy submodule that this numpy version does not have
            pass
    try:
        import _posixsubprocess
    except ImportError:  # Windows
        return

    def fork_exec(*args: object, **kwargs: object) -> None:
        raise PermissionError("the grader does not allow starting processes in student code")

    _posixsubprocess.fork_exec = fork_exec


def drop_privileges(uid: int, gid: int) -> None:
    """Become ``uid``/``gid`` with no supplementary groups; root cannot be regained."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getgroups():
        raise PermissionError(f"could not become uid {uid}")


def set_limits(memory_bytes: int, cpu_seconds: int, file_bytes: int) -> bool:
    """Lower this process's resource limits where the OS has them; False where it has none."""
    if resource is None:
        return False
    wanted = {
        "RLIMIT_AS": memory_bytes,
        "RLIMIT_CPU": cpu_seconds,
        "RLIMIT_FSIZE": file_bytes,
        "RLIMIT_NOFILE": 256,
        "RLIMIT_NPROC": 0 if os.geteuid() != 0 else 64,
        "RLIMIT_CORE": 0,
    }
    for name, value in wanted.items():
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        _, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):  # not allowed here (e.g. NPROC under some containers)
            pass
    return True


def remove_unaudited() -> None:
    """Delete :data:`UNAUDITED` from their modules and the C modules behind them."""
    backing = {"os": ("posix", "nt"), "signal": ("_signal",)}
    for module, names in UNAUDITED.items():
        targets = [sys.modules.get(m) for m in (module, *backing[module])]
        for target in filter(None, targets):
            for name in names.split():
                if hasattr(target, name):
                    delattr(target, name)


def install_audit_hook(workdir: str, writable: str | None, readable: tuple[str, ...]) -> None:
    """Install the deny-by-default hook described in the module doc.

    Parameters
    ----------
    workdir : str
        Absolute path of the worker's folder: readable.
    writable : str or None
        Absolute path of the one folder student code may write in (inside ``workdir``), or
        None where it may write nowhere.
    readable : tuple of str
        Absolute folders that may be read besides ``workdir`` (the Python installation).
    """
    write_prefix = None if writable is None else writable.rstrip("/") + "/"
    read_prefixes = tuple(p.rstrip("/") + "/" for p in readable) + (workdir.rstrip("/") + "/",)
    read_exact = ("/dev/null", "/dev/urandom")
    allowed, allowed_imports = ALLOWED_EVENTS, ALLOWED_IMPORTS
    write_events, read_events, dir_fd_args = WRITE_EVENTS, READ_EVENTS, DIR_FD_ARGS
    write_flags, directory_flags = WRITE_FLAGS, DIRECTORY_FLAGS
    fspath, fsdecode = os.fspath, os.fsdecode
    str_type, bytes_type, int_type = str, bytes, int
    permission_error, type_of = PermissionError, type

    def resolve(path: object) -> str | None:
        """The absolute, normalised path; "" for an open descriptor; None if unacceptable."""
        if type_of(path) is int_type:
            return ""
        try:
            text = fspath(path)
            if type_of(text) is bytes_type:
                text = fsdecode(text)
        except Exception:
            return None
        if type_of(text) is not str_type or "\x00" in text or not text.startswith("/"):
            return None  # relative paths could be relative to any dir_fd: never allowed
        parts = text.split("/")
        if ".." in parts:
            return None
        return "/".join(part for part in parts if part not in ("", ".")).join(("/", ""))

    def readable_path(path: str) -> bool:
        return path in read_exact or (path + "/").startswith(read_prefixes)

    def writable_path(path: str | None) -> bool:
        if path == "":
            return True
        return (
            path is not None and write_prefix is not None and (path + "/").startswith(write_prefix)
        )

    def refuse(what: str) -> None:
        raise permission_error(f"the grader does not allow {what} in student code")

    def hook(event: str, args: tuple) -> None:
        if event not in allowed:
            refuse(event)
        if event == "import":
            if args[0].partition(".")[0] not in allowed_imports:
                refuse(f"importing {args[0]}")
        elif event == "open":
            path = resolve(args[0])
            mode = args[1] if type_of(args[1]) is str_type else ""
            flags = args[2] if type_of(args[2]) is int_type else 0
            writing = any(c in mode for c in "wax+") or (flags & write_flags) != 0
            if path is None:
                refuse(f"opening {args[0]!r}")
            if (writing or flags & directory_flags) and not writable_path(path):
                refuse(f"writing to or opening the folder {path}")
            if path and not readable_path(path):
                refuse(f"reading {path}")
        elif event in write_events:
            for index in dir_fd_args.get(event, ()):
                if len(args) > index and args[index] is not None:
                    refuse(f"{event} with dir_fd")
            for index in write_events[event]:
                if not writable_path(resolve(args[index])):
                    refuse(f"{event} on {args[index]!r}")
        elif event in read_events:
            path = resolve(args[0]) if args and args[0] is not None else None
            if not path or not readable_path(path):
                refuse(f"{event} on {args[0] if args else None!r}")

    sys.addaudithook(hook)


def python_dirs(unreadable: tuple[str, ...]) -> tuple[str, ...]:
    """The folders of this Python installation that hold none of ``unreadable``.

    An editable install puts the course repository itself on ``sys.path``: it, and any folder
    above one of ``unreadable`` (the solutions, the tests), is left out.
    """
    import sysconfig

    names = ("stdlib", "platstdlib", "purelib", "platlib")
    dirs = {os.path.realpath(sysconfig.get_paths()[name]) for name in names}
    dirs.update(os.path.realpath(p) for p in sys.path if p and os.path.isdir(p))
    unreadable_dirs = tuple(u.rstrip("/") + "/" for u in unreadable)
    return tuple(
        sorted(
            d
            for d in dirs
            if not any(
                h.startswith(d.rstrip("/") + "/") or (d + "/").startswith(h)
                for h in unreadable_dirs
            )
        )
    )
