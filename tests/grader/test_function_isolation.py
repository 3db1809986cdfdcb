"""A function's points depend on that function alone, in the instructor's grade.

For every contract function F: the reference F, with every other contract function a stub, or
a wrong version of itself, keeps F's full points; and every function of a topic keeps its
points when every other topic is a syntax error. Each F is graded on its own tests, in a
long-lived grading process (the mutation gate's), against this repository's reference.

In a whole grade, a function that calls only functions which passed all their own tests runs
first with those (no round trips to the reference); the last tests here check that this
shortcut decides nothing: a failure is decided again with trusted calls, and a wrong function
does not pass through a wrong function it calls.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from autograder.contract import EXERCISES, TOPICS
from autograder.core.judging import TRUSTED_NOTE
from autograder.core.tests import collect
from autograder.grading import grade
from autograder.instructor.grading_server import GradingProcess
from autograder.sandbox.client import Sandbox

REPO = Path(__file__).resolve().parents[2]
FUNCTIONS = [f"{topic}.{name}" for topic in TOPICS for name in EXERCISES[topic]]

CORRUPT = '''

def _bplab_corrupt(value):
    """A wrong answer of the same kind."""
    import numpy as np

    if isinstance(value, bool) or isinstance(value, np.bool_):
        return not value
    if isinstance(value, np.ndarray):
        return value * 1.5 + 0.25 if value.dtype.kind == "f" else value + 1
    if isinstance(value, (int, float, np.number)):
        return value * 1.5 + 0.25
    if isinstance(value, (list, tuple)):
        return type(value)(_bplab_corrupt(v) for v in value)
    if isinstance(value, dict):
        return {k: _bplab_corrupt(v) for k, v in value.items()}
    if isinstance(value, str):
        return value + "?"
    return value
'''


def _source(topic: str) -> str:
    return (REPO / "solutions" / f"{topic}.py").read_text(encoding="utf-8")


def _stub_bodies(source: str, keep: str | None) -> str:
    """``source`` with the body of every contract function but ``keep`` a stub."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    names = {n for names in EXERCISES.values() for n in names}
    functions = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in names and node.name != keep
    ]
    for node in sorted(functions, key=lambda n: n.lineno, reverse=True):
        first = node.body[0]
        start = first.end_lineno if isinstance(first, ast.Expr) else first.lineno - 1
        lines[start : node.end_lineno] = ["    raise NotImplementedError()\n"]
    return "".join(lines)


def _corrupted(topic: str, keep: str | None) -> str:
    wrappers = "".join(
        f"\n_bplab_{name} = {name}\n\n\ndef {name}(*args, **kwargs):\n"
        f"    return _bplab_corrupt(_bplab_{name}(*args, **kwargs))\n"
        for name in EXERCISES[topic]
        if name != keep
    )
    return _source(topic) + CORRUPT + wrappers


def _write(folder: Path, sources: dict[str, str]) -> Path:
    exercises = folder / "exercises"
    exercises.mkdir(parents=True)
    (exercises / "__init__.py").write_text("")
    for topic, text in sources.items():
        (exercises / f"{topic}.py").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def grader():
    process = GradingProcess(REPO)
    yield process
    process.stop()


def _own_points(grader: GradingProcess, folder: Path, exercise: str | None) -> dict[str, tuple]:
    result = grader.grade(folder, folder / "result.json", exercise)
    assert result.error is None, result.error
    return {e.exercise: (e.score, e.max_score) for e in result.exercises()}


@pytest.mark.parametrize("variant", ["stubs", "wrong"])
@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_function_keeps_its_points_whatever_the_others_do(grader, tmp_path, function, variant):
    own_topic, name = function.split(".")
    sources = {}
    for topic in TOPICS:
        keep = name if topic == own_topic else None
        if variant == "stubs":
            sources[topic] = _stub_bodies(_source(topic), keep)
        else:
            sources[topic] = _corrupted(topic, keep)
    points = _own_points(grader, _write(tmp_path, sources), function)
    score, possible = points[function]
    assert possible > 0 and score == possible, (function, variant, points)


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topic_keeps_its_points_when_every_other_topic_is_a_syntax_error(grader, tmp_path, topic):
    broken = textwrap.dedent("def broken(:\n    pass\n")
    sources = {t: (_source(t) if t == topic else broken) for t in TOPICS}
    points = _own_points(grader, _write(tmp_path, sources), None)
    for name in EXERCISES[topic]:
        score, possible = points[f"{topic}.{name}"]
        assert score == possible, (topic, name, points)
    assert all(points[e][0] == 0 for e in points if not e.startswith(topic + ".")), points


