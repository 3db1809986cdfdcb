"""The nbgrader mode: ``autograder nbgrader export`` and the notebooks it writes.

The end-to-end test exports two topics (``costs`` imports ``activations``, so the notebooks must
import each other), runs the real ``nbgrader generate_assignment`` and ``nbgrader autograde`` on a
submission of the reference notebooks and one of the released stubs, and reads the scores from
nbgrader's own gradebook database. nbgrader starts a Jupyter kernel per notebook, so this is the
slowest test of the suite; it prints its timings (``pytest -s``) and never asserts on them.
The other tests check the export and the notebooks' support module without Jupyter.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.contract import EXERCISES
from autograder.contract import TOPICS as CONTRACT_TOPICS
from autograder.instructor import nbgrader_export as nbx
from autograder.instructor import nbgrader_notebooks as nbn
from autograder.instructor.stubs import BEGIN, END, solution_lines

nbformat = pytest.importorskip(
    "nbformat", reason="nbformat comes with the nbgrader extra: pip install -e '.[nbgrader]'"
)

REPO = Path(__file__).resolve().parents[2]
TOPICS = ["activations", "costs"]
ASSIGNMENT = "backprop-lab"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An nbgrader course of two topics, written by the command line."""
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "nbgrader", "export", str(course)]
        + ["--topics", ",".join(TOPICS), "--course", str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return course


@pytest.fixture(scope="module")
def collected() -> list[nbx.ExportedTest]:
    """The graded tests as pytest and the autograder plugin collect them."""
    return nbx.collect_tests(REPO)[0]


def cells_of(course: Path, topic: str, folder: str = "source") -> list:
    return nbformat.read(str(course / folder / ASSIGNMENT / f"{topic}.ipynb"), 4).cells


def meta(cell) -> dict:  # noqa: ANN001
    return cell.metadata.get("nbgrader", {})


# --- the export ----------------------------------------------------------------------------------
def test_export_of_the_whole_course_has_every_topic_in_order(tmp_path: Path) -> None:
    """Every topic of the contract becomes a notebook; a test follows every cell it calls."""
    nbx.export_course(REPO, tmp_path / "course")
    assignment = tmp_path / "course" / "source" / ASSIGNMENT
    assert sorted(p.stem for p in assignment.glob("*.ipynb")) == sorted(CONTRACT_TOPICS)
    sources = [cell.source for cell in cells_of(tmp_path / "course", "layers")]
    header = next(s for s in sources if "from notebooks.activations import" in s)
    assert "from notebooks.costs import" in header
    chain = next(i for i, s in enumerate(sources) if "def test_linear_backward_lesson_chain" in s)
    answer = next(i for i, s in enumerate(sources) if s.startswith("def sigmoid_backward("))
    assert answer < chain


def _grader_modules_imported(source: str, module: str) -> set[str]:
    """The modules of ``autograder`` that ``source`` (of ``module``) imports at its top level,
    absolutely or relatively, including submodules named in a ``from package import name``."""
    found = set()
    package = module.split(".")[:-1] if module else []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = str(node.module)
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "autograder" or name.startswith("autograder.")}


def test_the_export_ships_every_grader_module_its_notebooks_import(tmp_path: Path) -> None:
    """The notebooks run where the grader is not installed: every module of ``autograder`` that
    a cell, ``course_support.py`` or a shipped module imports is in the assignment's own
    ``autograder/`` (imports at the top level of each: a function's own imports are not seen)."""
    nbx.export_course(REPO, tmp_path / "course")
    assignment = tmp_path / "course" / "source" / ASSIGNMENT

    def name_of(path: Path, root: Path) -> str:
        return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")

    package = REPO / "autograder"
    modules = {name_of(p, REPO) for p in package.rglob("*.py")}
    shipped = {name_of(p, assignment): p for p in (assignment / "autograder").rglob("*.py")}
    needed = set()
    for topic in CONTRACT_TOPICS:
        for cell in cells_of(tmp_path / "course", topic):
            if cell.cell_type != "code":
                continue
            code = "\n".join(
                line for line in cell.source.splitlines() if not line.startswith(("%", "!"))
            )
            needed |= _grader_modules_imported(code, "")
    support = assignment / "course_support.py"
    needed |= _grader_modules_imported(support.read_text(encoding="utf-8"), "course_support")
    for name, path in shipped.items():
        module = name if path.name != "__init__.py" else f"{name}.__init__"
        needed |= _grader_modules_imported(path.read_text(encoding="utf-8"), module)
    missing = sorted((needed & modules) - set(shipped))
    assert not missing, f"imported by the notebooks' code but not exported: {missing}"


