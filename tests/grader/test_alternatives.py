"""Correct code always passes: alternative correct submissions get full marks, hidden tests too.

Each folder under ``alternatives/`` is a complete submission (``exercises/<topic>.py`` for every
topic) written differently from the reference: other but equivalent formulas, loops instead of
vectorization, numpy scalars or 0-d arrays instead of Python floats, a softmax on a transposed
view, textbook formulas that warn about overflow, other widths and schedules for the digits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.contract import TOPICS
from autograder.grading import grade

REPO = Path(__file__).resolve().parents[2]
ALTERNATIVES = Path(__file__).with_name("alternatives")
NAMES = sorted(p.name for p in ALTERNATIVES.iterdir() if (p / "exercises").is_dir())


def test_there_are_at_least_three_complete_alternatives():
    assert len(NAMES) >= 3, f"expected at least 3 alternative submissions, found {NAMES}"
    for name in NAMES:
        missing = [
            t for t in TOPICS if not (ALTERNATIVES / name / "exercises" / f"{t}.py").is_file()
        ]
        assert not missing, f"alternative {name!r} lacks the topics {missing}"


# The textbook sigmoid 1 / (1 + exp(-z)) is right but overflows, with a RuntimeWarning, at
# z = -1000: the contract asks for no warning there, so it loses exactly these tests.
CONTRACT_LOSSES = {
    "naive_forms": {
        "tests/public/test_activations.py::test_sigmoid_extreme_inputs",
        "tests/hidden/test_activations.py::test_sigmoid_extreme_inputs",
    }
}


@pytest.mark.parametrize("name", NAMES)
def test_alternative_gets_full_marks(name):
    result = grade(str(ALTERNATIVES / name), REPO, hidden=True)
    lost = {t.nodeid for t in result.tests if not t.passed}
    failures = "\n\n".join(
        f"{t.nodeid} [{t.status}]\n{t.message}" for t in result.tests if not t.passed
    )
    assert result.max_score > 0 and not result.error, result.error
    score = f"{result.score:g}/{result.max_score:g}"
    assert lost == CONTRACT_LOSSES.get(name, set()), (
        f"{name} is correct but got {score}:\n{failures}"
    )
    for test in result.tests:
        if test.nodeid in lost:
            assert "overflow" in test.message and "no warning" in test.message, test.message
