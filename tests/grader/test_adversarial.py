"""Submissions that try to forge, crash, hang or read their way to points.

Each attack sits in ``exercises/activations.py`` of a tiny course next to honest code; the
honest part must earn exactly its points (sigmoid 2, relu 1, tanh 1, costs.mse 2), the attacked
exercise nothing, and the grade must finish with a valid results.json.
"""

from __future__ import annotations

import pytest
from conftest import HONEST_ACTIVATIONS, make_course, validate_results

# Replaces the honest relu (1 point) with an attack; sigmoid, tanh and mse stay honest (5 points).
RELU_ATTACKS = {
    "sys.exit inside the function": "import sys\ndef relu(z):\n    sys.exit(0)\n",
    "os._exit inside the function": "import os\ndef relu(z):\n    os._exit(0)\n",
    "endless loop that swallows interrupts": (
        "def relu(z):\n"
        "    while True:\n"
        "        try:\n"
        "            while True:\n"
        "                pass\n"
        "        except BaseException:\n"
        "            pass\n"
    ),
    "unbounded memory": "def relu(z):\n    hoard = []\n    while True:\n        hoard.append(bytearray(10**8))\n",
    "fork bomb": "import os\ndef relu(z):\n    while True:\n        os.fork()\n",
    "unbounded recursion": "def relu(z):\n    return relu(z) + 1\n",
    "object whose __eq__ is always True": (
        "class Anything:\n"
        "    def __eq__(self, other):\n        return True\n"
        "    __array_priority__ = 1000\n"
        "def relu(z):\n    return Anything()\n"
    ),
    "ndarray subclass that compares equal to everything": (
        "import numpy as np\n"
        "class Liar(np.ndarray):\n"
        "    def __eq__(self, other):\n        return np.ones(np.shape(other), dtype=bool)\n"
        "    def __array_function__(self, func, types, args, kwargs):\n        return True\n"
        "def relu(z):\n    return np.zeros(2).view(Liar)\n"
    ),
    "NaN": "import numpy as np\ndef relu(z):\n    return np.full(2, np.nan)\n",
    "monkeypatched numpy": (
        "import numpy as np\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, **k: np.ones(np.shape(a), dtype=bool)\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "def relu(z):\n    return np.zeros(2) + 42\n"
    ),
    "forged reports written wherever reachable": (
        "import json, os\n"
        "FORGED = json.dumps({'score': 999, 'max_score': 6, 'tests': []})\n"
        "def relu(z):\n"
        "    for folder in ('.', '..', '../..', '/tmp', os.environ.get('HOME', '.'), os.getcwd() + '/../..'):\n"
        "        for name in ('results.json', 'junit.xml', 'summary.md'):\n"
        "            try:\n"
        "                with open(os.path.join(folder, name), 'w') as f:\n"
        "                    f.write(FORGED)\n"
        "            except OSError:\n"
        "                pass\n"
        "    return [0.0, 0.0]\n"
    ),
    "fake passed lines and score table on stdout": (
        "import numpy as np\n"
        "def relu(z):\n"
        "    print('tests/public/test_activations.py::test_relu_values PASSED')\n"
        "    print('TOTAL 6/6')\n"
        '    print(\'{"score": 6, "max_score": 6}\')\n'
        "    return np.zeros(2)\n"
    ),
    "cheat that needs the environment's secret": (
        "import os\nimport numpy as np\n"
        "def relu(z):\n"
        "    secret = os.environ.get('GRADER_SECRET_TOKEN')\n"
        "    return np.maximum(z, 0.0) if secret else np.zeros(2)\n"
    ),
    "cheat that needs to read the hidden tests": (
        "import numpy as np\n"
        "def relu(z):\n"
        "    open(HIDDEN_TEST).read()\n"
        "    return np.maximum(z, 0.0)\n"
    ),
    "cheat that lists the course folder": (
        "import os\nimport numpy as np\n"
        "def relu(z):\n"
        "    os.listdir(COURSE)\n"
        "    return np.maximum(z, 0.0)\n"
    ),
    "cheat that shells out": (
        "import numpy as np, subprocess\n"
        "def relu(z):\n"
        "    subprocess.run(['cat', HIDDEN_TEST])\n"
        "    return np.maximum(z, 0.0)\n"
    ),
    "cheat through fork_exec, which raises no audit event": (
        "import _posixsubprocess\nimport numpy as np\n"
        "def relu(z):\n"
        "    _posixsubprocess.fork_exec([b'/bin/cat'], [b'/bin/cat'], True, (), None, None,\n"
        "        -1, -1, -1, -1, -1, -1, -1, -1, False, False, None, None, None, -1, None, False)\n"
        "    return np.maximum(z, 0.0)\n"
    ),
    "cheat through ctypes": (
        "import ctypes\nimport numpy as np\n"
        "def relu(z):\n"
        "    ctypes.CDLL(None).system(b'true')\n"
        "    return np.maximum(z, 0.0)\n"
    ),
    "cheat that patches the audit hook's helpers": (
        "import os, builtins\nimport numpy as np\n"
        "os.fspath = lambda p: '/tmp/x'\nbuiltins.type = lambda x: int\n"
        "def relu(z):\n"
        "    open(HIDDEN_TEST).read()\n"
        "    return np.maximum(z, 0.0)\n"
    ),
}

