"""What a submission hands the grader stays data: its files, its replies and its text.

Also: which isolation is in force is recorded and can be required, and ``autograder grade``
always ends, with a valid report, within its deadline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import HONEST_ACTIVATIONS, make_course, validate_results

from autograder.sandbox import isolation

REPO = Path(__file__).resolve().parents[2]


def autograder(*args: str, env: dict | None = None, timeout: float = 120):
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=timeout,
    )


def grade(course: Path, out: Path, *extra: str, env: dict | None = None):
    done = autograder(
        "grade",
        "--course",
        str(course),
        "--json",
        str(out / "r.json"),
        "--markdown",
        str(out / "s.md"),
        "--junit",
        str(out / "j.xml"),
        *extra,
        env=env,
    )
    return done


def statuses(out: Path) -> dict[str, tuple[str, float]]:
    data = validate_results(out / "r.json")
    return {t["tags"][1]: (t["tags"][2], t["score"]) for t in data["tests"]}


# --- files ---------------------------------------------------------------------------------
def _replace(course: Path, name: str, make) -> None:
    target = course / "exercises" / name
    target.unlink()
    make(target)


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("a symlink", lambda t: t.symlink_to(REPO / "solutions" / "costs.py")),
        ("a FIFO", lambda t: os.mkfifo(t)),
        ("a folder", lambda t: t.mkdir()),
    ],
)
def test_a_topic_file_that_is_not_a_regular_file_is_refused_with_a_reason(tmp_path, kind, make):
    course = make_course(tmp_path / "course")
    _replace(course, "costs.py", make)
    done = grade(course, tmp_path)
    assert done.returncode == 0, done.stderr
    found = statuses(tmp_path)
    assert found["costs.mse"] == ("failed", 0), found
    assert found["activations.sigmoid"] == ("passed", 2), found
    message = validate_results(tmp_path / "r.json")["tests"][-1]["output"]
    assert f"costs.py is {kind}, not a regular file" in message


def test_an_exercises_folder_that_is_a_symlink_grades_nothing(tmp_path):
    course = make_course(tmp_path / "course")
    reference = make_course(tmp_path / "reference")
    student = tmp_path / "student"
    student.mkdir()
    (student / "exercises").symlink_to(reference / "exercises")
    done = grade(course, tmp_path, str(student))
    assert done.returncode == 0, done.stderr
    assert validate_results(tmp_path / "r.json")["score"] == 0
    assert "lies in a folder that is a symlink" in (tmp_path / "s.md").read_text()


# --- replies -------------------------------------------------------------------------------
FORGE = """
import json, os, stat, sys
import numpy as np


def _forge(reply_id):
    line = json.dumps({"id": reply_id, "ok": True, "value": [9.0, 9.0]}).encode() + b"\\n"
    for fd in range(3, 64):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode):
                os.write(fd, line)
        except OSError:
            pass


def relu(z):
    frame, reply_id = sys._getframe(), None
    while frame is not None:  # the worker's own request, found on the stack
        request = frame.f_locals.get("request")
        if isinstance(request, dict) and "id" in request:
            reply_id = request["id"]
        frame = frame.f_back
    _forge(REPLY_ID if REPLY_ID != "taken" else reply_id)
    return np.maximum(np.asarray(z, dtype=float), 0.0)
"""


@pytest.mark.parametrize(
    "reply_id", ["made-up", "taken"], ids=["with a made-up id", "with the request's own id"]
)
def test_a_reply_written_by_student_code_fails_its_call_and_only_that(tmp_path, reply_id):
    code = HONEST_ACTIVATIONS.split("def relu")[0] + FORGE.replace("REPLY_ID", repr(reply_id))
    code += "\n\ndef tanh" + HONEST_ACTIVATIONS.split("def tanh")[1]
    course = make_course(tmp_path / "course", activations=code)
    done = grade(course, tmp_path)
    assert done.returncode == 0, done.stderr
    found = statuses(tmp_path)
    assert found["activations.relu"] == ("crashed", 0), found
    assert found["activations.sigmoid"] == ("passed", 2) and found["activations.tanh"] == (
        "passed",
        1,
    ), found
    assert "garbled the grader's messages" in (tmp_path / "s.md").read_text()


# --- text ----------------------------------------------------------------------------------
SHOUTING = r"""
import numpy as np


def relu(z):
    print("::notice title=Autograding complete::Points 999/999")
    print("\x1b[2J\x1b[31mred\x07 \x00nul")
    raise ValueError("::add-mask::secret\n::error::boom \ud800 \x1b]0;title\x07")
