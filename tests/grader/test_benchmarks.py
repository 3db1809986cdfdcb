"""The benchmarks' own code, on tiny inputs: no timing is checked (timings are printed by
``benchmarks/run.py``, never asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.contract import TOPICS

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
classes = pytest.importorskip("classes")


def test_a_synthetic_class_holds_every_kind_in_turn(tmp_path: Path) -> None:
    counts = classes.synthetic_class(tmp_path, 9)
    assert counts == {"reference": 3, "one mistake": 2, "half stubs": 2, "stubs": 2}

    def sources(number: int) -> dict[str, str]:
        folder = tmp_path / f"student{number:04d}" / "exercises"
        return {t: (folder / f"{t}.py").read_text(encoding="utf-8") for t in TOPICS}

    reference = {t: (REPO / "solutions" / f"{t}.py").read_text(encoding="utf-8") for t in TOPICS}
    stubs = {t: (REPO / "exercises" / f"{t}.py").read_text(encoding="utf-8") for t in TOPICS}
    assert sources(0) == reference and sources(3) == stubs
    changed = [t for t in TOPICS if sources(1)[t] != reference[t]]
    assert len(changed) == 1 and sources(1) != sources(5)  # one mistake, another each time
    halves = [{t for t in TOPICS if sources(n)[t] == stubs[t]} for n in (2, 6)]
    assert halves[0] and halves[1] and not halves[0] & halves[1]


def test_the_memory_of_a_process_tree_counts_its_children(tmp_path: Path) -> None:
    own, tree, count = classes.tree_rss(os.getpid())
    assert 0 < own <= tree and count >= 1
    assert classes.tree_rss(2**31 - 1) == (0, 0, 0)  # no such process


def test_a_timed_class_is_cut_into_blocks_of_its_progress_lines() -> None:
    progress = (
        "import sys\n"
        "print('autograder grade-class: a note', file=sys.stderr)\n"
        "for n in range(1, 6):\n"
        "    print(f'[{n}/5] s{n}: 1/1', file=sys.stderr)\n"
    )
    blocks, code = classes.grade_timed([sys.executable, "-c", progress], REPO, 5, 2, 0.01)
    assert code == 0 and [b.done for b in blocks] == [2, 4, 5]
    assert all(b.seconds >= 0 and b.tree_mb >= 0 for b in blocks)


def test_the_least_grade_s_parts_are_what_a_grade_runs(tmp_path: Path) -> None:
    """The parts of the bound ``benchmarks/run.py`` prints run: a folder of as many empty tests
    as asked, and the digits rows of the tests' own split (in a child: run.py sets its own
    environment)."""
    code = (
        "import sys, subprocess\n"
        "sys.argv = ['run.py']\n"
        f"sys.path.insert(0, {str(REPO / 'benchmarks')!r})\n"
        "import run\n"
        "from pathlib import Path\n"
        f"folder = run.empty_tests(Path({str(tmp_path)!r}) / 'empty', 3)\n"
        "done = subprocess.run([sys.executable, '-m', 'pytest', '--collect-only', '-q', "
        "'-p', 'no:cacheprovider'], cwd=folder, capture_output=True, text=True)\n"
        "print(done.stdout.strip().splitlines()[-1])\n"
        "for seed in run.GRADE_TRAINING_SEEDS:\n"
        "    print(seed, *(rows.shape for rows in run.digits_split(seed)))\n"
    )
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("3 tests collected")
    assert lines[1:] == [
        "0 (1078, 64) (1078,) (360, 64) (360,)",
        "7 (1078, 64) (1078,) (360, 64) (360,)",
    ]
