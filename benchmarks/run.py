"""Measure how fast backprop-lab answers, against baselines measured in the same run.

Usage (from anywhere; the repository is found from this file)::

    python benchmarks/run.py                     # everything, medians of 5 runs
    python benchmarks/run.py --repeat 3 --class-size 20 --only loop grade

What it prints (see benchmarks/README.md): the student loop (``pytest`` on a completed release)
against the import floor ``python -c "import numpy, pytest"``; one full grade of the reference
solutions; a class through ``autograder grade-class --jobs 2`` against nbgrader's ``autograde``
of the same class exported by ``autograder nbgrader export``; the reference digits classifier
against scikit-learn's ``MLPClassifier`` with the same hidden layer on the same splits.

"One core" means: BLAS and OpenMP limited to one thread (set below, before numpy is imported)
and the process pinned to one CPU (``sched_setaffinity``, Linux; elsewhere only the threads are
limited). Nothing here passes or fails: it prints numbers, and exits 2 only on bad options.
"""

from __future__ import annotations

import os

ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}
os.environ.update(ONE_THREAD)  # before numpy is imported, for this process and its children
# A student's or a grading machine's Python keeps compiled modules in __pycache__: the measured
# commands may write them (the warm-up run does), whatever this shell says.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

import argparse  # noqa: E402
import contextlib  # noqa: E402
import csv  # noqa: E402
import datetime  # noqa: E402
import functools  # noqa: E402
import importlib.metadata  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

try:
    import resource
except ImportError:  # Windows: CPU times of children are not available
    resource = None

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the course packages (solutions) are not installed

import classes  # noqa: E402  (benchmarks/classes.py, beside this file)

from autograder.contract import TOPICS  # noqa: E402

SECTIONS = ("loop", "grade", "class", "nbgrader", "digits", "large-class")
DEFAULT_SECTIONS = ("loop", "grade", "class", "nbgrader", "digits")
ASSIGNMENT = "backprop-lab"
PY = sys.executable


class CommandFailed(RuntimeError):
    """A measured command exited with an unexpected code; the message holds its output's end."""


# --- measuring ------------------------------------------------------------------------------
def _one_cpu() -> set[int] | None:
    """The CPU to pin to (the lowest this process may use), or None where pinning is missing."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    return {min(os.sched_getaffinity(0))}


@contextlib.contextmanager
def pinned(enabled: bool = True) -> Iterator[None]:
    """Run the block (and the processes it starts) on one CPU, then restore the affinity."""
    cpu = _one_cpu() if enabled else None
    if cpu is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpu)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


@dataclass(frozen=True)
class Sample:
    """One measurement: wall seconds, and CPU seconds (user + system) of the process and of every
    process it waited for (NaN where the system cannot tell)."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.2f} s (CPU {self.cpu:.2f} s)"


def _children_cpu() -> float:
    if resource is None:
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(
    command: Sequence[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    expect: tuple[int, ...] = (0,),
) -> Sample:
    """Time one run of ``command``; CommandFailed for an exit code not in ``expect``."""
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run(
        list(command),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sample = Sample(time.perf_counter() - start, _children_cpu() - cpu)
    if proc.returncode not in expect:
        tail = "\n".join(proc.stdout.strip().splitlines()[-12:])
        raise CommandFailed(f"`{' '.join(command)}` (in {cwd}) exited {proc.returncode}:\n{tail}")
    return sample


def median(samples: Sequence[Sample]) -> Sample:
    """The median wall time and, separately, the median CPU time."""
    return Sample(
        statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples)
    )


def interleaved(
    runs: dict[str, Callable[[], Sample]], repeat: int, warmup: bool = True
) -> dict[str, Sample]:
    """Median of every run in ``runs``, taking turns so that drift hits all alike."""
    if warmup:
        for run in runs.values():
            run()  # fills the file cache and writes __pycache__
    samples: dict[str, list[Sample]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name].append(run())
    return {name: median(values) for name, values in samples.items()}


def say(text: str = "") -> None:
    print(text, flush=True)


def ratio(value: Sample, base: Sample) -> str:
    """``value`` as a multiple of ``base``, in wall time and in CPU time."""
    return f"{value.wall / base.wall:.1f}x (CPU {value.cpu / base.cpu:.1f}x)"


# --- the machine ----------------------------------------------------------------------------
def load_now() -> str:
    """The load averages now, as printed after a figure measured on a shared machine."""
    try:
        return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ""
    with contextlib.suppress(OSError):
        load = f", load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start"
    versions = ", ".join(
        f"{name} {_version(dist)}"
        for name, dist in (
            ("numpy", "numpy"),
            ("pytest", "pytest"),
            ("matplotlib", "matplotlib"),
            ("scikit-learn", "scikit-learn"),
            ("nbgrader", "nbgrader"),
        )
    )
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}, {platform.system()} {platform.release()}{load}\n"
        f"Python {platform.python_version()}, {versions}"
    )


