"""A trusted call's time limit counts the student's time, not the grader's answers to it."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.outcomes import StudentTimeout
from autograder.sandbox.client import Sandbox

CALLER = """
from .activations import sigmoid


def calls_sigmoid(times):
    return [float(sigmoid(0.0)) for _ in range(times)]
"""


def slow_sigmoid(z):
    time.sleep(0.4)  # the grading process's own time, as a slow reference would take
    return 1.0 / (1.0 + np.exp(-z))


@pytest.fixture
def sandbox(tmp_path: Path):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "__init__.py").write_text("")
    (exercises / "activations.py").write_text("def sigmoid(z):\n    raise NotImplementedError\n")
    (exercises / "costs.py").write_text(textwrap.dedent(CALLER))
    box = Sandbox(exercises, None, [], reference={"activations.sigmoid": slow_sigmoid})
    if not box.trusted_calls:
        pytest.skip("trusted calls need fork and descriptor passing")
    yield box
    box.close()


def test_time_spent_answering_callbacks_is_not_the_students(sandbox):
    # five answers of 0.4 s each: 2 s of the grader's time inside a 1 s limit
    result = sandbox.call("costs", "calls_sigmoid", (5,), {}, timeout=1.0, trusted=True)
    assert result.value == [0.5] * 5


def test_the_grace_has_a_bound(sandbox):
    # 30 answers (12 s) are more than the limit and four times it: the call is stopped
    with pytest.raises(StudentTimeout):
        sandbox.call("costs", "calls_sigmoid", (30,), {}, timeout=1.0, trusted=True)