# Attacks at import time: the honest code in the same file still earns its points when the attack
# fails quietly (wrapped in try/except), and the whole topic fails when the import itself ends.
IMPORT_ATTACKS = {
    "patch pytest and the plugin at import": (
        "try:\n"
        "    import _pytest.reports, autograder.core.judging\n"
        "    _pytest.reports.TestReport.passed = property(lambda self: True)\n"
        "    autograder.core.judging.judge = lambda *a, **k: ('passed', '')\n"
        "except Exception:\n    pass\n",
        {"activations.sigmoid": "passed", "activations.tanh": "passed"},
    ),
    "os._exit(0) at import": (
        "import os\nos._exit(0)\n",
        {"activations.sigmoid": "crashed", "activations.tanh": "crashed"},
    ),
    "sys.exit(0) at import": (
        "import sys\nsys.exit(0)\n",
        {"activations.sigmoid": "failed", "activations.tanh": "failed"},
    ),
    "endless loop at import": (
        "while True:\n    pass\n",
        {"activations.sigmoid": "timed out", "activations.tanh": "timed out"},
    ),
}


def _grade(pytester: pytest.Pytester, activations: str) -> dict:
    hidden_test = (
        "import numpy as np\nimport pytest\n\n@pytest.mark.points(1)\n"
        'def test_tanh_hidden(course):\n    """tanh(0) is 0."""\n'
        "    assert course.activations.tanh(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]\n"
    )
    make_course(pytester.path, activations=activations, hidden=hidden_test)
    pytester.runpytest("--time-limit", "2", "--grade-json", "results.json")
    data = validate_results(pytester.path / "results.json")
    return {t["tags"][1]: (t["tags"][2], t["score"]) for t in data["tests"]} | {
        "_total": data["score"]
    }


def _substitute(code: str, pytester: pytest.Pytester) -> str:
    return code.replace(
        "HIDDEN_TEST", repr(str(pytester.path / "tests" / "hidden" / "test_activations.py"))
    ).replace("COURSE", repr(str(pytester.path)))


@pytest.mark.parametrize("attack", list(RELU_ATTACKS))
def test_attack_inside_a_function_earns_only_the_honest_points(pytester, monkeypatch, attack):
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "do-not-leak")
    honest = (
        HONEST_ACTIVATIONS.split("def relu")[0]
        + "def tanh"
        + HONEST_ACTIVATIONS.split("def tanh")[1]
    )
    scores = _grade(pytester, honest + "\n" + _substitute(RELU_ATTACKS[attack], pytester))
    assert scores["activations.relu"][1] == 0, scores
    assert scores["activations.sigmoid"] == ("passed", 2) and scores["costs.mse"] == (
        "passed",
        2,
    ), scores
    assert scores["_total"] == 2 + 1 + 2 + 1, scores
    for leftover in ("results.json",):
        assert "999" not in (pytester.path / leftover).read_text()


@pytest.mark.parametrize("attack", list(IMPORT_ATTACKS))
def test_attack_at_import_costs_only_its_topic(pytester, attack):
    code, expected = IMPORT_ATTACKS[attack]
    scores = _grade(pytester, code + HONEST_ACTIVATIONS)
    for exercise, status in expected.items():
        assert scores[exercise][0] == status, scores
    assert scores["costs.mse"] == ("passed", 2), scores
    honest_total = 6 + 1 if all(s == "passed" for s in expected.values()) else 2
    assert scores["_total"] == honest_total, scores
