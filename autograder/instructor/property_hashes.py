"""Write the reference's hashes into ``autograder/properties.json``.

A ``proportional`` check of :mod:`autograder.properties` recognises a result that is a fixed
multiple of the right one by two hashes of the reference's result on its probe: of the result
divided by its largest entry, and of the result itself. A ``like_mistake`` check holds the first
hash of what the reference gives with the catalogued mistake of the check's name patched in.
Only the hashes are stored.

``python -m autograder.instructor.property_hashes [--check]`` rewrites them from ``solutions/``
(or, with ``--check``, exits 1 when they are stale).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from .. import properties
from ..reference import load_reference
from ..sandbox import course_functions
from ..sandbox.protocol import CourseFunction, Rng


def _local(value: object) -> object:
    """A decoded probe argument made runnable in this process."""
    if isinstance(value, Rng):
        return np.random.default_rng(value.seed)
    if isinstance(value, CourseFunction):
        return getattr(course_functions, value.name)
    if isinstance(value, list):
        return [_local(v) for v in value]
    if isinstance(value, dict):
        return {k: _local(v) for k, v in value.items()}
    return value


def with_hashes(data: dict, solutions: Path) -> dict:
    """``data`` (the content of properties.json) with every proportional and like_mistake
    check's hashes computed from the reference solutions in ``solutions``."""
    reference = load_reference(solutions)
    for check in data["checks"]:
        if check["kind"] not in ("proportional", "like_mistake"):
            continue
        (exercise,) = check["exercises"]
        function = reference[exercise]
        if check["kind"] == "like_mistake":
            function = _with_mistake(solutions, check["name"])[exercise]
        args, kwargs = properties.probe(check)
        value = function(*map(_local, args), **{k: _local(v) for k, v in kwargs.items()})
        check["hash"] = properties.normalised_hash(value)
        if check["kind"] == "proportional":
            check["raw_hash"] = properties.raw_hash(value)
    return data


def _with_mistake(solutions: Path, name: str) -> dict:
    """The reference's functions with the catalogued mistake ``name`` patched into its topic."""
    from .catalogue import catalogue
    from .mistakes import mutant_sources, write_submission

    (mistake,) = [m for m in catalogue().mistakes if m.name == name]
    with tempfile.TemporaryDirectory(prefix="bplab-mistake-") as folder:
        submission = write_submission(mutant_sources(mistake, solutions), Path(folder))
        return load_reference(submission / "exercises")


def text(data: dict) -> str:
    """``data`` as the text of properties.json."""
    return json.dumps(data, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the hashes are stale")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="the course repository")
    args = parser.parse_args(argv)
    current = properties.DATA.read_text(encoding="utf-8")
    fresh = text(with_hashes(json.loads(current), args.course / "solutions"))
    if args.check:
        if fresh != current:
            print(f"{properties.DATA} is stale: run python -m {__spec__.name}", file=sys.stderr)
            return 1
        return 0
    properties.DATA.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
