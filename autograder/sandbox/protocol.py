"""Plain-data messages between the grading process and the worker, without pickle.

A message is one line of JSON. Values that JSON cannot say are tagged objects
(``{"$": tag, ...}``): tuples, dicts, numeric numpy arrays (raw bytes in base64 with dtype and
shape), numpy scalars, a seeded random generator, a course function named by reference, and
anything else as an ``Unsupported`` placeholder that never compares equal to anything.

A trusted call's callbacks, thousands per call where a network is trained, travel as frames
instead (:func:`dump_frame`, :class:`FrameReader`): the JSON head, then the arrays' raw bytes,
each array naming its buffer by number, so that no array is written as base64 and no long
string is scanned by the JSON parser.

:func:`decode` is the trust boundary: it accepts only these shapes, rebuilds arrays as plain
``numpy.ndarray`` objects of whitelisted dtypes, and refuses anything deeper or larger than the
limits below, so an object with a custom ``__eq__``, an ndarray subclass or a pickle payload can
never reach the checker.
"""

from __future__ import annotations

import base64
import inspect
import itertools
import json
import math
import struct
from dataclasses import dataclass, field

import numpy as np

MAX_DEPTH = 32
MAX_ELEMENTS = 20_000_000
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
DTYPES = frozenset(
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
    + ["float16", "float32", "float64"]
)
# By dtype and by name: a dtype's ``.name`` is built anew on every access, and a message of a
# trusted call's thousands of callbacks asks it for every array.
_BY_DTYPE = {np.dtype(name): name for name in DTYPES}
_BY_NAME = {name: np.dtype(name) for name in DTYPES}


class ProtocolError(ValueError):
    """A message that is not plain data of the agreed shape."""


@dataclass(frozen=True)
class Unsupported:
    """Stands in for a value of a type the protocol does not carry (a student's own class)."""

    type_name: str
    text: str

    def __eq__(self, other: object) -> bool:  # never equal, not even to itself
        return False

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{self.type_name} object: {self.text}>"


@dataclass(frozen=True)
class Rng:
    """A ``numpy.random.default_rng(seed)`` to be built on the far side."""

    seed: int


@dataclass(frozen=True)
class CourseFunction:
    """A function of :mod:`course_functions`, passed by name (e.g. a gradient to descend)."""

    name: str


@dataclass
class CallResult:
    """What a successful call returned, as plain data, and what it did on the side."""

    value: object
    mutated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    output: str = ""


CUT = "\n... (cut short)"


def shorten(text: str, limit: int, tail: str = CUT) -> str:
    """``text`` when it has at most ``limit`` characters, else its start and ``tail`` in ``limit``.

    The one place any text (student output, tracebacks, messages) is shortened.
    """
    return text if len(text) <= limit else text[: limit - len(tail)] + tail


def encode(value: object, depth: int = 0, buffers: list[bytes] | None = None) -> object:
    """Turn ``value`` into JSON-ready plain data (see the module doc for the tags); with
    ``buffers``, an array's bytes are appended there and the array names their number."""
    if depth > MAX_DEPTH:
        return {"$": "unsupported", "type": type(value).__name__, "text": "nested too deeply"}
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
    if type(value) is list:
        return [encode(item, depth + 1, buffers) for item in value]
    if type(value) is tuple:
        return {"$": "tuple", "items": [encode(item, depth + 1, buffers) for item in value]}
    if type(value) is dict:
        return {
            "$": "dict",
            "items": [
                [encode(k, depth + 1), encode(v, depth + 1, buffers)] for k, v in value.items()
            ],
        }
    if isinstance(value, Rng):
        return {"$": "rng", "seed": value.seed}
    if isinstance(value, np.random.Generator) and isinstance(value.bit_generator, np.random.PCG64):
        return {"$": "generator", "state": generator_state(value)}
    if isinstance(value, CourseFunction):
        return {"$": "fn", "name": value.name}
    if isinstance(value, (np.ndarray, np.generic)) and not value.dtype.isnative:
        value = value.astype(value.dtype.newbyteorder("="))  # the same numbers, in this order
    if isinstance(value, np.generic) and value.dtype in _BY_DTYPE:
        name = _BY_DTYPE[value.dtype]
        return {"$": "scalar", "dtype": name, "v": encode(value.item(), depth + 1)}
    if isinstance(value, np.ndarray) and value.dtype in _BY_DTYPE:
        array = value.view(np.ndarray)  # shape from here: ascontiguousarray makes 0-d arrays 1-d
        raw = np.ascontiguousarray(array).tobytes()
        encoded = {"$": "array", "dtype": _BY_DTYPE[array.dtype], "shape": list(array.shape)}
        if buffers is None:
            return {**encoded, "data": base64.b64encode(raw).decode("ascii")}
        buffers.append(raw)
        return {**encoded, "buffer": len(buffers) - 1}
    try:
        text = repr(value)
    except Exception:  # a student's __repr__ may raise
        text = "(repr failed)"
    return {
        "$": "unsupported",
        "type": type(value).__name__,
        "text": shorten(str(text), 200, "..."),
    }


