"""``autograder mutation``: prove the graded tests catch every catalogued mistake, and name it.

For each mistake of :mod:`.catalogue` the reference solutions are copied into a temporary
submission folder with that one mistake patched in, and the copy is graded with
:func:`autograder.grading.grade` on the public and hidden tests. A mistake is *killed* when a
test of its own exercise that the reference passes loses points, and *diagnosed* when the
feedback of one of those failed tests names it (the plugin puts :meth:`Diagnosis.text` into the
message). The gate passes only at 100 % of both.

Grades run in ``--jobs`` long-lived grading processes (:mod:`.grading_server`). Two scopes:

* ``--scope full`` (the default): every mutant is graded on every test;
* ``--scope exercise``: every mutant is graded on the tests of its own exercise only. Both
  verdicts depend on those tests alone, so they are the same as with the full suite (as long as
  the tests are deterministic and a mistake changes nothing but its own function's behaviour);
  what is not computed is how many points the mutant loses elsewhere.

``--write-diagnosis`` and ``--check-diagnosis`` write or check ``autograder/diagnosis.json``
(see :mod:`.diagnosis_data`).
"""

from __future__ import annotations

import argparse
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import diagnosis
from ..core.results import GradeResult
from ..exit_codes import EXIT_BELOW, EXIT_OK, EXIT_USAGE
from .catalogue import CatalogueError, catalogue
from .diagnosis_data import DiagnosisDataError, build_diagnosis, diagnosis_text
from .grading_server import GradingProcess
from .mistakes import Mistake, PatchError, mutant_sources, write_submission

SCOPES = ("full", "exercise")


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
        return EXIT_USAGE
    if args.jobs < 1:
        print(f"autograder mutation: --jobs: expected at least 1, got {args.jobs}", file=sys.stderr)
        return EXIT_USAGE
    try:
        catalogued = catalogue().mistakes
    except CatalogueError as exc:
        print(f"autograder mutation: {exc}", file=sys.stderr)
        return EXIT_BELOW
    mistakes = list(catalogued)
    if args.only:
        known = {m.name: m for m in catalogued}
        unknown = [name for name in args.only if name not in known]
        if unknown:
            print(
                f"autograder mutation: --only: no mistake named {', '.join(unknown)} "
                "(see autograder mutation --list)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        mistakes = [known[name] for name in args.only]
    if args.list:
        for m in mistakes:
            print(f"{m.exercise:38} {m.name:36} {m.misconception}")
        print(f"{len(mistakes)} mistakes in {len({m.exercise for m in mistakes})} exercises")
        return EXIT_OK
    try:
        if args.write_diagnosis or args.check_diagnosis:
            return _diagnosis_command(course, args)
        return _gate_command(course, mistakes, args.jobs, args.scope)
    except (PatchError, DiagnosisDataError) as exc:
        print(f"autograder mutation: {exc}", file=sys.stderr)
        return EXIT_BELOW


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
            return EXIT_BELOW
        print(f"{target} is up to date ({time.monotonic() - started:.1f} s)")
        return EXIT_OK
    target.write_text(text, encoding="utf-8")
    diagnosis.table.cache_clear()
    print(
        f"wrote {target}: {len(catalogue().mistakes)} mistakes ({time.monotonic() - started:.1f} s)"
    )
    return EXIT_OK


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
        return EXIT_BELOW
    n = len(result.verdicts)
    killed, named = (
        sum(v.killed for v in result.verdicts),
        sum(v.diagnosed for v in result.verdicts),
    )
    print(f"kill rate: {killed}/{n} ({result.kill_rate:.1f} %)")
    print(f"diagnosis rate: {named}/{n} ({result.diagnosis_rate:.1f} %)")
    print(f"time: {result.seconds:.1f} s")
    return EXIT_OK if result.passed else EXIT_BELOW
