"""GitHub Classroom's grader result, from a results.json, for its reporter action.

GitHub Classroom's graders (``classroom-resources/autograding-command-grader``,
``autograding-io-grader``, ...) set a step output ``result``: base64 of a JSON document
``{"version": 1, "status": "pass"|"fail"|"error", "max_score": N, "tests": [...]}``, each test
``{"name", "status", "score", "message", "test_code", "filename", "line_no", "duration"}``.
``classroom-resources/autograding-grading-reporter`` reads it from ``<STEP-ID>_RESULTS``, sums
the tests' ``score`` against ``max_score`` and reports ``Points X/Y`` to Classroom; it reports
nothing when ``max_score`` is 0, and fails the run when a status is ``fail`` or ``error``.

``python -m autograder.reports.classroom results.json`` prints ``result=<base64>``, a line for
``$GITHUB_OUTPUT``. A missing or unreadable results.json gives status ``error``, maximum 0 and
one test whose message says why, so no points are reported.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

from ..outcomes import Status

MESSAGE_CHARS = 200  # the reporter prints a message only for an error


def _test(name: str, status: str, score: float, message: str) -> dict:
    return {
        "name": name,
        "status": status,
        "score": score,
        "message": message[:MESSAGE_CHARS],
        "test_code": "",
        "filename": "",
        "line_no": 0,
        "duration": 0,
    }


def grader_result(results: dict) -> dict:
    """The Classroom grader result of ``results`` (Gradescope's results.json)."""
    tests = []
    for test in results.get("tests", []):
        score, maximum = float(test.get("score", 0.0)), float(test.get("max_score", 0.0))
        status = "pass" if test.get("status") == Status.PASSED and score >= maximum else "fail"
        tests.append(_test(str(test.get("name", "")), status, score, str(test.get("output", ""))))
    maximum = round(sum(float(t.get("max_score", 0.0)) for t in results.get("tests", [])), 6)
    status = "pass" if tests and all(t["status"] == "pass" for t in tests) else "fail"
    return {"version": 1, "status": status, "max_score": maximum, "tests": tests}


def missing_result(reason: str) -> dict:
    """The result when there are no test results: an error, and no points to report."""
    return {
        "version": 1,
        "status": "error",
        "max_score": 0,
        "tests": [_test("public tests", "error", 0, reason)],
    }


def encode(result: dict) -> str:
    """Base64 of the result's JSON, as Classroom's graders set their ``result`` output."""
    return base64.b64encode(json.dumps(result).encode("utf-8")).decode("ascii")


def main(argv: list[str]) -> int:
    """Print ``result=<base64>`` for the results.json named in ``argv``."""
    path = Path(argv[0] if argv else "results.json")
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(results, dict) or not isinstance(results.get("tests"), list):
            raise ValueError("no tests list")
        result = grader_result(results)
    except (OSError, ValueError) as exc:
        result = missing_result(f"the tests did not run: {path} is missing or invalid ({exc})")
    print(f"result={encode(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