# --- the student loop -----------------------------------------------------------------------
def make_release(tmp: Path) -> tuple[Path, str]:
    """A student release completed with the reference solutions, and how it was made."""
    dest = tmp / "release"
    try:
        run_once([PY, "-m", "autograder", "release", str(dest)], cwd=REPO)
        how = "made by `python -m autograder release`"
    except CommandFailed as exc:
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(REPO / "exercises", dest / "exercises")
        shutil.copytree(REPO / "tests" / "public", dest / "tests" / "public")
        shutil.copytree(
            REPO / "autograder",
            dest / "autograder",
            ignore=shutil.ignore_patterns("instructor", "__pycache__"),
        )
        reason = str(exc).splitlines()[-1]
        how = (
            f"copied by hand: exercises/, tests/public/, autograder/ without instructor/ ({reason})"
        )
    for topic in TOPICS:  # a student who has finished: every test runs real code
        shutil.copyfile(REPO / "solutions" / f"{topic}.py", dest / "exercises" / f"{topic}.py")
    return dest, how


def other_pytest_plugins() -> list[str]:
    eps = importlib.metadata.entry_points(group="pytest11")
    return sorted({ep.dist.name if ep.dist else ep.name for ep in eps if ep.name != "autograder"})


def bench_student_loop(tmp: Path, repeat: int) -> Sample:
    release, how = make_release(tmp)
    digits = release / "tests" / "public" / "test_digits.py"
    say(f"release: {how}; exercises/ filled with the reference solutions")
    if not digits.exists():
        say(
            "  (the release has no tests/public/test_digits.py yet: "
            "'with digits' runs the same tests)"
        )
    clean = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    pytest = [PY, "-m", "pytest", "-q", "-p", "autograder.plugin"]
    no_digits = [*pytest, f"--ignore={digits.relative_to(release)}"]
    floor = [PY, "-c", "import numpy, pytest"]
    expect = (0, 1)  # a failing test still measures the loop; it is reported below
    runs = {
        "floor": lambda: run_once(floor, release),
        "without digits": lambda: run_once(no_digits, release, clean, expect),
        "with digits": lambda: run_once(pytest, release, clean, expect),
    }
    plugins = other_pytest_plugins()
    if plugins:
        env_pytest = [PY, "-m", "pytest", "-q"]
        runs["with digits, this environment's plugins"] = lambda: run_once(
            env_pytest, release, None, expect
        )
    code = _exit_code(pytest, release, clean)
    if code != 0:
        say(
            f"  note: pytest exits {code} on the reference solutions "
            "(some tests fail; timed anyway)"
        )
    with pinned():
        medians = interleaved(runs, repeat)
    base = medians["floor"]
    say(f'import floor `python -c "import numpy, pytest"`, one core: {base}')
    for name, target in (("without digits", 1.0), ("with digits", 1.8)):
        value = medians[name]
        say(
            f"student loop, pytest on the public tests {name}, one core: {value} "
            f"= {ratio(value, base)} the import floor "
            f"(+{value.wall - base.wall:.2f} s; target < {target:g} s)"
        )
    if plugins:
        value = medians["with digits, this environment's plugins"]
        say(
            f"  the same with this environment's other pytest plugins loaded "
            f"({', '.join(plugins)}): {value} = {ratio(value, base)} the import floor"
        )
    return base


