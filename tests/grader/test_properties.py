"""Diagnosis by properties: what the data holds, no false alarm on the reference, and each kind
of property recognised in code written in other forms or with two mistakes at once."""

from __future__ import annotations

import json
import math
import re
import textwrap
import warnings

import numpy as np
import pytest
from conftest import REPO
from test_diagnosis import TRIVIAL, strings

from autograder import diagnosis, properties
from autograder.contract import EXERCISES
from autograder.instructor import property_hashes
from autograder.instructor.stubs import solution_lines
from autograder.outcomes import StudentError
from autograder.reference import load_reference
from autograder.sandbox.client import CallResult

REFERENCE = load_reference(REPO / "solutions")


def in_process(function):
    """A ``call(args, kwargs)`` as the worker answers it: warnings and in-place changes recorded,
    an exception turned into a StudentError with its type name."""

    def call(args, kwargs):
        args = [property_hashes._local(a) for a in args]
        kwargs = {k: property_hashes._local(v) for k, v in kwargs.items()}
        before = [np.array(a, copy=True) if isinstance(a, np.ndarray) else None for a in args]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = function(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - as the worker reports any exception
                raise StudentError(function.__name__, str(exc), kind=type(exc).__name__) from None
        mutated = [
            str(i)
            for i, (a, b) in enumerate(zip(args, before, strict=True))
            if b is not None and not np.array_equal(a, b, equal_nan=True)
        ]
        return CallResult(value, mutated, [str(w.message) for w in caught])

    return call


def named(exercise, function):
    found = diagnosis.diagnose(exercise, in_process(function))
    return [] if found is None else [found.name, *(d.name for d in found.also)]


def test_property_data_holds_texts_probes_and_hashes_only():
    data = json.loads(properties.DATA.read_text(encoding="utf-8"))
    assert set(data) == {"format", "checks"}
    contract = {f"{t}.{f}" for t, names in EXERCISES.items() for f in names}
    catalogued = {m["name"] for e in diagnosis.table().values() for m in e["mistakes"]}
    for check in data["checks"]:
        assert set(check["exercises"]) <= contract, check["name"]
        assert check["kind"] in properties.KINDS, check["name"]
        # its own texts, or a catalogued mistake's
        assert ("misconception" in check and "hint" in check) or check["name"] in catalogued
        if check["kind"] == "proportional":
            assert re.fullmatch(r"[0-9a-f]{64}", check["hash"])
            assert re.fullmatch(r"[0-9a-f]{64}", check["raw_hash"])
        if check["kind"] == "like_mistake":  # named after the mistake whose result it hashes
            assert check["name"] in catalogued and "misconception" not in check, check["name"]
            assert re.fullmatch(r"[0-9a-f]{64}", check["hash"]) and "raw_hash" not in check


def test_no_solution_line_appears_in_the_property_data():
    raw = properties.DATA.read_text(encoding="utf-8")
    texts = strings(json.loads(raw)) + [raw]
    leaked = []
    for path in sorted((REPO / "solutions").glob("*.py")):
        for line in solution_lines(path.read_text(encoding="utf-8"), str(path)):
            code = line.strip()
            if not TRIVIAL.fullmatch(code):
                leaked += [f"{path.name}: {code!r}" for text in texts if code in text][:1]
    assert not leaked, "solution lines in properties.json:\n" + "\n".join(leaked)


def test_the_reference_hashes_are_up_to_date():
    current = properties.DATA.read_text(encoding="utf-8")
    fresh = property_hashes.text(
        property_hashes.with_hashes(json.loads(current), REPO / "solutions")
    )
    assert fresh == current, "run python -m autograder.instructor.property_hashes"


@pytest.mark.parametrize("exercise", sorted(properties.table()))
def test_the_reference_has_none_of_the_properties(exercise):
    assert properties.findings(exercise, in_process(REFERENCE[exercise])) == []


def _softmax_rows_no_axis(z):
    return np.array([np.exp(r) / np.exp(r).sum() for r in np.asarray(z, dtype=float)])


def _softmax_columns_no_shift(z, axis=-1):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=0)


def _relu_prime_bool(z):
    return np.asarray(z) > 0


def _relu_prime_astype(z):
    return (z > 0).astype(float)


def _relu_scalar(z):
    return max(0.0, z)


def _sigmoid_math(z):
    return np.vectorize(lambda t: 1 / (1 + math.exp(-t)), otypes=[float])(z)


def _mse_gradient_sign_and_no_two(y_true, y_pred):
    return (np.asarray(y_true, float) - np.asarray(y_pred, float)) / np.size(y_pred)


def _numerical_gradient_int(f, x, h=1e-5):
    x = np.array(x)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        grad[i] = (up - f(x)) / (2 * h)
        x[i] = old
    return grad


def _split_int(X, y, validation_fraction=0.2, rng=None):
    n_val = int(len(X) * validation_fraction)
    order = rng.permutation(len(X))
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]


def _sigmoid_prime_of_z_doubled(z):
    a = np.asarray(z, dtype=float)
    return 2 * a * (1 - a)


def _tanh_prime_of_z_halved(z):
    return 0.5 - 0.5 * np.asarray(z, dtype=float) ** 2


def _sigmoid_backward_cache_as_output_batch_mean(dA, cache):
    dA = np.asarray(dA, dtype=float)
    return dA * cache * (1 - cache) / dA.shape[0]


def _tanh_backward_cache_as_output_sign(dA, cache):
    return np.asarray(dA, dtype=float) * (cache**2 - 1)


