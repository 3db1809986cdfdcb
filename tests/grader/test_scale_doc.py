"""docs/scale.md: every derived number is what its formula gives from the inputs.

The document holds one table of inputs (``| name | value | ...``) and tables of results
(``| name | formula | value | ...``), whose formulas use the inputs and earlier results. Prose
there and in the README quotes a figure as an inline ``name = value``, so a quoted figure is
checked too. Formulas are evaluated from their syntax tree: numbers, names, ``+ - * /``,
parentheses and ``ceil``, ``floor``, ``min``, ``max``; anything else is refused, never run.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scale.md"
README = ROOT / "README.md"

FUNCTIONS = {"ceil": math.ceil, "floor": math.floor, "min": min, "max": max}
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
OPERATORS[ast.Div] = operator.truediv
NAME = re.compile(r"[a-z][a-z0-9_]*")
QUOTED = re.compile(r"`([a-z][a-z0-9_]*) = ([0-9][0-9,]*(?:\.[0-9]+)?)`")


def evaluate(formula: str, names: dict[str, float]) -> float:
    """The value of ``formula``, an arithmetic expression over ``names``.

    Raises
    ------
    ValueError
        For anything but numbers, known names, ``+ - * /``, unary minus and calls of ``ceil``,
        ``floor``, ``min`` and ``max``; the message names what was found.
    """

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise ValueError(f"{formula!r}: unknown name {node.id!r}")
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS
            and not node.keywords
            and node.args
        ):
            return FUNCTIONS[node.func.id](*(value(arg) for arg in node.args))
        raise ValueError(f"{formula!r}: expected arithmetic, got {ast.dump(node)[:80]}")

    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"{formula!r}: not an expression ({exc.msg})") from None
    return value(tree.body)


def number(text: str) -> float:
    """A table's or the prose's number: ``10,000``, ``0.006``."""
    return float(text.replace(",", ""))


def tolerance(text: str) -> float:
    """Half a unit of the last digit shown: ``3.8`` stands for anything in [3.75, 3.85]."""
    exponent = Decimal(text.replace(",", "")).as_tuple().exponent
    return 0.5 * 10.0**exponent + 1e-9


def tables(text: str) -> list[list[dict[str, str]]]:
    """Every Markdown table of ``text``: a list of rows, each a dict from header to cell."""
    found, rows, header = [], [], None
    for line in [*text.splitlines(), ""]:
        if not line.startswith("|"):
            if header is not None:
                found.append(rows)
            rows, header = [], None
            continue
        cells = [cell.strip().strip("`").strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = [cell.lower() for cell in cells]
        elif not set("".join(cells)) <= set("-: "):
            rows.append(dict(zip(header, cells, strict=False)))
    return found


def parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """The inputs (name to shown value) and the results (name, formula, shown value)."""
    inputs: dict[str, str] = {}
    results: list[tuple[str, str, str]] = []
    for table in tables(text):
        for row in table:
            if not NAME.fullmatch(row.get("name", "")) or "value" not in row:
                continue
            name = row["name"]
            if name in inputs or name in {r[0] for r in results}:
                raise ValueError(f"{name!r} is defined twice")
            if "formula" in row:
                results.append((name, row["formula"], row["value"]))
            else:
                inputs[name] = row["value"]
    return inputs, results


def mismatches(inputs: dict[str, str], results: list[tuple[str, str, str]]) -> list[str]:
    """Every result whose shown value is not what its formula gives, as one line each."""
    names = {name: number(shown) for name, shown in inputs.items()}
    wrong = []
    for name, formula, shown in results:
        got = evaluate(formula, names)
        names[name] = number(shown)  # later formulas use the value as shown
        if abs(got - number(shown)) > tolerance(shown):
            wrong.append(f"{name} = {formula} gives {got:.6g}, the table shows {shown}")
    return wrong


@pytest.fixture(scope="module")
def doc() -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    return parse(DOC.read_text(encoding="utf-8"))


def test_the_document_has_inputs_and_results(doc):
    inputs, results = doc
    assert len(inputs) >= 10 and len(results) >= 10, (len(inputs), len(results))


def test_every_result_is_what_its_formula_gives(doc):
    wrong = mismatches(*doc)
    assert not wrong, "docs/scale.md:\n" + "\n".join(wrong)


def test_a_changed_input_shows_in_the_results(doc):
    inputs, results = doc
    for name in ("students", "cpu_s_per_student", "price_per_min", "submission_zip_bytes"):
        changed = {**inputs, name: str(number(inputs[name]) * 3)}
        assert mismatches(changed, results), f"tripling {name} changed no result"


@pytest.mark.parametrize("path", [DOC, README], ids=lambda p: p.name)
def test_every_quoted_figure_is_the_table_s(doc, path):
    inputs, results = doc
    shown = {**inputs, **{name: value for name, _, value in results}}
    quotes = QUOTED.findall(path.read_text(encoding="utf-8"))
    if path == README:
        assert quotes, "README.md quotes no figure of docs/scale.md as `name = value`"
    for name, quoted in quotes:
        assert name in shown, f"{path.name}: `{name} = {quoted}` names no input or result"
        assert abs(number(quoted) - number(shown[name])) <= tolerance(quoted), (
            f"{path.name}: `{name} = {quoted}`, but docs/scale.md shows {shown[name]}"
        )


@pytest.mark.parametrize(
    "formula",
    [
        "__import__('os').system('true')",
        "a.b",
        "a ** 2",
        "a if a else 1",
        "[a][0]",
        "(lambda: 1)()",
        "max(a, key=abs)",
        "'1'",
        "unknown + 1",
        "a +",
    ],
)
def test_the_evaluator_refuses_anything_but_arithmetic(formula):
    with pytest.raises(ValueError, match="expected arithmetic|unknown name|not an expression"):
        evaluate(formula, {"a": 2.0})


def test_the_evaluator_computes_arithmetic():
    assert evaluate("ceil(a / 3) + max(1, -a) * 2 - floor(0.5)", {"a": 7.0}) == 5
