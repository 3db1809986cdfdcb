"""Wrong code never keeps full marks, and its mistakes are named: a collection of real mistakes.

Each file ``wrong/<topic>__<entry>.py`` is one wrong contract function, written as it is found
in public course code and adapted to the contract, with ``MISTAKES``: the names of the mistakes
it makes, as the feedback should name them (empty when none applies). Each is graded as the
reference solutions with that one function replaced, on the tests of its own exercise (as the
mutation gate's ``--scope exercise`` does). Targets: every entry loses points; at least 80 % of
the entries with mistakes get exactly their names; no entry is given a name it does not make.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from autograder.contract import EXERCISES
from autograder.instructor.mutation import GradingProcess

WRONG = Path(__file__).with_name("wrong")
ENTRIES = sorted(WRONG.glob("*.py"))
NAMED = re.compile(r"Likely mistake \(([a-z0-9-]+)\):")


def _entry(path: Path) -> tuple[str, str, frozenset[str]]:
    """The exercise an entry replaces and the mistakes it declares."""
    topic = path.stem.split("__")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    graded = [f for f in functions if f in EXERCISES.get(topic, ())]
    assert len(graded) == 1, f"{path.name}: expected one function of {topic}, found {graded}"
    declared = next(
        n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "MISTAKES"
    )
    return f"{topic}.{graded[0]}", graded[0], frozenset(ast.literal_eval(declared))


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[str, tuple[float, frozenset[str]]]:
    """For each entry: the points it lost on its own exercise and the mistakes named."""
    work = tmp_path_factory.mktemp("wrong")
    process = GradingProcess(REPO)
    found = {}
    try:
        for path in ENTRIES:
            exercise, _, _ = _entry(path)
            topic = exercise.split(".")[0]
            folder = work / path.stem / "exercises"
            shutil.copytree(REPO / "solutions", folder, ignore=shutil.ignore_patterns("data"))
            with open(folder / f"{topic}.py", "a", encoding="utf-8") as module:
                module.write("\n\n" + path.read_text(encoding="utf-8"))
            result = process.grade(folder.parent, work / f"{path.stem}.json", exercise)
            assert not result.error, f"{path.name}: {result.error}"
            own = [t for t in result.tests if t.exercise == exercise]
            lost = sum(t.max_score - t.score for t in own)
            names = {n for t in own if not t.passed for n in NAMED.findall(t.message)}
            found[path.name] = (lost, frozenset(names))
    finally:
        process.stop()
    return found


def test_the_collection_is_large_and_covers_every_topic():
    assert len(ENTRIES) >= 30, f"expected at least 30 wrong implementations, found {len(ENTRIES)}"
    topics = {_entry(p)[0].split(".")[0] for p in ENTRIES}
    assert topics == set(EXERCISES), (
        f"topics without a wrong implementation: {set(EXERCISES) - topics}"
    )


def test_no_wrong_implementation_keeps_full_marks(verdicts):
    kept = [name for name, (lost, _) in verdicts.items() if lost <= 0]
    assert not kept, f"wrong implementations with full marks: {kept}"


def test_mistakes_are_named_and_never_misnamed(verdicts):
    declared = {p.name: _entry(p)[2] for p in ENTRIES}
    misnamed = {
        name: sorted(named - declared[name])
        for name, (_, named) in verdicts.items()
        if named - declared[name]
    }
    with_mistakes = [name for name in verdicts if declared[name]]
    exact = [name for name in with_mistakes if verdicts[name][1] == declared[name]]
    missed = {name: sorted(declared[name] - verdicts[name][1]) for name in with_mistakes}
    missed = {k: v for k, v in missed.items() if v}
    assert not misnamed, f"named a mistake the code does not make: {misnamed}"
    rate = len(exact) / len(with_mistakes)
    assert rate >= 0.8, f"named {len(exact)}/{len(with_mistakes)} ({rate:.0%}); missed {missed}"
