"""Named mistakes: small wrong variants of the reference solutions, and how they are made.

A :class:`Mistake` is one mistake students make in one contract function: a short ``name``, the
``misconception`` as the student reads it (a sentence ending in a colon), a ``hint`` that points
the way without giving the answer (a question), and how to make it from the reference solution:
``replace``, one or more ``(old, new)`` text patches applied in order inside that function's
solution region of ``solutions/<topic>.py`` (or inside the module-level region of a private
``helper``). A patch whose ``old`` text is not found exactly once fails loudly, so an edit of the
solutions can never silently switch a mistake off. :func:`mutant_sources` and
:func:`write_submission` make a submission of the reference with one mistake patched in.

:class:`Probes` are the calls on which the mistakes of one exercise are told apart (see
:mod:`autograder.diagnosis`). The mistakes and probes themselves are data, one file per topic:
see :mod:`autograder.instructor.catalogue`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from ..contract import TOPICS
from .stubs import find_regions


class PatchError(ValueError):
    """A mistake whose patch does not fit the current reference solution."""


@dataclass(frozen=True)
class Mistake:
    """One named wrong variant of one contract function."""

    name: str
    exercise: str  # "topic.function"
    misconception: str
    hint: str
    replace: tuple[tuple[str, str], ...]  # or a single (old, new) pair
    helper: str | None = None  # patch this module-level private helper's region instead
    origin: str = field(default="", compare=False)  # the catalogue file it was read from

    def __post_init__(self) -> None:
        if len(self.replace) == 2 and all(isinstance(part, str) for part in self.replace):
            object.__setattr__(self, "replace", (tuple(self.replace),))
        object.__setattr__(self, "replace", tuple(tuple(pair) for pair in self.replace))

    @property
    def topic(self) -> str:
        return self.exercise.split(".")[0]

    @property
    def function(self) -> str:
        return self.exercise.split(".")[1]

    @property
    def label(self) -> str:
        """How messages name this mistake: its name, and the catalogue file it comes from."""
        return f"mistake {self.name!r}" + (f" ({self.origin})" if self.origin else "")

    def apply(self, source: str, filename: str = "<source>") -> str:
        """Return ``source`` (a solutions module) with this mistake patched in.

        Raises
        ------
        PatchError
            When the region cannot be found, or an ``old`` text is not in it exactly once.
        """
        lines = source.splitlines(keepends=True)
        begin, end = _region(source, self.helper or self.function, filename, self.label)
        body = "".join(lines[begin:end])
        for old, new in self.replace:
            count = body.count(old)
            if count != 1:
                where = f"the solution region of {self.helper or self.function}() in {filename}"
                raise PatchError(
                    f"{self.label}: expected the text {old!r} exactly once in {where}, "
                    f"found it {count} times (update the catalogue to the current solution)"
                )
            body = body.replace(old, new)
        patched = "".join(lines[:begin]) + body + "".join(lines[end:])
        try:
            compile(patched, filename, "exec")
        except SyntaxError as exc:
            raise PatchError(f"{self.label} makes {filename} invalid: {exc}") from None
        return patched


def _region(source: str, function: str, filename: str, mistake: str) -> tuple[int, int]:
    """0-based line range ``[begin, end)`` of the code inside ``function``'s solution region."""
    nodes = [
        node
        for node in ast.parse(source, filename).body
        if isinstance(node, ast.FunctionDef) and node.name == function
    ]
    if len(nodes) != 1:
        raise PatchError(f"{mistake}: {filename} defines {len(nodes)} functions {function}()")
    node = nodes[0]
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    regions = [
        r
        for r in find_regions(source, filename)
        if (r.indent and node.lineno < r.begin <= node.end_lineno)  # in the function's body
        or (not r.indent and r.begin < first and node.end_lineno < r.end)  # around a helper
    ]
    if len(regions) != 1:
        raise PatchError(
            f"{mistake}: expected one solution region for {function}() in {filename}, "
            f"found {len(regions)}"
        )
    return regions[0].begin, regions[0].end - 1


# --- mutant submissions ----------------------------------------------------------------------
def reference_sources(solutions: Path) -> dict[str, str]:
    """The topic files of the reference solutions, by topic."""
    return {topic: (solutions / f"{topic}.py").read_text(encoding="utf-8") for topic in TOPICS}


def mutant_sources(mistake: Mistake, solutions: Path) -> dict[str, str]:
    """The topic files of a submission that is the reference with ``mistake`` patched in."""
    sources = reference_sources(solutions)
    path = solutions / f"{mistake.topic}.py"
    sources[mistake.topic] = mistake.apply(sources[mistake.topic], str(path))
    return sources


def write_submission(sources: dict[str, str], folder: Path) -> Path:
    """Lay ``sources`` out as a submission (``folder/exercises/<topic>.py``); return ``folder``."""
    exercises = folder / "exercises"
    exercises.mkdir(parents=True)
    (exercises / "__init__.py").write_text("", encoding="utf-8")
    for topic, text in sources.items():
        (exercises / f"{topic}.py").write_text(text, encoding="utf-8")
    return folder


# --- probes ----------------------------------------------------------------------------------
Call = tuple[tuple, dict]


@dataclass(frozen=True)
class Probes:
    """The calls on which an exercise's mistakes are told apart, and what of the result counts."""

    calls: tuple[Call, ...]
    select: int | None = None  # fingerprint only item ``select`` of a returned tuple