def _minibatches_global(n, batch_size, rng):
    order = np.random.permutation(n)  # noqa: NPY002 - the mistake shown
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


@pytest.mark.parametrize(
    ("exercise", "function", "names"),
    [
        (
            "activations.softmax",
            _softmax_rows_no_axis,
            ["softmax-no-axis-argument", "softmax-no-max-shift"],
        ),
        (
            "activations.softmax",
            _softmax_columns_no_shift,
            ["softmax-wrong-axis", "softmax-no-max-shift"],
        ),
        ("activations.relu_prime", _relu_prime_bool, ["result-not-float"]),
        ("activations.relu_prime", _relu_prime_astype, ["array-only-code"]),
        ("activations.relu", _relu_scalar, ["scalar-only-code"]),
        ("activations.sigmoid", _sigmoid_math, ["sigmoid-overflow-warning"]),
        ("costs.mse_gradient", _mse_gradient_sign_and_no_two, ["result-scaled"]),
        ("backprop.numerical_gradient", _numerical_gradient_int, ["integer-input-truncated"]),
        ("overfitting.train_validation_split", _split_int, ["split-size-truncated"]),
        ("gradient_descent.minibatches", _minibatches_global, ["ignores-rng"]),
        # the derivative at the activation, with a stray factor besides
        (
            "activations.sigmoid_prime",
            _sigmoid_prime_of_z_doubled,
            ["sigmoid-prime-takes-activation"],
        ),
        ("activations.tanh_prime", _tanh_prime_of_z_halved, ["tanh-prime-takes-activation"]),
        (
            "layers.sigmoid_backward",
            _sigmoid_backward_cache_as_output_batch_mean,
            ["sigmoid-backward-cache-as-output"],
        ),
        (
            "layers.tanh_backward",
            _tanh_backward_cache_as_output_sign,
            ["tanh-backward-cache-as-output"],
        ),
    ],
)
def test_each_mistake_is_named_whatever_else_is_wrong(exercise, function, names):
    assert sorted(named(exercise, function)) == sorted(names)


def test_a_fingerprint_match_is_reported_alone():
    def softmax_without_shift(z, axis=-1):
        e = np.exp(np.asarray(z, dtype=np.float64))
        return e / np.sum(e, axis=axis, keepdims=True)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert named("activations.softmax", softmax_without_shift) == ["softmax-no-max-shift"]


def test_every_mistake_gets_its_own_line():
    found = diagnosis.diagnose("activations.softmax", in_process(_softmax_columns_no_shift))
    lines = found.text().splitlines()
    assert len(lines) == 2 and all(line.startswith("Likely mistake (") for line in lines)


def test_a_students_run_names_both_mistakes_of_a_softmax(pytester):
    """The ud730-style softmax (no shift, columns) in a student's own pytest run: two lines."""
    from test_diagnosis import GRADED_TEST, INNER_INI

    student = (
        "import numpy as np\n\n\n"
        "def softmax(z, axis=-1):\n"
        "    e = np.exp(np.asarray(z, dtype=float))\n"
        "    return e / e.sum(axis=0)\n"
    )
    files = {
        "exercises/__init__.py": "",
        "exercises/activations.py": student,
        "tests/public/test_activations.py": textwrap.dedent(GRADED_TEST),
        "pytest.ini": INNER_INI,
    }
    for name, text in files.items():
        (pytester.path / name).parent.mkdir(parents=True, exist_ok=True)
        (pytester.path / name).write_text(text)
    result = pytester.runpytest("--grade-json", "results.json", "-W", "ignore::RuntimeWarning")
    assert result.parseoutcomes() == {"failing": 1}
    (test,) = json.loads((pytester.path / "results.json").read_text())["tests"]
    assert "Likely mistake (softmax-no-max-shift):" in test["output"]
    assert "Likely mistake (softmax-wrong-axis):" in test["output"]
    assert "No known mistake" not in test["output"]


FORM_TEST = """
import numpy as np
import pytest

from autograder.checks import check_array


@pytest.mark.points(1)
def test_relu_form(course):
    \"\"\"relu keeps the form of its input.\"\"\"
    got = course.activations.relu(np.array([[-1.0, 2.0]]))
    check_array(got, np.array([[0, 2]]), "relu(z)", dtype="int")
"""


@pytest.mark.parametrize(
    "body",
    [
        "return [0.0, 2.0]",  # a list, not an array
        "return np.maximum(np.asarray(z), 0).ravel()",  # the wrong shape
        "return np.maximum(np.asarray(z), 0.0)",  # floats where integers are asked for
        "z[z < 0] = 0\n    return z.astype(int)",  # the input changed in place
    ],
)
def test_no_unmatched_note_on_a_failure_of_form(pytester, body):
    from test_diagnosis import INNER_INI

    student = f"import numpy as np\n\n\ndef relu(z):\n    {body}\n"
    files = {
        "exercises/__init__.py": "",
        "exercises/activations.py": student,
        "tests/public/test_activations.py": FORM_TEST,
        "pytest.ini": INNER_INI,
    }
    for name, text in files.items():
        (pytester.path / name).parent.mkdir(parents=True, exist_ok=True)
        (pytester.path / name).write_text(text)
    result = pytester.runpytest("--grade-json", "results.json")
    assert result.parseoutcomes() == {"failing": 1}
    (test,) = json.loads((pytester.path / "results.json").read_text())["tests"]
    assert "No known mistake" not in test["output"], test["output"]
