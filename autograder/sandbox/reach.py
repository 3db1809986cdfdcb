"""Which functions of a package a function reaches, read from its code without running it.

Used by the worker (which contract functions a submitted function reaches, so that it can run
with trusted versions of them) and by the grading process (the order of a grade, from the
reference's calls). Shipped into the worker's folder with the other ``WORKER_FILES``.
"""

from __future__ import annotations

import types


def reached(function: object, package: str) -> set[str]:
    """The functions of ``package`` that ``function`` reaches, as ``"topic.name"``: those its
    code names (directly, as attributes of a topic module of ``package``, or through nested
    code), and those that the functions of ``package`` it names reach in turn."""
    prefix = package + "."
    found: set[str] = set()
    seen: set[int] = set()
    todo = [function]
    while todo:
        current = todo.pop()
        code = getattr(current, "__code__", None)
        if id(current) in seen or not isinstance(code, types.CodeType):
            continue
        seen.add(id(current))
        module_globals = getattr(current, "__globals__", {})
        codes, names = [code], set()
        while codes:
            code = codes.pop()
            names.update(code.co_names)
            codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
        values = [module_globals.get(n) for n in names]
        modules = [
            v for v in values if isinstance(v, types.ModuleType) and v.__name__.startswith(prefix)
        ]
        values += [getattr(m, n, None) for m in modules for n in names]
        for value in values:
            module = getattr(value, "__module__", None)
            if isinstance(value, types.FunctionType) and str(module).startswith(prefix):
                found.add(f"{value.__module__.removeprefix(prefix)}.{value.__name__}")
                todo.append(value)
    return found
