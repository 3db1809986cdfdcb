"""No graded test can be passed by a function that returns zeros, or one constant, everywhere.

Two wrong submissions: every contract function returns what the reference returns with each
number replaced by 0 (``zeros``), or by 0.5 (``constant``): the same types, shapes, dtypes and
keys, so only the values are wrong. Both are graded with the hidden tests in the instructor's
grade, where each function is judged on its own; every graded test of a function that returns
numbers must fail, and every function must lose points. A known value, a formula on random
inputs or a property checked together with one value cannot be met by such an output; a property
alone (``softmax(z + c) == softmax(z)``, ``sigmoid(-z) == 1 - sigmoid(z)``) can.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.contract import EXERCISES, TOPICS
from autograder.instructor.grading_server import GradingProcess

REPO = Path(__file__).resolve().parents[2]
FUNCTIONS = [f"{topic}.{name}" for topic in TOPICS for name in EXERCISES[topic]]

REPLACE = '''

def _bplab_replace(value, number):
    """``value`` with every number replaced by ``number``; a bool, a regime or a list of names
    by one constant answer."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(number)
    if isinstance(value, str):
        return "converges" if number == 0 else "diverges"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return []
    if isinstance(value, np.ndarray):
        filled = np.full(value.shape, number, dtype=value.dtype)
        return filled if value.dtype.kind in "fc" else np.full_like(value, round(number + 0.5))
    if isinstance(value, (int, np.integer)):
        return type(value)(round(number + 0.5))
    if isinstance(value, (float, np.floating)):
        return type(value)(number)
    if isinstance(value, (list, tuple)):
        return type(value)(_bplab_replace(v, number) for v in value)
    if isinstance(value, dict):
        return {k: _bplab_replace(v, number) for k, v in value.items()}
    return value
'''
NUMBERS = {"zeros": 0.0, "constant": 0.5}

# Functions whose result is no number: a constant answer of theirs is right on some inputs.
NOT_NUMBERS = {
    "gradient_descent.learning_rate_regime",
    "overfitting.is_overfitting",
    "overfitting.spurious_features",
}
# Graded tests that such a function may pass, each with the reason; every one of their functions
# loses points on its other tests.
RAISES = (
    "checks that a bad argument raises (the wrapped reference raises, no constant function does)"
)
RIGHT_GRADIENTS = "right gradients: the expected relative errors are 0 (the wrong ones are not)"
EXPECTED_CONSTANT = {
    "tests/hidden/test_backprop.py::test_gradient_check_random_correct[150]": RIGHT_GRADIENTS,
    "tests/hidden/test_backprop.py::test_gradient_check_random_correct[151]": RIGHT_GRADIENTS,
    "tests/public/test_backprop.py::test_gradient_check_correct_gradients": RIGHT_GRADIENTS,
    "tests/hidden/test_overfitting.py::test_l2_gradient_random_params[0.0]": "lam = 0: all zeros",
    "tests/hidden/test_overfitting.py::test_l2_penalty_random_params[0.0]": "lam = 0: zero",
    "tests/hidden/test_gradient_descent.py::test_minibatches_no_rows": "n = 0: no batches",
    "tests/hidden/test_overfitting.py::test_best_polynomial_degree_random_data[127-coefficients1]": (
        "the best degree is 1"
    ),
    "tests/hidden/test_digits.py::test_train_classifier_rejects_unknown_keys_and_optimizers": RAISES,
    "tests/hidden/test_layers.py::test_dropout_forward_rejects_bad_keep_prob": RAISES,
    "tests/public/test_backprop.py::test_init_weights_rejects_an_unknown_scheme": RAISES,
    "tests/public/test_digits.py::test_train_classifier_rejects_an_unknown_key": RAISES,
}


def _replaced(topic: str, number: float) -> str:
    source = (REPO / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
    wrappers = "".join(
        f"\n_bplab_{name} = {name}\n\n\ndef {name}(*args, **kwargs):\n"
        f"    return _bplab_replace(_bplab_{name}(*args, **kwargs), {number!r})\n"
        for name in EXERCISES[topic]
    )
    return source + REPLACE + wrappers


@pytest.fixture(scope="module")
def grader():
    process = GradingProcess(REPO)
    yield process
    process.stop()


@pytest.mark.parametrize("kind", list(NUMBERS))
def test_no_test_passes_a_constant_output(grader, tmp_path, kind):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "__init__.py").write_text("")
    for topic in TOPICS:
        (exercises / f"{topic}.py").write_text(_replaced(topic, NUMBERS[kind]), encoding="utf-8")
    result = grader.grade(tmp_path, tmp_path / "result.json")
    assert result.error is None, result.error
    unknown = set(EXPECTED_CONSTANT) - {t.nodeid for t in result.tests}
    assert not unknown, f"EXPECTED_CONSTANT names tests that do not exist: {sorted(unknown)}"
    passed = sorted(
        t.nodeid
        for t in result.tests
        if t.passed and t.exercise not in NOT_NUMBERS and t.nodeid not in EXPECTED_CONSTANT
    )
    assert not passed, f"{kind}: {len(passed)} graded tests pass:\n" + "\n".join(passed)
    lost = {e.exercise for e in result.exercises() if e.score < e.max_score}
    assert lost == set(FUNCTIONS), f"{kind}: keep full points: {sorted(set(FUNCTIONS) - lost)}"
