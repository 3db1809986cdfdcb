"""``autograder grade-class``: one row per student whatever happens, resumable, atomic, sharded.

Real grading runs on the tiny course of ``conftest.make_course`` (two topics, public and hidden
tests), so a submission grades in about a second. The tests of skipping, crashing and hanging
use a stand-in for ``autograder grade`` (a short script that logs its calls), because what they
check is what grade-class does around the grader, not the grade.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import stat
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import HONEST_ACTIVATIONS, HONEST_COSTS, make_course, validate_results

from autograder.cli import main
from autograder.contract import TOPICS
from autograder.instructor import grade_class as gc
from autograder.instructor import gradebook as gb
from autograder.instructor import roster as rs
from autograder.instructor import shards

HIDDEN = '''
import numpy as np
import pytest
from autograder.checks import check_array


@pytest.mark.points(3)
def test_relu_other_inputs(course):
    """relu on inputs the public tests do not use."""
    z = np.array([-0.25, 0.0, 7.5])
    check_array(course.activations.relu(z), [0.0, 0.0, 7.5], "relu(z)", inputs="hidden")
'''
STUB = "def {name}(*args):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
FAKE_GRADER = """
import json, os, pathlib, signal, sys, time

args = sys.argv[1:]
folder, report = pathlib.Path(args[0]), pathlib.Path(args[args.index("--json") + 1])
folder = folder.parent if folder.name == "exercises" else folder  # the student's folder
log = pathlib.Path(__file__).with_name("calls.log")
with log.open("a") as stream:
    stream.write(folder.name + "\\n")
mode = (folder / "mode").read_text().strip() if (folder / "mode").exists() else "ok"
with log.with_name("state.log").open("a") as stream:  # what this process got from earlier grades
    stream.write(f"{folder.name} {os.getppid()} {getattr(json, 'left_by', '-')}\\n")
json.left_by = folder.name
if mode == "crash":
    print("Traceback ...\\nRuntimeError: the grader broke", file=sys.stderr)
    sys.exit(3)
if mode == "hang":
    time.sleep(60)
if mode == "killed":
    os.kill(os.getpid(), signal.SIGKILL)
if mode == "no report":
    sys.exit(0)
if mode == "flaky" and log.read_text().split().count(folder.name) == 1:
    sys.exit(3)  # fails the first time only
