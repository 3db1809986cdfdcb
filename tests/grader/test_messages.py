"""What a failure says: printed output, inputs changed in place, shapes, plain numbers, and an
import error told once per topic."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import make_course

from autograder.checks import (
    check_array,
    check_equal,
    check_float,
    check_shape,
    in_place_failure,
    show,
)
from autograder.outcomes import CheckFailure

REPO = Path(__file__).resolve().parents[2]

TESTS_TWO_CALLS = '''
import numpy as np
import pytest

from autograder.checks import check_array


@pytest.mark.points(1)
def test_relu_twice(course):
    """relu of two inputs."""
    course.activations.relu(np.array([1.0]))
    check_array(course.activations.relu(np.array([-2.0, 3.0])), [0.0, 3.0], "relu(z)",
                inputs="z = [-2, 3]")
'''


def grade_messages(pytester: pytest.Pytester, activations: str, tests: str = "") -> dict:
    """The message of each test of a tiny course with these activations, by test name."""
    make_course(pytester.path, activations=activations)
    if tests:
        (pytester.path / "tests" / "public" / "test_activations.py").write_text(tests)
    pytester.runpytest("--grade-json", "results.json", "--time-limit", "2")
    data = json.loads((pytester.path / "results.json").read_text())
    return {t["name"]: t["output"] for t in data["tests"]}


@pytest.mark.parametrize(
    "body",
    [
        "    return np.abs(z)",  # a wrong value
        "    if z.size > 1:\n        raise ValueError('two')\n    return z",  # raised later
        "    if z.size > 1:\n        while True:\n            pass\n    return z",  # timed out
    ],
    ids=["wrong value", "raised", "timed out"],
)
def test_a_public_failure_shows_all_the_test_printed(pytester, body):
    relu = f"import numpy as np\ndef relu(z):\n    print('looking at', z.size)\n{body}\n"
    messages = grade_messages(pytester, relu, TESTS_TWO_CALLS)
    message = messages["relu of two inputs."]
    assert "Your code printed:" in message, message
    assert "looking at 1" in message, message
    if "timed out" not in message:  # a killed call's own output is lost with its worker
        assert "looking at 2" in message, message
    assert message.count("Your code printed:") == 1, message


def test_an_in_place_failure_shows_the_input_and_names_the_argument(pytester):
    relu = "import numpy as np\ndef relu(z):\n    z[z < 0] = 0.0\n    return z\n"
    message = grade_messages(pytester, relu)["relu keeps positives and zeroes negatives."]
    assert "relu() changed its argument z in place: relu() must leave z as" in message, message
    assert "z = np.array(z, dtype=float)" in message and "instead of z -= m" in message, message
    assert "Input: relu(array(2,) float64: [-2.  3.])" in message, message
    assert "No known mistake" not in message, message


def test_in_place_wording_names_every_changed_argument():
    failure = in_place_failure("momentum_step", ["params", "velocity"], (1.5,), {"beta": 0.9})
    assert failure.prop.startswith("momentum_step() changed its argument params and velocity")
    assert "as the caller gave them" in failure.prop and "params = np.array(params" in failure.prop
    assert failure.detail == "Input: momentum_step(1.5, beta=0.9)"
    step = in_place_failure("gradient_step", ["params"], ({"W": np.ones(2)}, {"W": np.ones(2)}), {})
    assert "build a new dict, {k: v - m for k, v in params.items()}" in step.prop, step.prop
    assert "Input: gradient_step({'W': array(2,) float64: [1. 1.]}" in step.detail, step.detail


def test_a_shape_check_shows_shapes_not_a_made_up_expected_array():
    with pytest.raises(CheckFailure) as caught:
        check_shape(np.ones((2, 3)), (3, 2), "W")
    assert caught.value.prop == "W has the wrong shape: expected (3, 2), got (2, 3)"
    assert "Expected: an array of shape (3, 2)\n" in caught.value.detail
    assert "array(2, 3)" in caught.value.detail and "[0." not in caught.value.detail
    with pytest.raises(CheckFailure) as caught:
        check_array(np.ones(2), np.zeros(3), "z")
    assert "Expected: an array of shape (3,)" in caught.value.detail
    assert "[0. 0. 0.]" not in str(caught.value)


def test_no_graded_test_checks_a_shape_against_a_made_up_array():
    """A shape is checked with check_shape: an array with a huge tolerance shows its made-up
    values as "expected" when the shape is wrong."""
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("public", "hidden")
        for path in sorted((REPO / "tests" / folder).glob("test_*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"atol=1e[5-9]|atol=1e[1-9][0-9]", line)
    ]
    assert not found, found


def test_numbers_show_plain_without_numpy_reprs():
    value = {"loss": np.float64(0.25), "sizes": [np.int64(3), np.float32(0.5)], "ok": np.bool_(1)}
    assert show(value) == "{'loss': 0.25, 'sizes': [3, 0.5], 'ok': True}"
    assert show((np.float64(1.5),)) == "(1.5,)"
    with pytest.raises(CheckFailure) as caught:
        check_equal([0.5], [np.float64(0.25), np.float64(1.0)], "f(x)")
    with pytest.raises(CheckFailure) as float_caught:
        check_float(1.0, np.float64(0.5), "g(x)")
    text = str(caught.value) + str(float_caught.value)
    assert "np." not in text and "Expected: [0.25, 1.0]" in text and "Expected: 0.5" in text


def test_an_import_error_is_told_once_per_topic(pytester):
    messages = grade_messages(pytester, "import numpy as np\n\ndef sigmoid(z)\n    return z\n")
    about = [m for name, m in messages.items() if "could not be imported" in m]
    assert len(about) == 3, messages
    full = [m for m in about if "SyntaxError" in m]
    assert len(full) == 1 and "line 3" in full[0], about
    others = [m for m in about if m not in full]
    assert all(
        "its error is shown once, with the first failing test of activations" in m for m in others
    )