def dumps(message: dict) -> bytes:
    """Encode a message (a dict of plain values) as one line of UTF-8 JSON."""
    return (json.dumps(message, allow_nan=False) + "\n").encode("utf-8")


FRAME_HEAD = struct.Struct("<II")  # the JSON head's length, the number of buffers
MAX_BUFFERS = 100_000
Frame = tuple[dict, list[bytes]]  # a message and its raw buffers


def dump_frame(message: dict, buffers: list[bytes]) -> bytes:
    """A message (made with ``encode(..., buffers=buffers)``) and its buffers, as one frame."""
    head = json.dumps(message, allow_nan=False).encode("utf-8")
    sizes = struct.pack(f"<{len(buffers)}Q", *map(len, buffers))
    return b"".join([FRAME_HEAD.pack(len(head), len(buffers)), sizes, head, *buffers])


class FrameReader:
    """Frames out of a byte stream: :meth:`feed` what arrives, :meth:`pop` each whole frame.

    Refuses (ProtocolError) a frame whose head says more than ``MAX_MESSAGE_BYTES`` in all or
    more than ``MAX_BUFFERS`` buffers, and a head that is not a JSON object.
    """

    def __init__(self) -> None:
        self._data = bytearray()

    def feed(self, chunk: bytes) -> None:
        self._data += chunk

    def pop(self) -> Frame | None:
        """The next whole frame as ``(message, buffers)``; None until it has all arrived."""
        if len(self._data) < FRAME_HEAD.size:
            return None
        head_size, count = FRAME_HEAD.unpack_from(self._data)
        if count > MAX_BUFFERS:
            raise ProtocolError(f"a frame of {count} buffers, at most {MAX_BUFFERS} allowed")
        start = FRAME_HEAD.size + 8 * count
        if len(self._data) < start:
            return None
        sizes = struct.unpack_from(f"<{count}Q", self._data, FRAME_HEAD.size)
        end = start + head_size + sum(sizes)
        if end > MAX_MESSAGE_BYTES:
            raise ProtocolError(f"a frame of {end} bytes, at most {MAX_MESSAGE_BYTES} allowed")
        if len(self._data) < end:
            return None
        frame = bytes(self._data[:end])
        del self._data[:end]
        message = loads(frame[start : start + head_size])
        offsets = list(itertools.accumulate(sizes, initial=start + head_size))
        return message, [frame[a:b] for a, b in itertools.pairwise(offsets)]


def loads(line: bytes) -> dict:
    """Parse one message line; refuse anything that is not a JSON object."""
    if len(line) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(line)} bytes, at most {MAX_MESSAGE_BYTES} allowed")
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"not a JSON line: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"expected a JSON object, got {type(message).__name__}")
    return message


