"""The catalogue of named mistakes: one reviewed TOML file per topic in this folder.

``<topic>.toml`` holds, for every function of ``solutions/<topic>.py`` with catalogued mistakes,
a table named after the function: its probe calls (on which its mistakes are told apart, see
:mod:`autograder.diagnosis`) and its mistakes (see :class:`~..mistakes.Mistake`)::

    [values]                       # optional: named values the probes share
    moderate = {array = [-4.0, -1.0, 0.0, 2.0]}

    [leaky_relu]
    probes = [
      {args = [{ref = "moderate"}]},
      {args = [{normal = [6, [2, 2]]}, 0.05], kwargs = {alpha = 0.2}},
    ]

    [[leaky_relu.mistakes]]
    name = "leaky-relu-slope-wrong-side"        # lower-case words joined by hyphens, unique
    misconception = "Your leaky relu ...:"      # what the student reads, ends with a colon
    hint = "which side ...?"                     # a question that does not give the answer
    helper = "_private_helper"                   # optional: patch this helper's region instead
    [[leaky_relu.mistakes.replace]]              # one or more patches, applied in order
    old = 'np.where(z > 0, z, alpha * z)'        # exactly once in the function's solution region
    new = 'np.where(z < 0, z, alpha * z)'

Patches spanning lines are multi-line literal strings (``'''...'''``), written exactly as the
solution's text (a patch starting mid-line continues at the solution's indentation). A function
returning a tuple may say ``select = 0`` beside its probes: only item 0 of the result counts. Probe
arguments and ``[values]`` are written in the value language of :mod:`.values` (arrays, seeded
random arrays, tuples, dicts, ``None``, generators, course functions, references).

To add a mistake, add a ``[[function.mistakes]]`` entry (and the function's table with probes if
it is the function's first), then run ``autograder mutation --only NAME`` and
``autograder mutation --write-diagnosis``. Files are checked against ``schema.json`` and the
contract when read; every error names the file, the entry and the field.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ...contract import EXERCISES, TOPICS
from ..mistakes import Mistake, Probes
from .values import BadValue, Values

FOLDER = Path(__file__).parent
SCHEMA = FOLDER / "schema.json"


class CatalogueError(ValueError):
    """A catalogue file that does not say what the format asks (the message names the entry)."""


@dataclass(frozen=True)
class Catalogue:
    """Every catalogued mistake, in the contract's order of exercises, and their probes."""

    mistakes: tuple[Mistake, ...]
    probes: dict[str, Probes]  # keyed by exercise, "topic.function"


@functools.cache
def catalogue() -> Catalogue:
    """The course's catalogue, read and checked once per process.

    Raises
    ------
    CatalogueError
        When a file is not valid TOML, breaks the schema, names an unknown function, or has a
        probe value that cannot be built.
    """
    return read_catalogue(FOLDER)


def read_catalogue(folder: Path) -> Catalogue:
    """Read and check every ``<topic>.toml`` in ``folder`` (see the module doc)."""
    try:  # the dev extra: only instructors read the catalogue
        import jsonschema

        if sys.version_info < (3, 11):
            import tomli as toml  # pragma: no cover
        else:
            import tomllib as toml
    except ImportError as exc:
        raise CatalogueError(
            f"reading the catalogue needs {exc.name} (pip install -e '.[dev]')"
        ) from None
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    unknown = sorted(p.name for p in folder.glob("*.toml") if p.stem not in TOPICS)
    if unknown:
        raise CatalogueError(
            f"{folder}: {', '.join(unknown)}: expected files named after a topic "
            f"({', '.join(t + '.toml' for t in TOPICS)})"
        )
    mistakes: list[Mistake] = []
    probes: dict[str, Probes] = {}
    for topic in TOPICS:
        path = folder / f"{topic}.toml"
        if path.exists():
            topic_mistakes, topic_probes = _read_topic(path, topic, validator, toml)
            mistakes += topic_mistakes
            probes.update(topic_probes)
    _check_unique(mistakes)
    order = {f"{t}.{f}": i for i, (t, f) in enumerate((t, f) for t in TOPICS for f in EXERCISES[t])}
    return Catalogue(tuple(sorted(mistakes, key=lambda m: order[m.exercise])), probes)


