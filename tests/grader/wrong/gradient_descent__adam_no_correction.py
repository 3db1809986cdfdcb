"""Adam with the moment estimates used as they are, without bias correction."""

MISTAKES = ("adam-no-bias-correction",)

import numpy as np


def adam_step(params, grads, state, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if isinstance(params, dict):
        out, ms, vs = {}, {}, {}
        for key in params:
            sub = (
                None
                if state is None
                else {"t": state["t"], "m": state["m"][key], "v": state["v"][key]}
            )
            out[key], s = adam_step(params[key], grads[key], sub, learning_rate, beta1, beta2, eps)
            ms[key], vs[key] = s["m"], s["v"]
        return out, {"t": 1 if state is None else state["t"] + 1, "m": ms, "v": vs}
    t = 1 if state is None else state["t"] + 1
    g = np.asarray(grads, dtype=np.float64)
    m = (1 - beta1) * g + (0.0 if state is None else beta1 * np.asarray(state["m"]))
    v = (1 - beta2) * g * g + (0.0 if state is None else beta2 * np.asarray(state["v"]))
    p = np.asarray(params, dtype=np.float64) - learning_rate * m / (np.sqrt(v) + eps)
    if np.ndim(p) == 0:
        return float(p), {"t": t, "m": float(m), "v": float(v)}
    return p, {"t": t, "m": m, "v": v}
