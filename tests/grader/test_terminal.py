"""What a student reads in the terminal: the progress, the feedback once, the points table last.

Runs ``pytest`` on the tiny course of ``conftest.py`` with ``pytester``; the untouched student
release itself is run in ``test_release.py``.
"""

from __future__ import annotations

import pytest
from conftest import INNER_INI, make_course, validate_results

from autograder.outcomes import shorten_output

STUB_ACTIVATIONS = """
def sigmoid(z):
    raise NotImplementedError()


def relu(z):
    raise NotImplementedError()


def tanh(z):
    raise NotImplementedError()
"""
STUB_COSTS = "def mse(y_true, y_pred):\n    raise NotImplementedError()\n"
WRONG_COSTS = """
def mse(y_true, y_pred):
    for line in range(300):
        print("debug line", line)
    return 0.0
"""


ISOLATION = "Student code ran isolated by: "


def lines(result: pytest.RunResult) -> list[str]:
    """The non-empty lines of the output, up to the table's last line (its isolation note)."""
    out = [line for line in result.stdout.lines if line.strip()]
    assert out[-1].startswith(ISOLATION), out[-1]
    return out[:-1]


def test_stubs_print_no_failure_blocks_and_end_with_the_total(pytester):
    make_course(pytester.path, activations=STUB_ACTIVATIONS, costs=STUB_COSTS)
    result = pytester.runpytest()
    out = result.stdout.str()
    assert result.ret == 1  # the run still fails: nothing passed
    assert "FAILURES" not in out and "short test summary" not in out and "Traceback" not in out
    assert result.parseoutcomes() == {"not": 4}  # "4 not attempted in ...s"
    result.stdout.fnmatch_lines(
        ["*tests/public/test_activations.py ---*", "*== 4 not attempted in *", "*= points =*"]
    )
    assert lines(result)[-4].startswith("activations (all 3 exercises)  not attempted  0/4")
    assert lines(result)[-1].split() == ["TOTAL", "0/6"]
    assert len(result.stdout.lines) <= 25


def test_a_failing_exercise_shows_its_feedback_once_and_the_table_last(pytester):
    make_course(pytester.path, costs="def mse(y_true, y_pred):\n    return 0.0\n")
    result = pytester.runpytest()
    out = result.stdout.str()
    assert out.count("mse has the wrong value") == 1, out
    assert "Input: [1, 2], [2, 4]" in out and "FAILURES" not in out
    assert result.parseoutcomes() == {"passed": 3, "failing": 1}
    assert lines(result)[-1].split() == ["TOTAL", "4/6"]
    assert lines(result)[-3].split() == ["costs.mse", "failed", "0/2"]


def test_verbose_lists_every_exercise_and_every_failing_test(pytester):
    make_course(pytester.path, activations=STUB_ACTIVATIONS)
    result = pytester.runpytest("-v")
    result.stdout.fnmatch_lines(
        ["*test_sigmoid_values NOT ATTEMPTED*", "*test_mse_values PASSED*"]
        + [f"activations.{name} * not attempted *" for name in ("sigmoid", "tanh", "relu")]
    )


@pytest.mark.parametrize(
    "args, reason",
    [
        (["-k", "sigmoid"], "3 graded tests left out (-k, -m or --lf)"),
        (["tests/public/test_costs.py"], "1 test files not run"),
        (["tests/public/test_activations.py::test_relu_values"], "single tests named"),
        (["-x"], "stopped after 1 of 4 tests (-x)"),
    ],
)
def test_a_partial_run_labels_its_total_and_says_how_to_get_the_full_score(pytester, args, reason):
    make_course(pytester.path, activations="def sigmoid(z):\n    return z\n")
    result = pytester.runpytest("--grade-json", "results.json", *args)
    out = result.stdout.str()
    assert "TOTAL (partial run)" in out and reason in out, out
    assert "For the full score, run `pytest` in the repository folder" in lines(result)[-1]


def test_a_full_run_is_not_partial(pytester, tiny_course):
    result = pytester.runpytest("tests")
    assert "partial run" not in result.stdout.str()


def test_last_failed_run_is_partial(pytester):
    make_course(pytester.path, costs="def mse(y_true, y_pred):\n    return 0.0\n")
    (pytester.path / "pytest.ini").write_text(INNER_INI.replace("-p no:cacheprovider ", ""))
    pytester.runpytest()
    result = pytester.runpytest("--lf")
    assert "TOTAL (partial run)" in result.stdout.str()
    assert lines(result)[-2].split()[-1] == "0/2"


def test_what_the_code_printed_comes_with_a_wrong_value_shortened(pytester):
    make_course(pytester.path, costs=WRONG_COSTS)
    pytester.runpytest("--grade-json", "results.json")
    test = validate_results(pytester.path / "results.json")["tests"][-1]
    assert "mse has the wrong value" in test["output"]
    printed = test["output"].split("Your code printed:\n", 1)[1]
    assert printed.startswith("debug line 0\n")
    assert "lines cut" in printed and len(printed.splitlines()) <= 18


def test_shorten_output_keeps_the_first_and_last_lines():
    text = "".join(f"line {i}\n" for i in range(300))
    short = shorten_output(text, lines=8, chars=1000).splitlines()
    assert short[:2] == ["line 0", "line 1"] and short[-1] == "line 299"
    assert short[2] == "... (292 lines cut) ..." and len(short) == 9
    assert shorten_output("x" * 5000, chars=100).endswith("(cut short)")
    assert shorten_output("one\ntwo\n") == "one\ntwo"