def _exit_code(command: Sequence[str], cwd: Path, env: dict[str, str]) -> int:
    proc = subprocess.run(
        list(command), cwd=cwd, env={**os.environ, **env}, capture_output=True, check=False
    )
    return proc.returncode


# --- one grade ------------------------------------------------------------------------------
def bench_grade(tmp: Path, repeat: int, floor: Sample | None) -> None:
    """One full grade with every isolation layer this machine offers, and without them; and a
    student's grade in the instructor's repository, where each function is judged on its own."""
    command = [PY, "-m", "autograder", "grade", "solutions", "--hidden", "--quiet"]
    bare = {"AUTOGRADER_ISOLATION_DISABLE": "uid,namespaces,landlock"}
    copy, wrong = tmp / "copy", tmp / "wrong-softmax"
    classes.copies_of_the_reference(copy, 1)
    classes.copies_of_the_reference(wrong, 1)
    softmax = wrong / "student0000" / "exercises" / "activations.py"
    softmax.write_text(softmax.read_text() + "\n\ndef softmax(z, axis=-1):\n    return z * 0.0\n")
    with pinned():
        if floor is None:
            runs = {"floor": lambda: run_once([PY, "-c", "import numpy, pytest"], REPO)}
        else:
            runs = {}
        runs["grade"] = lambda: run_once(command, REPO)
        runs["bare"] = lambda: run_once(command, REPO, env=bare)
        for name, folder in (("copy", copy), ("wrong", wrong)):
            student = [*command[:4], str(folder / "student0000"), *command[5:]]
            runs[name] = functools.partial(run_once, student, REPO, expect=(0, 1))
        medians = interleaved(runs, repeat)
    floor = medians.get("floor", floor)
    value, without = medians["grade"], medians["bare"]
    layers = isolation_layers()
    say(
        f"one full grade (public + hidden) `autograder grade solutions --hidden`, one core, "
        f"isolated by {layers}: {value} = {ratio(value, floor)} the import floor (target < 2 s)"
    )
    say(
        f"  the same grade with only rlimits and the audit hook: {without}; isolation costs "
        f"{ratio(value, without)} its time (target <= 1.10x)"
    )
    say(
        f"  where its CPU goes: {value.cpu:.2f} s in the grading process (with every layer the "
        f"worker's PID namespace hides its CPU), {without.cpu - value.cpu:.2f} s in the worker "
        "(the difference: without namespaces the worker is reaped and counted)"
    )
    say(
        f"  a copy of the reference graded as a student's submission (each function judged on "
        f"its own, its callees proven by their own tests): {medians['copy']} = "
        f"{ratio(medians['copy'], value)} the reference grading itself"
    )
    say(
        f"  the same with a softmax that returns zeros (every function that reaches softmax runs "
        f"with the reference's, the digits networks too): {medians['wrong']} = "
        f"{ratio(medians['wrong'], value)}"
    )


# The digits networks a full grade trains: the split and seed of the public accuracy test
# (tests/public/test_digits.py) and of the hidden test of another split (tests/hidden/).
GRADE_TRAINING_SEEDS = (0, 7)


def total(*samples: Sample) -> Sample:
    """The sum of ``samples``, wall and CPU apart."""
    return Sample(sum(s.wall for s in samples), sum(s.cpu for s in samples))


