"""``autograder grade --html``: one self-contained page with points, feedback and figures.

One real grade of a flawed copy of the solutions (about 15 s, most of it the figures' training
runs) feeds most tests; the last one opens the page in headless Chromium when it is installed.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import make_course, validate_results

from autograder.core import results as model
from autograder.figures import LESSONS

COURSE = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PRINTED = "<b>relu was here</b>"


def replace_region(source: str, function: str, body: str) -> str:
    """``source`` with the solution region of ``function`` replaced by ``body`` (indented 4)."""
    start = source.index("### BEGIN SOLUTION", source.index(f"def {function}("))
    end = source.index("### END SOLUTION", start)
    return source[:start] + "### BEGIN SOLUTION\n" + body + "    " + source[end:]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """The page and results.json of a copy of the solutions with three mistakes."""
    root = tmp_path_factory.mktemp("html")
    exercises = root / "submission" / "exercises"
    shutil.copytree(COURSE / "solutions", exercises, ignore=shutil.ignore_patterns("plots.py"))
    activations = (exercises / "activations.py").read_text()
    in_place = f"    print({PRINTED!r})\n    z = np.asarray(z, dtype=np.float64)\n    z[z < 0] = 0.0\n    return z\n"
    (exercises / "activations.py").write_text(replace_region(activations, "relu", in_place))
    descent = (exercises / "gradient_descent.py").read_text()
    descent = replace_region(descent, "fit_line", "    raise NotImplementedError()\n")
    descent = descent.replace("x = x - learning_rate *", "x = x - 2 * learning_rate *")
    (exercises / "gradient_descent.py").write_text(descent)
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(root / "submission")]
        + ["--course", str(COURSE), "--html", str(root / "page.html")]
        + ["--json", str(root / "results.json"), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return (root / "page.html").read_text(encoding="utf-8"), validate_results(root / "results.json")


def figure(page: str, name: str) -> str:
    match = re.search(rf"<figure id='figure-{name}'>(.*?)</figure>", page, re.S)
    assert match, f"no figure {name}"
    return match.group(1)


def test_the_page_has_the_total_and_the_points_of_every_topic(graded):
    page, results = graded
    assert (
        f'<span id="total">{results["score"]:g}/{sum(t["max_score"] for t in results["tests"]):g}</span>'
        in page
    )
    result = model.GradeResult(
        tests=[
            model.TestResult(
                "", t["name"], t["tags"][1], t["max_score"], t["score"], t["tags"][2], False
            )
            for t in results["tests"]
        ]
    )
    for topic, (score, possible) in result.topics().items():
        assert f"<td>{topic}</td><td class='points'>{score:g}/{possible:g}</td>" in page


def test_each_failed_test_has_its_feedback_and_named_mistake(graded):
    page, results = graded
    failed = [t for t in results["tests"] if t["tags"][2] not in ("passed", "not attempted")]
    assert {t["tags"][1] for t in failed} == {
        "activations.relu",
        "gradient_descent.gradient_descent",
    }
    for test in failed:
        assert html.escape(test["name"]) in page
    assert "<p class='mistake'>Likely mistake (relu-in-place)" in page


def test_what_student_code_printed_is_escaped(graded):
    page, _ = graded
    assert PRINTED not in page and html.escape(PRINTED) in page


def test_figures_are_drawn_or_say_why_not(graded):
    page, _ = graded
    notes = {name: re.findall(r"<p class='note'>(.*?)</p>", figure(page, name)) for name in LESSONS}
    assert notes["line_fit"] == ["Not drawn: fit_line() is not attempted in the tests."]
    assert "changed its argument z in place" in notes["activations"][0]
    for name in ("descent_paths", "restarts"):
        assert notes[name][0].startswith("Some tests of gradient_descent() fail")
        assert "data:image/png" in figure(page, name)
    for name in ("gradient_norms", "learning_curves", "polynomial_degree", "misclassified"):
        assert notes[name] == [], name
    for name in ("line_fit", "activations"):
        assert "<img" not in figure(page, name)
    for name in LESSONS:
        assert "<p class='lesson'>The lesson: " in figure(page, name)


def test_the_page_is_self_contained(graded):
    page, _ = graded
    assert "default-src 'none'; img-src data:" in page  # the browser may fetch nothing
    sources = re.findall(r"src='([^']*)'", page)
    assert len(sources) == 6
    for source in sources:
        prefix = "data:image/png;base64,"
        assert source.startswith(prefix)
        assert base64.b64decode(source[len(prefix) :]).startswith(PNG_MAGIC)
    for outside in ("http:", "https:", "<script", "<link", "url(", "@import"):
        assert outside not in page.lower()


def test_hidden_tests_show_on_the_page_only_what_results_json_shows(pytester):
    hidden = '''
import numpy as np
import pytest
from autograder.checks import check_array

@pytest.mark.points(3)
def test_relu_random(course):
    """relu on random inputs."""
    z = np.array([-0.123456789, 7.654321])
    check_array(course.activations.relu(z), np.maximum(z, 0), "relu(z)", inputs="z = -0.123456789, 7.654321")
'''
    relu = "import numpy as np\ndef relu(z):\n    print('inputs', z)\n    return np.abs(z)\n"
    make_course(pytester.path, activations=relu, hidden=hidden)
    pytester.runpytest("--grade-json", "results.json", "--grade-html", "page.html")
    page = (pytester.path / "page.html").read_text()
    data = validate_results(pytester.path / "results.json")
    (test,) = [t for t in data["tests"] if t["visibility"] == "after_published"]
    assert "7.654321" not in page and "0.123456789" not in page
    assert html.escape(test["output"].removeprefix("[failed] ")) in page
    assert "inputs [-2.  3.]" in page  # the public test's output is shown


def test_grade_class_writes_a_page_per_student(tmp_path):
    from autograder.cli import main

    course = make_course(tmp_path / "course")
    student = tmp_path / "submissions" / "ada" / "exercises"
    shutil.copytree(course / "exercises", student)
    out = tmp_path / "out"
    assert (
        main(
            ["grade-class", str(student.parent.parent), "--out", str(out)]
            + ["--course", str(course), "--jobs", "1", "--no-hidden", "--html"]
        )
        == 0
    )
    page = (out / "ada" / "report.html").read_text()
    assert '<span id="total">6/6</span>' in page


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    chromium() is None, reason="Chromium is not installed (apt-get install chromium)"
)
def test_chromium_renders_the_figures_and_the_total(graded, tmp_path):
    page, results = graded
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    browser = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no network, whatever the page asked for
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        browser + ["--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert (
        f'<span id="total">{results["score"]:g}/{sum(t["max_score"] for t in results["tests"]):g}</span>'
        in dom
    )
    assert dom.count('src="data:image/png;base64,') == 6
    shot = tmp_path / "page.png"
    subprocess.run(
        browser
        + ["--hide-scrollbars", "--window-size=1100,7000", f"--screenshot={shot}"]
        + [path.as_uri()],
        capture_output=True,
        timeout=120,
    )
    from matplotlib.image import imread

    pixels = (imread(shot)[..., :3] * 255).round().astype(int)
    # matplotlib's first and fourth colours: the lines of the figures, decoded and drawn
    for color in ((31, 119, 180), (214, 39, 40)):
        assert np.all(np.abs(pixels - color) <= 8, axis=-1).sum() > 500, color
