"""Attacks on the grader from outside Python: files, processes and signals.

Each attack runs inside ``relu`` of a tiny course, in ``try`` blocks, before ``relu`` returns the
right value: an attack that is stopped costs nothing, so the submission must score exactly what
its honest twin scores (6/6), ``autograder grade`` must exit 0 with a valid report, and a digest of
the grader's environment and of the course must be unchanged.

Every attack is run twice: with the grader as root (workers get uids of their own, as in CI,
Docker and Gradescope) and with the grader as an unprivileged user (workers are separated by user
namespaces and Landlock), using a Python installation that user can read.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from conftest import HONEST_ACTIVATIONS, make_course, validate_results

REPO = Path(__file__).resolve().parents[2]
UNPRIVILEGED = 65534  # nobody
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the attacks use Linux interfaces"
)

ATTACKS = {
    "move, link or write a file over the grader's site-packages": """
        planted = os.path.abspath("planted.py")
        open(planted, "w").write("raise SystemExit(0)")
        for move in ("rename", "replace", "link", "symlink"):
            attempt(lambda: getattr(os, move)(planted, SENTINEL))
        attempt(lambda: os.symlink(SENTINEL, os.path.abspath("link_to_sentinel")))
        attempt(lambda: open(SENTINEL, "w").write("planted"))
        attempt(lambda: open(SENTINEL, "a").write("planted"))
        fd = attempt(lambda: os.open(os.path.dirname(SENTINEL), os.O_RDONLY | os.O_DIRECTORY))
        if fd is not None:
            name = os.path.basename(SENTINEL)
            attempt(lambda: os.open(name, os.O_WRONLY | os.O_TRUNC, dir_fd=fd))
            attempt(lambda: os.rename(planted, "numpy_planted.py", dst_dir_fd=fd))
    """,
    "truncate or create files, FIFOs and device nodes outside its folder": """
        target = os.path.join(OUTSIDE_DIR, "{}")
        attempt(lambda: os.truncate(OUTSIDE_FILE, 4))
        attempt(lambda: open(OUTSIDE_FILE, "r+").truncate(4))
        attempt(lambda: open(OUTSIDE_FILE, "w").write("x"))
        attempt(lambda: open(target.format("new.txt"), "w").write("x"))
        attempt(lambda: os.mkdir(target.format("newdir")))
        attempt(lambda: os.mkfifo(target.format("fifo")))
        attempt(lambda: os.mknod(target.format("node"), 0o600 | 0o020000, os.makedev(1, 3)))
        attempt(lambda: __import__("posix").mkfifo(target.format("fifo2")))
        attempt(lambda: __import__("shutil").copy(__file__, OUTSIDE_DIR))
    """,
    "signal or stop the grader and its process group by any API": """
        for sig in (signal.SIGSTOP, signal.SIGKILL, signal.SIGTERM):
            attempt(lambda: os.kill(GRADER_PID, sig))
            attempt(lambda: os.killpg(GRADER_PID, sig))
            attempt(lambda: __import__("posix").kill(GRADER_PID, sig))
            fd = attempt(lambda: os.pidfd_open(GRADER_PID))
            fd = fd if fd is not None else attempt(lambda: __import__("posix").pidfd_open(GRADER_PID))
            if fd is not None:
                attempt(lambda: signal.pidfd_send_signal(fd, sig))
                attempt(lambda: __import__("_signal").pidfd_send_signal(fd, sig))
        parent = os.getppid()
        if parent > 1:
            attempt(lambda: os.kill(parent, signal.SIGKILL))
    """,
    "read other processes' /proc entries, the solutions or the course": """
        for name in ("cwd", "root", "exe"):
            attempt(lambda: os.readlink(f"/proc/{GRADER_PID}/{name}"))
        attempt(lambda: open(f"/proc/{GRADER_PID}/environ").read())
        attempt(lambda: os.listdir("/proc"))
        found = attempt(lambda: open(SOLUTION).read())
        listed = attempt(lambda: os.listdir(COURSE))
        if found or listed:
            return z  # a reader that got through is caught by its wrong answer
    """,
}


def _attack_submission(body: str, names: dict[str, object]) -> str:
    """HONEST_ACTIVATIONS with an attack run (and silenced) inside relu before it answers."""
    constants = "".join(f"{key} = {value!r}\n" for key, value in names.items())
    attack = textwrap.indent(textwrap.dedent(body).strip(), "    ")
    return (
        "import os, signal\nimport numpy as np\n"
        + constants
        + "\n\ndef attempt(f, *args, **kwargs):\n"
        "    try:\n        return f(*args, **kwargs)\n    except BaseException:\n        return None\n"
        + HONEST_ACTIVATIONS.replace(
            "def relu(z):\n",
            "def relu(z):\n" + attack + "\n",
        )
    )


def _digest(*folders: Path) -> str:
    """What a file in these folders is, holds and looks like, as one hash."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if "__pycache__" in path.parts or ".pytest_cache" in path.parts:
                continue
            info = path.lstat()
            digest.update(f"{path}|{info.st_mode}|{info.st_size}|{info.st_uid}".encode())
            if path.is_file() and not path.is_symlink():
                digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def unprivileged_python(tmp_path_factory) -> Path:
    """A Python with numpy, pytest and this grader that an unprivileged user can run."""
    if not ROOT:
        pytest.skip("dropping privileges needs root; as a user every run is unprivileged")
    base = Path(tempfile.mkdtemp(prefix="bplab-userpy-"))
    os.chmod(base, 0o755)
    python = shutil.which("python3", path="/usr/bin") or sys.executable
    venv = base / "venv"
    made = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True)
    if made.returncode != 0:
        pytest.fail(f"could not make a venv for the unprivileged grader: {made.stderr.decode()}")
    pip = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "-q", "numpy", "pytest"],
        capture_output=True,
    )
    if pip.returncode != 0:
        pytest.fail(f"could not install numpy and pytest: {pip.stderr.decode()[-500:]}")
    site = subprocess.run(
        [
            venv / "bin" / "python",
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shutil.copytree(REPO / "autograder", Path(site) / "autograder")
    for path in (venv, *venv.rglob("*")):  # the user's own installation, as on a laptop
        os.lchown(path, UNPRIVILEGED, UNPRIVILEGED)
    yield venv / "bin" / "python"
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["root", "unprivileged"])
def grader(request):
    """How to run ``autograder grade``: (python, user or None, its site-packages)."""
    if request.param == "root":
        if not ROOT:
            pytest.skip("grading as root needs root")
        return sys.executable, None, Path(sysconfig.get_paths()["purelib"])
    python = request.getfixturevalue("unprivileged_python") if ROOT else Path(sys.executable)
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return python, UNPRIVILEGED if ROOT else None, Path(site)


@pytest.fixture
def arena():
    """A world-readable course folder, a world-writable target folder, a writable output folder."""
    base = Path(tempfile.mkdtemp(prefix="bplab-arena-"))
    for name in ("course", "outside", "out"):
        (base / name).mkdir()
    os.chmod(base, 0o755)
    os.chmod(base / "course", 0o755)
    os.chmod(base / "outside", 0o777)  # only the sandbox, not file modes, may stop the attacks
    os.chmod(base / "out", 0o777)
    (base / "outside" / "precious.txt").write_text("do not touch\n")
    os.chmod(base / "outside" / "precious.txt", 0o666)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _start_grade(python, user, course: Path, out: Path) -> subprocess.Popen:
    """``autograder grade`` in a process that waits for a line on stdin, so its pid is known first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    if user is None:
        env["PYTHONPATH"] = str(REPO)
    command = [str(python), "-m", "autograder", "grade", str(course / "exercises")]
    command += ["--course", str(course), "--json", str(out / "results.json"), "--timeout", "5"]
    return subprocess.Popen(
        ["/bin/sh", "-c", 'read go && exec "$@"', "grade", *command],
        cwd=out,
        env=env,
        user=user,
        group=user,
        extra_groups=[] if user is not None else None,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _make(arena: Path, body: str | None, names: dict) -> None:
    code = HONEST_ACTIVATIONS if body is None else _attack_submission(body, names)
    make_course(arena / "course", activations=code)
    (arena / "course" / "solutions").mkdir(exist_ok=True)
    (arena / "course" / "solutions" / "activations.py").write_text("SECRET = 'reference'\n")
    for path in (arena / "course").rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def _listing(site: Path, sentinel: Path) -> str:
    """The names in site-packages, but for the sentinels of attack tests running beside this one."""
    others = re.compile(r"bplab_sentinel_\d+\.py")
    return str(sorted(n for n in os.listdir(site) if n == sentinel.name or not others.fullmatch(n)))


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_scores_what_its_honest_twin_scores(grader, arena, attack):
    python, user, site = grader
    sentinel = site / f"bplab_sentinel_{os.getpid()}.py"
    sentinel.write_text("VALUE = 1\n")
    try:
        results = {}
        for twin in ("honest", "attack"):
            process = _start_grade(python, user, arena / "course", arena / "out")
            names = {
                "SENTINEL": str(sentinel),
                "OUTSIDE_DIR": str(arena / "outside"),
                "OUTSIDE_FILE": str(arena / "outside" / "precious.txt"),
                "SOLUTION": str(arena / "course" / "solutions" / "activations.py"),
                "COURSE": str(arena / "course"),
                "GRADER_PID": process.pid,  # as a determined student would find it
            }
            _make(arena, None if twin == "honest" else ATTACKS[attack], names)
            before = _digest(arena / "course", arena / "outside") + sentinel.read_text()
            numpy_before = _digest(site / "numpy") + _listing(site, sentinel)
            out, err = process.communicate("go\n", timeout=120)
            assert process.returncode == 0, (twin, out, err)
            data = validate_results(arena / "out" / "results.json")
            results[twin] = {t["tags"][1]: t["score"] for t in data["tests"]} | {
                "_total": data["score"],
                "_why": [t["output"] for t in data["tests"] if t["score"] < t["max_score"]],
            }
            assert _digest(arena / "course", arena / "outside") + sentinel.read_text() == before
            assert _digest(site / "numpy") + _listing(site, sentinel) == numpy_before
            assert sorted(p.name for p in (arena / "outside").iterdir()) == ["precious.txt"]
        assert results["attack"]["_total"] == results["honest"]["_total"] == 6, results
    finally:
        sentinel.unlink(missing_ok=True)


PEER_ATTACK = """
    for pid in PEER_PIDS:
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            attempt(lambda: os.kill(pid, sig))
            fd = attempt(lambda: os.pidfd_open(pid))
            if fd is not None:
                attempt(lambda: signal.pidfd_send_signal(fd, sig))
        attempt(lambda: os.readlink(f"/proc/{pid}/cwd"))
"""
SLOW_HONEST = HONEST_ACTIVATIONS.replace(
    "def relu(z):\n", "def relu(z):\n    __import__('time').sleep(1.5)\n"
).replace("def tanh(z):\n", "def tanh(z):\n    __import__('time').sleep(1.5)\n")


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _worker_started(pid: int) -> bool:
    for child in _descendants(pid):
        try:
            if b"_bplab_worker" in Path(f"/proc/{child}/cmdline").read_bytes():
                return True
        except OSError:
            pass
    return False


def test_a_worker_cannot_signal_another_students_worker(grader, arena):
    python, user, _ = grader
    victim_course = arena / "victim"
    make_course(victim_course, activations=SLOW_HONEST)
    for path in (victim_course, *victim_course.rglob("*")):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    (arena / "victim_out").mkdir(mode=0o777)
    os.chmod(arena / "victim_out", 0o777)
    victim = _start_grade(python, user, victim_course, arena / "victim_out")
    victim.stdin.write("go\n")
    victim.stdin.flush()
    deadline = time.monotonic() + 30
    while not _worker_started(victim.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    peers = sorted(_descendants(victim.pid))
    assert peers, "the victim's worker never started"
    attacker = _start_grade(python, user, arena / "course", arena / "out")
    names = {"PEER_PIDS": peers, "GRADER_PID": victim.pid}
    _make(arena, PEER_ATTACK + "\n        attempt(lambda: os.kill(GRADER_PID, 9))", names)
    attacker_out, attacker_err = attacker.communicate("go\n", timeout=120)
    victim_out, victim_err = victim.communicate(timeout=120)
    assert attacker.returncode == 0 and victim.returncode == 0, (attacker_err, victim_err)
    assert validate_results(arena / "victim_out" / "results.json")["score"] == 6, victim_out
    assert validate_results(arena / "out" / "results.json")["score"] == 6, attacker_out


def test_a_worker_cannot_signal_the_processes_of_grade_class(grader, arena):
    """The victim is graded by ``grade-class`` (its fork server, the fork grading the victim, the
    worker); the attacker, graded beside it, knows every pid of that tree."""
    python, user, _ = grader
    course = arena / "victim"
    make_course(course, activations=SLOW_HONEST)
    student = arena / "class" / "victim"
    shutil.copytree(course / "exercises", student / "exercises")
    for path in (course, arena / "class", *course.rglob("*"), *(arena / "class").rglob("*")):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    if user is None:
        env["PYTHONPATH"] = str(REPO)
    command = [str(python), "-m", "autograder", "grade-class", str(arena / "class")]
    command += ["--out", str(arena / "out" / "class"), "--course", str(course), "--no-hidden"]
    victim = subprocess.Popen(
        [*command, "--jobs", "1", "--timeout", "5"],
        cwd=arena / "out",
        env=env,
        user=user,
        group=user,
        extra_groups=[] if user is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not _worker_started(victim.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    peers = sorted(_descendants(victim.pid))
    assert len(peers) >= 3, "the victim's server, grade and worker never started"
    (arena / "attacker").mkdir(mode=0o777)
    os.chmod(arena / "attacker", 0o777)
    attacker = _start_grade(python, user, arena / "course", arena / "attacker")
    names = {"PEER_PIDS": peers, "GRADER_PID": victim.pid}
    _make(arena, PEER_ATTACK + "\n        attempt(lambda: os.kill(GRADER_PID, 9))", names)
    attacker_out, attacker_err = attacker.communicate("go\n", timeout=120)
    victim_out, victim_err = victim.communicate(timeout=120)
    assert attacker.returncode == 0 and victim.returncode == 0, (attacker_err, victim_err)
    assert validate_results(arena / "attacker" / "results.json")["score"] == 6, attacker_out
    report = validate_results(arena / "out" / "class" / "victim" / "results.json")
    assert report["score"] == 6, victim_out