def graded_test_count(tmp: Path) -> int:
    """How many graded tests one full grade runs, read from its results.json."""
    report = tmp / "count.json"
    run_once(
        [PY, "-m", "autograder", "grade", "solutions", "--hidden", "--json", str(report)], REPO
    )
    return len(json.loads(report.read_text(encoding="utf-8"))["tests"])


def empty_tests(folder: Path, count: int) -> Path:
    """A folder of ``count`` empty pytest tests."""
    folder.mkdir(parents=True)
    (folder / "pytest.ini").write_text("[pytest]\n")
    tests = "".join(f"def test_{n}():\n    pass\n\n\n" for n in range(count))
    (folder / "test_empty.py").write_text(tests)
    return folder


@functools.cache
def digits_split(seed: int) -> tuple:
    """The training and validation rows of the digits tests' split with ``seed`` (the public and
    the hidden test files split alike), from the public test file's own function."""
    from solutions.digits import load_digits

    spec = importlib.util.spec_from_file_location(
        "public_digits_tests", REPO / "tests" / "public" / "test_digits.py"
    )
    tests = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tests)
    X, y = load_digits()
    train, val, _ = tests.stratified_split(y, seed=seed)
    return X[train], y[train], X[val], y[val]


def training_time(seed: int) -> Sample:
    """The reference ``train_classifier`` on the digits tests' split with ``seed``, in this
    process."""
    import numpy as np

    from solutions.digits import train_classifier

    rows = digits_split(seed)
    cpu, start = time.process_time(), time.perf_counter()
    train_classifier(*rows, np.random.default_rng(seed))
    return Sample(time.perf_counter() - start, time.process_time() - cpu)


def bench_least_grade(tmp: Path, repeat: int, floor: Sample | None) -> Sample:
    """What a full grade costs at the least, whatever the grader does; returns the part of it
    that every submission of a class pays (all but the import floor)."""
    count = graded_test_count(tmp)
    one, many = empty_tests(tmp / "one-empty-test", 1), empty_tests(tmp / "empty-tests", count)
    pytest = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    clean = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    with pinned():
        runs = {}
        if floor is None:
            runs["floor"] = lambda: run_once([PY, "-c", "import numpy, pytest"], REPO)
        runs["worker"] = lambda: run_once([PY, "-I", "-c", "import numpy"], REPO)
        runs["one"] = lambda: run_once(pytest, one, clean)
        runs["many"] = lambda: run_once(pytest, many, clean)
        medians = interleaved(runs, repeat)
        trainings = [
            median([training_time(s) for _ in range(repeat)]) for s in GRADE_TRAINING_SEEDS
        ]
    floor, worker = medians.get("floor", floor), medians["worker"]
    scale = count / (count - 1)
    tests = Sample(
        (medians["many"].wall - medians["one"].wall) * scale,
        (medians["many"].cpu - medians["one"].cpu) * scale,
    )
    each = total(worker, *trainings, tests)
    least = total(floor, each)
    say(
        f"  the least a full grade can cost, whatever the grader does: the import floor {floor} "
        f"+ a fresh worker's `import numpy` {worker} + the reference's two digits trainings of a "
        f"grade (the splits of seeds {' and '.join(map(str, GRADE_TRAINING_SEEDS))}, in this "
        f"process) {total(*trainings)} + pytest's own cost of {count} empty tests {tests} = "
        f"{least} = {ratio(least, floor)} the import floor (target about 4.5x)"
    )
    return each


def make_trivial_course(folder: Path) -> Path:
    """A course of trivial graded tests (one worker call each, see ``trivial/``) on the
    reference; ``BENCH_TRIVIAL_TESTS`` says how many."""
    course = folder / "trivial"
    (course / "tests" / "public").mkdir(parents=True)
    shutil.copyfile(
        REPO / "benchmarks" / "trivial" / "test_activations.py",
        course / "tests" / "public" / "test_activations.py",
    )
    shutil.copytree(
        REPO / "solutions", course / "exercises", ignore=shutil.ignore_patterns("__pycache__")
    )
    return course


