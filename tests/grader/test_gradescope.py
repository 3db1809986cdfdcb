"""``autograder gradescope``: the bundle has Gradescope's layout, and its own ``setup.sh`` and
``run_autograder`` grade submissions here, in a stand-in of Gradescope's ``/autograder`` (moved
by ``$AUTOGRADER_GRADESCOPE_ROOT``): for the tiny course of ``conftest.make_course`` (made with
``--without-solutions``), and for this repository's course with its reference, where each
function is judged on its own and the submission cannot read the reference.

The stand-in's virtual environment is made by the test and sees this interpreter's numpy and
pytest (a ``.pth`` file), so ``setup.sh`` takes the path where they are already installed and
installs only the bundled grader, with ``pip --no-deps``; on Gradescope it also creates the
environment and installs numpy and pytest.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import zipfile
from pathlib import Path

import numpy
import pytest
from conftest import HIDDEN_RELU, HONEST_ACTIVATIONS, HONEST_COSTS, make_course, validate_results

from autograder.cli import main
from autograder.contract import TOPICS
from autograder.instructor.gradescope import write_bundle
from autograder.instructor.mistakes import reference_sources
from autograder.submission import SubmissionNotFound, find_exercises

COURSE = Path(__file__).resolve().parents[2]
STUB = "def {}(*args):\n    raise NotImplementedError()\n"


def test_bundle_of_the_course_has_gradescopes_layout_and_the_reference_topics_only(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "autograder.zip"
    assert main(["gradescope", str(bundle), "--course", str(COURSE)]) == 0
    with zipfile.ZipFile(bundle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    for script in ("setup.sh", "run_autograder"):  # at the root, executable
        assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755, script
    assert "course/tests/hidden/test_costs.py" in infos
    assert "course/exercises/data/digits.npz" in infos
    assert "grader/autograder/plugin.py" in infos and "grader/pyproject.toml" in infos
    reference = {name for name in infos if name.startswith("course/solutions/")}
    topics = {f"course/solutions/{topic}.py" for topic in TOPICS}
    assert reference == topics | {
        "course/solutions/__init__.py",
        "course/solutions/data/README.md",
        "course/solutions/data/digits.npz",
    }
    for name in infos:
        assert not name.startswith("solutions/"), name
        assert "/instructor/" not in name and "nbgrader" not in name, name
    assert not any(name.startswith("course/exercises/") and name.endswith(".py") for name in infos)
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o666 & ~_umask()

    without = tmp_path / "without.zip"
    assert main(["gradescope", str(without), "--course", str(COURSE), "--without-solutions"]) == 0
    with zipfile.ZipFile(without) as archive:
        names = archive.namelist()
    assert not any("solutions/" in name for name in names)
    assert set(names) == set(infos) - reference


def test_a_course_without_its_reference_is_refused_unless_told(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    course = make_course(tmp_path / "course", hidden=HIDDEN_RELU)
    assert main(["gradescope", str(tmp_path / "b.zip"), "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert "expected the reference in solutions/ (or --without-solutions)" in err, err
    assert "solutions/__init__.py" in err and not (tmp_path / "b.zip").exists()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.fixture(scope="module")
def gradescope(tmp_path_factory: pytest.TempPathFactory):
    """Gradescope's layout, for the tiny course (no reference)."""
    course = make_course(tmp_path_factory.mktemp("course"), hidden=HIDDEN_RELU)
    yield from _stand_in(course, with_reference=False)


@pytest.fixture(scope="module")
def gradescope_of_the_course():
    """Gradescope's layout, for this repository's course with its reference."""
    yield from _stand_in(COURSE, with_reference=True)