def decode(
    data: object,
    depth: int = 0,
    functions: dict | None = None,
    callbacks=None,
    buffers: list[bytes] | None = None,
) -> object:
    """Rebuild a value from :func:`encode`'s output, accepting nothing else.

    ``functions`` maps course function names to callables (on the worker side); without it a
    function reference decodes to :class:`CourseFunction`. ``callbacks`` turns the number of a
    function held by a trusted call's child into a callable; without it such a value is refused.
    ``buffers`` are a frame's raw buffers, which its arrays name by number.
    """
    if depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    if data is None or type(data) in (bool, int, str, float):
        return data
    if type(data) is list:
        return [decode(item, depth + 1, functions, callbacks, buffers) for item in data]
    if type(data) is not dict:
        raise ProtocolError(f"unexpected {type(data).__name__} in a message")
    tag = data.get("$")
    if tag in ("tuple", "dict"):
        return _decode_container(data, tag, depth, functions, callbacks, buffers)
    if tag in ("callback", "rng", "fn"):
        return _decode_function(data, tag, functions, callbacks)
    if tag == "float":
        if data.get("v") not in ("nan", "inf", "-inf"):
            raise ProtocolError(f"bad float {data.get('v')!r}")
        return float(data["v"])
    if tag == "scalar":
        value = data.get("v")
        if type(value) is dict:
            value = decode(value, depth + 1)
        if type(value) not in (bool, int, float):
            raise ProtocolError("numpy scalar without a number")
        return _dtype(data).type(value)
    if tag == "array":
        return _decode_array(data, buffers)
    if tag == "generator":
        return _decode_generator(data.get("state"))
    if tag == "unsupported":
        return Unsupported(
            shorten(str(data.get("type", "?")), 80, "..."),
            shorten(str(data.get("text", "")), 200, "..."),
        )
    raise ProtocolError(f"unknown tag {tag!r}")


def _decode_container(
    data: dict, tag: str, depth: int, functions: dict | None, callbacks, buffers
) -> tuple | dict:
    """A tuple, or a dict whose keys are plain values."""
    if tag == "tuple":
        return tuple(
            decode(item, depth + 1, functions, callbacks, buffers) for item in _list(data, "items")
        )
    result = {}
    for pair in _list(data, "items"):
        if type(pair) is not list or len(pair) != 2:
            raise ProtocolError("dict items must be [key, value] pairs")
        key = decode(pair[0], depth + 1, functions, callbacks)
        if type(key) not in (str, int, float, bool) and key is not None:
            raise ProtocolError(f"dict key of type {type(key).__name__}")
        result[key] = decode(pair[1], depth + 1, functions, callbacks, buffers)
    return result


def _decode_function(data: dict, tag: str, functions: dict | None, callbacks) -> object:
    """A function held by a trusted call's child, a seeded generator, or a course function."""
    if tag == "callback":
        if callbacks is None or type(data.get("id")) is not int:
            raise ProtocolError("a function handed back where none is expected")
        return callbacks(data["id"])
    if tag == "rng":
        seed = data.get("seed")
        if type(seed) is not int:
            raise ProtocolError("rng seed must be an int")
        return np.random.default_rng(seed) if functions is not None else Rng(seed)
    name = data.get("name")
    if type(name) is not str:
        raise ProtocolError("function reference without a name")
    if functions is None:
        return CourseFunction(name)
    if name not in functions:
        raise ProtocolError(f"unknown course function {name!r}")
    return functions[name]


def encode_call(args: tuple | list, kwargs: dict, buffers: list[bytes] | None = None) -> dict:
    """A call's arguments as the ``args`` and ``kwargs`` of a message."""
    return {
        "args": encode(tuple(args), buffers=buffers)["items"],
        "kwargs": encode(dict(kwargs), buffers=buffers),
    }


def decode_call(
    message: dict, functions: dict | None = None, callbacks=None, buffers=None
) -> tuple:
    """The ``(args, kwargs)`` of a message made with :func:`encode_call`."""
    args = decode(
        message.get("args", []), functions=functions, callbacks=callbacks, buffers=buffers
    )
    kwargs = decode(
        message.get("kwargs", {"$": "dict", "items": []}),
        functions=functions,
        callbacks=callbacks,
        buffers=buffers,
    )
    return args, kwargs