def _read_topic(
    path: Path,
    topic: str,
    validator,  # noqa: ANN001 - a jsonschema validator
    toml,  # noqa: ANN001 - tomllib, or its backport tomli
) -> tuple[list[Mistake], dict[str, Probes]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise CatalogueError(
            f"{path.name}: {_entry_at(text, str(exc))}expected valid TOML: {exc}"
        ) from None
    functions = [key for key in data if key != "values"]
    for function in functions:
        if function not in EXERCISES[topic]:
            raise CatalogueError(
                f"{path.name}: [{function}]: expected a function of {topic} "
                f"({', '.join(EXERCISES[topic])}), got {function!r}"
            )
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise CatalogueError(f"{path.name}: {_where(data, errors[0])}: {_what(errors[0])}")
    values = Values(data.get("values", {}))
    mistakes, probes = [], {}
    for function in functions:
        table = data[function]
        exercise = f"{topic}.{function}"
        try:
            calls = tuple(
                _call(call, f"probe {i} of {function}()", values)
                for i, call in enumerate(table["probes"], start=1)
            )
        except BadValue as exc:
            raise CatalogueError(f"{path.name}: {exc}") from None
        probes[exercise] = Probes(calls, table.get("select"))
        for entry in table["mistakes"]:
            replace = tuple((patch["old"], patch["new"]) for patch in entry["replace"])
            mistakes.append(
                Mistake(
                    entry["name"],
                    exercise,
                    entry["misconception"],
                    entry["hint"],
                    replace,
                    entry.get("helper"),
                    origin=path.name,
                )
            )
    return mistakes, probes


def _call(call: dict, where: str, values: Values) -> tuple[tuple, dict]:
    """The ``(args, kwargs)`` of one probe call of a catalogue file."""
    args = tuple(
        values.build(a, f"{where}, argument {j}") for j, a in enumerate(call["args"], start=1)
    )
    kwargs = {
        k: values.build(v, f"{where}, argument {k}") for k, v in call.get("kwargs", {}).items()
    }
    return args, kwargs


def _entry_at(text: str, error: str) -> str:
    """``"<entry>: "`` for the table (and mistake name) around the line a TOML error names."""
    found = re.search(r"at line (\d+)", error)
    if not found:
        return ""
    lines = text.splitlines()[: int(found.group(1))]
    headers = [i for i, line in enumerate(lines) if re.match(r"\s*\[", line)]
    if not headers:
        return ""
    table = lines[headers[-1]].strip()
    if table.endswith(".replace]]"):  # a patch: name the mistake it belongs to
        headers = [i for i in headers if not lines[i].strip().endswith(".replace]]")] or headers
    names = [
        m.group(1)
        for line in lines[headers[-1] :]
        if (m := re.match(r'\s*name\s*=\s*"([^"]*)"', line))
    ]
    return f"mistake {names[-1]!r}: " if names else f"{lines[headers[-1]].strip()}: "


def _check_unique(mistakes: list[Mistake]) -> None:
    first: dict[str, Mistake] = {}
    for m in mistakes:
        if m.name in first:
            raise CatalogueError(
                f"{m.origin}: mistake {m.name!r} of {m.function}(): expected a unique name, got "
                f"the name of a mistake of {first[m.name].exercise} ({first[m.name].origin})"
            )
        first[m.name] = m


def _where(data: dict, error) -> str:  # noqa: ANN001 - a jsonschema ValidationError
    """The entry an error is in, named as a reader of the file finds it."""
    path = list(error.absolute_path)
    if not path:
        return "top level"
    if path[0] == "values":
        return "[values]" + "".join(f".{p}" for p in path[1:2])
    where = f"[{path[0]}]"
    if len(path) >= 3 and path[1] == "probes":
        where = f"probe {path[2] + 1} of {path[0]}()"
        path = path[2:]
    elif len(path) >= 3 and path[1] == "mistakes":
        name = data[path[0]]["mistakes"][path[2]].get("name")
        if isinstance(name, str):
            where = f"mistake {name!r} of {path[0]}()"
        else:
            where = f"mistake {path[2] + 1} of {path[0]}()"
        path = path[2:]
    rest = path[1:]
    if rest:
        where += ", field " + "".join(
            f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in rest
        ).lstrip(".")
    return where


def _what(error) -> str:  # noqa: ANN001 - a jsonschema ValidationError
    """What the schema expected there, and what the file has."""
    got = repr(error.instance)
    got = got if len(got) <= 60 else got[:57] + "..."
    if error.validator == "required":
        missing = [f for f in error.validator_value if f not in error.instance]
        return f"expected a field {missing[0]!r}, got fields {', '.join(error.instance) or 'none'}"
    if error.validator == "additionalProperties":
        extra = [f for f in error.instance if f not in error.schema.get("properties", {})]
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"expected only the fields {allowed}, got {', '.join(map(repr, extra))}"
    if error.validator == "type":
        return f"expected {error.validator_value}, got {got}"
    if error.validator == "pattern":
        return f"expected text matching {error.validator_value}, got {got}"
    if error.validator in ("minItems", "minLength"):
        return f"expected at least {error.validator_value} item(s), got {got}"
    return f"{error.message}"