def _stand_in(course: Path, with_reference: bool):
    """Gradescope's layout after the image is built: the bundle in ROOT/source, run_autograder
    copied to ROOT, setup.sh run. ROOT is world-readable (pytest's own temporary folders are
    not), as /autograder is, so that workers running under their own uid can start Python."""
    root = Path(tempfile.mkdtemp(prefix="gradescope-"))
    root.chmod(0o755)
    try:
        bundle = root / "autograder.zip"
        write_bundle(course, bundle, with_reference)
        with zipfile.ZipFile(bundle) as archive:
            archive.extractall(root / "source")
        for script in ("setup.sh", "run_autograder"):  # zipfile does not restore modes
            (root / "source" / script).chmod(0o755)
        shutil.copyfile(root / "source" / "run_autograder", root / "run_autograder")
        (root / "run_autograder").chmod(0o755)
        subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True)
        site = Path(
            sysconfig.get_path("purelib", vars={"base": str(root / "venv")}),
        )
        shared = {Path(numpy.__file__).parents[1], Path(pytest.__file__).parents[1]}
        (site / "shared.pth").write_text("".join(f"{p}\n" for p in sorted(shared)))
        done = subprocess.run(
            ["bash", str(root / "source" / "setup.sh")],
            cwd=root / "source",
            env={**os.environ, "AUTOGRADER_GRADESCOPE_ROOT": str(root)},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_autograder(root: Path, files: dict[str, str]) -> dict:
    """Lay out a submission, run ``run_autograder`` as Gradescope does and return results.json."""
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    for name, text in files.items():
        (submission / name).parent.mkdir(parents=True, exist_ok=True)
        (submission / name).write_text(text, encoding="utf-8")
    results = root / "results" / "results.json"
    done = subprocess.run(
        [str(root / "run_autograder")],
        cwd=root,
        env={**os.environ, "AUTOGRADER_GRADESCOPE_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return validate_results(results)


def maximum(results: dict) -> float:
    return sum(test["max_score"] for test in results["tests"])


def test_setup_installs_the_grader_and_hides_the_source(gradescope: Path) -> None:
    assert stat.S_IMODE((gradescope / "source").stat().st_mode) == 0o700
    venv_python = gradescope / "venv" / "bin" / "python"
    done = subprocess.run(
        [str(venv_python), "-c", "import autograder, sys; print(autograder.__file__)"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    assert done.returncode == 0 and str(gradescope / "venv") in done.stdout, done.stderr


def test_reference_uploaded_as_files_gets_full_marks(gradescope: Path) -> None:
    results = run_autograder(
        gradescope, {"activations.py": HONEST_ACTIVATIONS, "costs.py": HONEST_COSTS}
    )
    assert maximum(results) == 9 and results["score"] == 9, results["output"]
    assert results["extra_data"]["isolation"], "strict isolation names the layers in force"
    hidden = [t for t in results["tests"] if t["visibility"] == "after_published"]
    assert [t["name"] for t in hidden] == ["relu on inputs the public tests do not use."]


def test_stubs_in_a_repository_one_folder_down_score_zero(gradescope: Path) -> None:
    stubs = "".join(STUB.format(name) for name in ("sigmoid", "relu", "tanh"))
    results = run_autograder(
        gradescope,
        {
            "backprop-lab-main/exercises/activations.py": stubs,
            "backprop-lab-main/exercises/costs.py": STUB.format("mse"),
            "backprop-lab-main/README.md": "my work\n",
        },
    )
    assert maximum(results) == 9 and results["score"] == 0
    assert {t["tags"][2] for t in results["tests"]} == {"not attempted"}


def test_broken_submissions_get_a_valid_report_with_the_reason(gradescope: Path) -> None:
    results = run_autograder(
        gradescope,
        {"exercises/activations.py": HONEST_ACTIVATIONS, "exercises/costs.py": "def mse(y, p)\n"},
    )
    costs = [t for t in results["tests"] if t["tags"][0] == "costs"]
    assert costs and results["score"] == maximum(results) - sum(t["max_score"] for t in costs)
    assert "SyntaxError" in costs[0]["output"], costs[0]["output"]

    results = run_autograder(gradescope, {"notes.txt": "I could not finish\n"})
    assert results["score"] == 0 and results["tests"] == []
    assert "no exercises/ folder and no topic file" in results["output"]


def test_a_broken_environment_still_gives_a_valid_report(tmp_path: Path) -> None:
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    shutil.copyfile(
        COURSE / "autograder" / "instructor" / "templates" / "gradescope_run_autograder",
        root / "run_autograder",
    )
    (root / "run_autograder").chmod(0o755)
    results = run_autograder(root, {"activations.py": HONEST_ACTIVATIONS})
    assert results["score"] == 0 and "could not start" in results["output"]


def test_a_course_without_hidden_tests_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    course = make_course(tmp_path / "course")
    code = main(["gradescope", str(tmp_path / "b.zip"), "--course", str(course)])
    assert code == 2 and "tests/hidden/" in capsys.readouterr().err
    assert not (tmp_path / "b.zip").exists()


def test_the_finder_never_follows_links_and_refuses_two_submissions(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "costs.py").write_text(HONEST_COSTS)
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "exercises").symlink_to(tmp_path / "elsewhere")
    (linked / "down").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SubmissionNotFound, match="no exercises/ folder and no topic file"):
        find_exercises(linked)
    two = tmp_path / "two"
    for name in ("a", "b"):
        (two / name / "exercises").mkdir(parents=True)
    with pytest.raises(SubmissionNotFound, match=r"two submissions in one folder \(a/exercises"):
        find_exercises(two)
    (two / "costs.py").write_text(HONEST_COSTS)  # the topic files at the top win
    assert find_exercises(two) == two


def _reference_with(replacements: dict[str, str]) -> dict[str, str]:
    """The reference's topic files, uploaded flat, with code appended to some of them."""
    files = {f"{t}.py": text for t, text in reference_sources(COURSE / "solutions").items()}
    for topic, code in replacements.items():
        files[f"{topic}.py"] += textwrap.dedent(code)
    return files


def _points(results: dict, exercise: str) -> tuple[float, float]:
    tests = [t for t in results["tests"] if t["tags"][1] == exercise]
    return sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)


def test_each_function_is_judged_on_its_own_on_gradescope(gradescope_of_the_course: Path) -> None:
    # tanh returns a flat array: tanh loses points, tanh_prime and the layers that call it
    # keep theirs, since the grade answers their calls of tanh with the reference's
    results = run_autograder(
        gradescope_of_the_course,
        _reference_with(
            {"activations": "\n_tanh = tanh\n\n\ndef tanh(z):\n    return _tanh(z).ravel()\n"}
        ),
    )
    tanh_score, tanh_possible = _points(results, "activations.tanh")
    assert tanh_score < tanh_possible, results["output"]
    for exercise in ("activations.tanh_prime", "layers.tanh_forward", "layers.tanh_backward"):
        score, possible = _points(results, exercise)
        assert possible > 0 and score == possible, (exercise, score, possible)
    assert results["score"] == maximum(results) - (tanh_possible - tanh_score)  # no one else


def test_a_submission_cannot_read_the_reference_on_gradescope(
    gradescope_of_the_course: Path,
) -> None:
    # a sigmoid that is right only when it can read the reference's activations.py
    reference = gradescope_of_the_course / "source" / "course" / "solutions" / "activations.py"
    attack = f"""

    def sigmoid(z):
        import numpy as np

        try:
            text = open({str(reference)!r}).read()
        except OSError as exc:
            print("could not read the reference:", exc)
            return np.zeros_like(np.asarray(z, dtype=float))
        namespace = {{}}
        exec(compile(text, "reference", "exec"), namespace)
        return namespace["sigmoid"](z)
    """
    works = {}  # where the file can be read (here, as root), the attack earns the points
    exec(textwrap.dedent(attack), works)
    assert works["sigmoid"](0.0) == 0.5 and works["sigmoid"](-1000.0) == 0.0
    results = run_autograder(gradescope_of_the_course, _reference_with({"activations": attack}))
    score, possible = _points(results, "activations.sigmoid")
    assert possible > 0 and score == 0, results["output"]
    shown = json.dumps(results)
    assert "np.where(z >= 0, 1.0, e)" not in shown
    assert "could not read the reference" in shown  # the public tests show what it printed
