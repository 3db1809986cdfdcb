"""The catalogue of named mistakes and the mutation gate: every mistake is killed and named."""

from __future__ import annotations

import re
import time

import pytest
from conftest import REPO

from autograder.contract import EXERCISES
from autograder.instructor import mutation
from autograder.instructor.catalogue import catalogue
from autograder.instructor.mistakes import Mistake, PatchError, mutant_sources, reference_sources

MISTAKES = catalogue().mistakes

# The mistakes issue 4 names, each by the catalogue entry that makes it.
REQUIRED = {
    "missing or extra 1/2 in E": ["hse-missing-half", "chain-backward-doubled", "mse-extra-half"],
    "1/n forgotten or applied twice": ["mse-gradient-no-mean", "mse-gradient-mean-twice"],
    "mean over n*k instead of n": ["quadratic-cost-mean-over-all", "sce-gradient-mean-over-all"],
    "sign error in the update": ["step-sign", "chain-step-sign"],
    "non-simultaneous update": ["chain-step-not-simultaneous"],
    "sigmoid derivative s(z)(1 - z)": ["sigmoid-prime-one-minus-z"],
    "derivative applied to the activation": [
        "sigmoid-prime-takes-activation",
        "chain-backward-prime-of-activation",
        "mlp-prime-of-activation",
    ],
    "tanh derivative missing the square": ["tanh-prime-no-square"],
    "relu derivative 1 at 0": ["relu-prime-one-at-zero"],
    "leaky relu slope on the wrong side": [
        "leaky-relu-slope-wrong-side",
        "leaky-relu-prime-slope-wrong-side",
    ],
    "softmax without the max": ["softmax-no-max-shift"],
    "softmax adding the max or min-max scaling": ["softmax-adds-max", "softmax-min-max-scaling"],
    "softmax along the wrong axis": ["softmax-wrong-axis", "softmax-no-keepdims"],
    "missing minus in cross-entropy": ["ce-missing-minus", "bce-missing-minus"],
    "no clipping, log(0) = -inf": ["ce-no-clip", "bce-no-clip"],
    "bias gradient over the wrong axis": ["mlp-bias-gradient-wrong-axis"],
    "missing transpose in dW": ["mlp-weight-gradient-transposed"],
    "regularising biases": [
        "mlp-l2-on-biases",
        "l2-penalty-includes-biases",
        "l2-gradient-includes-biases",
    ],
    "l2 gradient without the 1/2 convention": ["l2-gradient-doubled", "mlp-l2-gradient-doubled"],
    "x -= x.max() mutating the caller": ["softmax-in-place-shift"],
    "early stopping at the first increase": ["early-stop-first-increase"],
    "best epoch taken as the last": ["early-stop-returns-last-epoch"],
    "split without shuffling": ["split-no-shuffle"],
    "validation rows overlapping training rows": ["split-overlap"],
    "fit_line returning only w or dropping w0": ["fit-line-final-only", "fit-line-drops-w0"],
    "gradient_descent off by one step": ["gd-one-step-short"],
}


def test_catalogue_is_large_named_and_written_for_students():
    assert len(MISTAKES) >= 45
    names = [m.name for m in MISTAKES]
    assert len(set(names)) == len(names), "mistake names must be unique"
    contract = {f"{t}.{f}" for t, functions in EXERCISES.items() for f in functions}
    for m in MISTAKES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", m.name), m.name
        assert m.exercise in contract, m.name
        assert m.misconception[0].isupper() and m.misconception.endswith(":"), m.name
        assert m.hint[0].islower() and m.hint.endswith("?"), m.name
        assert len(m.misconception) <= 150 and len(m.hint) <= 130, (
            f"{m.name}: one short sentence each"
        )


def test_catalogue_holds_every_mistake_the_issue_names():
    catalogued = {m.name for m in MISTAKES}
    missing = [name for names in REQUIRED.values() for name in names if name not in catalogued]
    assert not missing


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_every_mistake_fits_the_current_solution(mistake):
    path = REPO / "solutions" / f"{mistake.topic}.py"
    source = path.read_text(encoding="utf-8")
    patched = mistake.apply(source, str(path))
    assert patched != source
    untouched = [t for t in reference_sources(REPO / "solutions") if t != mistake.topic]
    assert set(mutant_sources(mistake, REPO / "solutions")) == {mistake.topic, *untouched}


SOURCE = '''
def f(x):
    """Doc."""
    ### BEGIN SOLUTION
    y = x + 1
    return y + 1
    ### END SOLUTION


def g(x):
    ### BEGIN SOLUTION
    return x + 1
    ### END SOLUTION
'''


def test_a_patch_that_does_not_fit_fails_loudly():
    assert "y = x - 1" in Mistake("m", "t.f", "M:", "h?", ("y = x + 1", "y = x - 1")).apply(SOURCE)
    with pytest.raises(PatchError, match=r"'x \* 2' exactly once .* f\(\).* found it 0 times"):
        Mistake("m", "t.f", "M:", "h?", ("x * 2", "x")).apply(SOURCE)
    with pytest.raises(PatchError, match="found it 2 times"):
        Mistake("m", "t.f", "M:", "h?", ("+ 1", "- 1")).apply(SOURCE)
    with pytest.raises(PatchError, match="0 times"):  # only f's region counts, not g's
        Mistake("m", "t.f", "M:", "h?", ("return x + 1", "return x")).apply(SOURCE)
    with pytest.raises(PatchError, match="defines 0 functions h"):
        Mistake("m", "t.h", "M:", "h?", ("x", "y")).apply(SOURCE)
    with pytest.raises(PatchError, match="invalid"):
        Mistake("m", "t.g", "M:", "h?", ("return x + 1", "return (")).apply(SOURCE)


def test_mutation_gate_kills_and_names_every_mistake():
    """Grades the reference, then every mutant on its own exercise's tests (two processes).

    The scope "exercise" gives the same verdicts as the full suite (only the tests of a
    mistake's own exercise decide them) at a tenth of the cost: about 80 s of CPU for the
    whole catalogue instead of about 870 s (measured on two cores).
    """
    started = time.monotonic()
    result = mutation.run_gate(REPO, MISTAKES, jobs=2, scope="exercise")
    missed = "\n".join(v.line() for v in result.verdicts if not (v.killed and v.diagnosed))
    assert result.reference_ok, result.reference.error or "the reference lost points"
    kill_rate, diagnosis_rate = result.kill_rate, result.diagnosis_rate
    assert kill_rate == 100.0, missed
    assert diagnosis_rate == 100.0, missed
    print(f"mutation gate: {len(MISTAKES)} mutants in {time.monotonic() - started:.0f} s")
