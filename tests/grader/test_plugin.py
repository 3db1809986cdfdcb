"""The plugin's markers, settings, outcomes and reports, on a tiny course in a temporary folder."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import HONEST_ACTIVATIONS, INNER_INI, make_course, validate_results


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("--grade-json", "results.json", *args)


def test_honest_course_scores_full_marks_and_prints_the_table(pytester, tiny_course):
    result = run(pytester)
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*activations (all 3 exercises)*passed*4/4*", "*TOTAL*6/6*"])
    data = validate_results(pytester.path / "results.json")
    assert (data["score"], sum(t["max_score"] for t in data["tests"])) == (6, 6)
    assert "max_score" not in data, "Gradescope's specification has no top-level max_score"
    assert [t["name"] for t in data["tests"]][0] == "sigmoid gives 1/2 at 0."


def test_stub_is_not_attempted_and_shows_no_traceback(pytester):
    make_course(pytester.path, activations="def sigmoid(z):\n    raise NotImplementedError()\n")
    result = run(pytester)
    result.stdout.fnmatch_lines(["*not attempted*", "*TOTAL*2/6*"])
    assert "Traceback" not in result.stdout.str()
    tests = validate_results(pytester.path / "results.json")["tests"]
    assert tests[0]["tags"][-1] == "not attempted"


def test_syntax_error_fails_only_its_topic_and_names_the_line(pytester):
    make_course(pytester.path, activations="import numpy as np\n\ndef sigmoid(z)\n    return z\n")
    result = run(pytester)
    assert result.parseoutcomes() == {"passed": 1, "failing": 3}
    result.stdout.fnmatch_lines(["*could not be imported: SyntaxError*line 3*"])


def test_public_failure_shows_input_expected_and_got(pytester):
    make_course(
        pytester.path, activations="import numpy as np\ndef relu(z):\n    return np.abs(z)\n"
    )
    result = run(pytester)
    out = result.stdout.str()
    assert "relu(z) has wrong values" in out
    assert "Input: z = [-2, 3]" in out and "Expected:" in out and "Got:" in out


HIDDEN = '''
import numpy as np
import pytest
from autograder.checks import check_array

@pytest.mark.points(3)
def test_relu_random(course):
    """relu on random inputs."""
    z = np.array([-0.123456789, 7.654321])
    check_array(course.activations.relu(z), np.maximum(z, 0), "relu(z)", inputs="z = -0.123456789, 7.654321")
'''


def test_hidden_failure_reveals_no_inputs_or_expected_values(pytester):
    make_course(
        pytester.path,
        activations="import numpy as np\ndef relu(z):\n    print('inputs', z)\n    return np.abs(z)\n",
        hidden=HIDDEN,
    )
    result = run(pytester, "--grade-markdown", "summary.md", "--grade-junit", "junit.xml")
    data = validate_results(pytester.path / "results.json")
    hidden = [t for t in data["tests"] if t["visibility"] == "after_published"]
    assert len(hidden) == 1 and hidden[0]["score"] == 0
    everything = (
        result.stdout.str()
        + json.dumps(data)
        + (pytester.path / "summary.md").read_text()
        + (pytester.path / "junit.xml").read_text()
    )
    assert "7.654321" not in everything and "0.123456789" not in everything
    assert "Hidden test: relu(z) has wrong values" in everything


COUNTING_RELU = """
import numpy as np

seen = []


def relu(z):
    seen.append(float(z))
    print("relu called")
    return seen.count(float(z))  # how often it ran on this z
"""

ONCE = '''
import pytest
from autograder.checks import check_equal

@pytest.mark.points(1)
@pytest.mark.parametrize(("way", "z", "runs"), [
    ("once", 5.0, 1), ("once", 5.0, 1), ("plain", 5.0, 2), ("once", 6.0, 1), ("plain", 6.0, 2),
])
def test_relu_counted(course, way, z, runs):
    """relu's runs on one z."""
    topic = course.once.activations if way == "once" else course.activations
    check_equal(topic.relu(z), runs, f"{way} relu({z})")
    check_equal(course.last_output, "relu called\\n", "what it printed")
