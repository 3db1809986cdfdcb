"""Trivial graded tests, to time the grader's own cost per test (``benchmarks/run.py``).

The benchmark copies this file into a course of its own as ``tests/public/test_activations.py``
and sets ``BENCH_TRIVIAL_TESTS`` to the number of tests: each makes one worker call.
"""

import os

import pytest

from autograder.checks import check_float


@pytest.mark.points(1)
@pytest.mark.parametrize("i", range(int(os.environ.get("BENCH_TRIVIAL_TESTS", "1"))))
def test_sigmoid_trivial(course, i):
    """sigmoid(0) is one half."""
    check_float(course.activations.sigmoid(0.0), 0.5, "sigmoid(0.0)")
