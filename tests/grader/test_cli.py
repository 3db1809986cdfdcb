"""The ``autograder grade`` command: exit codes, reports, and a failed grade that still reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import make_course, validate_results


def autograder(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], capture_output=True, text=True, cwd=cwd
    )


def test_help_explains_every_command():
    top = autograder("--help")
    assert top.returncode == 0 and "grade" in top.stdout and "stubs" in top.stdout
    grade = autograder("grade", "--help")
    for word in (
        "--hidden",
        "--json",
        "--markdown",
        "--junit",
        "--timeout",
        "--fail-under",
        "Exit codes",
    ):
        assert word in grade.stdout


def test_grade_prints_the_table_and_writes_every_report(tmp_path):
    course = make_course(tmp_path / "course")
    done = autograder(
        "grade",
        "--course",
        str(course),
        "--json",
        str(tmp_path / "r.json"),
        "--markdown",
        str(tmp_path / "s.md"),
        "--junit",
        str(tmp_path / "j.xml"),
    )
    assert done.returncode == 0, done.stderr
    assert "TOTAL" in done.stdout and "Score: 6/6 (100.0 %)" in done.stdout
    assert validate_results(tmp_path / "r.json")["score"] == 6
    assert (tmp_path / "s.md").read_text().startswith("## Points: 6/6")
    assert "<testsuites>" in (tmp_path / "j.xml").read_text()


def test_fail_under_exits_1(tmp_path):
    course = make_course(tmp_path / "course", costs="def mse(a, b):\n    return 0.0\n")
    done = autograder("grade", "--course", str(course), "--fail-under", "90")
    assert done.returncode == 1 and "Score: 4/6" in done.stdout


def test_usage_errors_exit_2_with_one_line_naming_the_input(tmp_path):
    course = make_course(tmp_path / "course")
    missing = autograder("grade", str(tmp_path / "nobody"), "--course", str(course))
    assert missing.returncode == 2 and "nobody: no such submission folder" in missing.stderr
    bad_timeout = autograder("grade", "--course", str(course), "--timeout", "0")
    assert bad_timeout.returncode == 2 and "--timeout" in bad_timeout.stderr
    not_a_course = autograder("grade", cwd=tmp_path)
    assert not_a_course.returncode == 2 and "no course found" in not_a_course.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    no_exercises = autograder("grade", str(empty), "--course", str(course))
    assert (
        no_exercises.returncode == 2
        and "submission folder holding exercises/" in no_exercises.stderr
    )


def test_a_crashed_grade_exits_3_and_still_writes_a_valid_report(tmp_path):
    course = make_course(tmp_path / "course")
    (course / "tests" / "public" / "test_broken.py").write_text("this is not python\n")
    done = autograder("grade", "--course", str(course), "--json", str(tmp_path / "r.json"))
    assert done.returncode == 3 and "the grader failed" in done.stderr
    data = validate_results(tmp_path / "r.json")
    assert data["score"] == 0 and "could not finish" in data["output"]


def test_hidden_in_a_copy_without_hidden_tests_is_a_one_line_error(tmp_path):
    course = make_course(tmp_path / "course")  # a student copy: no tests/hidden/
    done = autograder("grade", "--course", str(course), "--hidden")
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.count("\n") == 1 and "--hidden" in done.stderr and "tests/hidden" in done.stderr
    )


def test_html_without_figures_when_the_grader_fails(tmp_path):
    course = make_course(tmp_path / "course")
    (course / "tests" / "public" / "test_costs.py").write_text("import no_such_module\n")
    done = autograder("grade", "--course", str(course), "--html", str(tmp_path / "page.html"))
    assert done.returncode == 3
    page = (tmp_path / "page.html").read_text()
    assert "The grader could not finish" in page and "<img" not in page