tests = [
    {"name": t, "score": 1.0, "max_score": 1.0, "tags": [t, t + ".f", "passed"]}
    for t in ("activations", "costs")
]
report.write_text(json.dumps({"score": 2.0, "tests": tests}))
"""


# --- helpers -------------------------------------------------------------------------------
def submission(root: Path, name: str, **topics: str | bytes) -> Path:
    """A student folder with all six topic files (empty unless given; None leaves one out)."""
    folder = root / name
    (folder / "exercises").mkdir(parents=True)
    for topic in TOPICS:
        content = topics.get(topic, "")
        if content is None:
            continue
        path = folder / "exercises" / f"{topic}.py"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return folder


def read_gradebook(path: Path) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = ["student", "login", "sis_id", "email", "name", *TOPICS, "total", "max", "status"]
    header.append("isolation")  # the layers each graded student's code ran in
    assert list(rows[0]) == header if rows else True
    return {row["student"]: row for row in rows}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return make_course(tmp_path / "course", hidden=HIDDEN)


@pytest.fixture
def fake(tmp_path: Path, course: Path) -> gc.Options:
    script = tmp_path / "grader" / "fake_grade.py"
    script.parent.mkdir()
    script.write_text(FAKE_GRADER)
    return gc.Options(course=course, command=(sys.executable, str(script)))


def calls(options: gc.Options) -> list[str]:
    log = Path(options.command[1]).with_name("calls.log")
    return sorted(log.read_text().split()) if log.exists() else []


# --- real grading --------------------------------------------------------------------------
def test_every_student_gets_a_row_that_says_what_happened(
    tmp_path: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "complete", activations=HONEST_ACTIVATIONS, costs=HONEST_COSTS)
    stubs = "".join(STUB.format(name=n) for n in ("sigmoid", "relu", "tanh"))
    submission(subs, "stub", activations=stubs, costs=STUB.format(name="mse"))
    submission(subs, "latin1", activations=HONEST_ACTIVATIONS, costs=b"# caf\xe9\n")
    looping = HONEST_ACTIVATIONS + "\n\ndef relu(z):\n    while True:\n        pass\n"
    submission(subs, "looping", activations=looping, costs=HONEST_COSTS)
    submission(subs / "nested", "backprop-lab-main", activations=HONEST_ACTIVATIONS, costs=None)
    (subs / "no-exercises").mkdir()
    (subs / "no-exercises" / "README.md").write_text("nothing here\n")
    (subs / "upload.zip").write_bytes(b"PK\x03\x04")  # files and dot-entries are skipped
    (subs / ".DS_Store").write_bytes(b"\0")
    out = tmp_path / "out"

    code = main(
        ["grade-class", str(subs), "--out", str(out), "--course", str(course)]
        + ["--jobs", "2", "--timeout", "1"]
    )
    err = capsys.readouterr().err

    assert code == 0
    book = read_gradebook(out / "gradebook.csv")
    graded = [row for row in book.values() if row["status"] == "graded"]
    assert graded and all("audit hook" in row["isolation"] for row in graded), book
    summary = {
        name: (r["activations"], r["costs"], r["total"], r["max"]) for name, r in book.items()
    }
    assert summary == {
        "complete": ("7", "2", "9", "9"),
        "stub": ("0", "0", "0", "9"),
        "latin1": ("7", "0", "7", "9"),
        "looping": ("3", "2", "5", "9"),  # relu's two tests timed out, the rest scored
        "nested": ("7", "0", "7", "9"),  # found one folder down
        "no-exercises": ("", "", "", "9"),  # not graded: empty cells, never 0
    }
    assert (
        book["complete"]["status"]
        == book["stub"]["status"]
        == book["looping"]["status"]
        == "graded"
    )
    assert (
        book["latin1"]["status"] == "graded; exercises/costs.py is not UTF-8 text (byte 5 is 0xe9)"
    )
    assert book["no-exercises"]["status"] == (
        "not graded: no exercises/ folder and no topic file (activations.py, ...) here or one "
        "folder below"
    )
    assert book["nested"]["status"] == (
        "graded; backprop-lab-main/exercises/costs.py is missing from the submission"
    )
    for name in book:
        validate_results(out / name / "results.json")
    looping_tests = validate_results(out / "looping" / "results.json")["tests"]
    assert (
        sorted(t["tags"][2] for t in looping_tests if "relu" in t["tags"][1]) == ["timed out"] * 2
    )
    # one line of error per bad input, naming it
    problems = [line for line in err.splitlines() if line.startswith("autograder grade-class:")]
    assert sorted(problems) == sorted(  # in the order grades complete, so compared sorted
        [
            f"autograder grade-class: {subs / 'latin1' / 'exercises' / 'costs.py'} is not UTF-8 text "
            "(byte 5 is 0xe9)",
            f"autograder grade-class: {subs / '.DS_Store'}: skipped (a dot-entry; one folder per student "
            "is graded)",
            f"autograder grade-class: {subs / 'nested' / 'backprop-lab-main' / 'exercises' / 'costs.py'}"
            " is missing from the submission",
            f"autograder grade-class: {subs / 'no-exercises'}: no exercises/ folder and no topic file "
            "(activations.py, ...) here or one folder below",
            f"autograder grade-class: {subs / 'upload.zip'}: skipped (not a folder; one folder per "
            "student is graded)",
        ]
    )


def test_a_grade_in_the_fork_server_is_the_grade_of_a_process_of_its_own(
    tmp_path: Path, course: Path
) -> None:
    subs = tmp_path / "submissions"
    wrong = HONEST_COSTS.replace("np.mean(", "np.sum(")
    submission(subs, "ann", activations=HONEST_ACTIVATIONS, costs=wrong)
    submission(subs, "ben", activations=HONEST_ACTIVATIONS + "\nprint('hi')\n", costs=HONEST_COSTS)
    reports = {}
    for fork in (True, False):
        out = tmp_path / f"out-{fork}"
        gc.grade_class(subs, out, gc.Options(course=course, fork_server=fork), jobs=2)
        for name in ("ann", "ben"):
            report = validate_results(out / name / "results.json")
            report.pop("execution_time", None)
            text = re.sub(r"uid \d+", "uid N", json.dumps(report, sort_keys=True))  # any free uid
            reports.setdefault(name, []).append(text)
    assert reports["ann"][0] == reports["ann"][1] and reports["ben"][0] == reports["ben"][1]
    assert json.loads(reports["ann"][0])["score"] < json.loads(reports["ben"][0])["score"]


def test_a_missing_topic_file_scores_zero_on_that_topic(tmp_path: Path, course: Path) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "nocosts", activations=HONEST_ACTIVATIONS, costs=None)
    report = gc.grade_class(subs, tmp_path / "out", gc.Options(course=course))
    (row,) = report.rows
    assert (row.topics["activations"], row.topics["costs"], row.total, row.max) == (7, 0, 7, 9)
    assert row.status == "graded; exercises/costs.py is missing from the submission"
    assert report.problems == [
        f"{subs / 'nocosts'}/exercises/costs.py is missing from the submission"
    ]


# --- around the grader (stand-in grader) ---------------------------------------------------
def test_rerun_skips_unchanged_students_and_regrades_changed_ones(
    tmp_path: Path, fake: gc.Options
) -> None:
    subs = tmp_path / "submissions"
    for name in ("ann", "ben", "cat"):
        submission(subs, name, activations=f"# {name}\n")
    out = tmp_path / "out"
    first = gc.grade_class(subs, out, fake, jobs=2)
    assert calls(fake) == ["ann", "ben", "cat"] and not any(r.skipped for r in first.rows)
    before = (out / "gradebook.csv").read_text()

    again = gc.grade_class(subs, out, fake, jobs=2)
    assert calls(fake) == ["ann", "ben", "cat"]  # nobody regraded
    assert all(r.skipped for r in again.rows) and (out / "gradebook.csv").read_text() == before

    (subs / "ben" / "exercises" / "costs.py").write_text("# changed\n")
    (subs / "cat" / "notes.txt").write_text("not a graded file\n")
    gc.grade_class(subs, out, fake, jobs=2)
    assert calls(fake) == ["ann", "ben", "ben", "cat"]

    gc.grade_class(subs, out, gc.Options(course=fake.course, command=fake.command, force=True))
    assert calls(fake) == ["ann", "ann", "ben", "ben", "ben", "cat", "cat"]


def test_a_changed_grader_regrades_everyone(tmp_path: Path, fake: gc.Options) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ann")
    gc.grade_class(subs, tmp_path / "out", fake)
    hidden = fake.course / "tests" / "hidden" / "test_activations.py"
    hidden.write_text(hidden.read_text() + "\n# a fixed hidden test\n")
    gc.grade_class(subs, tmp_path / "out", fake)
    options = gc.Options(course=fake.course, command=fake.command, timeout=2.0)
    gc.grade_class(subs, tmp_path / "out", options)
    assert calls(fake) == ["ann", "ann", "ann"]


def test_a_crashing_grader_is_retried_once_then_an_error_row(
    tmp_path: Path, fake: gc.Options
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ok")
    (submission(subs, "boom") / "mode").write_text("crash")
    report = gc.grade_class(subs, tmp_path / "out", fake, jobs=2)
    book = read_gradebook(report.gradebook)
    assert book["boom"]["status"] == (
        "error: grader failed (exit 3): RuntimeError: the grader broke (tried twice)"
    )
    assert (book["boom"]["total"], book["boom"]["max"]) == ("", "2")  # empty, never 0
    assert book["ok"]["total"] == "2"
    assert [row.student for row in report.errors] == ["boom"]
    validate_results(tmp_path / "out" / "boom" / "results.json")
    assert calls(fake) == ["boom", "boom", "ok"]
    # a failed grade is not kept as done: the next run tries again (and skips the good one)
    gc.grade_class(subs, tmp_path / "out", fake)
    assert calls(fake) == ["boom"] * 4 + ["ok"]


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("killed", "the grader was killed by signal 9 (SIGKILL) (tried twice)"),
        ("no report", "the grader wrote no valid results.json (tried twice)"),
    ],
)
def test_a_grade_damaged_from_outside_is_never_recorded_as_graded(
    tmp_path: Path,
    fake: gc.Options,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    why: str,
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ok")
    (submission(subs, "hit") / "mode").write_text(mode)
    out = tmp_path / "out"
    monkeypatch.setattr(gc, "Options", functools.partial(gc.Options, command=fake.command))
    code = main(["grade-class", str(subs), "--out", str(out), "--course", str(fake.course)])
    assert code == 3, capsys.readouterr().err
    book = read_gradebook(out / "gradebook.csv")
    assert book["hit"]["status"] == f"error: {why}" and book["hit"]["total"] == ""
    assert book["ok"]["status"] == "graded"
    assert calls(fake) == ["hit", "hit", "ok"]
    assert "1 failed" in capsys.readouterr().out


def test_every_grade_of_a_job_starts_from_the_same_fresh_process(
    tmp_path: Path, fake: gc.Options
) -> None:
    subs = tmp_path / "submissions"
    for name in ("ann", "ben", "cat"):
        submission(subs, name)
    (submission(subs, "dan") / "mode").write_text("killed")
    gc.grade_class(subs, tmp_path / "out", fake, jobs=1)
    state = Path(fake.command[1]).with_name("state.log").read_text().splitlines()
    seen = [line.split() for line in state if line]
    assert [name for name, _, _ in seen] == ["ann", "ben", "cat", "dan", "dan"]
    assert {left for _, _, left in seen} == {"-"}  # nothing left by an earlier grade
    servers = {int(server) for _, server, _ in seen}  # forks of one server, which outlives
    assert len(servers) == 1 and os.getpid() not in servers  # the grade killed by a signal


def test_without_the_fork_server_each_grade_is_a_process_of_its_own(
    tmp_path: Path, fake: gc.Options
) -> None:
    subs = tmp_path / "submissions"
    for name in ("ann", "ben"):
        submission(subs, name)
    options = gc.Options(course=fake.course, command=fake.command, fork_server=False)
    report = gc.grade_class(subs, tmp_path / "out", options, jobs=1)
    assert [row.status for row in report.rows] == ["graded", "graded"]
    state = Path(fake.command[1]).with_name("state.log").read_text().splitlines()
    assert [line.split()[1] for line in state if line] == [str(os.getpid())] * 2


def test_a_grade_that_fails_once_is_graded_on_its_retry(tmp_path: Path, fake: gc.Options) -> None:
    subs = tmp_path / "submissions"
    (submission(subs, "flaky") / "mode").write_text("flaky")
    report = gc.grade_class(subs, tmp_path / "out", fake)
    assert [(r.status, r.total) for r in report.rows] == [("graded", 2.0)]
    assert calls(fake) == ["flaky", "flaky"] and not report.errors


def test_a_hanging_grader_is_stopped_and_gets_a_row(tmp_path: Path, fake: gc.Options) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ok")
    (submission(subs, "stuck") / "mode").write_text("hang")
    options = gc.Options(course=fake.course, command=fake.command, submission_timeout=1.0)
    book = read_gradebook(gc.grade_class(subs, tmp_path / "out", options, jobs=2).gradebook)
    assert book["stuck"]["status"] == "error: timed out: grading took more than 1 s"
    assert book["stuck"]["total"] == "" and book["ok"]["total"] == "2"
    assert calls(options) == ["ok", "stuck"]  # a timeout is not retried: it would cost as much


def test_an_exception_in_grade_class_itself_still_gives_a_row(
    tmp_path: Path, fake: gc.Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ann")
    submission(subs, "ben")
    real = gc.grade_submission

    def flaky(folder: Path, *args: object) -> gc.Row:
        if folder.name == "ben":
            raise MemoryError("no room")
        return real(folder, *args)

    monkeypatch.setattr(gc, "grade_submission", flaky)
    book = read_gradebook(gc.grade_class(subs, tmp_path / "out", fake).gradebook)
    assert book["ben"]["status"] == "error: MemoryError: no room"
    assert book["ann"]["status"] == "graded"


def test_the_gradebook_is_replaced_atomically(
    tmp_path: Path, fake: gc.Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ann")
    out = tmp_path / "out"
    gc.grade_class(subs, out, fake)
    before = (out / "gradebook.csv").read_text()
    submission(subs, "ben")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gc.os, "replace", failing_replace)
    with pytest.raises(OSError):
        gc.grade_class(subs, out, fake)
    assert (out / "gradebook.csv").read_text() == before
    assert not [p.name for p in out.rglob("*.tmp")]


def test_roster_entries_without_a_folder_get_a_missing_row(
    tmp_path: Path, fake: gc.Options
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "hw1-ann")
    roster = rs.parse_roster("org/hw1-ann\norg/hw1-ghost\n")
    report = gc.grade_class(subs, tmp_path / "out", fake, roster=roster)
    book = read_gradebook(report.gradebook)
    assert book["hw1-ghost"]["status"] == "missing" and book["hw1-ghost"]["total"] == ""
    assert book["hw1-ann"]["status"] == "graded"
    assert any("org/hw1-ghost" in p for p in report.problems)


# --- input errors --------------------------------------------------------------------------
def test_a_bad_submissions_folder_is_a_one_line_usage_error(
    tmp_path: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    missing = tmp_path / "nope"
    code = main(
        ["grade-class", str(missing), "--out", str(tmp_path / "out"), "--course", str(course)]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and str(missing) in err


def test_exactly_one_mode(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["grade-class", str(tmp_path), "--merge", str(tmp_path), "--out", str(tmp_path)])
    assert code == 2 and "exactly one" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable folders")
def test_an_unreadable_folder_gets_a_row(tmp_path: Path, fake: gc.Options) -> None:
    subs = tmp_path / "submissions"
    locked = submission(subs, "locked")
    locked.chmod(0)
    try:
        book = read_gradebook(gc.grade_class(subs, tmp_path / "out", fake).gradebook)
    finally:
        locked.chmod(0o700)
    assert book["locked"]["status"].startswith("not graded: unreadable")


# --- rosters, shards and merging -----------------------------------------------------------
def test_parse_roster_forms_and_names() -> None:
    text = """
    # section A
    org/hw1-ann, org/hw1-ben
    https://github.com/org/hw1-cat.git  catherine
    other/hw1-ann
    org/hw1-ben
    """
    entries = rs.parse_roster(textwrap.dedent(text))
    assert [(e.repo, e.name) for e in entries] == [
        ("org/hw1-ann", "org__hw1-ann"),
        ("org/hw1-ben", "hw1-ben"),
        ("org/hw1-cat", "catherine"),
        ("other/hw1-ann", "other__hw1-ann"),
    ]


@pytest.mark.parametrize("bad", ["hw1-ann", "org/hw1 ann extra", "org/../x", "-org/x", "org/a/b"])
def test_parse_roster_names_the_bad_line(bad: str) -> None:
    with pytest.raises(rs.ClassGradingError, match=r"^roster\.txt:2: expected owner/repo"):
        rs.parse_roster(f"org/ok\n{bad}\n", "roster.txt")


def test_plan_splits_round_robin(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("\n".join(f"org/s{i}" for i in range(5)) + "\n")
    code = main(
        ["grade-class", "--plan", str(roster), "--shard-size", "2", "--out", str(tmp_path / "plan")]
    )
    assert code == 0 and capsys.readouterr().out.strip() == "[0, 1, 2]"
    shards = [(tmp_path / "plan" / f"shard-{k}.txt").read_text().split("\n")[:-1] for k in range(3)]
    assert shards == [["org/s0 s0", "org/s3 s3"], ["org/s1 s1", "org/s4 s4"], ["org/s2 s2"]]
    assert rs.read_roster(tmp_path / "plan" / "roster.txt") == rs.read_roster(roster)


def test_merge_joins_shards_and_marks_students_without_results(
    tmp_path: Path, fake: gc.Options
) -> None:
    roster = rs.parse_roster("org/ann org/ben org/cat org/dan")
    folder = tmp_path / "shards"
    subs = tmp_path / "submissions"
    submission(subs / "a", "ann")
    gc.grade_class(subs / "a", folder / "gradebook-shard-a", fake, roster=roster[:1])
    # cat's repository could not be fetched; dan's whole shard failed and left nothing
    submission(subs / "bc", "ben")
    gc.grade_class(subs / "bc", folder / "gradebook-shard-bc", fake, roster=roster[1:3])

    report = shards.merge([folder], tmp_path / "gradebook", roster)
    book = read_gradebook(report.gradebook)
    assert {n: r["status"] for n, r in book.items()} == {
        "ann": "graded",
        "ben": "graded",
        "cat": "missing",
        "dan": "missing: no result from its grading job",
    }
    for name in book:
        validate_results(tmp_path / "gradebook" / name / "results.json")


def test_points_are_plain_numbers() -> None:
    row = gb.Row("ann", {"costs": 7.5, "activations": 1 / 3}, total=1234567.0, max=2e6)
    fields = gb.gradebook_csv([row]).splitlines()[1].split(",")
    others = ["0"] * (len(TOPICS) - 2)  # the topics after activations and costs
    assert fields[:1] + fields[5:] == [
        "ann",
        "0.333333",
        "7.5",
        *others,
        "1234567",
        "2000000",
        "graded",
        "",  # no isolation recorded for a row made by hand
    ]


def test_spreadsheet_cells_are_never_formulas() -> None:
    row = gb.Row("=HYPERLINK(1)", status="+cmd")
    text = gb.gradebook_csv([row])
    assert "'=HYPERLINK(1)" in text and "'+cmd" in text


# --- class folders as they come ------------------------------------------------------------
def test_an_empty_class_folder_is_a_usage_error_naming_it(
    tmp_path: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    subs = tmp_path / "submissions"
    subs.mkdir()
    (subs / "README.txt").write_text("grades go here\n")  # a file is no student
    code = main(["grade-class", str(subs), "--out", str(tmp_path / "out"), "--course", str(course)])
    err = capsys.readouterr().err
    assert code == 2 and f"{subs}: no student folder to grade" in err
    assert not (tmp_path / "out" / "gradebook.csv").exists()


def test_a_roster_that_matches_no_folder_is_a_usage_error_naming_it(
    tmp_path: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "alice")
    roster = tmp_path / "roster.txt"
    roster.write_text("org/hw1-alice\norg/hw1-bob\n")  # folders named after the user, not repo
    code = main(
        ["grade-class", str(subs), "--out", str(tmp_path / "out"), "--course", str(course)]
        + ["--roster", str(roster)]
    )
    err = capsys.readouterr().err
    assert code == 2 and f"{subs}: no folder matches a student of the roster" in err
    assert "hw1-alice/" in err


# --- gradebooks an LMS imports -------------------------------------------------------------
ROSTER_CSV = """repo,student,login,sis_id,email,name
org/hw1-ann,ann,ann01,S-1001,ann@uni.example,"Lee, Ann"
org/hw1-ben,ben,ben02,S-1002,ben@uni.example,"Ode, Ben"
org/hw1-cat,cat,cat03,S-1003,cat@uni.example,"Roy, Cat"
"""


@pytest.fixture
def lms_class(tmp_path: Path, fake: gc.Options) -> tuple[Path, Path]:
    """ann graded (2/2), ben's grade failed twice, cat missing; the roster has identifiers."""
    subs = tmp_path / "submissions"
    submission(subs, "ann")
    (submission(subs, "ben") / "mode").write_text("crash")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_CSV)
    return subs, roster


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_plain_gradebook_has_identifiers_empty_cells_and_the_users_file_mode(
    tmp_path: Path, fake: gc.Options, lms_class: tuple[Path, Path]
) -> None:
    subs, roster = lms_class
    report = gc.grade_class(subs, tmp_path / "out", fake, roster=rs.read_roster(roster))
    book = read_gradebook(report.gradebook)
    assert book["ann"]["sis_id"] == "S-1001" and book["ann"]["name"] == "Lee, Ann"
    assert (book["ann"]["total"], book["ann"]["status"]) == ("2", "graded")
    for student in ("ben", "cat"):  # never 0: an import would record a real 0
        assert [book[student][t] for t in (*TOPICS, "total")] == [""] * (len(TOPICS) + 1)
    assert book["ben"]["status"].startswith("error: grader failed (exit 3)")
    assert book["cat"]["status"] == "missing"
    mask = os.umask(0)
    os.umask(mask)
    for path in (report.gradebook, tmp_path / "out" / "ann" / "results.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path


def test_canvas_gradebook_has_canvas_import_columns(
    tmp_path: Path,
    fake: gc.Options,
    lms_class: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Canvas's gradebook import reads Student, ID, SIS User ID, SIS Login ID and Section, then
    one column per assignment; the row under the header gives Points Possible (the layout of
    Canvas's own gradebook export, which its import takes back)."""
    subs, roster = lms_class
    monkeypatch.setattr(gc, "Options", functools.partial(gc.Options, command=fake.command))
    code = main(
        ["grade-class", str(subs), "--out", str(tmp_path / "out"), "--course", str(fake.course)]
        + ["--roster", str(roster), "--format", "canvas", "--assignment", "HW1 backprop"]
    )
    assert code == 3  # ben's grade failed twice
    rows = read_csv(tmp_path / "out" / "gradebook-canvas.csv")
    assert list(rows[0]) == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "HW1 backprop",
    ]
    assert rows[0]["Student"].strip() == "Points Possible" and rows[0]["HW1 backprop"] == "2"
    by_sis = {row["SIS User ID"]: row for row in rows[1:]}
    assert set(by_sis) == {"S-1001", "S-1002", "S-1003"}
    assert by_sis["S-1001"]["SIS Login ID"] == "ann01" and by_sis["S-1001"]["Student"] == "Lee, Ann"
    assert [by_sis[s]["HW1 backprop"] for s in ("S-1001", "S-1002", "S-1003")] == ["2", "", ""]
    assert (tmp_path / "out" / "gradebook.csv").is_file()  # the status stays in the plain file


def test_moodle_gradebook_has_an_identifier_column_and_a_status(
    tmp_path: Path, fake: gc.Options, lms_class: tuple[Path, Path]
) -> None:
    """Moodle's CSV grade import maps one column to a user field (useridnumber, useremail or
    username) and other columns to grade items or their feedback."""
    subs, roster = lms_class
    report = gc.grade_class(
        subs, tmp_path / "out", fake, roster=rs.read_roster(roster), fmt="moodle"
    )
    assert report.gradebook.name == "gradebook-moodle.csv"
    rows = read_csv(report.gradebook)
    assert list(rows[0]) == [
        "ID number",
        "Email address",
        "Username",
        "Full name",
        "backprop-lab",
        "Status",
    ]
    by_id = {row["ID number"]: row for row in rows}
    assert by_id["S-1001"]["Email address"] == "ann@uni.example"
    assert (by_id["S-1001"]["backprop-lab"], by_id["S-1001"]["Status"]) == ("2", "graded")
    assert (by_id["S-1003"]["backprop-lab"], by_id["S-1003"]["Status"]) == ("", "missing")
    assert by_id["S-1002"]["backprop-lab"] == "" and by_id["S-1002"]["Status"].startswith("error")


def test_an_lms_gradebook_without_identifiers_says_who_will_not_import(
    tmp_path: Path, fake: gc.Options
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ann")
    report = gc.grade_class(subs, tmp_path / "out", fake, fmt="canvas")
    assert report.notes == [
        "ann: no identifier canvas can match in the roster; the row will not import"
    ]


def test_roster_csv_round_trips_through_plan(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_CSV)
    entries = rs.read_roster(roster)
    assert entries[0] == rs.RosterEntry(
        "org/hw1-ann", "ann", "ann01", "S-1001", "ann@uni.example", "Lee, Ann"
    )
    shards.plan(entries, tmp_path / "plan", 2)
    assert rs.read_roster(tmp_path / "plan" / "roster.txt") == entries
    assert (tmp_path / "plan" / "shard-0.txt").read_text() == "org/hw1-ann ann\norg/hw1-cat cat\n"


def test_a_roster_csv_with_an_unknown_column_names_it() -> None:
    with pytest.raises(rs.ClassGradingError, match=r"roster:1: unknown column 'grade'"):
        rs.parse_roster("repo,grade\norg/a,7\n")


def test_strict_isolation_that_cannot_be_had_refuses_the_class(
    tmp_path: Path, fake: gc.Options, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    subs = tmp_path / "submissions"
    submission(subs, "ann")
    monkeypatch.setenv("AUTOGRADER_ISOLATION_DISABLE", "uid,namespaces,landlock")
    code = main(
        ["grade-class", str(subs), "--out", str(tmp_path / "out"), "--course", str(fake.course)]
        + ["--isolation", "strict"]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--isolation strict" in err
    assert calls(fake) == [] and not (tmp_path / "out" / "gradebook.csv").exists()
