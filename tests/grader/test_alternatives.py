"""Correct code always passes: alternative correct submissions get full marks, hidden tests too.

Each folder under ``alternatives/`` is a submission written differently from the reference:
other but equivalent formulas, loops instead of vectorization (every topic is written once
without it: ``loops``, and ``scalar_math`` for overfitting), numpy scalars or 0-d arrays instead
of Python floats, a softmax on a transposed view, textbook formulas that warn about overflow,
math-module scalars lifted by ``np.frompyfunc``, recursion, classes and closures, ``functools``,
in-place updates of copies with explicit dtypes, other widths and schedules for the digits.
A folder writes at least two topics of its own; ``borrows.json`` may name, for each topic it
does not write, the alternative whose file it takes, so that it is graded as a whole submission.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from autograder.contract import TOPICS
from autograder.grading import grade

REPO = Path(__file__).resolve().parents[2]
ALTERNATIVES = Path(__file__).with_name("alternatives")
NAMES = sorted(p.name for p in ALTERNATIVES.iterdir() if (p / "exercises").is_dir())


def _borrows(name: str) -> dict[str, str]:
    path = ALTERNATIVES / name / "borrows.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _own_topics(name: str) -> list[str]:
    return [t for t in TOPICS if (ALTERNATIVES / name / "exercises" / f"{t}.py").is_file()]


def test_there_are_at_least_eight_complete_alternatives():
    assert len(NAMES) >= 8, f"expected at least 8 alternative submissions, found {NAMES}"
    for name in NAMES:
        own, borrows = _own_topics(name), _borrows(name)
        assert len(own) >= 2, f"alternative {name!r} writes only {own}"
        missing = [t for t in TOPICS if t not in own and t not in borrows]
        assert not missing, f"alternative {name!r} lacks the topics {missing}"
        for topic, lender in borrows.items():
            assert topic not in own and topic in _own_topics(lender), (name, topic, lender)


def _submission(name: str, folder: Path) -> Path:
    """The alternative as a whole submission: its own topics and the ones it borrows."""
    exercises = folder / "exercises"
    shutil.copytree(ALTERNATIVES / name / "exercises", exercises)
    for topic, lender in _borrows(name).items():
        shutil.copy(ALTERNATIVES / lender / "exercises" / f"{topic}.py", exercises)
    return folder


# The textbook sigmoid 1 / (1 + exp(-z)) is right but overflows, with a RuntimeWarning, at
# z = -1000: the contract asks for no warning there, so it loses exactly these tests.
CONTRACT_LOSSES = {
    "naive_forms": {
        "tests/public/test_activations.py::test_sigmoid_extreme_inputs",
        "tests/hidden/test_activations.py::test_sigmoid_extreme_inputs",
    }
}


@pytest.mark.parametrize("name", NAMES)
def test_alternative_gets_full_marks(name, tmp_path):
    result = grade(str(_submission(name, tmp_path)), REPO, hidden=True)
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