def test_export_writes_config_notebooks_and_support(exported: Path) -> None:
    assignment = exported / "source" / ASSIGNMENT
    assert sorted(p.name for p in assignment.glob("*.ipynb")) == [f"{t}.ipynb" for t in TOPICS]
    assert (assignment / "course_support.py").is_file()
    assert (assignment / "autograder" / "checks.py").is_file()
    assert (assignment / "data" / "digits.npz").is_file()
    from traitlets.config import Config

    config = Config()
    config_file = exported / "nbgrader_config.py"
    code = compile(config_file.read_text(), str(config_file), "exec")
    exec(code, {"get_config": lambda: config, "__file__": str(config_file)})
    assert config.CourseDirectory.course_id == "backprop-lab"
    assert config.CourseDirectory.db_url == f"sqlite:///{exported / 'gradebook.db'}"


@pytest.mark.parametrize("topic", TOPICS)
def test_answer_cells_are_the_reference_functions_with_markers(exported: Path, topic: str) -> None:
    source = (REPO / "solutions" / f"{topic}.py").read_text()
    cells = cells_of(exported, topic)
    answers = {meta(c)["grade_id"]: c.source for c in cells if meta(c).get("solution")}
    exercises = EXERCISES[topic]
    assert set(exercises) <= set(answers)
    for name in exercises:
        assert answers[name] in source, f"{name}: the answer cell is not a verbatim copy"
        assert BEGIN in answers[name] and END in answers[name]
    # Every solution line sits in an answer cell, so generate_assignment stubs them all.
    answer_text = "\n".join(answers.values())
    assert all(line in answer_text for line in solution_lines(source))


@pytest.mark.parametrize("topic", TOPICS)
def test_test_cells_carry_the_points_of_the_graded_tests(
    exported: Path, collected: list[nbx.ExportedTest], topic: str
) -> None:
    mine = [t for t in collected if t.path.stem == f"test_{topic}"]
    graded = [c for c in cells_of(exported, topic) if meta(c).get("grade")]
    test_cells = [c for c in graded if meta(c)["points"] > 0]
    assert len(test_cells) == len(mine)
    for kind, hidden in (("public", False), ("hidden", True)):
        cells = [c for c in test_cells if c.source.startswith(f"%%graded {kind}")]
        expected = sum(t.points for t in mine if t.hidden is hidden)
        assert sum(meta(c)["points"] for c in cells) == expected
        assert all((nbn.HIDDEN_BEGIN in c.source) is hidden for c in cells)
    assert all(meta(c)["locked"] and not meta(c)["solution"] for c in graded)
    ids = [meta(c)["grade_id"] for c in cells_of(exported, topic) if meta(c)]
    assert len(ids) == len(set(ids))


def test_a_topic_imports_the_notebooks_it_builds_on(exported: Path) -> None:
    cells = cells_of(exported, "costs")
    header = next(c.source for c in cells if meta(c).get("grade_id") == "module-imports")
    assert "from notebooks.activations import softmax" in header
    assert "from ." not in header


