"""``autograder release``: what the student repository holds, what it must never hold, the leak
audit, and that a student's plain ``pytest`` in it grades the stubs 0 and the solutions fully.

pytest runs inside the release as a subprocess with ``PYTHONPATH=<release>``,
``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`` and ``-p autograder.plugin``: that loads the release's own
copy of the plugin (not the instructor's installed one, whose entry point would otherwise load
first) without ``pip install -e .``, which is too slow for a test. The real install is what the
``release`` job of ``.github/workflows/ci.yml`` does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.contract import EXERCISES, TOPICS
from autograder.instructor import release as rel

COURSE = Path(__file__).resolve().parents[2]


def release_cli(capsys: pytest.CaptureFixture, *args: str | Path) -> tuple[int, str, str]:
    """``autograder release ARGS`` in this process: exit code, stdout, stderr."""
    capsys.readouterr()
    code = main(["release", "--course", str(COURSE), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def student_pytest(
    release: Path, report: Path | None, *args: str, quiet: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """A student's ``pytest`` in ``release`` (or its folder ``cwd``), with the release's own
    plugin (see the module doc)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOGRADER_", "PYTEST_"))}
    env.update(PYTHONPATH=str(release), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "autograder.plugin", "-p", "no:cacheprovider"]
        + (["-q"] if quiet else [])
        + (["--grade-json", str(report)] if report else [])
        + list(args),
        cwd=cwd or release,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("release") / "student-repo"
    rel.release(COURSE, dest)
    return dest


def test_release_holds_what_a_student_needs(released: Path) -> None:
    for topic in TOPICS:
        assert (released / "exercises" / f"{topic}.py").is_file()
    assert (released / "exercises" / "data" / "digits.npz").is_file()
    public = sorted(p.name for p in (COURSE / "tests" / "public").glob("test_*.py"))
    assert (
        public
        and sorted(p.name for p in (released / "tests" / "public").glob("test_*.py")) == public
    )
    for module in ("plugin.py", "cli.py", "checks.py", "sandbox/worker.py", "reports/markdown.py"):
        assert (released / "autograder" / module).is_file(), module
    if (COURSE / "autograder" / "diagnosis.json").is_file():
        assert (released / "autograder" / "diagnosis.json").is_file()
    for name in ("README.md", "pyproject.toml", ".gitignore", ".github/workflows/classroom.yml"):
        assert (released / name).is_file(), name
    for topic in TOPICS:
        assert (released / "notebooks" / f"{topic}.ipynb").is_file(), topic


def test_release_never_holds_instructor_files(released: Path) -> None:
    names = {p.relative_to(released).as_posix() for p in released.rglob("*")}
    for forbidden in ("solutions", "tests/hidden", "tests/grader", "autograder/instructor"):
        assert not any(n == forbidden or n.startswith(forbidden + "/") for n in names), forbidden
    assert not (released / ".github" / "workflows" / "ci.yml").exists()
    assert not (released / ".github" / "workflows" / "grade.yml").exists()


def test_student_pyproject_installs_the_minimum(released: Path) -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")
    project = tomllib.loads((released / "pyproject.toml").read_text(encoding="utf-8"))
    dependencies = " ".join(project["project"]["dependencies"])
    assert "numpy" in dependencies and "pytest" in dependencies
    assert "nbgrader" not in dependencies and "matplotlib" not in dependencies
    assert project["project"]["entry-points"]["pytest11"] == {"autograder": "autograder.plugin"}
    assert project["project"]["scripts"]["autograder"] == "autograder.cli:main"
    assert project["project"]["optional-dependencies"]["plots"] == ["matplotlib>=3.6"]
    assert "jupyterlab>=4" in project["project"]["optional-dependencies"]["notebooks"]


def test_student_readme_explains_setup_tests_points_and_feedback(released: Path) -> None:
    readme = (released / "README.md").read_text(encoding="utf-8")
    for needed in (
        "pip install -e .",
        "pytest tests/public/test_costs.py",
        "not attempted",
        "feedback, not your grade",
        "hidden tests",
        'pip install -e ".[notebooks]"',
        "jupyter lab notebooks/",
        "pytest -v",
        "TOTAL (partial run)",
        "autograder grade --html report.html",
        "autograder grade --hidden",
    ):
        assert needed in readme, needed
    assert all(f"exercises/{topic}.py" in readme for topic in TOPICS)
    assert "$" not in readme.replace("$GITHUB", ""), "an unfilled template placeholder"


