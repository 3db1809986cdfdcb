"""Classes for the benchmarks: the course as ``grade.yml`` grades it, synthetic classes, and the
memory of a process tree.

Used by ``benchmarks/run.py`` (the class and large-class lines) and ``benchmarks/scale.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from autograder.contract import TOPICS  # noqa: E402

COURSE_ARTIFACT = (
    "pyproject.toml",
    "README.md",
    "autograder",
    "tests/public",
    "tests/hidden",
    "solutions",
)
KINDS = ("reference", "one mistake", "half stubs", "stubs")
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def course_artifact(tmp: Path) -> Path:
    """What grade.yml hands the grading jobs as the course: grader, tests, reference, stubs."""
    course = tmp / "course"
    for name in (*COURSE_ARTIFACT, "exercises"):
        source = REPO / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, course / name, ignore=ignore)
        else:
            course.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, course / name)
    return course


def copies_of_the_reference(folder: Path, size: int) -> None:
    """``size`` submissions, each the reference solutions' topic files in exercises/."""
    for number in range(size):
        exercises = folder / f"student{number:04d}" / "exercises"
        exercises.mkdir(parents=True)
        for topic in TOPICS:
            shutil.copyfile(REPO / "solutions" / f"{topic}.py", exercises / f"{topic}.py")


def synthetic_class(folder: Path, size: int) -> dict[str, int]:
    """``size`` submissions of four kinds in turn; how many of each kind.

    The kinds (:data:`KINDS`): the reference; the reference with one catalogued mistake (the
    mistakes taken in turn from ``autograder.instructor.mistakes``); the reference with every
    other topic left as its stub (which topics, in turn); all stubs. Every run of four students
    holds one of each, so every hundred students are alike in the work they make.
    """
    from autograder.instructor.catalogue import catalogue
    from autograder.instructor.mistakes import reference_sources

    mistakes = catalogue().mistakes
    reference = reference_sources(REPO / "solutions")
    stubs = reference_sources(REPO / "exercises")  # the same topic files, as stubs
    counts = dict.fromkeys(KINDS, 0)
    for number in range(size):
        kind = KINDS[number % len(KINDS)]
        sources = dict(stubs if kind == "stubs" else reference)
        if kind == "one mistake":
            mistake = mistakes[(number // len(KINDS)) % len(mistakes)]
            sources[mistake.topic] = mistake.apply(reference[mistake.topic], mistake.topic)
        elif kind == "half stubs":
            shift = (number // len(KINDS)) % 2
            sources.update({t: stubs[t] for i, t in enumerate(TOPICS) if i % 2 == shift})
        exercises = folder / f"student{number:04d}" / "exercises"
        exercises.mkdir(parents=True)
        for topic, text in sources.items():
            (exercises / f"{topic}.py").write_text(text, encoding="utf-8")
        counts[kind] += 1
    return counts


# --- memory of a process tree (Linux /proc) ----------------------------------------------------
def _stat(pid: str) -> tuple[int, int] | None:
    """The parent pid and the resident pages of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[21])


def tree_rss(root: int) -> tuple[int, int, int]:
    """Resident bytes of ``root``, the sum over ``root`` and all its descendants, and their count.

    The sum counts a page shared by several processes (a fork's copy-on-write pages, shared
    libraries) once per process: an upper bound of the tree's memory.
    """
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(entry)) is not None:
            stats[int(entry)] = found
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        if pid in stats:
            seen.append(pid)
            todo.extend(children.get(pid, []))
    own = stats[root][1] * PAGE if root in stats else 0
    return own, sum(stats[p][1] for p in seen) * PAGE, len(seen)


@dataclass
class MemoryWatch:
    """Samples :func:`tree_rss` of ``pid`` every ``interval`` seconds in a thread, keeping the
    peaks since the last :meth:`take`."""

    pid: int
    interval: float = 0.5
    parent: int = 0
    tree: int = 0
    processes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            own, tree, count = tree_rss(self.pid)
            with self._lock:
                self.parent, self.tree = max(self.parent, own), max(self.tree, tree)
                self.processes = max(self.processes, count)

    def take(self) -> tuple[int, int, int]:
        """The peaks (parent bytes, tree bytes, processes) since the last call; reset them."""
        with self._lock:
            peaks = self.parent, self.tree, self.processes
            self.parent = self.tree = self.processes = 0
        return peaks


@dataclass(frozen=True)
class Block:
    """One block of students of a timed class: when its last row came, and the peaks in it."""

    done: int
    seconds: float
    parent_mb: float
    tree_mb: float
    processes: int
    load: float  # the 1-minute load average when the block ended


def grade_timed(
    command: Sequence[str],
    cwd: Path,
    total: int,
    block: int,
    interval: float = 0.5,
    report: Callable[[Block], object] = lambda block: None,
) -> tuple[list[Block], int]:
    """Run ``grade-class`` (``command``), timing every ``block`` rows of its progress (stderr).

    Returns the blocks, each also passed to ``report`` as it ends, and the command's exit code.
    Memory is sampled from /proc every ``interval`` seconds (Linux); elsewhere it reads 0.
    """
    start = time.perf_counter()
    blocks: list[Block] = []
    process = subprocess.Popen(
        list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    done, last = 0, start
    with MemoryWatch(process.pid, interval) as watch:
        for line in process.stderr:
            if not line.startswith("["):
                continue
            done += 1
            if done % block == 0 or done == total:
                now = time.perf_counter()
                parent, tree, count = watch.take()
                load = os.getloadavg()[0]
                blocks.append(Block(done, now - last, parent / 2**20, tree / 2**20, count, load))
                report(blocks[-1])
                last = now
    return blocks, process.wait()
