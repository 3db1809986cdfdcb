"""Limits the worker puts on itself before it imports student code.

Two layers, both installed once and never lifted:

* resource limits (address space, CPU time, file size, open files, processes, core dumps);
* an audit hook (:pep:`578`) that refuses to open, list or write files outside the worker's own
  directory and the Python installation, and refuses to start processes, open sockets, load or
  call native code through ctypes, change directory, make links, send signals, raise limits or
  add another hook.

The hook is a closure over immutable values and C functions captured when it is made, so a
submission cannot loosen it by patching this module, ``os`` or ``builtins``. Audit hooks are
not a complete sandbox; they back up the real boundary, which is that nothing the worker says is
trusted by the grading process.
"""

from __future__ import annotations

import os
import resource
import sys

DENIED_EVENTS = frozenset(
    """
    os.system os.exec os.spawn os.posix_spawn os.fork os.forkpty os.kill os.killpg
    os.chdir os.fchdir os.chroot os.symlink os.link os.putenv os.unsetenv os.setxattr
    os.chmod os.chown os.chflags os.utime subprocess.Popen pty.spawn
    socket.__new__ socket.connect socket.bind socket.getaddrinfo socket.sendto
    ctypes.dlopen ctypes.dlsym ctypes.dlsym/handle ctypes.addressof ctypes.call_function
    ctypes.cdata ctypes.cdata/buffer ctypes.create_string_buffer ctypes.create_unicode_buffer
    ctypes.string_at ctypes.wstring_at ctypes.get_errno ctypes.set_errno ctypes.seh_exception
    sys.addaudithook sys.settrace sys.setprofile sys._current_frames
    gc.get_objects gc.get_referrers gc.get_referents
    resource.setrlimit resource.prlimit mmap.__new__ _thread.start_new_thread
    cpython.run_command cpython.run_file cpython.run_module cpython.run_startup
    cpython._PySys_ClearAuditHooks webbrowser.open
    """.split()
)
# Modules whose work raises no audit event of its own (the rest are caught by their events).
DENIED_IMPORTS = frozenset(
    "_posixsubprocess multiprocessing _multiprocessing pty _xxsubinterpreters _xxinterpchannels".split()
)
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def preload() -> None:
    """Disarm the one way to start a process that raises no audit event.

    ``_posixsubprocess.fork_exec`` (behind ``subprocess``) starts a process without an audit
    event of its own. Import the C module now and put a function that refuses in its place, so
    that ``subprocess`` (which ``numpy.testing`` imports) still imports, and a fresh import of
    the C module is refused by the hook.
    """
    import _posixsubprocess

    def fork_exec(*args: object, **kwargs: object) -> None:
        raise PermissionError("the grader does not allow starting processes in student code")

    _posixsubprocess.fork_exec = fork_exec


def set_limits(memory_bytes: int, cpu_seconds: int, file_bytes: int) -> None:
    """Lower this process's resource limits (where the OS knows them)."""
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
        soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):  # not allowed here (e.g. NPROC under some containers)
            pass


def install_audit_hook(workdir: str, readable: tuple[str, ...], hidden: tuple[str, ...]) -> None:
    """Install the hook described in the module doc.

    Parameters
    ----------
    workdir : str
        Absolute path of the worker's own directory: readable and writable.
    readable : tuple of str
        Absolute directories that may be read (the Python installation).
    hidden : tuple of str
        Absolute directories never to be read even inside ``readable`` (the grader's own package,
        the instructor's solutions and tests).
    """
    workdir_prefix = workdir.rstrip("/") + "/"
    read_prefixes = tuple(p.rstrip("/") + "/" for p in readable) + (workdir_prefix,)
    read_exact = ("/dev/null", "/dev/urandom", workdir)
    hidden_prefixes = tuple(p.rstrip("/") + "/" for p in hidden)
    denied_events = DENIED_EVENTS
    denied_imports = DENIED_IMPORTS
    write_flags = WRITE_FLAGS
    fspath = os.fspath
    fsdecode = os.fsdecode
    str_type, bytes_type, int_type = str, bytes, int
    permission_error = PermissionError
    type_of = type

    def resolve(path: object) -> str | None:
        if type_of(path) is int_type:
            return ""  # an already opened descriptor
        try:
            text = fspath(path)
            if type_of(text) is bytes_type:
                text = fsdecode(text)
        except Exception:
            return None
        if type_of(text) is not str_type or "\x00" in text:
            return None
        if not text.startswith("/"):
            text = workdir_prefix + text
        parts = text.split("/")
        if ".." in parts:
            return None
        return "/".join(part for part in parts if part not in ("", ".")).join(("/", ""))

    def readable_path(path: str) -> bool:
        if path in read_exact:
            return True
        candidate = path + "/"
        if candidate.startswith(hidden_prefixes):
            return False
        return candidate.startswith(read_prefixes)

    def hook(event: str, args: tuple) -> None:
        if event in denied_events:
            raise permission_error(f"the grader does not allow {event} in student code")
        if event == "import":
            if args[0] in denied_imports:
                raise permission_error(f"the grader does not allow importing {args[0]}")
            return
        if event == "open":
            path = resolve(args[0])
            if path == "":
                return
            mode = args[1] if type_of(args[1]) is str_type else ""
            flags = args[2] if type_of(args[2]) is int_type else 0
            writing = "w" in mode or "a" in mode or "x" in mode or "+" in mode
            writing = writing or (flags & write_flags) != 0
            if path is None:
                raise permission_error(f"the grader does not allow opening {args[0]!r}")
            if writing and not (path + "/").startswith(workdir_prefix):
                raise permission_error(
                    f"student code may only write in its own directory, not {path}"
                )
            if not readable_path(path):
                raise permission_error(f"the grader does not allow reading {path}")
            return
        if event in ("os.listdir", "os.scandir", "os.remove", "os.rename", "os.rmdir", "os.mkdir"):
            path = resolve(args[0]) if args and args[0] is not None else workdir
            if path == "":
                return
            if path is None or not readable_path(path):
                raise permission_error(f"the grader does not allow {event} on {args[0]!r}")
            if event != "os.listdir" and event != "os.scandir":
                if not (path + "/").startswith(workdir_prefix):
                    raise permission_error("student code may only change its own directory")

    sys.addaudithook(hook)


def python_dirs() -> tuple[str, ...]:
    """The directories of this Python installation (standard library and site-packages)."""
    import sysconfig

    names = ("stdlib", "platstdlib", "purelib", "platlib")
    dirs = {os.path.realpath(sysconfig.get_paths()[name]) for name in names}
    dirs.update(os.path.realpath(p) for p in sys.path if p and os.path.isdir(p))
    return tuple(sorted(dirs))