def test_stubs_score_zero_every_exercise_not_attempted(released: Path, tmp_path: Path) -> None:
    # --tb=no changes no result (the plugin writes its own messages) and saves pytest formatting
    # a traceback for each of the failed tests, most of the run's time.
    done = student_pytest(released, tmp_path / "results.json", "--tb=no")
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert sum(t["max_score"] for t in result["tests"]) > 0 and result["score"] == 0
    assert {test["tags"][2] for test in result["tests"]} == {"not attempted"}
    assert not any(test["visibility"] != "visible" for test in result["tests"]), "hidden tests ran"
    assert "TOTAL" in done.stdout and "not attempted" in done.stdout  # the points table


def test_an_untouched_release_prints_a_header_a_line_per_topic_and_the_total(
    released: Path,
) -> None:
    done = student_pytest(released, None, quiet=False)
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and len(lines) <= 40, done.stdout
    assert lines[0].startswith("=====") and "test session starts" in lines[0]
    assert "FAILED" not in done.stdout and "Traceback" not in done.stdout
    table = lines[lines.index(next(line for line in lines if "= points =" in line)) :]
    assert [line.split("  ")[0] for line in table[3:-3]] == [
        f"{topic} (all {len(EXERCISES[topic])} exercises)" for topic in TOPICS
    ]
    assert all("not attempted" in line for line in table[3:-3])
    assert lines[-2].split()[0] == "TOTAL" and lines[-2].split()[-1].startswith("0/")
    assert lines[-1].startswith("Student code ran isolated by: ")


def test_pytest_runs_every_test_from_any_folder_of_the_release(released: Path, tmp_path) -> None:
    for folder in ("exercises", "exercises/data"):
        done = student_pytest(released, tmp_path / "results.json", cwd=released / folder)
        result = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
        assert {t["tags"][0] for t in result["tests"]} == set(TOPICS), done.stdout[-2000:]
        assert "partial run" not in done.stdout


