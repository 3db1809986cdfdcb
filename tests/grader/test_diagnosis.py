"""The diagnosis data: what it holds, that it is fresh, and that it names mistakes end to end."""

from __future__ import annotations

import json
import re
import textwrap

import numpy as np
import pytest
from conftest import INNER_INI, REPO

from autograder import diagnosis
from autograder.cli import main
from autograder.contract import EXERCISES
from autograder.instructor.catalogue import catalogue
from autograder.instructor.stubs import solution_lines
from autograder.outcomes import StudentError

MISTAKES = catalogue().mistakes

# A solution line is "trivial" (too common to leak anything, so it may appear anywhere) only when,
# stripped, it is empty, only brackets and punctuation, "return <one name>", or a bare keyword.
# Everything else counts, comments included.
TRIVIAL = re.compile(r"|[()\[\]{},:]+|return \w+|else:|try:|finally:|break|continue|pass")


def strings(value: object) -> list[str]:
    """Every string in a decoded JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_no_solution_line_appears_in_the_diagnosis_data():
    raw = diagnosis.DATA.read_text(encoding="utf-8")
    texts = strings(json.loads(raw)) + [raw]
    checked, leaked = 0, []
    for path in sorted((REPO / "solutions").glob("*.py")):
        for line in solution_lines(path.read_text(encoding="utf-8"), str(path)):
            code = line.strip()
            if TRIVIAL.fullmatch(code):
                continue
            checked += 1
            leaked += [f"{path.name}: {code!r}" for text in texts if code in text][:1]
    assert checked > 200, f"only {checked} solution lines found: are the markers still there?"
    assert not leaked, "solution lines in diagnosis.json:\n" + "\n".join(leaked)


def test_diagnosis_data_holds_probes_names_texts_and_hashes_only():
    data = json.loads(diagnosis.DATA.read_text(encoding="utf-8"))
    assert set(data) == {"format", "exercises"} and data["format"] == diagnosis.FORMAT
    contract = {f"{t}.{f}" for t, names in EXERCISES.items() for f in names}
    assert set(data["exercises"]) <= contract
    names = []
    for exercise, entry in data["exercises"].items():
        assert set(entry) == {"probes", "select", "mistakes"}, exercise
        assert entry["probes"] and all(set(p) == {"args", "kwargs"} for p in entry["probes"])
        assert diagnosis.probes(exercise), exercise  # the probes decode
        for mistake in entry["mistakes"]:
            assert set(mistake) == {"name", "misconception", "hint", "fingerprint"}
            assert re.fullmatch(r"[0-9a-f]{64}", mistake["fingerprint"])
            names.append(mistake["name"])
    assert names == [m.name for m in MISTAKES if m.exercise in data["exercises"]]
    assert sorted(names) == sorted(m.name for m in MISTAKES)


def test_diagnosis_data_is_up_to_date(capsys):
    """Rebuilds every fingerprint in the sandbox (about 30 s on two cores)."""
    code = main(["mutation", "--check-diagnosis", "--course", str(REPO)])
    assert code == 0, capsys.readouterr().err


# --- fingerprints ----------------------------------------------------------------------------
def test_fingerprint_ignores_noise_and_containers_but_not_values():
    a = np.array([0.1, 2.0 / 3.0, -5.5e-3])
    same = [a * (1 + 1e-12), list(a), tuple(a)]
    for other in same:
        assert diagnosis.fingerprint([other]) == diagnosis.fingerprint([a])
    assert diagnosis.fingerprint([[1e-17, 1.0]]) == diagnosis.fingerprint([[0.0, 1.0]])
    assert diagnosis.fingerprint([True]) == diagnosis.fingerprint([np.bool_(True)])
    for other in [a * (1 + 1e-4), a[:2], a.reshape(3, 1), [a, a]]:
        assert diagnosis.fingerprint([other]) != diagnosis.fingerprint([a])


def test_an_exception_and_an_in_place_change_are_part_of_the_outcome():
    class Result:
        def __init__(self, value, mutated):
            self.value, self.mutated = value, mutated

    def raises(args, kwargs):
        raise StudentError("costs.mse", "boom", kind="ValueError")

    assert diagnosis.run_probes(raises, [((1,), {})]) == [("raised", "ValueError")]
    plain = diagnosis.run_probes(lambda a, k: Result(1.0, []), [((), {})])
    changed = diagnosis.run_probes(lambda a, k: Result(1.0, ["z"]), [((), {})])
    assert plain == [1.0] and changed == [("mutated", ["z"], 1.0)]
    assert diagnosis.fingerprint(plain) != diagnosis.fingerprint(changed)
    assert diagnosis.run_probes(lambda a, k: Result((1.0, {"c": 2}), []), [((), {})], select=0) == [
        1.0
    ]


# --- student-written mistakes, diagnosed by name ---------------------------------------------
def _sigmoid_sign_flipped(z):
    return 1.0 / (1.0 + np.exp(np.asarray(z, dtype=float)))


def _softmax_without_shift(z, axis=-1):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=axis, keepdims=True)


def _relu_prime_one_at_zero(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def _mse_root(y_true, y_pred):
    return float(np.sqrt(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)))


def _cross_entropy_columns(labels, probs, eps=1e-12):
    return float(-np.mean(np.log(np.maximum(np.asarray(probs)[:, labels], eps))))


def _early_stopping_first_increase(val_losses, patience=5):
    best = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] > val_losses[epoch - 1]:
            break
        if val_losses[epoch] < val_losses[best]:
            best = epoch
    return best


@pytest.mark.parametrize(
    ("exercise", "function", "name"),
    [
        ("activations.sigmoid", _sigmoid_sign_flipped, "sigmoid-sign-flipped"),
        ("activations.softmax", _softmax_without_shift, "softmax-no-max-shift"),
        ("activations.relu_prime", _relu_prime_one_at_zero, "relu-prime-one-at-zero"),
        ("costs.mse", _mse_root, "mse-root"),
        ("costs.cross_entropy", _cross_entropy_columns, "ce-picks-columns"),
        (
            "overfitting.early_stopping_epoch",
            _early_stopping_first_increase,
            "early-stop-first-increase",
        ),
    ],
)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_mistake_written_differently_is_still_recognised(exercise, function, name):
    found = diagnosis.diagnose(exercise, lambda args, kwargs: function(*args, **kwargs))
    assert found is not None and found.name == name


def test_correct_code_is_not_given_a_mistake():
    def softmax(z, axis=-1):
        z = np.asarray(z, dtype=float)
        return np.exp(z - np.logaddexp.reduce(z, axis=axis, keepdims=True))

    assert diagnosis.diagnose("activations.softmax", lambda a, k: softmax(*a, **k)) is None


STUDENT_SOFTMAX = """
    import numpy as np


    def softmax(z, axis=-1):
        exps = np.exp(np.asarray(z, dtype=float))
        return exps / np.sum(exps, axis=axis, keepdims=True)