def test_export_refuses_bad_requests_and_writes_nothing(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    before = (exported / "source" / ASSIGNMENT / "costs.ipynb").read_bytes()
    export = ["nbgrader", "export", str(exported), "--course", str(REPO), "--topics"]
    assert main([*export, "costs"]) == 2
    assert "costs imports activations" in capsys.readouterr().err
    assert main([*export, "nonsense"]) == 2
    assert "unknown topic" in capsys.readouterr().err
    assert main([*export, "activations"]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert (exported / "source" / ASSIGNMENT / "costs.ipynb").read_bytes() == before
    assert main(["nbgrader", "export", str(tmp_path / "x"), "--course", str(tmp_path)]) == 2
    assert "no solutions/ folder" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_tests_using_pytest_features_without_a_stand_in_are_refused(tmp_path: Path) -> None:
    test_file = tmp_path / "test_costs.py"
    test_file.write_text(
        "import pytest\n\n\n@pytest.mark.points(1)\ndef test_mse(course):\n"
        "    with pytest.raises(ValueError):\n        course.costs.mse(1, 2)\n"
    )
    with pytest.raises(nbx.ExportError, match=r"test_costs.py:6: pytest.raises has no stand-in"):
        nbn.parse_test_module(test_file, "costs", {"test_mse"})


# --- the support module of the notebooks, without Jupyter ----------------------------------------
RUNTIME_CHECKS = r'''
import json, sys, time
import course_support as cs

STUDENT = """
import numpy as np

def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-z))

def relu(z):
    z[z < 0] = 0.0
    return z

def tanh(z):
    raise NotImplementedError()

def leaky_relu(z, alpha=0.01):
    while True:
        pass

def softmax(z, axis=-1):
    return np.asarray(z, dtype=np.float64)
"""
namespace = {}
exec(STUDENT, namespace)
runner = cs.Runner("activations", namespace)
SETUP = """
import numpy as np
from course_support import pytest
from autograder.checks import check_array
SEEN = []
"""
runner.run_cell("public", SETUP)
runner.run_cell("hidden", SETUP)


def outcome(line, cell):
    started = time.monotonic()
    try:
        runner.run_cell(line, cell)
        text = "passed"
    except cs.TestFailed as exc:
        text = str(exc)
    return {"text": text, "seconds": time.monotonic() - started}


TEST = """
@pytest.mark.points(1)
{marks}
def test_{name}(course):
    "{name} test."
    z = np.array([-1.0, 0.0, 2.0])
    check_array(course.activations.{name}(z), {expected}, "{name}(z)", inputs="z = [-1, 0, 2]")
"""
WRONG = "[0.1, 0.2, 0.7]"
results = {
    "passes": outcome("public", TEST.format(
        name="sigmoid", marks="", expected="1 / (1 + np.exp(-np.array([-1.0, 0.0, 2.0])))")),
    "mutates": outcome("public", TEST.format(name="relu", marks="", expected="[0.0, 0.0, 2.0]")),
    "not_attempted": outcome("public", TEST.format(name="tanh", marks="", expected="[0, 0, 0]")),
    "times_out": outcome("public", TEST.format(
        name="leaky_relu", marks="@pytest.mark.time_limit(0.5)", expected="[0, 0, 0]")),
    "public_wrong": outcome("public", TEST.format(name="softmax", marks="", expected=WRONG)),
    "hidden_wrong": outcome("hidden", TEST.format(name="softmax", marks="", expected=WRONG)),
    "case": outcome("public --case 1", """
@pytest.mark.points(1)
@pytest.mark.parametrize(("a", "b"), [(1, 2), pytest.param(3, 4, id="second"), (5, 6)])
def test_sigmoid_cases(course, a, b):
    SEEN.append((a, b))
"""),
    "hidden_release_cell": outcome("hidden --case 0", "# the hidden test was here\n"),
}
results["seen"] = runner.namespaces["public"]["SEEN"]

from notebooks.activations import softmax  # the reference notebook next to this script
results["imported"] = softmax([[1001.0, 1002.0]]).round(8).tolist()
print(json.dumps(results))
'''


def run_python(code: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )


def test_test_cells_judge_student_code_like_the_grader(exported: Path) -> None:
    done = run_python(RUNTIME_CHECKS, exported / "source" / ASSIGNMENT)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert results["passes"]["text"] == "passed"
    assert "relu() changed its argument z in place" in results["mutates"]["text"]
    assert results["not_attempted"]["text"].startswith("not attempted: tanh test.")
    assert results["times_out"]["text"].startswith("timed out: leaky_relu test.")
    assert results["times_out"]["seconds"] < 5  # the test's own limit (0.5 s), not a cell time-out
    assert "Expected:" in results["public_wrong"]["text"]
    assert "Hidden test: softmax(z) has wrong values" in results["hidden_wrong"]["text"]
    assert "Expected" not in results["hidden_wrong"]["text"]
    assert results["seen"] == [[3, 4]]
    assert results["case"]["text"] == "passed"
    assert results["hidden_release_cell"]["text"] == "passed"
    assert results["imported"] == [[0.26894142, 0.73105858]]


def test_notebook_imports_read_the_submission_during_autograde(
    exported: Path, tmp_path: Path
) -> None:
    """nbgrader runs a notebook before it has copied the others: they are read from submitted/."""
    source = exported / "source" / ASSIGNMENT
    autograded = tmp_path / "autograded" / "someone" / ASSIGNMENT
    submitted = tmp_path / "submitted" / "someone" / ASSIGNMENT
    shutil.copytree(source, autograded, ignore=shutil.ignore_patterns("*.ipynb"))
    submitted.mkdir(parents=True)
    notebook = nbformat.read(str(source / "activations.ipynb"), 4)
    stub = nbformat.v4.new_code_cell(
        "raise NotImplementedError()",  # a module-level answer cell still holding nbgrader's stub
        metadata={"nbgrader": {"solution": True, "grade": False, "locked": False, "grade_id": "x"}},
    )
    notebook.cells.insert(3, stub)
    nbformat.write(notebook, str(submitted / "activations.ipynb"))
    code = "import course_support\nfrom notebooks.activations import softmax\n"
    code += "print(softmax.__module__)"
    done = run_python(code, autograded, {"NBGRADER_EXECUTION": "autograde"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "notebooks.activations"
    outside = run_python(code, autograded, {"NBGRADER_EXECUTION": ""})
    assert "notebooks.activations: no activations.ipynb next to this notebook" in outside.stderr


# --- nbgrader itself -----------------------------------------------------------------------------
def nbgrader(course: Path, home: Path, *args: str) -> float:
    """Run the nbgrader command line in ``course``; return its wall time in seconds."""
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return seconds


def test_nbgrader_gives_the_solutions_full_marks_and_the_stubs_zero(
    exported: Path, collected: list[nbx.ExportedTest], tmp_path: Path
) -> None:
    reason = "the nbgrader extra is not installed: pip install -e '.[nbgrader]'"
    pytest.importorskip("nbgrader", reason=reason)
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(exported, course)
    timings = {"generate_assignment": nbgrader(course, tmp_path, "generate_assignment", ASSIGNMENT)}

    # The release holds no solution line, and its hidden test cells hold no code.
    release = course / "release" / ASSIGNMENT
    released = [cell.source for t in TOPICS for cell in cells_of(course, t, "release")]
    text = "\n".join(released)
    for topic in TOPICS:
        for line in solution_lines((REPO / "solutions" / f"{topic}.py").read_text()):
            assert len(line.strip()) < 16 or line.strip() not in text, line
    hidden = [s.split("\n", 1)[1] for s in released if s.startswith("%%graded hidden")]
    assert hidden and all(not ast.parse(s).body for s in hidden)

    shutil.copytree(course / "source" / ASSIGNMENT, course / "submitted" / "reference" / ASSIGNMENT)
    shutil.copytree(release, course / "submitted" / "stubs" / ASSIGNMENT)
    # One run grades both submissions (students are added to the gradebook as they come).
    timings["autograde, 2 submissions"] = nbgrader(course, tmp_path, "autograde", ASSIGNMENT)

    files = {f"test_{topic}" for topic in TOPICS}
    expected_max = sum(t.points for t in collected if t.path.stem in files)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "backprop-lab") as gradebook:
        reference = gradebook.find_submission(ASSIGNMENT, "reference")
        stubs = gradebook.find_submission(ASSIGNMENT, "stubs")
        lost = [g.name for nb in reference.notebooks for g in nb.grades if g.score != g.max_score]
        earned = [g.name for nb in stubs.notebooks for g in nb.grades if g.score]
        scores = (reference.score, reference.max_score, stubs.score, stubs.max_score)
    cells = sum(1 for t in TOPICS for c in cells_of(course, t) if meta(c).get("grade"))
    print(f"\nnbgrader timings for {len(TOPICS)} notebooks with {cells} graded cells:")
    for step, seconds in timings.items():
        print(f"  {step}: {seconds:.1f} s")
    assert scores[1] == expected_max > 0
    assert lost == [] and scores[0] == expected_max
    assert earned == [] and scores[2] == 0 and scores[3] == expected_max
