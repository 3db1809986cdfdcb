"""The nbgrader notebooks judge a submission exactly as the pytest plugin does.

A few catalogued mistakes (:mod:`autograder.instructor.catalogue`) are patched into the reference
one at a time and graded twice: by the plugin, on the sandboxed worker, in a copy of the course
without ``solutions/`` (as a student's repository is, so no reference takes part), and by the
``%%graded`` cells of the exported notebook, run by its own ``course_support`` in a fresh
process. Each graded test must get the same status and the same message from both. The
plugin's messages are compared as judged, before the student-run note that names a failing
function to fix first (which only the whole grade knows).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.core.tests import only_the_autograder_plugin
from autograder.instructor.catalogue import catalogue
from autograder.plugin import GradingHooks

nbformat = pytest.importorskip(
    "nbformat", reason="nbformat comes with the nbgrader extra: pip install -e '.[nbgrader]'"
)
from autograder.instructor import nbgrader_export as nbx  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TOPIC = "activations"
# A wrong value, a change in place, an overflow, and code that raises.
NAMES = ("sigmoid-sign-flipped", "relu-in-place", "sigmoid-overflow-nan", "relu-max-not-maximum")

NOTEBOOK_RUN = r"""
import ast, json, sys
import course_support as cs
import nbformat

namespace = {}
exec(compile(open(sys.argv[1]).read(), "activations.py", "exec"), namespace)
runner = cs.Runner("activations", namespace)
judged = {}
for cell in nbformat.read("activations.ipynb", 4).cells:
    if not cell.source.startswith("%%graded"):
        continue
    line, body = cell.source.split("\n", 1)
    kind = line.split()[1]
    names = [n.name for n in ast.parse(body).body if isinstance(n, ast.FunctionDef)]
    try:
        runner.run_cell(line.removeprefix("%%graded").strip(), body)
        status, message = "passed", ""
    except cs.TestFailed as exc:
        status, message = str(exc.status), str(exc).split("\n", 1)[1] if "\n" in str(exc) else ""
    for name in names:
        if name.startswith("test"):
            judged.setdefault(f"{kind}::{name}", []).append([status, message])
print(json.dumps(judged))
"""


@pytest.fixture(scope="module")
def notebook_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("parity") / "nbgrader"
    summary = nbx.export_course(REPO, course, topics=[TOPIC])
    return summary.assignment_dir


def mutant(tmp_path: Path, name: str) -> Path:
    """A student's repository: the tests, and the reference with the mistake ``name``."""
    mistake = next(m for m in catalogue().mistakes if m.name == name)
    course = tmp_path / "student"
    shutil.copytree(REPO / "tests" / "public", course / "tests" / "public")
    shutil.copytree(REPO / "tests" / "hidden", course / "tests" / "hidden")
    shutil.copytree(
        REPO / "solutions", course / "exercises", ignore=shutil.ignore_patterns("__pycache__")
    )
    topic_file = course / "exercises" / f"{mistake.topic}.py"
    topic_file.write_text(mistake.apply(topic_file.read_text(encoding="utf-8")), encoding="utf-8")
    return course


def by_plugin(course: Path) -> dict[str, list[list[str]]]:
    tests = [str(course / "tests" / kind / f"test_{TOPIC}.py") for kind in ("public", "hidden")]
    args = [*tests, "--rootdir", str(course), "-p", "no:cacheprovider", "-q", "--tb=no"]
    hooks = GradingHooks()
    with only_the_autograder_plugin() as plugin:
        pytest.main([*args, "--import-mode=importlib", *plugin], plugins=[hooks])
    assert hooks.session is not None
    assert hooks.session.code.reference is None  # a student's repository: no reference
    judged: dict[str, list[list[str]]] = {}
    for test in hooks.session.results:
        path, _, function = test.nodeid.partition("::")
        kind = "hidden" if "/hidden/" in path else "public"
        judged.setdefault(f"{kind}::{function.split('[')[0]}", []).append(
            [str(test.status), test.message.rstrip()]  # as a notebook shows it
        )
    return judged


def by_notebook(notebook_dir: Path, course: Path) -> dict[str, list[list[str]]]:
    source = course / "exercises" / f"{TOPIC}.py"
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    done = subprocess.run(
        [sys.executable, "-c", NOTEBOOK_RUN, str(source)],
        cwd=notebook_dir,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_and_plugin_judge_a_mistake_alike(
    name: str, notebook_dir: Path, tmp_path: Path
) -> None:
    course = mutant(tmp_path, name)
    plugin = by_plugin(course)
    notebook = by_notebook(notebook_dir, course)
    assert set(plugin) == set(notebook)
    assert any(s != "passed" for cases in plugin.values() for s, _ in cases), "not killed"
    for key in plugin:
        assert sorted(notebook[key]) == sorted(plugin[key]), key