"""

GRADED_TEST = """
    import numpy as np
    import pytest

    from autograder.checks import check_array


    @pytest.mark.points(2)
    def test_softmax_large_scores(course):
        \"\"\"softmax of large scores is finite.\"\"\"
        got = course.activations.softmax(np.array([[1001.0, 1002.0], [3.0, 4.0]]))
        expected = [[0.26894142, 0.73105858]] * 2
        check_array(got, expected, "softmax(z)", inputs="z = [[1001, 1002], [3, 4]]")
"""


def test_plugin_names_the_mistake_in_public_and_hidden_feedback(pytester):
    """A student's own softmax without the shift, graded through pytest and the plugin."""
    files = {
        "exercises/__init__.py": "",
        "exercises/activations.py": STUDENT_SOFTMAX,
        "tests/public/test_activations.py": GRADED_TEST,
        "tests/hidden/test_activations.py": GRADED_TEST,
        "pytest.ini": INNER_INI,
    }
    for name, text in files.items():
        (pytester.path / name).parent.mkdir(parents=True, exist_ok=True)
        (pytester.path / name).write_text(textwrap.dedent(text))
    result = pytester.runpytest("--grade-json", "results.json", "-W", "ignore::RuntimeWarning")
    assert result.parseoutcomes() == {"failing": 2}
    tests = json.loads((pytester.path / "results.json").read_text())["tests"]
    expected = "Likely mistake (softmax-no-max-shift): Your softmax returns nan for large scores"
    assert [expected in t["output"] for t in tests] == [True, True]
    hidden = next(t for t in tests if t["visibility"] != "visible")["output"]
    assert "1001" not in hidden and "Expected" not in hidden