def generator_state(generator: np.random.Generator) -> dict:
    """The state of a PCG64 generator as plain JSON data."""
    state = generator.bit_generator.state
    return {
        "state": int(state["state"]["state"]),
        "inc": int(state["state"]["inc"]),
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }


def set_generator_state(generator: np.random.Generator, state: object) -> None:
    """Put ``generator`` (a PCG64 one) in ``state``, as :func:`generator_state` gave it."""
    if type(state) is not dict or not all(
        type(state.get(k)) is int for k in ("state", "inc", "has_uint32", "uinteger")
    ):
        raise ProtocolError("a generator state needs the integers state, inc, has_uint32, uinteger")
    generator.bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {"state": state["state"], "inc": state["inc"]},
        "has_uint32": state["has_uint32"],
        "uinteger": state["uinteger"],
    }


def generators_in(value: object, depth: int = 0) -> list[np.random.Generator]:
    """The generators inside ``value`` (lists, tuples and dict values), in a fixed order."""
    if depth > MAX_DEPTH:
        return []
    if isinstance(value, np.random.Generator):
        return [value]
    if type(value) in (list, tuple):
        return [g for item in value for g in generators_in(item, depth + 1)]
    if type(value) is dict:
        return [g for item in value.values() for g in generators_in(item, depth + 1)]
    return []


def _decode_generator(state: object) -> np.random.Generator:
    generator = np.random.Generator(np.random.PCG64())
    try:
        set_generator_state(generator, state)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ProtocolError(f"bad generator state: {exc}") from None
    return generator


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    if type(value) is not list:
        raise ProtocolError(f"{data.get('$')!r} needs a list under {key!r}")
    return value


def _dtype(data: dict) -> np.dtype:
    name = data.get("dtype")
    if type(name) is not str or name not in _BY_NAME:
        raise ProtocolError(f"dtype {name!r} is not a plain numeric dtype")
    return _BY_NAME[name]


def _decode_array(data: dict, buffers: list[bytes] | None = None) -> np.ndarray:
    dtype = _dtype(data)
    shape = _list(data, "shape")
    if not all(type(n) is int and n >= 0 for n in shape) or len(shape) > 32:
        raise ProtocolError(f"bad array shape {shape!r}")
    count = math.prod(shape)
    if count > MAX_ELEMENTS:
        raise ProtocolError(f"array of {count} elements, at most {MAX_ELEMENTS} allowed")
    number, raw = data.get("buffer"), data.get("data")
    if buffers is not None and type(number) is int and 0 <= number < len(buffers):
        buffer = buffers[number]
    elif type(raw) is str:
        buffer = base64.b64decode(raw.encode("ascii"), validate=True)
    else:
        raise ProtocolError("array without data")
    if len(buffer) != count * dtype.itemsize:
        raise ProtocolError(f"array data of {len(buffer)} bytes does not fit shape {shape} {dtype}")
    return np.frombuffer(buffer, dtype=dtype).reshape(shape).copy()


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=True)
        )
    if isinstance(a, dict):
        return (
            isinstance(b, dict) and a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
        )
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(map(_same_value, a, b))
    if isinstance(a, np.random.Generator) or callable(a):
        return True
    return a == b or (a != a and b != b)


def changed_arguments(function: object, before: tuple, after: tuple) -> list[str]:
    """The names of the arguments a call changed in place: ``before`` and ``after`` are
    ``(args, kwargs)`` copied before the call and as they are after it."""
    (args0, kwargs0), (args1, kwargs1) = before, after
    positions = [
        i for i, (a, b) in enumerate(zip(args0, args1, strict=False)) if not _same_value(a, b)
    ]
    names: list[str] = []
    if positions:  # the signature only to name what changed: most calls change nothing
        try:
            names = list(inspect.signature(function).parameters)
        except (TypeError, ValueError):
            pass
    changed = [names[i] if i < len(names) else f"argument {i + 1}" for i in positions]
    changed += [k for k in kwargs0 if not _same_value(kwargs0[k], kwargs1[k])]
    return changed
