"""``autograder mutation``: prove the graded tests catch every catalogued mistake, and name it.

For each mistake of :mod:`.mistakes` the reference solutions are copied into a temporary
submission folder with that one mistake patched in, and the copy is graded with
:func:`autograder.grading.grade` on the public and hidden tests. A mistake is *killed* when a
test of its own exercise that the reference passes loses points, and *diagnosed* when the
feedback of one of those failed tests names it (the plugin puts :meth:`Diagnosis.text` into the
message). The gate passes only at 100 % of both.

Grades run in ``--jobs`` long-lived grading processes (each grades many submissions, so Python,
numpy and the test modules are loaded once per process, not once per mutant). Two scopes:

* ``--scope full`` (the default): every mutant is graded on every test;
* ``--scope exercise``: every mutant is graded on the tests of its own exercise only. Both
  verdicts depend on those tests alone, so they are the same as with the full suite (as long as
  the tests are deterministic and a mistake changes nothing but its own function's behaviour);
  what is not computed is how many points the mutant loses elsewhere.

``--write-diagnosis`` runs every mistake, in the sandboxed worker, on its exercise's probe calls
and writes the fingerprints to ``autograder/diagnosis.json``; ``--check-diagnosis`` fails when
that file is not what would be written now.

This module is also loaded as a pytest plugin inside the grading processes (``-p``); its hook
acts only when the environment variable ``BPLAB_MUTATION_EXERCISE`` names the exercise whose
tests are to run.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .. import diagnosis
from ..contract import EXERCISES, TOPICS
from ..results import GradeResult
from ..sandbox import protocol
from ..sandbox.client import Sandbox
from .mistakes import MISTAKES, PROBES, Mistake, PatchError, Probes

PROBE_TIME_LIMIT = 10.0
SCOPES = ("full", "exercise")
EXERCISE_ENV = "BPLAB_MUTATION_EXERCISE"
DONE = "BPLAB-MUTATION-DONE"
SERVE = "from autograder.instructor.mutation import serve; serve()"


class DiagnosisDataError(RuntimeError):
    """The probes cannot tell the mistakes apart (or from the reference)."""


# --- mutant submissions ----------------------------------------------------------------------
def reference_sources(solutions: Path) -> dict[str, str]:
    """The six topic files of the reference solutions."""
    return {topic: (solutions / f"{topic}.py").read_text(encoding="utf-8") for topic in TOPICS}


def mutant_sources(mistake: Mistake, solutions: Path) -> dict[str, str]:
    """The six topic files of a submission that is the reference with ``mistake`` patched in."""
    sources = reference_sources(solutions)
    path = solutions / f"{mistake.topic}.py"
    sources[mistake.topic] = mistake.apply(sources[mistake.topic], str(path))
    return sources


def write_submission(sources: dict[str, str], folder: Path) -> Path:
    """Lay ``sources`` out as a submission (``folder/exercises/<topic>.py``); return ``folder``."""
    exercises = folder / "exercises"
    exercises.mkdir(parents=True)
    (exercises / "__init__.py").write_text("", encoding="utf-8")
    for topic, text in sources.items():
        (exercises / f"{topic}.py").write_text(text, encoding="utf-8")
    return folder


def _sandbox(course: Path, source: Path) -> Sandbox:
    hidden = [p for p in (course / "solutions", course / "tests") if p.exists()]
    return Sandbox(source, course / "solutions" / "data", hidden)


# --- diagnosis data --------------------------------------------------------------------------
def _encode_call(args: tuple, kwargs: dict) -> dict:
    return {"args": protocol.encode(tuple(args))["items"], "kwargs": protocol.encode(dict(kwargs))}


def probe_fingerprint(sandbox: Sandbox, exercise: str, probes: Probes) -> str:
    """Fingerprint of the code in ``sandbox`` on the probes of ``exercise``."""
    topic, name = exercise.split(".")
    # Run the probes exactly as the student side will: encoded, then decoded.
    calls = diagnosis.decode_probes({"probes": [_encode_call(a, k) for a, k in probes.calls]})

    def run(args: tuple, kwargs: dict) -> object:
        return sandbox.call(topic, name, args, kwargs, PROBE_TIME_LIMIT)

    return diagnosis.fingerprint(diagnosis.run_probes(run, calls, probes.select))


def build_diagnosis(course: Path, jobs: int = 2) -> dict:
    """The content of ``diagnosis.json`` for the catalogue and the solutions in ``course``.

    Every mistake runs in its own sandboxed worker, ``jobs`` at a time.

    Raises
    ------
    DiagnosisDataError
        When a mistake has no probes, behaves like the reference on its probes, or has the
        fingerprint of another mistake of the same exercise.
    PatchError
        When a mistake no longer fits the solutions.
    """
    solutions = course / "solutions"
    missing = sorted({m.exercise for m in MISTAKES} - set(PROBES))
    if missing:
        raise DiagnosisDataError(f"no probes in mistakes.PROBES for {', '.join(missing)}")
    sources = {m.name: mutant_sources(m, solutions) for m in MISTAKES}

    def reference() -> dict[str, str]:
        with _sandbox(course, solutions) as sandbox:
            return {ex: probe_fingerprint(sandbox, ex, probes) for ex, probes in PROBES.items()}

    def mutant(mistake: Mistake) -> str:
        with tempfile.TemporaryDirectory(prefix="bplab-mutant-") as folder:
            submission = write_submission(sources[mistake.name], Path(folder))
            with _sandbox(course, submission / "exercises") as sandbox:
                return probe_fingerprint(sandbox, mistake.exercise, PROBES[mistake.exercise])

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        expected_future = pool.submit(reference)
        found = dict(zip([m.name for m in MISTAKES], pool.map(mutant, MISTAKES), strict=True))
        expected = expected_future.result()

    problems = []
    exercises: dict[str, dict] = {}
    for exercise in (f"{t}.{f}" for t in TOPICS for f in EXERCISES[t]):
        mistakes = [m for m in MISTAKES if m.exercise == exercise]
        if not mistakes:
            continue
        seen: dict[str, str] = {}
        for m in mistakes:
            if found[m.name] == expected[exercise]:
                problems.append(
                    f"{m.name}: behaves like the reference on every probe of {exercise}"
                )
            elif found[m.name] in seen:
                problems.append(
                    f"{m.name}: same outputs as {seen[found[m.name]]} on every probe of {exercise}"
                )
            seen.setdefault(found[m.name], m.name)
        probes = PROBES[exercise]
        exercises[exercise] = {
            "probes": [_encode_call(a, k) for a, k in probes.calls],
            "select": probes.select,
            "mistakes": [
                {
                    "name": m.name,
                    "misconception": m.misconception,
                    "hint": m.hint,
                    "fingerprint": found[m.name],
                }
                for m in mistakes
            ],
        }
    if problems:
        raise DiagnosisDataError(
            "the probes cannot tell these mistakes apart (add or change probes in "
            "mistakes.PROBES):\n  " + "\n  ".join(problems)
        )
    return {"format": diagnosis.FORMAT, "exercises": exercises}


def diagnosis_text(data: dict) -> str:
    """``data`` as the text of ``diagnosis.json``."""
    return json.dumps(data, indent=1, ensure_ascii=True) + "\n"


# --- grading processes -----------------------------------------------------------------------
def serve() -> None:
    """Grade submissions named on stdin, one JSON request a line, until stdin closes.

    A request is ``{"submission", "course", "out", "exercise"}``; the grade (of the tests of
    ``exercise`` only, when it is not None) is written to ``out`` as :meth:`GradeResult.to_dict`
    and a line ``DONE`` goes to stdout.
    """
    from ..grading import grade

    for line in sys.stdin:
        request = json.loads(line)
        if request.get("exercise"):
            os.environ[EXERCISE_ENV] = request["exercise"]
        else:
            os.environ.pop(EXERCISE_ENV, None)
        try:
            result = grade(request["submission"], Path(request["course"]), hidden=True)
        except Exception as exc:  # report, and stay up for the next request
            result = GradeResult(
                error=f"{type(exc).__name__}: {exc}", submission=request["submission"]
            )
        Path(request["out"]).write_text(json.dumps(result.to_dict()), encoding="utf-8")
        print(DONE, flush=True)


class GradingProcess:
    """One long-lived ``serve()`` process; started on first use, restarted if it dies."""

    def __init__(self, course: Path) -> None:
        self.course = course
        self.process: subprocess.Popen | None = None

    def grade(self, submission: Path, out: Path, exercise: str | None = None) -> GradeResult:
        """Grade ``submission`` (on the tests of ``exercise`` only, unless it is None)."""
        request = {
            "submission": str(submission),
            "course": str(self.course),
            "out": str(out),
            "exercise": exercise,
        }
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVE],
                cwd=self.course,
                env=_grading_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            for line in self.process.stdout:
                if line.strip() == DONE:
                    return GradeResult.from_dict(json.loads(out.read_text(encoding="utf-8")))
        except (BrokenPipeError, OSError):
            pass
        code = self.process.wait()
        self.process = None
        return GradeResult(
            error=f"the grading process ended (exit code {code})", submission=str(submission)
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.stdin.close()  # type: ignore[union-attr]
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process.stdout.close()  # type: ignore[union-attr]
            self.process = None


def _grading_env() -> dict[str, str]:
    """The environment of a grading process: no AUTOGRADER_* or PYTEST_* settings of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOGRADER_", "PYTEST_"))}
    # This module's hooks pick the tests. Pytest's full garbage collections after every session
    # (looking for unraisable exceptions) grow with all a long-lived process holds: skip them.
    env["PYTEST_ADDOPTS"] = f"-p {__name__} -p no:unraisableexception"
    return env


