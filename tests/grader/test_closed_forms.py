"""The student release states what each function computes, never the derivative it is meant to find.

Students derive the course's results (the activations' derivatives, the costs' gradients, the
linear node's gradients, the backward passes) and check them numerically; a stub, hint, public
test or feedback text that prints the closed form gives the lesson away. This test writes a
release and scans every text file in it for the closed forms, in the ways people write them,
and fails naming file and line. Costs keep their defining formulas (E = 1/2 (T - a)^2 is the
definition, not a derivation), so the patterns match derivatives only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.instructor import release as rel

COURSE = Path(__file__).resolve().parents[2]
TEXT_SUFFIXES = {".py", ".md", ".json", ".toml", ".yml", ".yaml", ".txt", ".cfg", ".ini"}

_X = r"[a-z_][\w\[\]\"']*(?:\([\w\[\]\"',]*\))?"  # a name, maybe called: s, a2, sigmoid(z)
_ONE = r"1(?:\.0)?"

# Each taught result, with the forms it is written in (matched on a normalised line: lower
# case, no spaces around operators and brackets, ** as ^, no "np." prefixes).
CLOSED_FORMS: dict[str, list[str]] = {
    "sigmoid derivative, s (1 - s)": [
        rf"(?P<x>{_X})\*?\({_ONE}-(?P=x)\)",
        rf"\({_ONE}-(?P<x>{_X})\)\*?(?P=x)(?![\w(])",
        r"sigmoid'\(\w*\)=sigmoid",
    ],
    "tanh derivative, 1 - tanh^2": [
        rf"{_ONE}-tanh\w*(?:\([^)]*\))?(?:\^2|²)",
        rf"{_ONE}-[a-z]\d?(?:\^2|²)(?![\w(])",
        rf"tanh'\(\w*\)={_ONE}-",
    ],
    "relu derivative, (z > 0)": [
        r"\((?:\w+\()?(?:z|x|a|z\d|cache)\)?>0\)",
        r"\d(?:\.0)? where \w+>0",
        r"where\(\w+>0,1",
    ],
    "linear node gradients, X.T @ delta, delta @ W.T": [
        r"\.t@",
        r"@(?:w|w\d|weights\[\w*\])\.t(?![\w(])",
        r"dot\(\w+\.t,",
        r"db\d?=(?:delta|dz|sum)",
    ],
    "softmax cross-entropy gradient, softmax - onehot": [
        r"softmax(?:\([^)]*\))? ?(?:-|minus)(?: ?a)? ?one-?hot",
        r"probs?-one-?hot",
    ],
    "squared-error gradients, a - T, 2 (y_pred - y_true) / N": [
        r"\(a\d?-t\)",
        r"output-target",
        r"de/da\d?=a\d?-t",
        r"2\*?\(y_pred-y_true\)",
    ],
    "line gradient, -2 mean(x (z - w x))": [r"-2[ *]?(?:mean)?\(?x ?\*?\(z-w ?\*?x\)"],
    "weight-decay gradient, lam * W": [r"(?:lam|l2)\*w\d?(?![\w(^])"],
}
PATTERNS = [
    (name, re.compile(pattern)) for name, forms in CLOSED_FORMS.items() for pattern in forms
]


def normalise(line: str) -> str:
    text = re.sub(r"\s+", " ", line.lower().replace("**", "^"))
    text = re.sub(r" ?([^\w ]) ?", r"\1", text)
    return re.sub(r"\b(?:np|numpy)\.", "", text)


def closed_forms_in(line: str) -> list[str]:
    """The names of the closed forms that ``line`` states."""
    text = normalise(line)
    return sorted({name for name, pattern in PATTERNS if pattern.search(text)})


@pytest.mark.parametrize(
    "line",
    [
        "sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))",
        "return s * (1.0 - s)",
        "delta2 = (a - T) * a * (1 - a)",
        "(1 - a2) * a2",
        "tanh'(z) = 1 - tanh(z)^2",
        "return 1.0 - np.tanh(z) ** 2",
        "dZ = dA * (1 - A**2)",
        "return (np.asarray(z) > 0).astype(np.float64)",
        "1 where z > 0, 0 where z <= 0.",
        "dW = X.T @ delta",
        "dW = (layer input).T @ delta, db = delta summed over rows",
        "delta of the layer below = delta @ W.T times activation'(Z1)",
        "softmax(z) minus a one-hot vector of y",
        "(softmax(logits) - onehot(labels)) / n",
        "so that dE/doutput is simply output - target.",
        "with the 1/2, so dE/da2 = a2 - T",
        "Gradient of mse: 2 (y_pred - y_true) / N.",
        "d/dw (z - w x)^2 = -2 x (z - w x)",
        "Gradient of l2_penalty: lam * W for the weights",
    ],
)
def test_the_scan_finds_each_closed_form(line: str) -> None:
    assert closed_forms_in(line), line


@pytest.mark.parametrize(
    "line",
    [
        "Half the sum of squared errors, E = 1/2 sum (target - output)^2.",
        "Mean squared error: the mean over all elements of (y_pred - y_true)^2.",
        "Logistic sigmoid, 1 / (1 + exp(-z)), elementwise.",
        "Leaky ReLU: z for z > 0, alpha * z for z <= 0, elementwise.",
        "A fully connected layer: Z = X W + b.",
        "f(x) = x^4 - 3x^2 + x: a local minimum near 1.13",
        "l2 / 2 * (sum(W1^2) + sum(W2^2))",
        "the factor 1 - learning_rate * curvature",
        "Your sigmoid derivative is s(z)(1 - z):",
    ],
)
def test_the_scan_leaves_definitions_alone(line: str) -> None:
    assert not closed_forms_in(line), line


def test_the_release_states_no_closed_form(tmp_path: Path) -> None:
    dest = tmp_path / "student-repo"
    rel.release(COURSE, dest)
    found = []
    for path in sorted(dest.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or ".git" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for name in closed_forms_in(line):
                found.append(f"{path.relative_to(dest)}:{number}: {name}: {line.strip()}")
    assert not found, "closed forms in the student release:\n" + "\n".join(found)
