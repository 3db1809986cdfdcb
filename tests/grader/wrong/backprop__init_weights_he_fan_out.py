"""He initialisation scaled by the number of outputs instead of inputs."""

MISTAKES = ("init-he-fan-out",)

import math


def init_weights(fan_in, fan_out, scheme, rng):
    table = {
        "glorot": math.sqrt(2 / (fan_in + fan_out)),
        "he": math.sqrt(2 / fan_out),
        "small": 0.01,
    }
    if scheme not in table:
        raise ValueError(f"unknown scheme {scheme!r}")
    return table[scheme] * rng.standard_normal((fan_in, fan_out))
