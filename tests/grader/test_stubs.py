"""The stub generator and the contract: exercises/ is solutions/ with the answers taken out."""

from __future__ import annotations

import ast
import importlib
import inspect
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.contract import EXERCISES, GIVEN, TOPICS
from autograder.instructor.stubs import MarkerError, make_stub, solution_lines, stale_files

REPO = Path(__file__).resolve().parents[2]

SOURCE = textwrap.dedent(
    '''
    """A topic."""
    import numpy as np

    ### BEGIN SOLUTION
    def _helper(x):
        return x + 1
    ### END SOLUTION


    def given(x):
        """Given code stays."""
        return x


    def exercise(x):
        """Docstring stays."""
        # Hint: stays too.
        ### BEGIN SOLUTION
        return _helper(x) * 2
        ### END SOLUTION
    '''
)


def test_function_region_becomes_a_stub_and_module_region_disappears():
    stub = make_stub(SOURCE)
    assert "# Hint: stays too." in stub and '"""Docstring stays."""' in stub
    assert "    # YOUR CODE HERE\n    raise NotImplementedError()\n" in stub
    assert "_helper" not in stub and "* 2" not in stub
    assert "\n\n\n\n" not in stub
    namespace: dict = {}
    exec(compile(stub, "stub", "exec"), namespace)  # the stub module imports cleanly
    assert namespace["given"](3) == 3
    with pytest.raises(NotImplementedError):
        namespace["exercise"](1)


def test_solution_lines_are_the_region_bodies():
    assert solution_lines(SOURCE) == [
        "def _helper(x):",
        "    return x + 1",
        "    return _helper(x) * 2",
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1\n", ":1: '### BEGIN SOLUTION' is never closed"),
        ("x = 1\n### END SOLUTION\n", ":2: '### END SOLUTION' without"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n", ":2: expected '### END SOLUTION' before"),
        (
            "def f():\n    ### BEGIN SOLUTION\n    x = 1\n### END SOLUTION\n",
            ":4: '### END SOLUTION' is indented 0",
        ),
    ],
)
def test_unpaired_markers_name_file_and_line(source, message):
    with pytest.raises(MarkerError, match=message.replace("(", r"\(")):
        make_stub(source, "topic.py")


def test_committed_stubs_are_in_sync():
    assert stale_files(REPO / "solutions", REPO / "exercises") == []


def test_stubs_check_names_the_stale_file(tmp_path):
    shutil.copytree(REPO / "solutions", tmp_path / "solutions")
    shutil.copytree(REPO / "exercises", tmp_path / "exercises")
    (tmp_path / "exercises" / "costs.py").write_text("# edited by hand\n")
    command = [sys.executable, "-m", "autograder", "stubs", "--check", "--course", str(tmp_path)]
    checked = subprocess.run(command, capture_output=True, text=True)
    assert checked.returncode == 1
    assert "costs.py: differs from the stub of" in checked.stderr
    subprocess.run(command[:-3] + ["--course", str(tmp_path)], check=True, capture_output=True)
    assert subprocess.run(command, capture_output=True).returncode == 0


def _public_functions(package: str, topic: str) -> dict[str, inspect.Signature]:
    module = importlib.import_module(f"{package}.{topic}")
    return {
        name: inspect.signature(value)
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not name.startswith("_")
    }


@pytest.mark.parametrize("topic", TOPICS)
def test_solutions_and_exercises_define_the_contract_with_equal_signatures(topic):
    solutions = _public_functions("solutions", topic)
    exercises = _public_functions("exercises", topic)
    assert set(solutions) == set(EXERCISES[topic]) | set(GIVEN.get(topic, ()))
    assert solutions == exercises


@pytest.mark.parametrize("topic", TOPICS)
def test_every_exercise_has_a_hint_and_a_docstring_with_shapes(topic):
    tree = ast.parse((REPO / "solutions" / f"{topic}.py").read_text())
    source = (REPO / "solutions" / f"{topic}.py").read_text().splitlines()
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    for name in EXERCISES[topic]:
        node = functions[name]
        doc = ast.get_docstring(node) or ""
        assert "Parameters" in doc and "Returns" in doc, name
        body = source[node.lineno - 1 : node.end_lineno]
        begin = next(i for i, line in enumerate(body) if line.strip() == "### BEGIN SOLUTION")
        assert any(line.strip().startswith("# Hint") for line in body[:begin]), (
            f"{name} has no hint"
        )