'''


def test_a_call_made_once_is_judged_again_from_its_reply(pytester):
    """course.once runs a call once per grade for the same arguments; plain calls always run."""
    make_course(pytester.path, activations=HONEST_ACTIVATIONS + COUNTING_RELU)
    (pytester.path / "tests" / "public" / "test_once.py").write_text(
        ONCE.replace("def test_relu", "@pytest.mark.exercise('activations.relu')\ndef test_relu")
    )
    result = run(pytester, "tests/public/test_once.py")
    assert result.parseoutcomes().get("passed") == 5, result.stdout.str()


def test_junit_and_markdown_reports_carry_the_points(pytester, tiny_course):
    run(pytester, "--grade-markdown", "summary.md", "--grade-junit", "junit.xml")
    suite = ET.parse(pytester.path / "junit.xml").getroot().find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "0"
    assert "## Points: 6/6" in (pytester.path / "summary.md").read_text()


@pytest.mark.parametrize(
    ("decorator", "message"),
    [
        ("", "needs @pytest.mark.points(n)"),
        ("@pytest.mark.points('two')", "points takes one positive number"),
        ("@pytest.mark.points(-1)", "points takes one positive number"),
        (
            "@pytest.mark.points(1)\n@pytest.mark.time_limit(0)",
            "time_limit takes one positive number",
        ),
        (
            "@pytest.mark.points(1)\n@pytest.mark.exercise('costs.nope')",
            "exercise needs a 'topic.function'",
        ),
    ],
)
def test_malformed_markers_are_errors_that_name_the_test(pytester, tiny_course, decorator, message):
    (pytester.path / "tests" / "public" / "test_costs.py").write_text(
        f"import pytest\n\n{decorator}\ndef test_mse_bad(course):\n    pass\n"
    )
    result = pytester.runpytest()
    assert result.ret != 0
    assert "test_mse_bad" in result.stdout.str() + result.stderr.str()
    assert message in result.stdout.str() + result.stderr.str()


def test_unknown_marker_on_a_graded_test_is_an_error_that_names_the_test(pytester, tiny_course):
    # Without --strict-markers only the plugin stands between a typo and a silently ungraded mark.
    (pytester.path / "pytest.ini").write_text(INNER_INI.replace("--strict-markers ", ""))
    (pytester.path / "tests" / "public" / "test_costs.py").write_text(
        "import pytest\n\n@pytest.mark.points(1)\n@pytest.mark.pointz(1)\n"
        "def test_mse_bad(course):\n    pass\n"
    )
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "test_mse_bad: unknown marker(s) pointz" in result.stderr.str()


def test_unknown_marker_under_strict_markers_still_stops_the_run(pytester, tiny_course):
    # pytest itself may reject the marker first (its wording is its own): the run must still stop
    # before any test is graded and name the marker.
    (pytester.path / "tests" / "public" / "test_costs.py").write_text(
        "import pytest\n\n@pytest.mark.points(1)\n@pytest.mark.pointz(1)\n"
        "def test_mse_bad(course):\n    pass\n"
    )
    result = pytester.runpytest()
    assert result.ret in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERRUPTED)
    assert "pointz" in result.stdout.str() + result.stderr.str()
    assert "passed" not in result.stdout.str().splitlines()[-1]


def test_test_that_names_no_exercise_is_an_error(pytester, tiny_course):
    (pytester.path / "tests" / "public" / "test_costs.py").write_text(
        "import pytest\n\n@pytest.mark.points(1)\ndef test_something(course):\n    pass\n"
    )
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "test_something: cannot tell which exercise" in result.stderr.str()


SLOW = "import time\nimport numpy as np\ndef relu(z):\n    time.sleep(1.5)\n    return np.maximum(z, 0.0)\n"


def _relu_status(pytester: pytest.Pytester, *args: str) -> str:
    run(pytester, "-k", "relu", *args)
    return validate_results(pytester.path / "results.json")["tests"][0]["tags"][-1]


def test_time_limit_precedence_marker_option_env_ini(pytester, monkeypatch):
    make_course(pytester.path, activations=SLOW)
    monkeypatch.delenv("AUTOGRADER_TIME_LIMIT", raising=False)
    assert _relu_status(pytester) == "passed"  # default 5 s
    (pytester.path / "pytest.ini").write_text(INNER_INI + "autograder_time_limit = 0.5\n")
    assert _relu_status(pytester) == "timed out"  # ini
    monkeypatch.setenv("AUTOGRADER_TIME_LIMIT", "4")
    assert _relu_status(pytester) == "passed"  # env beats ini
    assert _relu_status(pytester, "--time-limit", "0.5") == "timed out"  # option beats env
    tests = pytester.path / "tests" / "public" / "test_activations.py"
    tests.write_text(
        tests.read_text().replace(
            "@pytest.mark.points(1)\ndef test_relu",
            "@pytest.mark.points(1)\n@pytest.mark.time_limit(4)\ndef test_relu",
        )
    )
    assert _relu_status(pytester, "--time-limit", "0.5") == "passed"  # marker beats option


@pytest.mark.parametrize(
    ("setting", "source"),
    [
        (("--time-limit", "soon"), "--time-limit"),
        (("--impl", "/no/such/folder"), "--impl"),
    ],
)
def test_bad_settings_name_their_source(pytester, tiny_course, setting, source):
    result = pytester.runpytest(*setting)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"{source}: expected" in result.stderr.str()


def test_bad_environment_value_names_the_variable(pytester, tiny_course, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_TIME_LIMIT", "-3")
    result = pytester.runpytest()
    assert (
        "$AUTOGRADER_TIME_LIMIT: expected a positive number of seconds, got '-3'"
        in result.stderr.str()
    )


def test_impl_precedence_option_then_env_then_default(pytester, tiny_course, monkeypatch):
    broken = pytester.path / "broken" / "exercises"
    broken.mkdir(parents=True)
    (broken / "activations.py").write_text("def sigmoid(z):\n    return z\n")
    (broken / "costs.py").write_text("")
    monkeypatch.delenv("AUTOGRADER_IMPL", raising=False)
    assert run(pytester).ret == 0  # default: exercises/ (no solutions/ here)
    monkeypatch.setenv("AUTOGRADER_IMPL", str(pytester.path / "broken"))
    assert run(pytester).ret == 1
    assert run(pytester, "--impl", "exercises").ret == 0