def test_a_topic_that_does_not_import_says_so_as_the_students_own_error(grader, tmp_path):
    # backprop reaches costs and activations: its tests would run with the reference's, but
    # its own file is what fails, so its public tests say that, without the trusted-call note
    sources = {t: _source(t) for t in TOPICS} | {"backprop": "def broken(:\n    pass\n"}
    folder = _write(tmp_path, sources)
    result = grader.grade(folder, folder / "result.json", None)
    public = [
        t.message for t in result.tests if t.exercise.startswith("backprop.") and not t.hidden
    ]
    assert public and all("could not be imported" in m for m in public), public
    assert sum("SyntaxError" in m for m in public) == 1, public
    assert not any(TRUSTED_NOTE in m for m in public), public


def _with_activations(tmp_path: Path, replacement: str) -> Path:
    """The reference with ``replacement`` appended to activations.py (it redefines functions)."""
    sources = {t: _source(t) for t in TOPICS}
    sources["activations"] += textwrap.dedent(replacement)
    return _write(tmp_path, sources)


def test_a_function_proven_on_its_own_tests_but_wrong_for_its_caller_costs_the_caller_nothing(
    grader, tmp_path
):
    # tanh passes every tanh test, but answers wrongly when tanh_prime calls it: tanh_prime's
    # tests first run with this tanh (proven), fail, and are decided again with the reference's
    folder = _with_activations(
        tmp_path,
        """
        import sys as _sys

        _right_tanh = tanh


        def tanh(z):
            value = _right_tanh(z)
            return value + 1.0 if _sys._getframe(1).f_code.co_name == "tanh_prime" else value
        """,
    )
    result = grader.grade(folder, folder / "result.json", None)
    assert result.error is None, result.error
    points = {e.exercise: (e.score, e.max_score) for e in result.exercises()}
    for exercise in ("activations.tanh", "activations.tanh_prime", "layers.tanh_forward"):
        score, possible = points[exercise]
        assert possible > 0 and score == possible, (exercise, points)


def test_a_wrong_function_does_not_pass_through_a_wrong_function_it_calls(grader, tmp_path):
    # half of tanh, and a tanh_prime that is right only with that tanh: neither earns a point
    # that depends on it (tanh fails its tests, so tanh_prime runs with the reference's tanh)
    folder = _with_activations(
        tmp_path,
        """
        _right_tanh = tanh


        def tanh(z):
            return _right_tanh(z) / 2


        def tanh_prime(z):
            return 1 - 4 * tanh(z) ** 2
        """,
    )
    result = grader.grade(folder, folder / "result.json", None)
    assert result.error is None, result.error
    tanh_prime = [t for t in result.tests if t.exercise == "activations.tanh_prime"]
    value_tests = [t for t in tanh_prime if "shape" not in t.name and "raise" not in t.name]
    assert value_tests and all(t.score == 0 for t in value_tests), [
        (t.name, t.score) for t in tanh_prime
    ]


def test_reports_list_the_tests_in_the_order_they_were_collected(grader, tmp_path):
    # the grade runs functions that others call first; its reports keep the course's order
    folder = _write(tmp_path, {t: _source(t) for t in TOPICS})
    result = grader.grade(folder, folder / "result.json", None)
    assert result.error is None, result.error
    collected = [item.nodeid for item, _ in collect(REPO).items]
    assert [t.nodeid for t in result.tests] == collected


def test_the_worker_is_asked_once_per_topic_which_functions_each_function_reaches(
    tmp_path, monkeypatch
):
    # judging on its own needs, for every function called, the contract functions it reaches:
    # one question per topic answers it for all of the topic's exercises
    asked: list[tuple[str, tuple[str, ...]]] = []
    real = Sandbox.uses

    def counted(self, topic, names, timeout):
        asked.append((topic, tuple(names)))
        return real(self, topic, names, timeout)

    monkeypatch.setattr(Sandbox, "uses", counted)
    folder = _write(tmp_path, {t: _source(t) for t in TOPICS})
    result = grade(str(folder), REPO, hidden=True)
    assert result.error is None, result.error
    assert all(t.passed for t in result.tests), [t.nodeid for t in result.tests if not t.passed]
    topics = [topic for topic, _ in asked]
    assert len(topics) == len(set(topics)) and set(topics) == set(TOPICS), asked
    for topic, names in asked:
        assert set(names) == set(EXERCISES[topic]), (topic, names)


def test_a_worker_s_answer_about_reach_that_is_not_a_list_reaches_nothing(monkeypatch):
    # the worker runs student code: its replies are read as hostile
    sandbox = Sandbox(REPO / "solutions", None, [])
    reply = {"ok": True, "uses": {"sigmoid": 5, "relu": ["activations.sigmoid", 7], "tanh": "x"}}
    monkeypatch.setattr(sandbox, "_ensure_imported", lambda *args: None)
    monkeypatch.setattr(sandbox, "_exchange", lambda *args: reply)
    found = sandbox.uses("activations", ["sigmoid", "relu", "tanh", "softmax"], 1.0)
    assert found == {
        "sigmoid": set(),
        "relu": {"activations.sigmoid"},
        "tanh": set(),
        "softmax": set(),
    }
    reply = {"ok": True, "uses": ["activations.sigmoid"]}
    assert sandbox.uses("activations", ["relu"], 1.0) == {"relu": set()}