def bench_per_test(tmp: Path, repeat: int, count: int = 300) -> None:
    """The grader's own cost per graded test: a grade of ``count`` trivial tests against one.

    The worker runs without namespaces (its other layers stay): in a PID namespace it is killed,
    not reaped, and its CPU time would be missing from the figures.
    """
    command = [PY, "-m", "autograder", "grade", "exercises", "--quiet"]
    course = make_trivial_course(tmp)
    env = {"AUTOGRADER_ISOLATION_DISABLE": "namespaces"}
    with pinned():
        runs = {"floor": lambda: run_once([PY, "-c", "import numpy, pytest"], REPO)}
        runs["one"] = lambda: run_once(command, course, {**env, "BENCH_TRIVIAL_TESTS": "1"})
        runs["many"] = lambda: run_once(command, course, {**env, "BENCH_TRIVIAL_TESTS": str(count)})
        medians = interleaved(runs, repeat)
    floor = medians["floor"]
    each = Sample(
        (medians["many"].wall - medians["one"].wall) / (count - 1),
        (medians["many"].cpu - medians["one"].cpu) / (count - 1),
    )
    say(
        f"the grader's cost per graded test: a grade of {count} trivial tests (one call of "
        f"sigmoid each; the worker without namespaces, so that its CPU time counts) "
        f"{medians['many']} against one such test {medians['one']} and the import "
        f"floor {floor}: {each.wall * 1000:.2f} ms per test (CPU {each.cpu * 1000:.2f} ms; "
        "target <= 2 ms)"
    )


