"""Shared helpers for the grader's own tests: a tiny course laid out in a temporary folder."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

SCHEMA = json.loads(Path(__file__).with_name("gradescope_results.schema.json").read_text())
REPO = Path(__file__).resolve().parents[2]

# The ini of a course made for an in-process pytester run. Its test folders are not packages and
# are imported in importlib mode: this repository's own tests/public is already imported as the
# package ``public`` in the outer run, and public and hidden test files share basenames.
INNER_INI = "[pytest]\naddopts = --strict-markers -p no:cacheprovider --import-mode=importlib\n"

HONEST_ACTIVATIONS = """
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))


def relu(z):
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def tanh(z):
    return np.tanh(np.asarray(z, dtype=np.float64))
"""

HONEST_COSTS = """
import numpy as np


def mse(y_true, y_pred):
    return float(np.mean((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2))
"""

TESTS_ACTIVATIONS = '''
import numpy as np
import pytest

from autograder.checks import check_array


@pytest.mark.points(2)
def test_sigmoid_values(course):
    """sigmoid gives 1/2 at 0."""
    z = np.array([-1.0, 0.0, 1.0])
    check_array(course.activations.sigmoid(z), [0.2689414213699951, 0.5, 0.7310585786300049],
                "sigmoid(z)", inputs="z = [-1, 0, 1]")


@pytest.mark.points(1)
def test_relu_values(course):
    """relu keeps positives and zeroes negatives."""
    check_array(course.activations.relu(np.array([-2.0, 3.0])), [0.0, 3.0], "relu(z)",
                inputs="z = [-2, 3]")


@pytest.mark.points(1)
def test_tanh_values(course):
    """tanh(0) is 0 and tanh is odd."""
    check_array(course.activations.tanh(np.array([0.0, 0.5, -0.5])),
                [0.0, 0.46211715726000974, -0.46211715726000974], "tanh(z)", inputs="z = [0, .5, -.5]")
'''

TESTS_COSTS = '''
import pytest

from autograder.checks import check_float


@pytest.mark.points(2)
def test_mse_values(course):
    """mse is the mean squared difference."""
    check_float(course.costs.mse([1.0, 2.0], [2.0, 4.0]), 2.5, "mse", inputs="[1, 2], [2, 4]")
'''


# A hidden test file for make_course(hidden=...): 3 points on relu.
HIDDEN_RELU = """
import numpy as np
import pytest
from autograder.checks import check_array


@pytest.mark.points(3)
def test_relu_other_inputs(course):
    \"\"\"relu on inputs the public tests do not use.\"\"\"
    z = np.array([-0.25, 0.0, 7.5])
    check_array(course.activations.relu(z), [0.0, 0.0, 7.5], "relu(z)", inputs="hidden")
"""


def make_course(
    root: Path,
    activations: str = HONEST_ACTIVATIONS,
    costs: str = HONEST_COSTS,
    hidden: str | None = None,
) -> Path:
    """A small course in ``root``: exercises/ with two topics, public tests and optional hidden ones."""
    (root / "exercises").mkdir(parents=True, exist_ok=True)
    (root / "exercises" / "__init__.py").write_text("")
    (root / "exercises" / "activations.py").write_text(textwrap.dedent(activations))
    (root / "exercises" / "costs.py").write_text(textwrap.dedent(costs))
    (root / "tests" / "public").mkdir(parents=True, exist_ok=True)
    (root / "tests" / "public" / "test_activations.py").write_text(TESTS_ACTIVATIONS)
    (root / "tests" / "public" / "test_costs.py").write_text(TESTS_COSTS)
    if hidden is not None:
        (root / "tests" / "hidden").mkdir(parents=True, exist_ok=True)
        (root / "tests" / "hidden" / "test_activations.py").write_text(textwrap.dedent(hidden))
    (root / "pytest.ini").write_text(INNER_INI)
    return root


def validate_results(path: Path) -> dict:
    """Load a results.json and check it against Gradescope's schema."""
    data = json.loads(path.read_text())
    jsonschema.validate(data, SCHEMA)
    return data


@pytest.fixture
def tiny_course(pytester: pytest.Pytester) -> Path:
    return make_course(pytester.path)
