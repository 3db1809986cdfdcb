"""The worker's messages: plain data survives the round trip, nothing else gets through."""

from __future__ import annotations

import base64
import json
import struct

import numpy as np
import pytest

from autograder.sandbox import protocol


def round_trip(value: object) -> object:
    return protocol.decode(protocol.loads(protocol.dumps({"v": protocol.encode(value)}))["v"])


@pytest.mark.parametrize(
    "value",
    [
        np.array(3.5),  # 0-d arrays keep their shape
        np.arange(6.0).reshape(2, 3).T,  # non-contiguous views
        np.arange(4, dtype=np.int32),
        np.array([True, False]),
        np.zeros((0, 3)),
        np.arange(3, dtype=">f8"),  # another byte order: the same numbers, in this machine's
    ],
)
def test_arrays_keep_shape_dtype_and_values(value):
    got = round_trip(value)
    assert type(got) is np.ndarray and got.shape == value.shape
    assert got.dtype == value.dtype.newbyteorder("=") and np.array_equal(got, value)


def test_plain_values_and_containers_round_trip():
    value = {"a": [1, 2.5, None, True, "x"], "b": (float("nan"), float("inf")), 3: np.float64(0.25)}
    got = round_trip(value)
    assert got["a"] == [1, 2.5, None, True, "x"] and type(got["b"]) is tuple
    assert np.isnan(got["b"][0]) and got["b"][1] == float("inf")
    assert type(got[3]) is np.float64 and got[3] == 0.25


def test_subclasses_and_custom_objects_never_come_back_as_themselves():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    class Anything:
        def __eq__(self, other):
            return True

    assert type(round_trip(np.zeros(2).view(Liar))) is np.ndarray
    placeholder = round_trip(Anything())
    assert isinstance(placeholder, protocol.Unsupported) and placeholder != placeholder
    assert isinstance(round_trip(np.array([object()])), protocol.Unsupported)


@pytest.mark.parametrize(
    "payload",
    [
        {"$": "pickle", "data": base64.b64encode(b"cos\nsystem\n").decode()},
        {"$": "array", "dtype": "object", "shape": [1], "data": ""},
        {
            "$": "array",
            "dtype": "float64",
            "shape": [3],
            "data": base64.b64encode(b"\0" * 8).decode(),
        },
        {"$": "array", "dtype": "float64", "shape": [10**9, 10**9], "data": ""},
        {"$": "float", "v": "__import__('os')"},
        {"$": "dict", "items": [[[1], 2]]},
        {"$": "scalar", "dtype": "float64", "v": "1e3"},
    ],
)
def test_anything_else_is_refused(payload):
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(payload)


def test_too_deep_and_not_json_are_refused():
    deep: object = 1
    for _ in range(protocol.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(json.loads(json.dumps(deep)))
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(b"\x80not json")


def frame_round_trip(value: object, chunk: int) -> object:
    """``value`` through a frame, fed to a reader ``chunk`` bytes at a time."""
    buffers: list[bytes] = []
    data = protocol.dump_frame({"v": protocol.encode(value, buffers=buffers)}, buffers)
    reader = protocol.FrameReader()
    frames = []
    for start in range(0, len(data), chunk):
        reader.feed(data[start : start + chunk])
        while (frame := reader.pop()) is not None:
            frames.append(frame)
    assert len(frames) == 1 and reader.pop() is None
    message, received = frames[0]
    assert "data" not in json.dumps(message)  # the arrays' bytes travel raw, not in base64
    return protocol.decode(message["v"], buffers=received)


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_frames_carry_arrays_raw_and_arrive_in_any_pieces(chunk):
    value = {"W": np.arange(6.0).reshape(2, 3).T, "b": (np.zeros(0), np.array(2, np.int64))}
    got = frame_round_trip(value, chunk)
    assert np.array_equal(got["W"], value["W"]) and got["W"].dtype == np.float64
    assert got["b"][0].shape == (0,) and got["b"][1].shape == () and got["b"][1] == 2


def _frame(head: bytes, sizes: list[int], body: bytes = b"") -> bytes:
    count = len(sizes)
    return protocol.FRAME_HEAD.pack(len(head), count) + struct.pack(f"<{count}Q", *sizes) + body


@pytest.mark.parametrize(
    "data",
    [
        _frame(b"{}", [protocol.MAX_MESSAGE_BYTES]),  # says more than the limit
        protocol.FRAME_HEAD.pack(2, protocol.MAX_BUFFERS + 1),  # too many buffers
        _frame(b"[1]", [], b"[1]"),  # a head that is not a JSON object
        _frame(b"\x80\x81", [], b"\x80\x81"),  # nor UTF-8
    ],
)
def test_frames_that_say_too_much_or_are_not_json_are_refused(data):
    reader = protocol.FrameReader()
    reader.feed(data)
    with pytest.raises(protocol.ProtocolError):
        reader.pop()


@pytest.mark.parametrize(
    ("array", "buffers"),
    [
        ({"$": "array", "dtype": "float64", "shape": [3], "buffer": 0}, [b"\0" * 8]),  # too short
        ({"$": "array", "dtype": "float64", "shape": [1], "buffer": 1}, [b"\0" * 8]),  # no such
        ({"$": "array", "dtype": "float64", "shape": [1], "buffer": -1}, [b"\0" * 8]),
        ({"$": "array", "dtype": "float64", "shape": [1], "buffer": True}, [b"\0" * 8]),
        ({"$": "array", "dtype": "float64", "shape": [1], "buffer": 0}, None),  # not a frame
    ],
)
def test_an_array_must_name_a_buffer_of_its_size(array, buffers):
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(array, buffers=buffers)