# --- pytest hooks, active in the grading processes only --------------------------------------
def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip ``test_<topic>.py`` of other topics: none of their tests can grade the exercise.

    The plugin takes a test's exercise from its file's topic, unless ``@pytest.mark.exercise``
    says otherwise; so a file that never mentions that marker is skipped safely.
    """
    exercise = os.environ.get(EXERCISE_ENV)
    if not exercise or not collection_path.is_file():
        return None
    topic = collection_path.stem.removeprefix("test_")
    if topic == collection_path.stem or topic not in TOPICS or topic == exercise.split(".")[0]:
        return None
    return None if "mark.exercise" in collection_path.read_text(encoding="utf-8") else True


@pytest.hookimpl(trylast=True)  # after the grader's plugin has told each test's exercise
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep only the tests of the exercise named in ``$BPLAB_MUTATION_EXERCISE``."""
    exercise = os.environ.get(EXERCISE_ENV)
    if not exercise:
        return
    from ..plugin import INFO

    def wanted(item: pytest.Item) -> bool:
        info = item.stash.get(INFO, None)
        return info is not None and info.exercise == exercise

    dropped = [item for item in items if not wanted(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if wanted(item)]


# --- the gate --------------------------------------------------------------------------------
@dataclass
class Verdict:
    """How the graded tests fared against one mistake."""

    mistake: Mistake
    killed: bool
    diagnosed: bool
    lost: float  # points lost on tests of its own exercise
    possible: float  # points of its own exercise
    failed: int
    tests: int
    graded: int  # tests run on the mutant (all of them with --scope full)
    seconds: float
    feedback: str = ""  # the first failed test's message, when the mistake was not diagnosed
    error: str = ""  # why the mutant could not be graded

    def line(self) -> str:
        kill = "killed" if self.killed else "SURVIVED"
        named = "diagnosed" if self.diagnosed else "UNDIAGNOSED"
        text = (
            f"{kill:8} {named:11} {self.mistake.exercise:38} {self.mistake.name:36} "
            f"lost {self.lost:g}/{self.possible:g} points, {self.failed}/{self.tests} tests failed "
            f"({self.graded} tests run, {self.seconds:.1f} s)"
        )
        if self.error:
            text += f"\n    could not grade: {self.error}"
        elif self.killed and not self.diagnosed:
            text += "\n    feedback was: " + " | ".join(self.feedback.splitlines()[-3:])
        return text


def judge(mistake: Mistake, result: GradeResult, reference: GradeResult, seconds: float) -> Verdict:
    """Kill and diagnosis of ``mistake`` from its grade and the reference's grade.

    Tests the mutant was not graded on (``--scope exercise``) keep the reference's result.
    """
    graded = {t.nodeid: t for t in result.tests}
    tests = [graded.get(t.nodeid, t) for t in reference.tests]
    passed_by_reference = {t.nodeid for t in reference.tests if t.passed}
    own = [t for t in tests if t.exercise == mistake.exercise]
    failed = [t for t in own if t.score < t.max_score and t.nodeid in passed_by_reference]
    note = diagnosis.Diagnosis(mistake.name, mistake.misconception, mistake.hint).text()
    diagnosed = any(note in t.message for t in failed)
    return Verdict(
        mistake,
        killed=bool(failed),
        diagnosed=diagnosed,
        lost=round(sum(t.max_score - t.score for t in failed), 6),
        possible=round(sum(t.max_score for t in own), 6),
        failed=len(failed),
        tests=len(own),
        graded=len(result.tests),
        seconds=seconds,
        feedback=failed[0].message if failed and not diagnosed else "",
        error=result.error or "",
    )


@dataclass
class GateResult:
    """The reference's grade, one verdict per mistake, and what the run cost."""

    reference: GradeResult
    verdicts: list[Verdict] = field(default_factory=list)
    scope: str = "full"
    seconds: float = 0.0

    @property
    def kill_rate(self) -> float:
        return (
            100.0 * sum(v.killed for v in self.verdicts) / len(self.verdicts)
            if self.verdicts
            else 100.0
        )

    @property
    def diagnosis_rate(self) -> float:
        return (
            100.0 * sum(v.diagnosed for v in self.verdicts) / len(self.verdicts)
            if self.verdicts
            else 100.0
        )

    @property
    def reference_ok(self) -> bool:
        r = self.reference
        return not r.error and r.max_score > 0 and r.score == r.max_score

    @property
    def passed(self) -> bool:
        return self.reference_ok and self.kill_rate == 100.0 and self.diagnosis_rate == 100.0


def run_gate(
    course: Path,
    mistakes: Iterable[Mistake],
    jobs: int = 2,
    scope: str = "full",
    report: Callable[[Verdict], None] | None = None,
) -> GateResult:
    """Grade the reference and every mutant of ``mistakes``.

    Raises
    ------
    PatchError
        When a mistake no longer fits the solutions (checked for all before any grading).
    ValueError
        For an unknown ``scope``.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, got {scope!r}")
    started = time.monotonic()
    mistakes = list(mistakes)
    solutions = course / "solutions"
    sources = {m.name: mutant_sources(m, solutions) for m in mistakes}
    work = Path(tempfile.mkdtemp(prefix="bplab-mutation-"))
    processes = [GradingProcess(course) for _ in range(max(1, jobs))]
    idle: queue.Queue[GradingProcess] = queue.Queue()
    for process in processes:
        idle.put(process)
    lock = threading.Lock()

    def graded(submission: Path, name: str, exercise: str | None = None) -> GradeResult:
        process = idle.get()
        try:
            return process.grade(submission, work / f"{name}.json", exercise)
        finally:
            idle.put(process)

    try:
        result = GateResult(graded(solutions, "reference"), scope=scope)
        if not result.reference_ok:
            result.seconds = time.monotonic() - started
            return result

        def mutant(mistake: Mistake) -> Verdict:
            begun = time.monotonic()
            folder = write_submission(sources[mistake.name], work / mistake.name)
            exercise = mistake.exercise if scope == "exercise" else None
            grade_result = graded(folder, mistake.name, exercise)
            shutil.rmtree(folder, ignore_errors=True)
            verdict = judge(mistake, grade_result, result.reference, time.monotonic() - begun)
            if report is not None:
                with lock:
                    report(verdict)
            return verdict

        with ThreadPoolExecutor(max_workers=len(processes)) as pool:
            result.verdicts = list(pool.map(mutant, mistakes))
        result.seconds = time.monotonic() - started
        return result
    finally:
        for process in processes:
            process.stop()
        shutil.rmtree(work, ignore_errors=True)


# --- command line ----------------------------------------------------------------------------
def add_parser(subparsers) -> None:  # noqa: ANN001 - argparse's private type
    """Register ``autograder mutation``."""
    parser = subparsers.add_parser(
        "mutation",
        help="grade every catalogued mistake: each must lose points and be named in the feedback",
        description="Mutation gate: apply each catalogued mistake to the reference solutions, "
        "grade the result with the public and hidden tests, and require that it loses points on "
        "its own exercise (killed) and that the feedback names it (diagnosed). Exit 1 unless both "
        "rates are 100 %%.",
    )
    parser.add_argument(
        "--course", type=Path, default=Path("."), help="the course repository (default: .)"
    )
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this mistake (repeatable)"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, metavar="N", help="grading processes in parallel (default 2)"
    )
    parser.add_argument(
        "--scope",
        choices=SCOPES,
        default="full",
        help="grade each mutant on every test (full, the default), or only on the tests of its own "
        "exercise, which alone decide whether it is killed and diagnosed (exercise)",
    )
    parser.add_argument("--list", action="store_true", help="list the catalogue and exit")
    parser.add_argument(
        "--write-diagnosis",
        action="store_true",
        help=f"write the fingerprints to {diagnosis.DATA.name}",
    )
    parser.add_argument(
        "--check-diagnosis", action="store_true", help=f"exit 1 when {diagnosis.DATA.name} is stale"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    course = args.course.resolve()
    if not (course / "solutions").is_dir():
        print(f"autograder mutation: {course}: expected a course with solutions/", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print(f"autograder mutation: --jobs: expected at least 1, got {args.jobs}", file=sys.stderr)
        return 2
    mistakes = list(MISTAKES)
    if args.only:
        known = {m.name: m for m in MISTAKES}
        unknown = [name for name in args.only if name not in known]
        if unknown:
            print(
                f"autograder mutation: --only: no mistake named {', '.join(unknown)} "
                "(see autograder mutation --list)",
                file=sys.stderr,
            )
            return 2
        mistakes = [known[name] for name in args.only]
    if args.list:
        for m in mistakes:
            print(f"{m.exercise:38} {m.name:36} {m.misconception}")
        print(f"{len(mistakes)} mistakes in {len({m.exercise for m in mistakes})} exercises")
        return 0
    try:
        if args.write_diagnosis or args.check_diagnosis:
            return _diagnosis_command(course, args)
        return _gate_command(course, mistakes, args.jobs, args.scope)
    except (PatchError, DiagnosisDataError) as exc:
        print(f"autograder mutation: {exc}", file=sys.stderr)
        return 1


def _diagnosis_command(course: Path, args: argparse.Namespace) -> int:
    started = time.monotonic()
    text = diagnosis_text(build_diagnosis(course, args.jobs))
    target = course / "autograder" / diagnosis.DATA.name
    if args.check_diagnosis:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(
                f"stale: {target} differs from what the catalogue and solutions/ give; "
                "run 'autograder mutation --write-diagnosis'",
                file=sys.stderr,
            )
            return 1
        print(f"{target} is up to date ({time.monotonic() - started:.1f} s)")
        return 0
    target.write_text(text, encoding="utf-8")
    diagnosis.table.cache_clear()
    print(f"wrote {target}: {len(MISTAKES)} mistakes ({time.monotonic() - started:.1f} s)")
    return 0


def _gate_command(course: Path, mistakes: list[Mistake], jobs: int, scope: str) -> int:
    print(
        f"grading the reference and {len(mistakes)} mutants ({scope} scope, {jobs} at a time)",
        flush=True,
    )
    result = run_gate(course, mistakes, jobs, scope, report=lambda v: print(v.line(), flush=True))
    reference = result.reference
    print(
        f"\nreference: {reference.score:g}/{reference.max_score:g} points "
        f"on {len(reference.tests)} tests" + (f" - {reference.error}" if reference.error else "")
    )
    if not result.reference_ok:
        print(
            "the reference solutions do not get full marks, so no mutant was graded",
            file=sys.stderr,
        )
        return 1
    n = len(result.verdicts)
    killed, named = (
        sum(v.killed for v in result.verdicts),
        sum(v.diagnosed for v in result.verdicts),
    )
    print(f"kill rate: {killed}/{n} ({result.kill_rate:.1f} %)")
    print(f"diagnosis rate: {named}/{n} ({result.diagnosis_rate:.1f} %)")
    print(f"time: {result.seconds:.1f} s")
    return 0 if result.passed else 1
