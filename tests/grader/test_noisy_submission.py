"""Printing and warnings the contract does not forbid never cost points.

The reference with every contract function printing a line, and warning with a UserWarning, a
DeprecationWarning and numpy's divide-by-zero RuntimeWarning on every call, keeps full marks,
hidden tests included. Only an overflow or invalid-value warning of the stable functions at
large inputs costs points (``test_alternatives.CONTRACT_LOSSES``).
"""

from __future__ import annotations

from pathlib import Path

from autograder.contract import EXERCISES, TOPICS
from autograder.grading import grade

REPO = Path(__file__).resolve().parents[2]

NOISE = '''

def _bplab_noisy(function):
    """``function``, printing and warning on every call."""
    import functools
    import warnings

    import numpy as np

    @functools.wraps(function)
    def noisy(*args, **kwargs):
        print(f"calling {function.__name__} with {len(args)} arguments")
        warnings.warn("a note from the student", UserWarning)
        warnings.warn("an old habit", DeprecationWarning)
        with np.errstate(divide="warn"):
            np.log(np.zeros(1))
        return function(*args, **kwargs)

    return noisy
'''


def test_printing_and_other_warnings_cost_nothing(tmp_path):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "__init__.py").write_text("")
    for topic in TOPICS:
        source = (REPO / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
        wrappers = "".join(f"\n{name} = _bplab_noisy({name})\n" for name in EXERCISES[topic])
        (exercises / f"{topic}.py").write_text(source + NOISE + wrappers, encoding="utf-8")
    result = grade(str(tmp_path), REPO, hidden=True)
    assert result.error is None, result.error
    lost = [f"{t.nodeid}: {t.message}" for t in result.tests if not t.passed]
    assert result.max_score > 0 and not lost, "\n\n".join(lost)