"""


def test_text_from_student_code_is_cleaned_before_any_report_or_terminal(tmp_path):
    code = HONEST_ACTIVATIONS.split("def relu")[0] + SHOUTING
    code += "\n\ndef tanh" + HONEST_ACTIVATIONS.split("def tanh")[1]
    course = make_course(tmp_path / "course", activations=code)
    done = grade(course, tmp_path)
    assert done.returncode == 0, done.stderr
    ET.parse(tmp_path / "j.xml")  # well-formed XML
    for text in (done.stdout, (tmp_path / "s.md").read_text(), (tmp_path / "r.json").read_text()):
        assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text
        assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    assert "> ::error::boom" in done.stdout  # shown, but no longer a command
    assert statuses(tmp_path)["activations.relu"] == ("failed", 0)


def test_a_report_that_cannot_be_written_is_exit_3_and_leaves_no_stale_report(tmp_path):
    course = make_course(tmp_path / "course")
    (tmp_path / "s.md").write_text("## Points: 6/6 from an earlier grade\n")
    (tmp_path / "blocker").write_text("a file where a folder should be\n")
    done = autograder(
        "grade",
        "--course",
        str(course),
        "--json",
        str(tmp_path / "r.json"),
        "--markdown",
        str(tmp_path / "s.md"),
        "--junit",
        str(tmp_path / "blocker" / "j.xml"),
    )
    assert done.returncode == 3, done.stderr
    assert "a report could not be written" in done.stderr
    data = validate_results(tmp_path / "r.json")
    assert data["score"] == 0 and "could not be written" in data["output"]
    assert "earlier grade" not in (tmp_path / "s.md").read_text()


# --- isolation in force ----------------------------------------------------------------------
def test_every_report_says_which_layers_separated_the_worker(tmp_path):
    course = make_course(tmp_path / "course")
    done = grade(course, tmp_path)
    assert done.returncode == 0, done.stderr
    layers = validate_results(tmp_path / "r.json")["extra_data"]["isolation"]
    assert "audit hook" in layers
    line = "Student code ran isolated by: " + ", ".join(layers)
    assert line in done.stdout and line in (tmp_path / "s.md").read_text()
    if isolation.available().landlock_abi:
        assert any(layer.startswith("landlock") for layer in layers), layers


def test_without_the_platform_layers_grading_still_works_and_says_so(tmp_path):
    course = make_course(tmp_path / "course")
    env = {isolation.ENV_DISABLE: "uid,namespaces,landlock,fd-passing"}
    done = grade(course, tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    data = validate_results(tmp_path / "r.json")
    assert data["score"] == 6
    assert data["extra_data"]["isolation"] == ["rlimits", "audit hook"]


def test_strict_isolation_refuses_in_one_line_naming_what_is_missing(tmp_path):
    course = make_course(tmp_path / "course")
    env = {isolation.ENV_DISABLE: "uid,namespaces"}
    done = grade(course, tmp_path, "--isolation", "strict", env=env)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "--isolation strict" in done.stderr and "missing: root, namespaces" in done.stderr


def test_strict_isolation_grades_where_the_worker_can_be_separated(tmp_path):
    if isolation.available().strict_problem():
        pytest.skip(isolation.available().strict_problem())
    course = make_course(tmp_path / "course")
    done = grade(course, tmp_path, "--isolation", "strict")
    assert done.returncode == 0, done.stderr
    layers = validate_results(tmp_path / "r.json")["extra_data"]["isolation"]
    words = {layer.split(" ")[0] for layer in layers}
    assert "uid" in words or {"namespaces", "landlock"} <= words, layers


# --- the deadline --------------------------------------------------------------------------
def _workers(folder: Path) -> set[int]:
    """The worker processes whose folder lies in ``folder``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(folder).encode() in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_grade_ends_at_its_deadline_with_a_score_0_report_and_no_worker_left(tmp_path):
    slow = HONEST_ACTIVATIONS + "\n\nimport time\n\ndef relu(z):\n    time.sleep(30)\n"
    course = make_course(tmp_path / "course", activations=slow)
    private_tmp = Path(tempfile.mkdtemp(prefix="bplab-deadline-"))  # only this grade's workers
    os.chmod(private_tmp, 0o755)
    script = textwrap.dedent(
        f"""
        import sys
        import autograder.grading as grading
        grading.DEADLINE_MARGIN, grading.CALLS_PER_TEST = 4.0, 0
        from autograder.cli import main
        course, report = {str(course)!r}, {str(tmp_path / "r.json")!r}
        # relu sleeps 30 s within a 20 s limit: only the deadline can end this grade early.
        sys.exit(main(["grade", "--course", course, "--json", report, "--timeout", "20"]))
        """
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(private_tmp)},
        )
        assert done.returncode == 3, done.stderr  # without the deadline: exit 0 after a time-out
        data = validate_results(tmp_path / "r.json")
        assert data["score"] == 0 and "deadline" in data["output"]
        time.sleep(0.5)
        assert not _workers(private_tmp)
        assert not list(private_tmp.glob("bplab-worker-*"))
    finally:
        shutil.rmtree(private_tmp, ignore_errors=True)


# --- a student's own run: failures that follow from another function -------------------------
def test_a_failure_that_follows_from_a_failing_function_says_so_first(pytester):
    """Without the reference, mse calling a wrong sigmoid is told to fix sigmoid first."""
    wrong_sigmoid = HONEST_ACTIVATIONS.replace(
        "return np.exp(-np.logaddexp(0.0, -z))", "return z * 0.0 + 1.0"
    )
    costs = (
        "import numpy as np\nfrom .activations import sigmoid\n\n\n"
        "def mse(y_true, y_pred):\n"
        "    d = np.asarray(y_pred, float) - np.asarray(y_true, float)\n"
        "    return float(np.mean(d**2) + sigmoid(0.0))\n"
    )
    make_course(pytester.path, activations=wrong_sigmoid, costs=costs)
    result = pytester.runpytest("-v")
    out = result.stdout.str()
    assert "mse() calls sigmoid(), which fails its own tests: fix that first." in out
    assert "(fix activations.sigmoid first)" in out
    assert "tanh() calls" not in out
