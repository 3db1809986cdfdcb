"""The student notebooks run top to bottom on the reference solutions, and hold no graded code.

Each notebook imports ``exercises``; here it runs in a folder where ``exercises/`` is a copy of
``solutions/``, so a cell that fails is a notebook's error, not a missing stub. Executing needs
nbclient and a Python kernel (the ``nbgrader`` extra brings both); without them these tests are
skipped. About 30 s in all on one core, a third of it starting one kernel per notebook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from autograder.contract import TOPICS

COURSE = Path(__file__).resolve().parents[2]
NOTEBOOKS = COURSE / "notebooks"


def test_every_topic_has_a_notebook() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(TOPICS)


@pytest.mark.parametrize("topic", TOPICS)
def test_notebook_holds_lesson_questions_and_no_graded_code(topic: str) -> None:
    cells = json.loads((NOTEBOOKS / f"{topic}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert f"from exercises.{topic} import" in code, "the notebook uses the student's functions"
    for forbidden in ("solutions", "BEGIN SOLUTION", "BEGIN HIDDEN", "autograder", "assert "):
        assert forbidden not in code, f"{topic}.ipynb: {forbidden!r} in a code cell"
    assert "## Questions to think about (not graded)" in markdown
    assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code"), (
        f"{topic}.ipynb is stored with outputs: clear them, so students see their own"
    )


@pytest.fixture(scope="module")
def reference_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``exercises/`` = a copy of ``solutions/`` and the notebooks beside it."""
    root = tmp_path_factory.mktemp("course")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(COURSE / "solutions", root / "exercises", ignore=ignore)
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=ignore)
    return root


@pytest.mark.parametrize("topic", TOPICS)
def test_notebook_runs_top_to_bottom_on_the_reference(reference_course: Path, topic: str) -> None:
    nbclient = pytest.importorskip("nbclient", reason="running notebooks needs nbclient")
    nbformat = pytest.importorskip("nbformat", reason="running notebooks needs nbformat")
    pytest.importorskip("ipykernel", reason="running notebooks needs a Python kernel (ipykernel)")
    folder = reference_course / "notebooks"
    notebook = nbformat.read(folder / f"{topic}.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": folder}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{topic}: no figure drawn"