def isolation_layers() -> str:
    """The layers a worker gets on this machine, as the grader reports them."""
    code = (
        "from pathlib import Path; from autograder.sandbox.client import Sandbox\n"
        "s = Sandbox(Path('solutions'), None, [Path('tests')]); s.start(); "
        "print(', '.join(s.layers)); s.stop()"
    )
    done = subprocess.run([PY, "-c", code], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip() or f"unknown ({done.stderr.strip()[-200:]})"


# --- a class --------------------------------------------------------------------------------
def grade_class_command(submissions: Path, out: Path, course: Path, jobs: int) -> list[str]:
    """``autograder grade-class`` of ``submissions`` with the course ``course``."""
    command = [PY, "-m", "autograder", "grade-class", str(submissions), "--out", str(out)]
    return command + ["--jobs", str(jobs), "--force", "--course", str(course)]


def bench_class(tmp: Path, size: int, jobs: int, repeat: int) -> float | None:
    """Submissions per second through grade-class, or None when the command is missing.

    The class is graded as ``grade.yml`` grades it: with a copy of the course without
    ``solutions/``. Then a part of the class (at most 20) is graded again with a process
    started anew for every student (``--no-fork-server``), the way grade-class worked before.
    """
    if not (REPO / "autograder" / "instructor" / "grade_class.py").is_file():
        say("class: skipped, autograder/instructor/grade_class.py does not exist yet")
        return None
    course = classes.course_artifact(tmp)
    submissions = tmp / "class"
    classes.copies_of_the_reference(submissions, size)
    out = tmp / "gradebook"
    command = grade_class_command(submissions, out, course, jobs)
    small = tmp / "small-class"
    classes.copies_of_the_reference(small, min(size, 20))
    anew = [*grade_class_command(small, tmp / "anew", course, jobs), "--no-fork-server"]
    try:
        sample = median([run_once(command, course) for _ in range(repeat)])
        old = median([run_once(anew, course) for _ in range(repeat)])
    except CommandFailed as exc:
        say(f"class: grade-class failed, skipped:\n{exc}")
        return None
    with open(out / "gradebook.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    scores = sorted({f"{float(r['total']):g}/{float(r['max']):g} ({r['status']})" for r in rows})
    rate, old_rate = size / sample.wall, min(size, 20) / old.wall
    say(
        f"class of {size} through `autograder grade-class --jobs {jobs}` (public + hidden, the "
        f"course with solutions/ as grade.yml grades it): {sample.wall:.1f} s = {rate:.2f} "
        f"submissions/s, CPU {sample.cpu / size:.2f} s per submission; every row scored "
        f"{', '.join(scores)}; {load_now()}"
    )
    say(
        f"  the first {min(size, 20)} again with `--no-fork-server` (autograder grade started "
        f"anew per student): {old_rate:.2f} submissions/s, CPU {old.cpu / min(size, 20):.2f} s "
        f"per submission; the fork server grades {rate / old_rate:.2f}x as fast; {load_now()}"
    )
    return rate


def bench_large_class(tmp: Path, size: int, jobs: int, block: int = 100) -> None:
    """A synthetic class of ``size`` (reference, mistakes, stubs) through grade-class: the time
    and the peak memory of every ``block`` students."""
    course = classes.course_artifact(tmp / "large")
    submissions = tmp / "large" / "class"
    counts = classes.synthetic_class(submissions, size)
    out = tmp / "large" / "gradebook"
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    say(f"large class: {size} synthetic submissions ({kinds}) through `grade-class --jobs {jobs}`")
    command = grade_class_command(submissions, out, course, jobs)
    ends = [0]

    def report(each: classes.Block) -> None:
        students = each.done - ends[-1]
        say(
            f"  students {ends[-1] + 1}-{each.done}: {each.seconds:.1f} s = "
            f"{100 * each.seconds / students:.1f} s per 100; peak resident memory: grade-class "
            f"{each.parent_mb:.0f} MB, its whole process tree {each.tree_mb:.0f} MB "
            f"({each.processes} processes); load average {each.load:.1f}"
        )
        ends.append(each.done)

    cpu = _children_cpu()
    blocks, code = classes.grade_timed(command, course, size, block, report=report)
    cpu = _children_cpu() - cpu
    full = [b for b in blocks if b.done % block == 0] or blocks
    per = [b.seconds for b in full]
    total = sum(b.seconds for b in blocks)
    say(
        f"  in all: {total:.0f} s = {size / total:.2f} submissions/s, CPU {cpu / size:.2f} s per "
        f"submission, exit code {code}; per {block}: first {per[0]:.1f} s, last {per[-1]:.1f} s, "
        f"min {min(per):.1f} s, max {max(per):.1f} s (last/first {per[-1] / per[0]:.2f}); peak "
        f"memory first/last block: grade-class {full[0].parent_mb:.0f}/{full[-1].parent_mb:.0f} "
        f"MB, tree {full[0].tree_mb:.0f}/{full[-1].tree_mb:.0f} MB; largest single process "
        f"{_children_maxrss_mb():.0f} MB"
    )


def _children_maxrss_mb() -> float:
    """The largest resident size of any process this one waited for, in MB (Linux: kB)."""
    if resource is None:
        return float("nan")
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bench_nbgrader(
    tmp: Path, size: int, ours: float | None, least: Sample | None, jobs: int
) -> None:
    """nbgrader's autograde of a class, and grade-class's throughput (``ours``) against it; with
    ``least`` (what every submission costs a core at the least), the most grade-class could
    reach with ``jobs`` jobs."""
    if importlib.util.find_spec("nbgrader") is None or shutil.which("nbgrader") is None:
        say("nbgrader: skipped, nbgrader is not installed (pip install -e '.[nbgrader]')")
        return
    if not (REPO / "autograder" / "instructor" / "nbgrader_export.py").is_file():
        say("nbgrader: skipped, autograder/instructor/nbgrader_export.py does not exist yet")
        return
    course = tmp / "nbgrader"
    try:
        run_once([PY, "-m", "autograder", "nbgrader", "export", str(course)], cwd=REPO)
        run_once(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=course)
    except CommandFailed as exc:
        say(f"nbgrader: export or generate_assignment failed, skipped:\n{exc}")
        return
    released, source = course / "release" / ASSIGNMENT, course / "source" / ASSIGNMENT
    for number in range(size):  # the released files with the reference answers filled in
        submission = course / "submitted" / f"student{number:03d}" / ASSIGNMENT
        shutil.copytree(released, submission)
        for notebook in source.glob("*.ipynb"):
            shutil.copyfile(notebook, submission / notebook.name)
    try:
        sample = run_once(["nbgrader", "autograde", ASSIGNMENT, "--force"], cwd=course)
    except CommandFailed as exc:
        say(f"nbgrader: autograde failed, skipped:\n{exc}")
        return
    rate = size / sample.wall
    say(
        f"nbgrader `autograde` of {size} submissions exported by `autograder nbgrader export` "
        f"(public + hidden): {sample.wall:.1f} s = {rate:.3f} submissions/s, "
        f"{sample.wall / size:.1f} s each, CPU {sample.cpu / size:.2f} s per submission"
        f"{_nbgrader_scores(course)}; {load_now()}"
    )
    if ours is not None:
        say(f"  grade-class throughput = {ours / rate:.1f}x nbgrader's (target >= 30x)")
    if least is not None:
        cores = min(jobs, os.cpu_count() or 1)
        most = cores / least.cpu
        say(
            f"  every submission costs a core at least {least.cpu:.2f} s of CPU (a fresh worker's "
            f"`import numpy`, the two digits trainings, pytest's own cost per test: see the full "
            f"grade), so `grade-class --jobs {jobs}` on {cores} CPUs grades at most {most:.2f} "
            f"submissions/s = {most / rate:.1f}x nbgrader's, whatever the grader does"
        )


def _nbgrader_scores(course: Path) -> str:
    try:
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            scores = {
                f"{s.score:g}/{s.max_score:g}" for s in gradebook.assignment_submissions(ASSIGNMENT)
            }
    except Exception as exc:  # the scores are a courtesy; the timing stands without them
        return f" (scores unreadable: {type(exc).__name__})"
    return f"; every submission scored {', '.join(sorted(scores))}"


# --- the digits classifier ------------------------------------------------------------------
def stratified_split(labels, seed: int):
    """Indices of a stratified 60/20/20 train/validation/test split."""
    import numpy as np

    rng = np.random.default_rng(seed)
    parts: tuple[list, list, list] = ([], [], [])
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cut1, cut2 = round(0.6 * len(members)), round(0.8 * len(members))
        for part, chunk in zip(parts, np.split(members, [cut1, cut2]), strict=True):
            part.append(chunk)
    return tuple(rng.permutation(np.concatenate(part)) for part in parts)


def bench_digits(repeat: int, seeds: Sequence[int] = (0, 1, 2, 3, 4)) -> None:
    import numpy as np

    from solutions.digits import DEFAULTS, load_digits, predict, train_classifier

    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        MLPClassifier = None
    X, y = load_digits()
    hidden = DEFAULTS["n_hidden"]

    def ours(train, val, test, seed):
        cpu, start = time.process_time(), time.perf_counter()
        params = train_classifier(X[train], y[train], X[val], y[val], np.random.default_rng(seed))
        accuracy = float(np.mean(predict(params, X[test]) == y[test]))
        return Sample(time.perf_counter() - start, time.process_time() - cpu), accuracy

    def sklearn(train, val, test, seed):
        model = MLPClassifier(hidden_layer_sizes=(hidden,), activation="relu", random_state=seed)
        cpu, start = time.process_time(), time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X[train], y[train])
        accuracy = float(np.mean(model.predict(X[test]) == y[test]))
        return Sample(time.perf_counter() - start, time.process_time() - cpu), accuracy

    contenders = {"ours": ours} | ({"sklearn": sklearn} if MLPClassifier else {})
    times = {name: [] for name in contenders}
    accuracies = {name: [] for name in contenders}
    with pinned():
        for seed in seeds:
            split = stratified_split(y, seed)
            for name, fit in contenders.items():
                runs = [fit(*split, seed) for _ in range(repeat)]
                times[name].append(median([sample for sample, _ in runs]))
                accuracies[name].append(runs[0][1])
    n = len(seeds)
    ours_time, ours_acc = median(times["ours"]), float(np.mean(accuracies["ours"]))
    say(
        f"digits, reference train_classifier + predict ({hidden} ReLU units, minibatch SGD, early "
        f"stopping), {n} stratified 60/20/20 splits, one core: {ours_time} per split "
        f"(median), mean test accuracy {ours_acc:.2%} (min {min(accuracies['ours']):.2%})"
    )
    if not MLPClassifier:
        say("  scikit-learn: skipped, not installed")
        return
    sk_time, sk_acc = median(times["sklearn"]), float(np.mean(accuracies["sklearn"]))
    verdict = "equal or better" if ours_acc >= sk_acc else "lower"
    say(
        f"  scikit-learn MLPClassifier(hidden_layer_sizes=({hidden},)) (adam, its own stopping rule) on "
        f"the same training rows: {sk_time} per split, mean test accuracy {sk_acc:.2%}; "
        f"ours takes {ratio(ours_time, sk_time)} its time at {verdict} accuracy"
    )


# --- command line ---------------------------------------------------------------------------
def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Time the student loop, one grade, a class and the digits classifier, "
        "each against a baseline measured in the same run. Prints medians; never fails.",
    )
    parser.add_argument("--repeat", type=positive, default=5, help="runs per median (default 5)")
    parser.add_argument(
        "--class-size", type=positive, default=100, help="submissions in the class (default 100)"
    )
    parser.add_argument(
        "--class-repeat",
        type=positive,
        default=1,
        help="runs of the whole class for its median (default 1: a class takes minutes)",
    )
    parser.add_argument("--jobs", type=positive, default=2, help="grade-class --jobs (default 2)")
    parser.add_argument(
        "--nbgrader-class-size",
        type=positive,
        default=5,
        help="submissions nbgrader grades (default 5: it takes many seconds each; its "
        "throughput is per submission, it grades one after another)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        default=list(DEFAULT_SECTIONS),
        help="sections to run (default: all but large-class)",
    )
    parser.add_argument(
        "--large-class-size",
        type=positive,
        default=1000,
        help="synthetic submissions in the large-class section (default 1000; about half an "
        "hour on 2 CPUs)",
    )
    args = parser.parse_args(argv)

    now = datetime.datetime.now(datetime.timezone.utc)
    say(f"backprop-lab benchmarks, {now:%Y-%m-%d %H:%M} UTC, medians of {args.repeat} runs")
    say(machine())
    say(
        "one core = pinned to one CPU with OMP/OPENBLAS/MKL_NUM_THREADS=1"
        if _one_cpu()
        else "one core = OMP/OPENBLAS/MKL_NUM_THREADS=1 (no CPU pinning on this system)"
    )
    say()
    floor = None
    with tempfile.TemporaryDirectory(prefix="backprop-bench-") as name:
        tmp = Path(name)
        if "loop" in args.only:
            floor = bench_student_loop(tmp, args.repeat)
        least = None
        if "grade" in args.only:
            bench_grade(tmp, args.repeat, floor)
            least = bench_least_grade(tmp, args.repeat, floor)
            bench_per_test(tmp, args.repeat)
        rate = None
        if "class" in args.only:
            rate = bench_class(tmp, args.class_size, args.jobs, args.class_repeat)
        if "nbgrader" in args.only:
            bench_nbgrader(tmp, args.nbgrader_class_size, rate, least, args.jobs)
        if "digits" in args.only:
            bench_digits(args.repeat)
        if "large-class" in args.only:
            bench_large_class(tmp, args.large_class_size, args.jobs)
    with contextlib.suppress(OSError):
        say(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