@pytest.mark.parametrize("topic", TOPICS)
def test_running_a_topic_file_as_a_script_says_how_to_run_its_tests(
    released: Path, topic: str
) -> None:
    done = subprocess.run(
        [sys.executable, f"exercises/{topic}.py"], cwd=released, capture_output=True, text=True
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "Traceback" not in done.stderr
    assert f"pytest tests/public/test_{topic}.py" in done.stderr


def test_completed_copy_scores_full_public_marks(released: Path, tmp_path: Path) -> None:
    completed = tmp_path / "completed"
    shutil.copytree(released, completed)
    for topic in TOPICS:
        shutil.copyfile(
            COURSE / "solutions" / f"{topic}.py", completed / "exercises" / f"{topic}.py"
        )
    done = student_pytest(completed, tmp_path / "results.json")
    assert done.returncode == 0, done.stdout[-3000:]
    result = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    maximum = sum(t["max_score"] for t in result["tests"])
    assert maximum > 0 and result["score"] == maximum


def test_one_topic_runs_alone(released: Path, tmp_path: Path) -> None:
    done = student_pytest(
        released, tmp_path / "results.json", "--tb=no", "tests/public/test_costs.py"
    )
    result = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert {test["tags"][0] for test in result["tests"]} == {"costs"}, done.stdout[-2000:]


def test_the_release_uses_its_own_grader_package(released: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(released))
    done = subprocess.run(
        [sys.executable, "-c", "import autograder.plugin, autograder.cli as c; print(c.__file__)"],
        cwd=released,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(done.stdout.strip()).is_relative_to(released)


# --- refusing and replacing DEST ---------------------------------------------------------------
def test_refuses_a_non_empty_dest_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine\n")
    code, _, err = release_cli(capsys, dest)
    assert code == 2
    assert err.count("\n") == 1 and str(dest) in err and "--force" in err
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]


def test_force_replaces_the_content_but_keeps_git(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    dest = tmp_path / "dest"
    (dest / ".git").mkdir(parents=True)
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (dest / "stale.py").write_text("old\n")
    assert release_cli(capsys, dest, "--force")[0] == 0
    assert not (dest / "stale.py").exists()
    assert (dest / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (dest / "exercises" / "costs.py").is_file()


def test_a_dest_with_only_git_counts_as_empty(tmp_path: Path) -> None:
    dest = tmp_path / "clone"
    (dest / ".git").mkdir(parents=True)
    rel.release(COURSE, dest)
    assert (dest / "README.md").is_file()


@pytest.mark.parametrize("where", ["a file", "under a file", "the course"])
def test_an_unwritable_dest_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture, where: str
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    dest = {"a file": blocker, "under a file": blocker / "dest", "the course": COURSE}[where]
    code, _, err = release_cli(capsys, dest)
    assert code == 2, err
    assert err.count("\n") == 1 and str(dest) in err
    assert blocker.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_parent_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        code, _, err = release_cli(capsys, parent / "dest")
    finally:
        parent.chmod(0o700)
    assert code == 2 and err.count("\n") == 1 and "dest" in err


def test_a_public_test_the_grader_would_refuse_is_not_released(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(COURSE / "solutions", course / "solutions")
    shutil.copytree(COURSE / "tests" / "public", course / "tests" / "public")
    with (course / "tests" / "public" / "test_costs.py").open("a", encoding="utf-8") as tests:
        tests.write("\n\ndef test_mse_without_points(course):\n    pass\n")
    with pytest.raises(
        rel.ReleaseError, match="test_mse_without_points: a test under tests/public"
    ):
        rel.build(course, tmp_path / "dest")


# --- the leak audit ----------------------------------------------------------------------------
def test_audit_of_a_clean_release_passes(released: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = release_cli(capsys, "--audit", released)
    assert code == 0, err
    assert "no solution or hidden-test line" in out


def _a_secret_line(kind: str) -> tuple[str, str]:
    """A non-trivial line of a solution region (or hidden test) and where it comes from."""
    secrets = rel.secrets(COURSE)
    table = secrets.solution if kind == "solution" else secrets.hidden
    assert table, f"the course has no {kind} lines to leak"
    line, source = max(table.items(), key=lambda item: len(item[0]))
    return line, source


@pytest.mark.parametrize("kind", ["solution", "hidden"])
def test_audit_names_the_file_and_line_of_a_leak(
    released: Path, tmp_path: Path, capsys: pytest.CaptureFixture, kind: str
) -> None:
    copy = tmp_path / "leaky"
    shutil.copytree(released, copy)
    line, source = _a_secret_line(kind)
    notes = copy / "notes.md"
    notes.write_text(f"# Notes\n\nSomething I found:\n    {line}\n", encoding="utf-8")
    code, _, err = release_cli(capsys, "--audit", copy)
    assert code == 1
    assert f"{copy / 'notes.md'}:4:" in err and source in err


def test_audit_finds_a_secret_inside_a_longer_line(released: Path, tmp_path: Path) -> None:
    line, _ = _a_secret_line("solution")
    copy = tmp_path / "leaky"
    shutil.copytree(released, copy)
    path = copy / "exercises" / "costs.py"
    path.write_text(path.read_text(encoding="utf-8") + f"# hint: {line}  # shh\n", encoding="utf-8")
    assert rel.audit(copy, COURSE)[0].path == "exercises/costs.py"


def test_audit_flags_instructor_paths(released: Path, tmp_path: Path) -> None:
    copy = tmp_path / "leaky"
    shutil.copytree(released, copy)
    (copy / "autograder" / "instructor").mkdir()
    (copy / "autograder" / "instructor" / "__init__.py").write_text("")
    leaks = rel.audit(copy, COURSE)
    assert [leak.path for leak in leaks] == ["autograder/instructor/__init__.py"]


def test_trivial_lines_are_not_leaks(released: Path, tmp_path: Path) -> None:
    copy = tmp_path / "fine"
    shutil.copytree(released, copy)
    (copy / "extra.py").write_text("else:\n    pass\n)\n}\nreturn grads\ngrads = {\nerrors = []\n")
    assert rel.audit(copy, COURSE) == []


@pytest.mark.parametrize(
    ("line", "trivial"),
    [
        ("", True),
        ("    })", True),
        ("else:", True),
        ("return", True),
        ("return best", True),
        ("rows,", True),
        ("0.2689414213699951,", False),
        ("return {", True),
        ("grads = {}", True),
        ("best = 0", True),
        ('"""', True),
        ("return s * (1.0 - s)", False),
        ("return best + 1", False),
        ("best = 1", False),
        ("# the derivative of the sigmoid", False),
        ("total = sum(", False),
    ],
)
def test_is_trivial_is_narrow(line: str, trivial: bool) -> None:
    assert rel.is_trivial(line) is trivial


def test_a_release_that_would_leak_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = rel.build

    def leaky_build(course: Path, target: Path) -> None:
        real_build(course, target)
        shutil.copytree(course / "tests" / "hidden", target / "tests" / "extra")

    monkeypatch.setattr(rel, "build", leaky_build)
    dest = tmp_path / "dest"
    with pytest.raises(rel.LeakError) as caught:
        rel.release(COURSE, dest)
    assert caught.value.leaks and all(
        leak.path.startswith("tests/extra/") for leak in caught.value.leaks
    )
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # the staging folder is gone too
