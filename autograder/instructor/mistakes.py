"""The catalogue of named mistakes: small wrong variants of the reference solutions.

Every entry is one mistake students make in one contract function: a short ``name``, the
``misconception`` as the student reads it (a sentence ending in a colon), a ``hint`` that points
the way without giving the answer (a question), and how to make it from the reference solution:
``replace``, one or more ``(old, new)`` text patches applied in order inside that function's
solution region of ``solutions/<topic>.py`` (or inside the module-level region of a private
``helper``). A patch whose ``old`` text is not found exactly once fails loudly, so an edit of the
solutions can never silently switch a mistake off.

``PROBES`` holds, for every exercise with catalogued mistakes, the calls on which the mistakes
are told apart (see :mod:`autograder.diagnosis`). Random probe inputs come from fixed seeds and
are rounded to three decimals, so the stored probes stay short and readable.

``autograder mutation`` grades every mistake with the full test suite (each must lose points
and be named in the feedback) and writes the fingerprints to ``autograder/diagnosis.json``.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from autograder.sandbox.protocol import CourseFunction, Rng

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

    def apply(self, source: str, filename: str = "<source>") -> str:
        """Return ``source`` (a solutions module) with this mistake patched in.

        Raises
        ------
        PatchError
            When the region cannot be found, or an ``old`` text is not in it exactly once.
        """
        lines = source.splitlines(keepends=True)
        begin, end = _region(source, self.helper or self.function, filename, self.name)
        body = "".join(lines[begin:end])
        for old, new in self.replace:
            count = body.count(old)
            if count != 1:
                where = f"the solution region of {self.helper or self.function}() in {filename}"
                raise PatchError(
                    f"mistake {self.name!r}: expected the text {old!r} exactly once in {where}, "
                    f"found it {count} times (update the catalogue to the current solution)"
                )
            body = body.replace(old, new)
        patched = "".join(lines[:begin]) + body + "".join(lines[end:])
        try:
            compile(patched, filename, "exec")
        except SyntaxError as exc:
            raise PatchError(f"mistake {self.name!r} makes {filename} invalid: {exc}") from None
        return patched


def _region(source: str, function: str, filename: str, mistake: str) -> tuple[int, int]:
    """0-based line range ``[begin, end)`` of the code inside ``function``'s solution region."""
    nodes = [
        node
        for node in ast.parse(source, filename).body
        if isinstance(node, ast.FunctionDef) and node.name == function
    ]
    if len(nodes) != 1:
        raise PatchError(
            f"mistake {mistake!r}: {filename} defines {len(nodes)} functions {function}()"
        )
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
            f"mistake {mistake!r}: expected one solution region for {function}() in {filename}, "
            f"found {len(regions)}"
        )
    return regions[0].begin, regions[0].end - 1


# --- the catalogue ---------------------------------------------------------------------------
MISTAKES: tuple[Mistake, ...] = (
    # === activations ===
    Mistake(
        "sigmoid-sign-flipped",
        "activations.sigmoid",
        "Your sigmoid is mirrored: it returns sigmoid(-z), near 1 for negative z and near 0 for "
        "positive z:",
        "which sign does z carry inside the exponential of 1 / (1 + exp(...))?",
        ("np.where(z >= 0, 1.0, e) / (1.0 + e)", "np.where(z >= 0, e, 1.0) / (1.0 + e)"),
    ),
    Mistake(
        "sigmoid-overflow-nan",
        "activations.sigmoid",
        "Your sigmoid returns nan for large positive z: exp(z) overflows to inf, and inf / inf is "
        "not a number:",
        "which of the two equal forms of the sigmoid never takes exp of a large positive number "
        "for z > 0?",
        (
            "e = np.exp(-np.abs(z))\n    return np.where(z >= 0, 1.0, e) / (1.0 + e)",
            "e = np.exp(z)\n    return e / (1.0 + e)",
        ),
    ),
    Mistake(
        "sigmoid-prime-one-minus-z",
        "activations.sigmoid_prime",
        "Your derivative mixes z with sigmoid(z) in its second factor:",
        "is each factor of the product written with the same quantity?",
        ("return s * (1.0 - s)", "return s * (1.0 - z)"),
    ),
    Mistake(
        "sigmoid-prime-takes-activation",
        "activations.sigmoid_prime",
        "Your derivative treats its input as if it were the sigmoid's output a, but it receives "
        "the pre-activation z:",
        "what has to happen to z before a formula in terms of a applies?",
        ("s = sigmoid(z)\n    return s * (1.0 - s)", "return z * (1.0 - z)"),
    ),
    Mistake(
        "tanh-overflow-nan",
        "activations.tanh",
        "Your tanh returns nan for large |z|: exp(z) or exp(-z) overflows to inf, and inf / inf is "
        "not a number:",
        "is there a numpy function, or a rewriting of the formula, that never exponentiates a "
        "large number?",
        (
            "return np.tanh(np.asarray(z, dtype=np.float64))",
            "z = np.asarray(z, dtype=np.float64)\n"
            "    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))",
        ),
    ),
    Mistake(
        "tanh-half-argument",
        "activations.tanh",
        "Your tanh is stretched along z by a factor of 2: it equals tanh(z / 2):",
        "if you built tanh from the sigmoid, what is the sigmoid's argument in that identity?",
        ("return np.tanh(np.asarray(z, dtype=np.float64))", "return 2.0 * sigmoid(z) - 1.0"),
    ),
    Mistake(
        "tanh-prime-no-square",
        "activations.tanh_prime",
        "Your tanh derivative is not symmetric in z (tanh'(-z) should equal tanh'(z)) and goes "
        "above 1:",
        "how does your result compare with a central difference of tanh at z = 1 and z = -1?",
        ("1.0 - tanh(z) ** 2", "1.0 - tanh(z)"),
    ),
    Mistake(
        "tanh-prime-takes-activation",
        "activations.tanh_prime",
        "Your derivative treats its input as if it were tanh's output a, but it receives the "
        "pre-activation z:",
        "what has to happen to z before a formula in terms of a applies?",
        ("1.0 - tanh(z) ** 2", "1.0 - np.asarray(z, dtype=np.float64) ** 2"),
    ),
    Mistake(
        "relu-max-not-maximum",
        "activations.relu",
        "Your relu reduces the array to its largest values along an axis instead of comparing "
        "each element with 0:",
        "np.max reduces an array; which numpy function compares two arrays element by element?",
        (
            "np.maximum(np.asarray(z, dtype=np.float64), 0.0)",
            "np.max(np.asarray(z, dtype=np.float64), 0)",
        ),
    ),
    Mistake(
        "relu-in-place",
        "activations.relu",
        "Your relu changes the caller's array: it zeroes the negative entries of z in place:",
        "does your code write into z (z[...] = ...) instead of building a new array?",
        (
            "return np.maximum(np.asarray(z, dtype=np.float64), 0.0)",
            "z = np.asarray(z, dtype=np.float64)\n    z[z < 0] = 0.0\n    return z",
        ),
    ),
    Mistake(
        "relu-prime-one-at-zero",
        "activations.relu_prime",
        "Your relu derivative is 1 at z = 0, where the course's convention is 0:",
        "which comparison decides the value exactly at z = 0?",
        ("(np.asarray(z) > 0)", "(np.asarray(z) >= 0)"),
    ),
    Mistake(
        "leaky-relu-slope-wrong-side",
        "activations.leaky_relu",
        "Your leaky relu scales the positive inputs by alpha and passes the negative ones "
        "unchanged:",
        "on which side of 0 does the small slope alpha belong?",
        ("np.where(z > 0, z, alpha * z)", "np.where(z > 0, alpha * z, z)"),
    ),
    Mistake(
        "leaky-relu-ignores-alpha",
        "activations.leaky_relu",
        "Your leaky relu ignores its alpha argument and always uses the slope 0.01:",
        "is alpha used wherever the slope appears?",
        ("np.where(z > 0, z, alpha * z)", "np.where(z > 0, z, 0.01 * z)"),
    ),
    Mistake(
        "leaky-relu-prime-slope-wrong-side",
        "activations.leaky_relu_prime",
        "Your leaky relu derivative is alpha for positive z and 1 for negative z:",
        "on which side of 0 is the leaky relu's slope small?",
        ("np.where(z > 0, 1.0, alpha)", "np.where(z > 0, alpha, 1.0)"),
    ),
    Mistake(
        "leaky-relu-prime-one-at-zero",
        "activations.leaky_relu_prime",
        "Your leaky relu derivative is 1 at z = 0, where the course's convention is alpha:",
        "which comparison decides the value exactly at z = 0?",
        ("np.where(z > 0, 1.0, alpha)", "np.where(z >= 0, 1.0, alpha)"),
    ),
    Mistake(
        "softmax-no-max-shift",
        "activations.softmax",
        "Your softmax returns nan for large scores: exp(1000) overflows to inf:",
        "softmax does not change when one constant is subtracted from every score of a row; "
        "which constant keeps every exponent <= 0?",
        ("e = np.exp(z - np.max(z, axis=axis, keepdims=True))", "e = np.exp(z)"),
    ),
    Mistake(
        "softmax-adds-max",
        "activations.softmax",
        "Your softmax overflows for scores in the hundreds: its shift makes the exponents larger, "
        "not smaller:",
        "after your shift, is the largest exponent of every row 0?",
        ("z - np.max(z, axis=axis, keepdims=True)", "z + np.max(z, axis=axis, keepdims=True)"),
    ),
    Mistake(
        "softmax-min-max-scaling",
        "activations.softmax",
        "Your softmax rescales the scores before the exponential, which changes the probabilities:",
        "softmax is unchanged by shifting the scores; is it unchanged by scaling them?",
        (
            "e = np.exp(z - np.max(z, axis=axis, keepdims=True))",
            "low = np.min(z, axis=axis, keepdims=True)\n"
            "    high = np.max(z, axis=axis, keepdims=True)\n"
            "    e = np.exp((z - low) / (high - low))",
        ),
    ),
    Mistake(
        "softmax-global-max",
        "activations.softmax",
        "Your softmax subtracts one maximum of the whole array, so a row whose scores lie far "
        "below it underflows to 0 / 0:",
        "should every row be shifted by the same constant, or by its own?",
        ("np.max(z, axis=axis, keepdims=True)", "np.max(z)"),
    ),
    Mistake(
        "softmax-wrong-axis",
        "activations.softmax",
        "Your softmax normalises along axis 0 whatever `axis` says, so the columns sum to 1 "
        "instead of the rows:",
        "which axis holds the classes, and is the axis argument used?",
        (
            ("np.max(z, axis=axis, keepdims=True)", "np.max(z, axis=0, keepdims=True)"),
            ("np.sum(e, axis=axis, keepdims=True)", "np.sum(e, axis=0, keepdims=True)"),
        ),
    ),
    Mistake(
        "softmax-no-keepdims",
        "activations.softmax",
        "Your softmax divides by sums that broadcast along the wrong axis: without keepdims the "
        "row sums of an (n, k) array line up with its columns:",
        "what shape does your sum have, and how does it broadcast against the exponentials?",
        ("np.sum(e, axis=axis, keepdims=True)", "np.sum(e, axis=axis)"),
    ),
    Mistake(
        "softmax-in-place-shift",
        "activations.softmax",
        "Your softmax changes the caller's array: the shift z -= max writes into the scores it "
        "was given:",
        "does your shift build a new array, or modify the one passed in?",
        (
            "e = np.exp(z - np.max(z, axis=axis, keepdims=True))",
            "z -= np.max(z, axis=axis, keepdims=True)\n    e = np.exp(z)",
        ),
    ),
    # === costs ===
    Mistake(
        "mse-extra-half",
        "costs.mse",
        "Your mean squared error is exactly half the expected value:",
        "is there a 1/2 in the mean squared error, or only in the backpropagation error E?",
        ("float(np.mean(diff**2))", "float(0.5 * np.mean(diff**2))"),
    ),
    Mistake(
        "mse-sum-not-mean",
        "costs.mse",
        "Your mean squared error is N times too large (N elements): it sums instead of averaging:",
        "what does the 'mean' in mean squared error divide by?",
        ("float(np.mean(diff**2))", "float(np.sum(diff**2))"),
    ),
    Mistake(
        "mse-root",
        "costs.mse",
        "Your mean squared error is the square root of the expected value (the RMSE):",
        "is any root taken in the mean squared error?",
        ("float(np.mean(diff**2))", "float(np.sqrt(np.mean(diff**2)))"),
    ),
    Mistake(
        "mse-gradient-no-mean",
        "costs.mse_gradient",
        "Your gradient is N times too large (N elements): the 1/N of the mean is missing:",
        "what happens to the 1/N of the mean when you differentiate?",
        ("2.0 * diff / diff.size", "2.0 * diff"),
    ),
    Mistake(
        "mse-gradient-mean-twice",
        "costs.mse_gradient",
        "Your gradient is N times too small (N elements): the 1/N of the mean is applied twice:",
        "how many times does 1/N appear in the derivative of a mean?",
        ("2.0 * diff / diff.size", "2.0 * diff / diff.size**2"),
    ),
    Mistake(
        "mse-gradient-missing-2",
        "costs.mse_gradient",
        "Your gradient is exactly half the expected one:",
        "what does the exponent 2 of the square become when you differentiate?",
        ("2.0 * diff / diff.size", "diff / diff.size"),
    ),
    Mistake(
        "mse-gradient-sign",
        "costs.mse_gradient",
        "Your gradient has the opposite sign of the expected one:",
        "it is taken with respect to y_pred: does the cost grow or shrink when y_pred moves "
        "further past y_true?",
        ("2.0 * diff / diff.size", "-2.0 * diff / diff.size"),
    ),
    Mistake(
        "mse-gradient-mean-over-rows",
        "costs.mse_gradient",
        "Your gradient divides by the number of rows instead of the number of elements N:",
        "mse averages over every element; how many elements does an (n, k) array have?",
        ("2.0 * diff / diff.size", "2.0 * diff / len(diff)"),
    ),
    Mistake(
        "hse-missing-half",
        "costs.half_squared_error",
        "Your error is exactly twice the expected value:",
        "did you drop the 1/2 in E = 1/2 sum (target - output)^2?",
        ("float(0.5 * np.sum(diff**2))", "float(np.sum(diff**2))"),
    ),
    Mistake(
        "hse-mean-not-sum",
        "costs.half_squared_error",
        "Your error averages over the outputs, but E is a sum:",
        "does E = 1/2 sum (target - output)^2 divide by the number of outputs?",
        ("float(0.5 * np.sum(diff**2))", "float(0.5 * np.mean(diff**2))"),
    ),
    Mistake(
        "hse-gradient-sign",
        "costs.half_squared_error_gradient",
        "Your gradient has the opposite sign: it is target - output:",
        "when you differentiate (target - output)^2 with respect to output, what sign does the "
        "inner derivative bring?",
        (
            "np.asarray(output, dtype=np.float64) - np.asarray(target, dtype=np.float64)",
            "np.asarray(target, dtype=np.float64) - np.asarray(output, dtype=np.float64)",
        ),
    ),
    Mistake(
        "hse-gradient-doubled",
        "costs.half_squared_error_gradient",
        "Your gradient is exactly twice the expected one:",
        "what does the 1/2 in E = 1/2 (T - a)^2 do to the 2 of the derivative?",
        (
            "return np.asarray(output, dtype=np.float64) - np.asarray(target, dtype=np.float64)",
            "return 2.0 * (np.asarray(output, dtype=np.float64) - "
            "np.asarray(target, dtype=np.float64))",
        ),
    ),
    Mistake(
        "quadratic-cost-mean-over-all",
        "costs.quadratic_cost",
        "Your cost averages over all n * k numbers instead of over the n examples:",
        "the cost of one example is a sum over its outputs; what is then averaged?",
        ("float(np.mean(np.sum(diff**2, axis=1)))", "float(np.mean(diff**2))"),
    ),
    Mistake(
        "quadratic-cost-no-mean",
        "costs.quadratic_cost",
        "Your cost is n times too large (n examples): it sums over the examples instead of "
        "averaging:",
        "the cost is the average over the training data; what does that divide by?",
        ("float(np.mean(np.sum(diff**2, axis=1)))", "float(np.sum(diff**2))"),
    ),
    Mistake(
        "quadratic-cost-extra-half",
        "costs.quadratic_cost",
        "Your cost is exactly half the expected value:",
        "some texts write C = 1/(2n) sum ||y - a||^2; does this course's quadratic_cost have the "
        "1/2?",
        (
            "float(np.mean(np.sum(diff**2, axis=1)))",
            "float(0.5 * np.mean(np.sum(diff**2, axis=1)))",
        ),
    ),
    Mistake(
        "quadratic-cost-wrong-axis",
        "costs.quadratic_cost",
        "Your cost sums over the examples and averages over the outputs, the wrong way round:",
        "which axis holds the outputs of one example?",
        ("np.sum(diff**2, axis=1)", "np.sum(diff**2, axis=0)"),
    ),
    Mistake(
        "bce-missing-minus",
        "costs.binary_cross_entropy",
        "Your cross-entropy is negative: the log of a probability is never positive:",
        "which sign makes the cost positive?",
        (
            "np.mean(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))",
            "np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))",
        ),
    ),
    Mistake(
        "bce-no-clip",
        "costs.binary_cross_entropy",
        "Your cross-entropy is inf or nan when a probability is exactly 0 or 1: log(0) is -inf:",
        "what is the argument eps for?",
        (
            "p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)",
            "p = np.asarray(p, dtype=np.float64)",
        ),
    ),
    Mistake(
        "bce-only-positive-term",
        "costs.binary_cross_entropy",
        "Your cost ignores the examples of class 0: their term is missing:",
        "what does the cost add for an example with y = 0?",
        ("np.mean(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))", "np.mean(-(y * np.log(p)))"),
    ),
    Mistake(
        "bce-sum-not-mean",
        "costs.binary_cross_entropy",
        "Your cost is N times too large (N elements): it sums instead of averaging:",
        "is the cost a sum or a mean over the elements?",
        ("np.mean(-(y * np.log(p)", "np.sum(-(y * np.log(p)"),
    ),
    Mistake(
        "ce-missing-minus",
        "costs.cross_entropy",
        "Your cross-entropy is negative: the log of a probability is never positive:",
        "which sign makes the cost positive?",
        ("np.mean(-np.log(np.maximum(picked, eps)))", "np.mean(np.log(np.maximum(picked, eps)))"),
    ),
    Mistake(
        "ce-no-clip",
        "costs.cross_entropy",
        "Your cross-entropy is inf when the true class has probability 0: log(0) is -inf:",
        "what is the argument eps for?",
        ("np.mean(-np.log(np.maximum(picked, eps)))", "np.mean(-np.log(picked))"),
    ),
    Mistake(
        "ce-sum-not-mean",
        "costs.cross_entropy",
        "Your cost is n times too large (n examples): it sums over the rows instead of averaging:",
        "is the cost a sum or a mean over the examples?",
        ("np.mean(-np.log(np.maximum(picked, eps)))", "np.sum(-np.log(np.maximum(picked, eps)))"),
    ),
    Mistake(
        "ce-picks-columns",
        "costs.cross_entropy",
        "Your cost averages -log p over an n x n block of probabilities: probs[:, labels] picks "
        "whole columns, not one entry per row:",
        "how do you pick entry labels[i] of row i, for every i at once?",
        ("probs[np.arange(len(labels)), labels]", "probs[:, labels]"),
    ),
    Mistake(
        "sce-gradient-no-mean",
        "costs.softmax_cross_entropy_gradient",
        "Your gradient is n times too large (n examples): the 1/n of the mean is missing:",
        "the loss is a mean over the examples; what does that do to its gradient?",
        (
            "(probs - _onehot(labels, probs.shape[1])) / len(labels)",
            "probs - _onehot(labels, probs.shape[1])",
        ),
    ),
    Mistake(
        "sce-gradient-mean-over-all",
        "costs.softmax_cross_entropy_gradient",
        "Your gradient divides by n * k, the number of entries, instead of n, the number of "
        "examples:",
        "the loss is a mean over what?",
        ("/ len(labels)", "/ probs.size"),
    ),
    Mistake(
        "sce-gradient-sign",
        "costs.softmax_cross_entropy_gradient",
        "Your gradient has the opposite sign: it is onehot - softmax:",
        "does raising the score of the true class raise or lower the loss?",
        ("(probs - _onehot(labels, probs.shape[1]))", "(_onehot(labels, probs.shape[1]) - probs)"),
    ),
    Mistake(
        "sce-gradient-softmax-axis-0",
        "costs.softmax_cross_entropy_gradient",
        "Your gradient uses probabilities normalised over the examples (axis 0) instead of over "
        "the classes:",
        "along which axis should each example's probabilities sum to 1?",
        ("softmax(logits, axis=1)", "softmax(logits, axis=0)"),
    ),
    # === gradient_descent ===
    Mistake(
        "step-sign",
        "gradient_descent.gradient_step",
        "Your step moves uphill: it adds the gradient instead of going against it:",
        "which way does the gradient point, and which way should a descent step go?",
        (
            ("params - learning_rate * grads", "params + learning_rate * grads"),
            (
                "np.asarray(params, dtype=np.float64) - learning_rate",
                "np.asarray(params, dtype=np.float64) + learning_rate",
            ),
        ),
    ),
    Mistake(
        "step-in-place",
        "gradient_descent.gradient_step",
        "Your step changes the caller's parameters: it updates the arrays in place (-=):",
        "does your update build new arrays, or write into the ones passed in?",
        (
            (
                "return np.asarray(params, dtype=np.float64) - learning_rate * np.asarray(",
                "params = np.asarray(params, dtype=np.float64)\n"
                "    params -= learning_rate * np.asarray(",
            ),
            (
                "grads, dtype=np.float64\n    )\n",
                "grads, dtype=np.float64\n    )\n    return params\n",
            ),
        ),
    ),
    Mistake(
        "line-cost-sum",
        "gradient_descent.line_cost",
        "Your cost is n times too large (n points): it sums the squared residuals instead of "
        "averaging them:",
        "is the cost a sum or a mean over the points?",
        ("np.mean((z - w * x) ** 2)", "np.sum((z - w * x) ** 2)"),
    ),
    Mistake(
        "line-cost-square-of-mean",
        "gradient_descent.line_cost",
        "Your cost squares the mean residual instead of averaging the squared residuals, so "
        "errors of opposite sign cancel:",
        "what comes first: squaring each residual, or averaging?",
        ("np.mean((z - w * x) ** 2)", "np.mean(z - w * x) ** 2"),
    ),
    Mistake(
        "line-gradient-sign",
        "gradient_descent.line_gradient",
        "Your slope gradient has the opposite sign:",
        "what does the inner derivative of z - w x with respect to w contribute?",
        ("-2.0 * np.mean(x * (z - w * x))", "2.0 * np.mean(x * (z - w * x))"),
    ),
    Mistake(
        "line-gradient-missing-2",
        "gradient_descent.line_gradient",
        "Your slope gradient is exactly half the expected one:",
        "what does the exponent 2 of the square become when you differentiate?",
        ("-2.0 * np.mean(x * (z - w * x))", "-np.mean(x * (z - w * x))"),
    ),
    Mistake(
        "line-gradient-missing-x",
        "gradient_descent.line_gradient",
        "Your slope gradient leaves out a factor of the chain rule: it averages the residuals "
        "alone:",
        "what is the derivative of z - w x with respect to w?",
        ("np.mean(x * (z - w * x))", "np.mean(z - w * x)"),
    ),
    Mistake(
        "line-gradient-sum",
        "gradient_descent.line_gradient",
        "Your slope gradient is n times too large (n points): it sums instead of averaging:",
        "the cost is a mean; what happens to the 1/n when you differentiate?",
        ("np.mean(x * (z - w * x))", "np.sum(x * (z - w * x))"),
    ),
    Mistake(
        "fit-line-final-only",
        "gradient_descent.fit_line",
        "Your fit_line returns only the final slope; the whole trajectory is asked for, w0 first:",
        "what shape does the docstring give for the returned array?",
        ("return ws", "return ws[-1]"),
    ),
    Mistake(
        "fit-line-drops-w0",
        "gradient_descent.fit_line",
        "Your trajectory is one entry short: the starting slope w0 is missing:",
        "does the trajectory start before or after the first step?",
        ("return ws", "return ws[1:]"),
    ),
    Mistake(
        "fit-line-ignores-w0",
        "gradient_descent.fit_line",
        "Your descent always starts from the slope 0, whatever w0 says:",
        "where does the argument w0 enter your loop?",
        ("ws[0] = w0", "ws[0] = 0.0"),
    ),
    Mistake(
        "gd-one-step-short",
        "gradient_descent.gradient_descent",
        "Your descent takes one step too few: n_steps - 1 steps, n_steps rows:",
        "with x0 first, how many rows do n_steps steps produce?",
        (
            ("np.empty((n_steps + 1, x.size))", "np.empty((n_steps, x.size))"),
            ("range(n_steps)", "range(n_steps - 1)"),
        ),
    ),
    Mistake(
        "gd-drops-x0",
        "gradient_descent.gradient_descent",
        "Your trajectory is missing its first row, the starting point x0:",
        "does the trajectory start before or after the first step?",
        ("return trajectory", "return trajectory[1:]"),
    ),
    Mistake(
        "gd-stale-gradient",
        "gradient_descent.gradient_descent",
        "Every one of your steps uses the gradient at the starting point:",
        "where should the gradient be evaluated at each step?",
        ("grad_fn(x)", "grad_fn(x0)"),
    ),
    Mistake(
        "gd-aliased-rows",
        "gradient_descent.gradient_descent",
        "Every row of your trajectory holds the final point: one array is updated in place and "
        "stored again and again:",
        "does each stored row get an array of its own?",
        (
            "trajectory = np.empty((n_steps + 1, x.size))\n"
            "    trajectory[0] = x\n"
            "    for k in range(n_steps):\n"
            "        x = x - learning_rate * np.asarray(grad_fn(x), dtype=np.float64)\n"
            "        trajectory[k + 1] = x\n"
            "    return trajectory",
            "trajectory = [x]\n"
            "    for _ in range(n_steps):\n"
            "        x -= learning_rate * np.asarray(grad_fn(x), dtype=np.float64)\n"
            "        trajectory.append(x)\n"
            "    return np.array(trajectory)",
        ),
    ),
    Mistake(
        "regime-zero-factor",
        "gradient_descent.learning_rate_regime",
        "Your answer is wrong exactly at learning_rate * curvature = 1, where one step lands on "
        "the minimum:",
        "which regime includes the factor 1 - learning_rate * curvature = 0?",
        ("if 0.0 <= factor < 1.0:", "if 0.0 < factor < 1.0:"),
    ),
    Mistake(
        "regime-minus-one",
        "gradient_descent.learning_rate_regime",
        "Your answer is wrong exactly at learning_rate * curvature = 2, where the distance to the "
        "minimum keeps its size forever:",
        "does a factor of exactly -1 bring x any closer to the minimum?",
        ("-1.0 < factor < 0.0", "-1.0 <= factor < 0.0"),
    ),
    Mistake(
        "regime-no-validation",
        "gradient_descent.learning_rate_regime",
        "Your function answers for a curvature or learning rate <= 0 instead of raising "
        "ValueError:",
        "what does the docstring say must happen for a non-positive argument?",
        (("if curvature <= 0:", "if False:"), ("if learning_rate <= 0:", "if False:")),
    ),
    Mistake(
        "restarts-keeps-last",
        "gradient_descent.best_of_restarts",
        "Your function returns the end of the last run, not the best one:",
        "where do you compare the end points?",
        ("if f_end < f_best:", "if True:"),
    ),
    Mistake(
        "restarts-keeps-highest",
        "gradient_descent.best_of_restarts",
        "Your function keeps the end point with the highest cost:",
        "which way does your comparison go, and what does the best so far start from?",
        (
            ("x_best, f_best = None, np.inf", "x_best, f_best = None, -np.inf"),
            ("if f_end < f_best:", "if f_end > f_best:"),
        ),
    ),
    Mistake(
        "restarts-judges-starts",
        "gradient_descent.best_of_restarts",
        "Your function compares the costs at the starting points, not at the end points of the "
        "runs:",
        "at which point of each run is the cost measured?",
        (
            "f_end = float(np.squeeze(f(x_end)))",
            "f_end = float(np.squeeze(f(np.atleast_1d(np.asarray(start, dtype=np.float64)))))",
        ),
    ),
    Mistake(
        "minibatches-no-shuffle",
        "gradient_descent.minibatches",
        "Your minibatches are not shuffled: every epoch sees the rows in the same order:",
        "what should the rng decide?",
        ("order = rng.permutation(n)", "order = np.arange(n)"),
    ),
    Mistake(
        "minibatches-drop-last",
        "gradient_descent.minibatches",
        "Your minibatches leave out the last, smaller batch, so some rows are never visited:",
        "when batch_size does not divide n, where do the remaining rows go?",
        ("range(0, n, batch_size)", "range(0, n - batch_size + 1, batch_size)"),
    ),
    Mistake(
        "minibatches-with-replacement",
        "gradient_descent.minibatches",
        "Your minibatches draw rows with replacement: some rows come twice, others never:",
        "in one epoch, how often should every row be visited?",
        ("order = rng.permutation(n)", "order = rng.integers(0, max(n, 1), n)"),
    ),
    Mistake(
        "momentum-plain-step",
        "gradient_descent.momentum_step",
        "Your step moves the params by the gradient, not by the velocity, so momentum changes "
        "nothing:",
        "which of the two updated quantities moves the params?",
        (
            "params = np.asarray(params, dtype=np.float64) - learning_rate * velocity",
            "params = np.asarray(params, dtype=np.float64) - learning_rate * np.asarray(grads)",
        ),
    ),
    Mistake(
        "momentum-averaged-velocity",
        "gradient_descent.momentum_step",
        "Your velocity adds (1 - beta) times the gradient; the course's velocity adds the whole "
        "gradient:",
        "what does the docstring add to beta * velocity?",
        (
            "velocity = beta * previous + np.asarray(grads, dtype=np.float64)",
            "velocity = beta * previous + (1 - beta) * np.asarray(grads, dtype=np.float64)",
        ),
    ),
    Mistake(
        "momentum-returns-gradient",
        "gradient_descent.momentum_step",
        "Your momentum_step returns the gradient as the new velocity, so the velocity never "
        "builds up:",
        "which velocity should the next step start from?",
        ("    return params, velocity", "    return params, np.asarray(grads, dtype=np.float64)"),
    ),
    Mistake(
        "adam-no-bias-correction",
        "gradient_descent.adam_step",
        "Your Adam leaves out the bias correction, so its early steps have the wrong size:",
        "both moments start at 0: what does Algorithm 1 divide them by?",
        (
            ("m_hat = m / (1.0 - beta1**t)", "m_hat = m"),
            ("v_hat = v / (1.0 - beta2**t)", "v_hat = v"),
        ),
    ),
    Mistake(
        "adam-eps-inside-sqrt",
        "gradient_descent.adam_step",
        "Your Adam adds eps under the square root; Algorithm 1 adds it after:",
        "where exactly does eps go in the denominator?",
        ("(np.sqrt(v_hat) + eps)", "np.sqrt(v_hat + eps)"),
    ),
    Mistake(
        "adam-step-count-stuck",
        "gradient_descent.adam_step",
        "Your step count does not grow, so every step uses the bias correction of the first one:",
        "what should t be after the state of step t - 1?",
        (
            '    t = 1 if state is None else int(state["t"]) + 1\n    m, v =',
            '    t = 1 if state is None else int(state["t"])\n    m, v =',
        ),
    ),
    Mistake(
        "adam-abs-gradient",
        "gradient_descent.adam_step",
        "Your second moment averages |g| instead of the squared gradient:",
        "which power of the gradient does the second moment estimate?",
        ("(1.0 - beta2) * g**2", "(1.0 - beta2) * np.abs(g)"),
    ),
    # === layers ===
    Mistake(
        "linear-forward-no-bias",
        "layers.linear_forward",
        "Your linear node leaves out the bias:",
        "what is added to the matrix product?",
        ("return X @ W + b, (X, W, b)", "return X @ W, (X, W, b)"),
    ),
    Mistake(
        "linear-forward-cache-order",
        "layers.linear_forward",
        "Your cache holds the right arrays in the wrong order:",
        "in which order does the docstring ask for the cached inputs?",
        ("return X @ W + b, (X, W, b)", "return X @ W + b, (W, X, b)"),
    ),
    Mistake(
        "linear-backward-db-wrong-axis",
        "layers.linear_backward",
        "Your bias gradient is summed over the wrong axis: it has one entry per example instead "
        "of one per unit:",
        "a bias is shared by every example; over which axis do its contributions add up?",
        ("np.sum(dZ, axis=0)", "np.sum(dZ, axis=1)"),
    ),
    Mistake(
        "linear-backward-db-mean",
        "layers.linear_backward",
        "Your bias gradient averages over the examples, so it is n times too small:",
        "does the loss that dZ comes from already include its mean over the examples?",
        ("np.sum(dZ, axis=0)", "np.mean(dZ, axis=0)"),
    ),
    Mistake(
        "linear-backward-dw-transposed",
        "layers.linear_backward",
        "Your weight gradient has the shape of W transposed, (h, d) instead of (d, h):",
        "which factor must be transposed so that dW has the shape of W?",
        ("X.T @ dZ", "dZ.T @ X"),
    ),
    Mistake(
        "sigmoid-forward-caches-output",
        "layers.sigmoid_forward",
        "Your cache holds the output A; the contract caches the input Z:",
        "what does the docstring say the cache holds?",
        ("return sigmoid(Z), Z", "A = sigmoid(Z)\n    return A, A"),
    ),
    Mistake(
        "sigmoid-backward-no-upstream",
        "layers.sigmoid_backward",
        "Your backward returns the node's local gradient alone; the upstream gradient dA is "
        "left out:",
        "the chain rule multiplies the local gradient by what?",
        ("np.asarray(dA, dtype=np.float64) * sigmoid_prime(cache)", "sigmoid_prime(cache)"),
    ),
    Mistake(
        "sigmoid-backward-function-not-derivative",
        "layers.sigmoid_backward",
        "Your backward multiplies dA by the sigmoid itself instead of by its derivative:",
        "how much does A move when Z moves a little?",
        ("sigmoid_prime(cache)", "sigmoid(cache)"),
    ),
    Mistake(
        "sigmoid-backward-cache-as-output",
        "layers.sigmoid_backward",
        "Your backward treats the cached Z as if it were the sigmoid's output A:",
        "what does the cache hold, and what does your sigmoid_prime take?",
        ("sigmoid_prime(cache)", "cache * (1.0 - cache)"),
    ),
    Mistake(
        "tanh-forward-caches-output",
        "layers.tanh_forward",
        "Your cache holds the output A; the contract caches the input Z:",
        "what does the docstring say the cache holds?",
        ("return tanh(Z), Z", "A = tanh(Z)\n    return A, A"),
    ),
    Mistake(
        "tanh-backward-no-upstream",
        "layers.tanh_backward",
        "Your backward returns the node's local gradient alone; the upstream gradient dA is "
        "left out:",
        "the chain rule multiplies the local gradient by what?",
        ("np.asarray(dA, dtype=np.float64) * tanh_prime(cache)", "tanh_prime(cache)"),
    ),
    Mistake(
        "tanh-backward-cache-as-output",
        "layers.tanh_backward",
        "Your backward treats the cached Z as if it were tanh's output A:",
        "what does the cache hold, and what does your tanh_prime take?",
        ("tanh_prime(cache)", "(1.0 - cache**2)"),
    ),
    Mistake(
        "relu-forward-caches-output",
        "layers.relu_forward",
        "Your cache holds the output A; the contract caches the input Z:",
        "what does the docstring say the cache holds?",
        ("return relu(Z), Z", "A = relu(Z)\n    return A, A"),
    ),
    Mistake(
        "relu-backward-passes-everything",
        "layers.relu_backward",
        "Your backward passes dA through unchanged, also where the ReLU was off:",
        "where Z < 0, does a small change of Z change A at all?",
        (
            "np.asarray(dA, dtype=np.float64) * relu_prime(cache)",
            "np.asarray(dA, dtype=np.float64)",
        ),
    ),
    Mistake(
        "relu-backward-one-at-zero",
        "layers.relu_backward",
        "Your backward passes the gradient at Z = 0 exactly; the course's convention passes none "
        "there:",
        "which convention does relu_prime use at 0?",
        ("relu_prime(cache)", "(np.asarray(cache) >= 0)"),
    ),
    Mistake(
        "relu-backward-times-output",
        "layers.relu_backward",
        "Your backward multiplies dA by the ReLU's output instead of by its local gradient:",
        "for Z > 0, how much does A move when Z moves by a small h?",
        ("relu_prime(cache)", "relu(cache)"),
    ),
    Mistake(
        "sce-forward-no-softmax",
        "layers.softmax_cross_entropy_forward",
        "Your loss takes the cross-entropy of the raw logits, not of their softmax probabilities:",
        "what turns logits into the probabilities that cross_entropy expects?",
        ("cross_entropy(labels, softmax(logits, axis=1))", "cross_entropy(labels, logits)"),
    ),
    Mistake(
        "sce-forward-sum",
        "layers.softmax_cross_entropy_forward",
        "Your loss is n times too large (n examples): it sums over the examples instead of "
        "averaging:",
        "is the loss a sum or a mean over the rows?",
        (
            "cross_entropy(labels, softmax(logits, axis=1))",
            "len(labels) * cross_entropy(labels, softmax(logits, axis=1))",
        ),
    ),
    Mistake(
        "sce-backward-sum",
        "layers.softmax_cross_entropy_backward",
        "Your gradient is n times too large (n examples): it is the gradient of the summed loss:",
        "the forward's loss is a mean over the rows; what does that do to its gradient?",
        (
            "return softmax_cross_entropy_gradient(labels, logits)",
            "return len(labels) * softmax_cross_entropy_gradient(labels, logits)",
        ),
    ),
    Mistake(
        "sce-backward-sign",
        "layers.softmax_cross_entropy_backward",
        "Your gradient has the opposite sign: it points the way the loss decreases:",
        "raising the true class's logit a little, does the loss go up or down?",
        (
            "return softmax_cross_entropy_gradient(labels, logits)",
            "return -softmax_cross_entropy_gradient(labels, logits)",
        ),
    ),
    Mistake(
        "sce-backward-probabilities",
        "layers.softmax_cross_entropy_backward",
        "Your gradient is the same whatever the labels are: the true class plays no part:",
        "how does the loss of a row depend on its true class's logit, beyond the softmax?",
        (
            "return softmax_cross_entropy_gradient(labels, logits)",
            "return softmax(logits, axis=1) / len(labels)",
        ),
    ),
    Mistake(
        "dropout-no-scale",
        "layers.dropout_forward",
        "Your dropout does not rescale the kept units, so the output's expected value shrinks "
        "by keep_prob:",
        "what makes inverted dropout need no rescaling at test time?",
        ("A * mask / keep_prob", "A * mask"),
    ),
    Mistake(
        "dropout-scale-multiplied",
        "layers.dropout_forward",
        "Your dropout multiplies the kept units by keep_prob instead of dividing by it:",
        "to keep the expected value, should a kept unit grow or shrink?",
        ("A * mask / keep_prob", "A * mask * keep_prob"),
    ),
    Mistake(
        "dropout-keeps-the-dropped",
        "layers.dropout_forward",
        "Your mask is reversed: a unit is kept with probability 1 - keep_prob:",
        "a unit is kept where its draw is below or above keep_prob?",
        ("rng.random(A.shape) < keep_prob", "rng.random(A.shape) >= keep_prob"),
    ),
    Mistake(
        "dropout-no-validation",
        "layers.dropout_forward",
        "Your dropout accepts a keep_prob outside (0, 1] instead of raising ValueError:",
        "what does the docstring say must happen for keep_prob <= 0 or > 1?",
        ("if not 0.0 < keep_prob <= 1.0:", "if False:"),
    ),
    Mistake(
        "dropout-backward-no-scale",
        "layers.dropout_backward",
        "Your backward leaves out the forward's scaling of the kept units:",
        "a kept output is the input times which constant?",
        ("* mask / keep_prob", "* mask"),
    ),
    Mistake(
        "dropout-backward-ignores-mask",
        "layers.dropout_backward",
        "Your backward passes gradient to the dropped units too:",
        "does a dropped unit's input have any effect on the output?",
        ("* mask / keep_prob", "/ keep_prob"),
    ),
    # === backprop ===
    Mistake(
        "chain-forward-passes-z1",
        "backprop.chain_forward",
        "Your second neuron receives the first neuron's weighted input z1 instead of its "
        "activation:",
        "what does the first neuron pass on to the second?",
        ('params["w2"] * a1', 'params["w2"] * z1'),
    ),
    Mistake(
        "chain-forward-no-output-sigmoid",
        "backprop.chain_forward",
        "Your output a2 equals z2: the second neuron's activation is missing:",
        "what does the second neuron do with its weighted input z2?",
        ("a2 = sigmoid(z2)", "a2 = z2"),
    ),
    Mistake(
        "chain-backward-doubled",
        "backprop.chain_backward",
        "Your gradients are exactly twice the expected ones:",
        "did you drop the 1/2 in E = 1/2 (T - a2)^2?",
        (
            'delta2 = half_squared_error_gradient(target, cache["a2"])',
            'delta2 = 2 * half_squared_error_gradient(target, cache["a2"])',
        ),
    ),
    Mistake(
        "chain-backward-sign",
        "backprop.chain_backward",
        "Your gradients have the opposite sign: dE/da2 is taken as T - a2:",
        "differentiating 1/2 (T - a2)^2 with respect to a2, what sign does the inner derivative "
        "bring?",
        (
            'half_squared_error_gradient(target, cache["a2"])',
            'half_squared_error_gradient(cache["a2"], target)',
        ),
    ),
    Mistake(
        "chain-backward-prime-of-activation",
        "backprop.chain_backward",
        "Your gradients take the sigmoid's derivative at the activations a1, a2 instead of at "
        "z1, z2:",
        "sigmoid_prime expects the pre-activation; what are you passing it?",
        (
            ('sigmoid_prime(cache["z2"])', 'sigmoid_prime(cache["a2"])'),
            ('sigmoid_prime(cache["z1"])', 'sigmoid_prime(cache["a1"])'),
        ),
    ),
    Mistake(
        "chain-backward-missing-w2",
        "backprop.chain_backward",
        "Your first-layer gradients leave out the weight w2 that links the two neurons:",
        "on the way back from z2 to a1, what does the chain rule multiply by?",
        ('delta2 * params["w2"] *', "delta2 *"),
    ),
    Mistake(
        "chain-step-not-simultaneous",
        "backprop.chain_train_step",
        "Your update is not simultaneous: some gradients are computed with parameters already "
        "updated in this step:",
        "are all four gradients computed from the old parameters before any of them changes?",
        (
            "return gradient_step(params, chain_backward(x, target, params), learning_rate)",
            "params = dict(params)\n"
            '    for key in ("w2", "b2", "w1", "b1"):\n'
            "        gradient = chain_backward(x, target, params)[key]\n"
            "        params[key] = params[key] - learning_rate * gradient\n"
            "    return params",
        ),
    ),
    Mistake(
        "chain-step-sign",
        "backprop.chain_train_step",
        "Your step moves uphill: the error grows after the update:",
        "which way does the gradient point, and which way should a descent step go?",
        (
            "chain_backward(x, target, params), learning_rate)",
            "chain_backward(x, target, params), -learning_rate)",
        ),
    ),
    Mistake(
        "chain-train-records-after-step",
        "backprop.chain_train",
        "Your error history starts one step late: each epoch steps first and measures E after:",
        "is E recorded at the start of every epoch, before its step?",
        (
            ("        params = chain_train_step(x, target, params, learning_rate)\n", ""),
            (
                "    for _ in range(max_epochs):\n",
                "    for _ in range(max_epochs):\n"
                "        params = chain_train_step(x, target, params, learning_rate)\n",
            ),
        ),
    ),
    Mistake(
        "chain-train-ignores-tolerance",
        "backprop.chain_train",
        "Your training never stops early: it runs all max_epochs epochs even after E < tolerance:",
        "what should happen once E drops below tolerance?",
        ("break", "pass"),
    ),
    Mistake(
        "chain-train-drops-last-error",
        "backprop.chain_train",
        "Your error history lacks its last entry, the error below tolerance that stopped the "
        "training:",
        "is the error recorded before or after the check that stops?",
        (
            "errors.append(error)\n        if error < tolerance:\n            break",
            "if error < tolerance:\n            break\n        errors.append(error)",
        ),
    ),
    Mistake(
        "init-unscaled",
        "backprop.init_mlp",
        "Your weights are not scaled: their spread does not shrink with the number of inputs of "
        "the layer:",
        "what should the standard deviation of a layer's weights depend on?",
        ((" * np.sqrt(1.0 / n_inputs)", ""), (" * np.sqrt(1.0 / n_hidden)", "")),
    ),
    Mistake(
        "init-fan-out",
        "backprop.init_mlp",
        "Your weights are scaled by each layer's number of outputs (fan-out) instead of its "
        "number of inputs (fan-in):",
        "the fan-in of a layer is the size of which dimension of its weight matrix?",
        (
            (
                "(n_hidden, n_outputs)) * np.sqrt(1.0 / n_hidden)",
                "(n_hidden, n_outputs)) * np.sqrt(1.0 / n_outputs)",
            ),
            (
                "(n_inputs, n_hidden)) * np.sqrt(1.0 / n_inputs)",
                "(n_inputs, n_hidden)) * np.sqrt(1.0 / n_hidden)",
            ),
        ),
    ),
    Mistake(
        "mlp-forward-no-bias",
        "backprop.mlp_forward",
        "Your forward pass leaves out the biases:",
        "what is added to each layer's matrix product?",
        ((' + params["b1"]', ""), (' + params["b2"]', "")),
    ),
    Mistake(
        "mlp-forward-returns-probabilities",
        "backprop.mlp_forward",
        "Your forward pass returns probabilities (softmax applied) where the raw scores, the "
        "logits, are asked for:",
        "which function turns logits into probabilities, and is it part of mlp_forward?",
        (
            'logits = A1 @ params["W2"] + params["b2"]',
            'logits = softmax(A1 @ params["W2"] + params["b2"])',
        ),
    ),
    Mistake(
        "mlp-forward-activation-on-output",
        "backprop.mlp_forward",
        "Your forward pass applies the hidden activation to the output layer too:",
        "which layer's output goes through the activation?",
        (
            'logits = A1 @ params["W2"] + params["b2"]',
            'logits = f(A1 @ params["W2"] + params["b2"])',
        ),
    ),
    Mistake(
        "mlp-forward-ignores-activation",
        "backprop.mlp_forward",
        "Your forward pass always uses the sigmoid, whatever activation is asked for:",
        "where does the argument activation enter your code?",
        ("f, _ = _activation(activation)", 'f, _ = _activation("sigmoid")'),
    ),
    Mistake(
        "mlp-bias-gradient-wrong-axis",
        "backprop.mlp_loss_and_gradients",
        "Your bias gradients are summed over the wrong axis: they have one entry per example "
        "instead of one per unit:",
        "a bias is shared by every example; over which axis do its contributions add up?",
        (
            ("np.sum(delta1, axis=0)", "np.sum(delta1, axis=1)"),
            ("np.sum(delta2, axis=0)", "np.sum(delta2, axis=1)"),
        ),
    ),
    Mistake(
        "mlp-weight-gradient-transposed",
        "backprop.mlp_loss_and_gradients",
        "Your first-layer weight gradient has the shape of W1 transposed, (h, d) instead of "
        "(d, h):",
        "which factor of the product must be transposed so that dW1 has the shape of W1?",
        ('cache["X"].T @ delta1 + l2 * W1', 'delta1.T @ cache["X"] + l2 * W1.T'),
    ),
    Mistake(
        "mlp-l2-on-biases",
        "backprop.mlp_loss_and_gradients",
        "Your weight decay also penalises the biases:",
        "which parameters does the l2 term include?",
        (
            (
                "(np.sum(W1**2) + np.sum(W2**2))",
                "(np.sum(W1**2) + np.sum(W2**2)"
                ' + np.sum(params["b1"] ** 2) + np.sum(params["b2"] ** 2))',
            ),
            ("np.sum(delta1, axis=0)", 'np.sum(delta1, axis=0) + l2 * params["b1"]'),
            ("np.sum(delta2, axis=0)", 'np.sum(delta2, axis=0) + l2 * params["b2"]'),
        ),
    ),
    Mistake(
        "mlp-l2-gradient-doubled",
        "backprop.mlp_loss_and_gradients",
        "Your weight-decay gradient is twice too large for a loss with l2 / 2 times the squared "
        "weights:",
        "what is the derivative of l2 / 2 * w^2?",
        (("+ l2 * W1", "+ 2 * l2 * W1"), ("+ l2 * W2", "+ 2 * l2 * W2")),
    ),
    Mistake(
        "mlp-l2-missing-from-loss",
        "backprop.mlp_loss_and_gradients",
        "Your loss leaves out the weight-decay term (your gradients include it):",
        "what does the loss add when l2 > 0?",
        (" + l2 / 2 * (np.sum(W1**2) + np.sum(W2**2))", ""),
    ),
    Mistake(
        "mlp-prime-of-activation",
        "backprop.mlp_loss_and_gradients",
        "Your backward pass takes the activation's derivative at the hidden activations A1 "
        "instead of at the pre-activations Z1:",
        "the derivative functions expect the pre-activation; what are you passing them?",
        ('f_prime(cache["Z1"])', 'f_prime(cache["A1"])'),
    ),
    Mistake(
        "mlp-no-activation-derivative",
        "backprop.mlp_loss_and_gradients",
        "Your backward pass skips the hidden activation's derivative:",
        "going back through the activation, what does the chain rule multiply by?",
        ('(delta2 @ W2.T) * f_prime(cache["Z1"])', "delta2 @ W2.T"),
    ),
    Mistake(
        "numgrad-forward-difference",
        "backprop.numerical_gradient",
        "Your numerical gradient is a one-sided difference (f(x + h) - f(x)) / h, which is only "
        "accurate to O(h):",
        "which difference does the docstring ask for, and how far apart are its two points?",
        (("x[i] = original - h\n", "x[i] = original\n"), ("(2.0 * h)", "h")),
    ),
    Mistake(
        "numgrad-no-restore",
        "backprop.numerical_gradient",
        "Your numerical gradient does not put each element back after nudging it, so later "
        "entries are measured at a shifted point:",
        "what must x look like before the next element is nudged?",
        ("        x[i] = original\n        grad[i]", "        grad[i]"),
    ),
    Mistake(
        "numgrad-missing-2",
        "backprop.numerical_gradient",
        "Your numerical gradient is twice the true one: your two points are 2h apart:",
        "how far apart are x + h and x - h?",
        ("(2.0 * h)", "h"),
    ),
    Mistake(
        "relerr-mean-not-max",
        "backprop.relative_error",
        "Your relative error averages over the elements; the largest one is asked for:",
        "a gradient check must catch even one wrong entry; which reduction does that?",
        ("float(np.max(", "float(np.mean("),
    ),
    Mistake(
        "relerr-abs-of-sum",
        "backprop.relative_error",
        "Your denominator is |a + b| instead of |a| + |b|, which blows up when a and b have "
        "opposite signs:",
        "where do the absolute values go in the denominator?",
        ("np.abs(a) + np.abs(b)", "np.abs(a + b)"),
    ),
    Mistake(
        "relerr-no-floor",
        "backprop.relative_error",
        "Your relative error is nan where a and b are both 0: 0 / 0:",
        "what is the 1e-8 in the docstring for?",
        ("np.maximum(1e-8, np.abs(a) + np.abs(b))", "(np.abs(a) + np.abs(b))"),
    ),
    Mistake(
        "gradcheck-absolute-error",
        "backprop.gradient_check",
        "Your check reports the largest absolute difference, not the relative error:",
        "which of your functions compares two gradients whatever their scale?",
        (
            "relative_error(grads[key], numerical_gradient(f_of_key, params[key], h))",
            "float(np.max(np.abs(grads[key] - numerical_gradient(f_of_key, params[key], h))))",
        ),
    ),
    Mistake(
        "gradcheck-f-of-array",
        "backprop.gradient_check",
        "Your check calls f with one array; f takes the whole params dict:",
        "what does f expect, and how do you vary one entry while the others stay fixed?",
        ("numerical_gradient(f_of_key, params[key], h)", "numerical_gradient(f, params[key], h)"),
    ),
    Mistake(
        "gradcheck-one-number",
        "backprop.gradient_check",
        "Your check returns one number for all parameters; a dict with one error per key is "
        "asked for:",
        "how would you tell which parameter's gradient is wrong from a single number?",
        ("    return errors\n", "    return max(errors.values())\n"),
    ),
    Mistake(
        "gradcheck-ignores-h",
        "backprop.gradient_check",
        "Your check ignores the step h it is given:",
        "where does the argument h reach numerical_gradient?",
        ("params[key], h))", "params[key]))"),
    ),
    Mistake(
        "lgn-reversed",
        "backprop.layer_gradient_norms",
        "Your norms are in reverse order; the first layer's must come first:",
        "in which order does your backward loop fill the result?",
        ("return norms", "return norms[::-1]"),
    ),
    Mistake(
        "lgn-glorot-for-relu",
        "backprop.layer_gradient_norms",
        "Your relu stack uses Glorot initialisation; the docstring asks for He initialisation "
        "with relu:",
        "which initialisation goes with which activation?",
        ('init = "he" if activation == "relu" else "glorot"', 'init = "glorot"'),
    ),
    Mistake(
        "lgn-init-ignored",
        "backprop.layer_gradient_norms",
        "Your stack ignores the init argument and always pairs He with relu and Glorot with the "
        "others:",
        "when init is given, which scheme should every layer use?",
        ("    if init is None:\n", "    if True:\n"),
    ),
    Mistake(
        "lgn-no-activation-derivative",
        "backprop.layer_gradient_norms",
        "Your backward pass skips the activation's derivative in every layer, so the gradient "
        "cannot vanish:",
        "going back through each activation, what does the chain rule multiply by?",
        ("delta = grad_A * f_prime(pre_activations[layer])", "delta = grad_A"),
    ),
    Mistake(
        "init-he-fan-out",
        "backprop.init_weights",
        "Your He weights are scaled by the fan-out; He scaling uses the fan-in:",
        "which count of connections does He et al. scale by?",
        ('"he": np.sqrt(2.0 / fan_in)', '"he": np.sqrt(2.0 / fan_out)'),
    ),
    Mistake(
        "init-variance-as-scale",
        "backprop.init_weights",
        "Your Glorot weights are multiplied by the variance, not by the standard deviation:",
        "standard-normal numbers times s have which standard deviation?",
        ('"glorot": np.sqrt(2.0 / (fan_in + fan_out))', '"glorot": 2.0 / (fan_in + fan_out)'),
    ),
    Mistake(
        "init-transposed",
        "backprop.init_weights",
        "Your weights have shape (fan_out, fan_in); a layer's weights are (fan_in, fan_out):",
        "with Z = X W and X of shape (n, fan_in), which shape must W have?",
        ("rng.standard_normal((fan_in, fan_out))", "rng.standard_normal((fan_out, fan_in))"),
    ),
    Mistake(
        "init-no-scheme-check",
        "backprop.init_weights",
        "Your init_weights fails with another error than ValueError for an unknown scheme:",
        "what does the docstring say must happen for a scheme it does not know?",
        ("    if scheme not in scales:\n", "    if False:\n"),
    ),
    # === overfitting ===
    Mistake(
        "split-no-shuffle",
        "overfitting.train_validation_split",
        "Your split does not shuffle: the validation rows are always the first rows:",
        "what would your validation set hold for data sorted by class?",
        ("order = rng.permutation(n)", "order = np.arange(n)"),
    ),
    Mistake(
        "split-overlap",
        "overfitting.train_validation_split",
        "Your training rows include the validation rows, so validation measures nothing new:",
        "are the two sets disjoint?",
        ("return X[train], X[val], y[train], y[val]", "return X[order], X[val], y[order], y[val]"),
    ),
    Mistake(
        "split-separate-shuffles",
        "overfitting.train_validation_split",
        "Your split shuffles X and y differently, so the rows of X lose their labels:",
        "are X and y indexed with the same shuffled indices?",
        (
            "return X[train], X[val], y[train], y[val]",
            "labels = rng.permutation(n)\n"
            "    return X[train], X[val], y[labels[n_val:]], y[labels[:n_val]]",
        ),
    ),
    Mistake(
        "split-fraction-to-train",
        "overfitting.train_validation_split",
        "Your split gives validation_fraction of the rows to training instead of to validation:",
        "which set should get round(n * validation_fraction) rows?",
        ("n_val = round(n * validation_fraction)", "n_val = n - round(n * validation_fraction)"),
    ),
    Mistake(
        "gap-sign",
        "overfitting.generalization_gap",
        "Your gap has the opposite sign: overfitting should give a positive gap:",
        "which loss is the larger one when a model overfits?",
        ("float(val_loss - train_loss)", "float(train_loss - val_loss)"),
    ),
    Mistake(
        "early-stop-first-increase",
        "overfitting.early_stopping_epoch",
        "Your early stopping stops at the first epoch whose loss goes up, without waiting "
        "`patience` epochs for a new best:",
        "how many epochs without a new best does training wait before it stops?",
        ("elif epoch - best >= patience:", "elif epoch > 0 and loss > val_losses[epoch - 1]:"),
    ),
    Mistake(
        "early-stop-returns-last-epoch",
        "overfitting.early_stopping_epoch",
        "Your function returns the last epoch trained; early stopping keeps the best epoch:",
        "whose parameters does early stopping restore?",
        (("break", "return epoch"), ("    return best", "    return len(val_losses) - 1")),
    ),
    Mistake(
        "early-stop-latest-on-ties",
        "overfitting.early_stopping_epoch",
        "On ties your function keeps the later epoch; the earliest epoch with the best loss must "
        "win:",
        "does an equal loss count as beating the best?",
        ("if loss < val_losses[best]:", "if loss <= val_losses[best]:"),
    ),
    Mistake(
        "early-stop-patience-off-by-one",
        "overfitting.early_stopping_epoch",
        "Your training waits one epoch too long before it stops:",
        "at which epoch after the best has training waited `patience` epochs?",
        ("epoch - best >= patience", "epoch - best > patience"),
    ),
    Mistake(
        "overfit-ignores-training-loss",
        "overfitting.is_overfitting",
        "Your test ignores the training loss: a stalled validation loss is overfitting only if "
        "the training loss kept falling:",
        "what should the training loss have done since the best validation epoch?",
        (" and train_losses[last] < train_losses[best]", ""),
    ),
    Mistake(
        "overfit-patience-boundary",
        "overfitting.is_overfitting",
        "Your test already reports overfitting when the best epoch is exactly `patience` epochs "
        "before the last:",
        "more than patience, or at least patience?",
        ("last - best > patience", "last - best >= patience"),
    ),
    Mistake(
        "l2-penalty-no-half",
        "overfitting.l2_penalty",
        "Your penalty is exactly twice the expected value:",
        "did you drop the 1/2 in lam / 2 times the sum of squares?",
        ("float(lam / 2 * total)", "float(lam * total)"),
    ),
    Mistake(
        "l2-penalty-includes-biases",
        "overfitting.l2_penalty",
        "Your penalty includes the biases:",
        "which keys of params are weights?",
        ('\n        if key.startswith("W")', ""),
    ),
    Mistake(
        "l2-penalty-norm-not-squared",
        "overfitting.l2_penalty",
        "Your penalty uses the norm of each weight array, not its squared norm:",
        "is the norm squared in the penalty?",
        (
            "np.sum(np.asarray(value, dtype=np.float64) ** 2)",
            "np.linalg.norm(np.asarray(value, dtype=np.float64))",
        ),
    ),
    Mistake(
        "l2-gradient-doubled",
        "overfitting.l2_gradient",
        "Your gradient is twice too large for a penalty of lam / 2 times the squares:",
        "what is the derivative of lam / 2 * w^2?",
        ("lam * value if", "2 * lam * value if"),
    ),
    Mistake(
        "l2-gradient-includes-biases",
        "overfitting.l2_gradient",
        "Your gradient also decays the biases:",
        "which keys of params does the penalty include?",
        ('lam * value if key.startswith("W") else np.zeros_like(value)', "lam * value"),
    ),
    Mistake(
        "l2-gradient-drops-keys",
        "overfitting.l2_gradient",
        "Your gradient leaves out the keys that are not weights; they must be there, as zeros:",
        "which keys must the returned dict have?",
        (
            'grads[key] = lam * value if key.startswith("W") else np.zeros_like(value)',
            'if key.startswith("W"):\n            grads[key] = lam * value',
        ),
    ),
    Mistake(
        "poly-missing-constant",
        "overfitting.polynomial_features",
        "Your features lack the constant column x^0 = 1:",
        "which power does the first column hold?",
        ("np.arange(degree + 1)", "np.arange(1, degree + 1)"),
    ),
    Mistake(
        "poly-missing-top-power",
        "overfitting.polynomial_features",
        "Your features stop one power short: x^degree is missing:",
        "how many columns does a polynomial of degree d need?",
        ("np.arange(degree + 1)", "np.arange(degree)"),
    ),
    Mistake(
        "poly-transposed",
        "overfitting.polynomial_features",
        "Your features are transposed: one row per power instead of one row per example:",
        "which axis holds the examples?",
        (
            "x[:, np.newaxis] ** np.arange(degree + 1)",
            "(x[:, np.newaxis] ** np.arange(degree + 1)).T",
        ),
    ),
    Mistake(
        "fit-poly-highest-first",
        "overfitting.fit_polynomial",
        "Your coefficients are in reverse order, highest power first (like np.polyfit):",
        "in which order does the docstring want the coefficients?",
        ("return coefficients", "return coefficients[::-1]"),
    ),
    Mistake(
        "best-degree-by-training-error",
        "overfitting.best_polynomial_degree",
        "Your choice is made on the training error, which always prefers the highest degree:",
        "on which data should each fitted polynomial be measured?",
        (
            "mse(y_val, polynomial_features(x_val, degree) @ coefficients)",
            "mse(y_train, polynomial_features(x_train, degree) @ coefficients)",
        ),
    ),
    Mistake(
        "best-degree-skips-max",
        "overfitting.best_polynomial_degree",
        "Your search never tries max_degree itself:",
        "which degrees does your loop visit?",
        ("range(max_degree + 1)", "range(max_degree)"),
    ),
    Mistake(
        "spurious-no-intercept",
        "overfitting.spurious_features",
        "Your regressions have no intercept, so a feature that only carries the mean looks useful:",
        "what column does a linear regression with intercept add to the features?",
        (
            ("A_train = np.column_stack([np.ones(len(X_train)), X_train])", "A_train = X_train"),
            ("A_val = np.column_stack([np.ones(len(X_val)), X_val])", "A_val = X_val"),
        ),
        helper="_linear_validation_mse",
    ),
    Mistake(
        "spurious-absolute-tolerance",
        "overfitting.spurious_features",
        "Your threshold is absolute; the docstring asks for `tolerance` times the full model's "
        "validation MSE:",
        "what is the increase of the validation MSE compared with?",
        ("without - full < tolerance * full", "without - full < tolerance"),
    ),
    Mistake(
        "spurious-inverted",
        "overfitting.spurious_features",
        "Your list holds the useful features, the ones whose removal hurts:",
        "does removing a spurious feature raise the validation error much?",
        ("without - full < tolerance * full", "without - full >= tolerance * full"),
    ),
    # === digits ===
    Mistake(
        "train-unknown-key-ignored",
        "digits.train_classifier",
        "Your train_classifier accepts a config key it does not know, so a typo goes unnoticed:",
        "what should happen to a key like 'learning_rte'?",
        ("unknown = sorted(set(config or {}) - set(DEFAULTS))", "unknown = []"),
    ),
    Mistake(
        "train-config-not-read",
        "digits.train_classifier",
        "Your train_classifier trains with its defaults whatever the config says:",
        "where do the values of config replace your defaults?",
        ("settings = {**DEFAULTS, **(config or {})}", "settings = dict(DEFAULTS)"),
    ),
    Mistake(
        "train-keep-prob-ignored",
        "digits.train_classifier",
        "Your train_classifier reads keep_prob but trains without dropout whatever its value:",
        "where do dropout_forward and dropout_backward enter a minibatch's gradients?",
        ('if settings["keep_prob"] < 1.0:', "if False:"),
    ),
    Mistake(
        "predict-sigmoid-network",
        "digits.predict",
        "Your predictions run the network with a sigmoid hidden layer, but train_classifier "
        "trains a relu one:",
        "which activation were the params trained with?",
        ('activation="relu"', 'activation="sigmoid"'),
    ),
    Mistake(
        "predict-argmax-over-examples",
        "digits.predict",
        "Your predictions take the argmax over the examples (axis 0) instead of over the classes:",
        "which axis of the logits holds the classes?",
        ("np.argmax(logits, axis=1)", "np.argmax(logits, axis=0)"),
    ),
    Mistake(
        "search-lowest-accuracy",
        "digits.search_hyperparameters",
        "Your search keeps the config with the lowest validation accuracy:",
        "is a higher accuracy better or worse?",
        ("configs[int(np.argmax(accuracies))]", "configs[int(np.argmin(accuracies))]"),
    ),
    Mistake(
        "search-last-on-ties",
        "digits.search_hyperparameters",
        "Your search keeps the last of the configs with the best accuracy; the first one counts:",
        "when two accuracies are equal, which config does the docstring keep?",
        (
            "configs[int(np.argmax(accuracies))]",
            "configs[len(accuracies) - 1 - int(np.argmax(accuracies[::-1]))]",
        ),
    ),
    Mistake(
        "search-training-accuracy",
        "digits.search_hyperparameters",
        "Your search judges every config by its accuracy on the training data, not on the "
        "validation data:",
        "which data can tell whether a config generalises?",
        (
            "predict(params, X_val) == np.asarray(y_val)",
            "predict(params, X_train) == np.asarray(y_train)",
        ),
    ),
)


# --- probes ----------------------------------------------------------------------------------
Call = tuple[tuple, dict]


@dataclass(frozen=True)
class Probes:
    """The calls on which an exercise's mistakes are told apart, and what of the result counts."""

    calls: tuple[Call, ...]
    select: int | None = None  # fingerprint only item ``select`` of a returned tuple


def call(*args: object, **kwargs: object) -> Call:
    return args, kwargs


def normal(seed: int, shape: Sequence[int] | int, scale: float = 1.0) -> np.ndarray:
    """Standard-normal numbers times ``scale`` from a fixed seed, rounded to 3 decimals."""
    return np.round(np.random.default_rng(seed).standard_normal(shape) * scale, 3)


def uniform(seed: int, shape: Sequence[int] | int, low: float, high: float) -> np.ndarray:
    """Uniform numbers in [low, high) from a fixed seed, rounded to 3 decimals."""
    return np.round(np.random.default_rng(seed).uniform(low, high, shape), 3)


def labels(seed: int, n: int, k: int) -> np.ndarray:
    """n int64 class labels in 0..k-1 from a fixed seed."""
    return np.random.default_rng(seed).integers(0, k, n).astype(np.int64)


def mlp_params(seed: int, d: int, h: int, k: int) -> dict[str, np.ndarray]:
    """Two-layer classifier params with non-zero biases (so bias mistakes show)."""
    return {
        "W1": normal(seed, (d, h), 0.8),
        "b1": normal(seed + 1, h, 0.3),
        "W2": normal(seed + 2, (h, k), 0.8),
        "b2": normal(seed + 3, k, 0.3),
    }


def _probes() -> dict[str, Probes]:
    extreme = np.array([-1000.0, -30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 30.0, 1000.0])
    moderate = np.array([-4.0, -1.0, -0.25, 0.0, 0.5, 2.0, 6.0])
    with_zeros = np.array([[-2.0, 0.0, 1.5], [0.001, -0.001, 3.0]])
    chain = {"w1": 0.15, "b1": 0.4, "w2": 0.45, "b2": 0.65}
    chain_b = {"w1": -0.8, "b1": 0.3, "w2": 1.7, "b2": -0.4}
    x_line = np.linspace(-1.5, 1.5, 7)
    pos_grid = np.arange(20.0).reshape(10, 2)
    val_curve = [1.0, 0.8, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
    x_poly = np.linspace(-1.0, 1.0, 9)
    y_poly = 1.0 + 2.0 * x_poly - 3.0 * x_poly**2 + normal(40, 9, 0.3)
    x_poly_val = np.linspace(-0.95, 0.95, 9)
    y_poly_val = 1.0 + 2.0 * x_poly_val - 3.0 * x_poly_val**2 + normal(41, 9, 0.3)
    spurious = {}
    for part, (seed, n) in {"train": (50, 40), "val": (51, 20)}.items():
        X = normal(seed, (n, 4))
        y = 5.0 + 3.0 * X[:, 0] - 2.0 * X[:, 1] + 0.1 * X[:, 2] + normal(seed + 10, n, 0.3)
        spurious[part] = (X, np.round(y, 3))
    digits_params = mlp_params(63, 4, 5, 3)
    tiny = (normal(130, (16, 3)), labels(131, 16, 3), normal(132, (8, 3)), labels(133, 8, 3))
    blob_labels = np.repeat(np.arange(2), 6)
    blobs = (normal(134, (12, 2), 0.3) + 4.0 * blob_labels[:, None], blob_labels)
    frozen = {"n_hidden": 4, "max_epochs": 3, "learning_rate": 0.0, "batch_size": 8}
    trained = {"n_hidden": 4, "max_epochs": 20, "learning_rate": 1.0, "batch_size": 8}
    return {
        # activations
        "activations.sigmoid": Probes(
            (
                call(extreme),
                call(normal(1, (3, 4), 3.0)),
                call(0.7),
                call(np.array([[-3, 0, 4]])),
            )
        ),
        "activations.sigmoid_prime": Probes((call(moderate), call(normal(2, (2, 3))), call(1.5))),
        "activations.tanh": Probes((call(extreme), call(normal(3, (2, 3), 2.0)), call(-0.8))),
        "activations.tanh_prime": Probes((call(moderate), call(normal(4, (2, 3))), call(0.3))),
        "activations.relu": Probes(
            (
                call(moderate),
                call(normal(5, (3, 4))),
                call(-1.5),
                call(np.array([-2, 0, 3])),
            )
        ),
        "activations.relu_prime": Probes((call(with_zeros), call(moderate), call(0.0))),
        "activations.leaky_relu": Probes(
            (
                call(moderate),
                call(with_zeros, alpha=0.2),
                call(normal(6, (2, 2)), 0.05),
            )
        ),
        "activations.leaky_relu_prime": Probes(
            (
                call(with_zeros),
                call(moderate, alpha=0.3),
                call(0.0, 0.1),
            )
        ),
        "activations.softmax": Probes(
            (
                call(np.array([[1001.0, 1002.0], [3.0, 4.0]])),
                call(np.array([[400.0, 401.0, 399.0], [0.5, -0.5, 0.0]])),
                call(normal(7, (3, 4))),
                call(normal(8, (3, 3))),
                call(normal(9, (4, 3)), axis=0),
                call(normal(10, 5)),
            )
        ),
        # costs
        "costs.mse": Probes(
            (
                call(normal(11, (3, 4)), normal(12, (3, 4))),
                call(normal(13, 5), normal(14, 5)),
            )
        ),
        "costs.mse_gradient": Probes(
            (
                call(normal(15, (3, 4)), normal(16, (3, 4))),
                call(normal(17, 5), normal(18, 5)),
            )
        ),
        "costs.half_squared_error": Probes(
            (
                call(normal(19, 4), normal(20, 4)),
                call(0.25, 0.7153),
                call(normal(21, (2, 3)), normal(22, (2, 3))),
            )
        ),
        "costs.half_squared_error_gradient": Probes(
            (
                call(normal(23, 4), normal(24, 4)),
                call(0.25, 0.7153),
            )
        ),
        "costs.quadratic_cost": Probes(
            (
                call(normal(25, (4, 3)), normal(26, (4, 3))),
                call(normal(27, 3), normal(28, 3)),
                call(normal(29, (3, 3)), normal(30, (3, 3))),
            )
        ),
        "costs.binary_cross_entropy": Probes(
            (
                call(np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0]), uniform(31, 6, 0.05, 0.95)),
                call(np.array([1.0, 0.0, 1.0, 0.0]), np.array([1.0, 0.0, 0.3, 0.6])),
                call(np.array([[1.0, 0.0]]), np.array([[0.0, 0.5]])),
            )
        ),
        "costs.cross_entropy": Probes(
            (
                call(labels(32, 4, 3), uniform(33, (4, 3), 0.05, 1.0)),
                call(np.array([0, 2]), np.array([[0.0, 0.5, 0.5], [0.2, 0.3, 0.5]])),
                call(labels(34, 3, 3), uniform(35, (3, 3), 0.05, 1.0)),
            )
        ),
        "costs.softmax_cross_entropy_gradient": Probes(
            (
                call(labels(36, 4, 3), normal(37, (4, 3))),
                call(labels(38, 3, 3), normal(39, (3, 3))),
            )
        ),
        # gradient_descent
        "gradient_descent.gradient_step": Probes(
            (
                call(normal(42, 3), normal(43, 3), 0.1),
                call(1.5, -0.5, 0.2),
                call(
                    {"W": normal(44, (2, 2)), "b": normal(45, 2)},
                    {"W": normal(46, (2, 2)), "b": normal(47, 2)},
                    0.5,
                ),
            )
        ),
        "gradient_descent.line_cost": Probes(
            (
                call(1.5, x_line, 2.0 * x_line),
                call(-0.3, normal(48, 5), normal(49, 5)),
            )
        ),
        "gradient_descent.line_gradient": Probes(
            (
                call(1.5, x_line, 2.0 * x_line),
                call(-0.3, normal(52, 5), normal(53, 5)),
            )
        ),
        "gradient_descent.fit_line": Probes(
            (
                call(x_line, 2.0 * x_line),
                call(normal(54, 6), normal(55, 6), w0=0.5, learning_rate=0.1, n_iterations=3),
            )
        ),
        "gradient_descent.gradient_descent": Probes(
            (
                call(CourseFunction("bowl_gradient"), np.array([1.0, 1.0]), 0.1, 3),
                call(CourseFunction("double_well_gradient"), 2.0, 0.01, 5),
                call(CourseFunction("rosenbrock_gradient"), np.array([-0.5, 0.5, 1.2]), 0.001, 4),
            )
        ),
        "gradient_descent.learning_rate_regime": Probes(
            tuple(
                call(c, lr)
                for c, lr in [
                    (2.0, 0.25),
                    (2.0, 0.5),
                    (2.0, 0.75),
                    (2.0, 1.0),
                    (2.0, 1.5),
                    (1.0, 0.1),
                    (0.0, 0.1),
                    (-1.0, 0.1),
                    (1.0, -0.1),
                ]
            )
        ),
        "gradient_descent.best_of_restarts": Probes(
            (
                call(
                    CourseFunction("double_well"),
                    CourseFunction("double_well_gradient"),
                    [-2.0, 0.5, 2.0],
                    0.01,
                    200,
                ),
                call(
                    CourseFunction("double_well"),
                    CourseFunction("double_well_gradient"),
                    [np.array([2.0]), np.array([-2.0]), np.array([0.4])],
                    0.01,
                    10,
                ),
                call(
                    CourseFunction("bowl"),
                    CourseFunction("bowl_gradient"),
                    [np.array([1.0, 1.0]), np.array([-0.2, 3.0])],
                    0.1,
                    5,
                ),
                call(
                    CourseFunction("bowl"),
                    CourseFunction("bowl_gradient"),
                    [np.array([-0.2, 3.0]), np.array([1.0, 1.0]), np.array([0.5, -0.5])],
                    0.1,
                    5,
                ),
            )
        ),
        "gradient_descent.minibatches": Probes(
            (call(10, 4, Rng(0)), call(7, 7, Rng(1)), call(9, 2, Rng(2)))
        ),
        "gradient_descent.momentum_step": Probes(
            (
                call(normal(140, 3), normal(141, 3), None, 0.1),
                call(normal(142, (2, 2)), normal(143, (2, 2)), normal(144, (2, 2)), 0.2, beta=0.5),
                call(
                    {"W": normal(145, (2, 2)), "b": normal(146, 2)},
                    {"W": normal(147, (2, 2)), "b": normal(148, 2)},
                    None,
                    0.5,
                ),
                call(1.5, -0.5, 0.25, 0.1),
            )
        ),
        "gradient_descent.adam_step": Probes(
            (
                call(normal(150, 3), normal(151, 3), None, 0.1),
                call(
                    normal(152, 4),
                    normal(153, 4),
                    {"t": 3, "m": normal(154, 4, 0.5), "v": uniform(155, 4, 0.01, 1.0)},
                    0.05,
                    0.8,
                    0.9,
                    1e-2,
                ),
                call(
                    {"W": normal(156, (2, 2)), "b": normal(157, 2)},
                    {"W": normal(158, (2, 2)), "b": normal(159, 2)},
                    None,
                ),
                call(1.5, -0.5, {"t": 1, "m": 0.2, "v": 0.04}, 0.1),
            )
        ),
        # layers
        "layers.linear_forward": Probes(
            (
                call(normal(130, (3, 2)), normal(131, (2, 4)), normal(132, 4)),
                call(np.array([[1.0, -2.0]]), np.array([[0.5], [1.5]]), np.array([0.25])),
            )
        ),
        "layers.linear_backward": Probes(
            (
                call(
                    normal(133, (3, 4)), (normal(134, (3, 2)), normal(135, (2, 4)), normal(136, 4))
                ),
                call(
                    normal(137, (2, 2)), (normal(138, (2, 2)), normal(139, (2, 2)), normal(140, 2))
                ),
            )
        ),
        **{
            f"layers.{name}_forward": Probes((call(moderate), call(normal(141, (2, 3), 2.0))))
            for name in ("sigmoid", "tanh", "relu")
        },
        **{
            f"layers.{name}_backward": Probes(
                (
                    call(normal(142, 7), moderate),
                    call(normal(143, (2, 3)), with_zeros),
                    call(np.ones((2, 3)), normal(144, (2, 3), 2.0)),
                )
            )
            for name in ("sigmoid", "tanh", "relu")
        },
        "layers.softmax_cross_entropy_forward": Probes(
            (
                call(normal(145, (4, 3), 2.0), labels(146, 4, 3)),
                call(np.array([[400.0, 401.0], [0.5, -0.5]]), np.array([1, 0])),
            )
        ),
        "layers.softmax_cross_entropy_backward": Probes(
            (
                call((normal(147, (4, 3), 2.0), labels(148, 4, 3))),
                call((normal(149, (3, 2)), labels(150, 3, 2))),
            )
        ),
        "layers.dropout_forward": Probes(
            (
                call(normal(151, (4, 5)), 0.7, Rng(0)),
                call(np.ones((3, 3)), 0.5, Rng(1)),
                call(np.ones(2), 0.0, Rng(2)),
                call(np.ones(2), 1.5, Rng(3)),
            )
        ),
        "layers.dropout_backward": Probes(
            (
                call(
                    normal(152, (2, 3)), (np.array([[True, False, True], [False, True, True]]), 0.5)
                ),
                call(normal(153, 4), (np.array([True, True, False, True]), 0.8)),
            )
        ),
        # backprop
        "backprop.chain_forward": Probes((call(0.1, chain), call(-0.7, chain_b))),
        "backprop.chain_backward": Probes(
            (
                call(0.1, 0.25, chain),
                call(0.8, 0.9, chain_b),
                call(-1.2, 0.1, chain),
            )
        ),
        "backprop.chain_train_step": Probes(
            (
                call(0.1, 0.25, chain, 0.4),
                call(0.8, 0.9, chain_b, 1.5),
            )
        ),
        "backprop.chain_train": Probes(
            (
                call(0.1, 0.25, chain, 0.4, max_epochs=5),
                call(0.8, 0.9, chain_b, learning_rate=3.0, max_epochs=40, tolerance=0.005),
            )
        ),
        "backprop.init_mlp": Probes((call(3, 4, 2, Rng(0)), call(5, 2, 3, Rng(7)))),
        "backprop.mlp_forward": Probes(
            (
                call(mlp_params(70, 3, 4, 2), normal(74, (5, 3))),
                call(mlp_params(70, 3, 4, 2), normal(75, (5, 3)), "tanh"),
                call(mlp_params(70, 3, 4, 2), normal(76, (5, 3)), activation="relu"),
            ),
            select=0,  # only the logits count: what the cache holds is up to the student
        ),
        "backprop.mlp_loss_and_gradients": Probes(
            (
                call(mlp_params(80, 3, 4, 3), normal(84, (5, 3)), labels(85, 5, 3)),
                call(mlp_params(80, 3, 4, 3), normal(86, (5, 3)), labels(87, 5, 3), "relu", 0.1),
                call(
                    mlp_params(90, 2, 3, 2),
                    normal(94, (4, 2)),
                    labels(95, 4, 2),
                    activation="tanh",
                    l2=0.05,
                ),
            )
        ),
        "backprop.numerical_gradient": Probes(
            (
                call(CourseFunction("sum_of_cubes"), normal(100, (2, 3))),
                call(CourseFunction("sin_product"), normal(101, 4), h=1e-4),
                call(CourseFunction("rosenbrock"), np.array([0.3, -0.2, 0.9])),
            )
        ),
        "backprop.relative_error": Probes(
            (
                call(normal(102, (3, 4)), normal(103, (3, 4))),
                call(np.array([0.0, 1.0, -2.0]), np.array([0.0, 1.5, 2.0])),
                call(np.array([1.0, 2.0]), np.array([1.0, 2.0])),
            )
        ),
        "backprop.gradient_check": Probes(
            (
                call(
                    CourseFunction("coupled_cubes"),
                    {"W": normal(154, (2, 2)), "b": normal(155, 3)},
                    {"W": normal(156, (2, 2)), "b": normal(157, 3)},
                ),
                call(
                    CourseFunction("coupled_cubes"),
                    {"W": np.array([[1.0, 2.0], [-1.0, 0.5]]), "b": np.array([0.3, -0.7])},
                    {"W": np.array([[3.58, 12.58], [3.58, 1.33]]), "b": np.array([1.5, -3.5])},
                    h=0.1,
                ),
            )
        ),
        "backprop.layer_gradient_norms": Probes(
            (
                call(4, 8, "sigmoid", Rng(0)),
                call(3, 6, "relu", Rng(1)),
                call(3, 5, "tanh", Rng(2)),
                call(4, 8, "sigmoid", Rng(3), "he"),
                call(3, 6, "relu", Rng(4), init="small"),
            )
        ),
        "backprop.init_weights": Probes(
            (
                call(4, 3, "he", Rng(0)),
                call(3, 5, "glorot", Rng(1)),
                call(2, 2, "small", Rng(2)),
                call(2, 2, "xavier", Rng(3)),
            )
        ),
        # overfitting
        "overfitting.train_validation_split": Probes(
            (
                call(pos_grid, np.arange(10), 0.3, Rng(0)),
                call(normal(110, (7, 3)), np.arange(7), validation_fraction=0.2, rng=Rng(3)),
            )
        ),
        "overfitting.generalization_gap": Probes((call(0.5, 0.8), call(1.25, 0.25))),
        "overfitting.early_stopping_epoch": Probes(
            (
                call([1.0, 0.8, 0.9, 0.7, 0.75, 0.8, 0.85, 0.9, 0.6], patience=3),
                call([1.0, 0.9, 0.95, 0.96, 0.8], 2),
                call([0.5, 0.7, 0.5, 0.6, 0.65, 0.7]),
                call([3.0]),
            )
        ),
        "overfitting.is_overfitting": Probes(
            (
                call([1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1], val_curve, 3),
                call([1.0, 0.8, 0.6, 0.6, 0.6, 0.6, 0.6, 0.7], val_curve, 3),
                call(
                    [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3],
                    [1.0, 0.9, 0.8, 0.7, 0.6, 0.7, 0.8, 0.9],
                    patience=3,
                ),
            )
        ),
        "overfitting.l2_penalty": Probes(
            (
                call(
                    {
                        "W1": normal(111, (2, 3)),
                        "b1": normal(112, 3),
                        "W2": normal(113, (3, 1)),
                        "b2": normal(114, 1),
                    },
                    0.1,
                ),
                call({"W": normal(115, (2, 2)), "bias": normal(116, 2)}, 2.0),
            )
        ),
        "overfitting.l2_gradient": Probes(
            (
                call(
                    {
                        "W1": normal(117, (2, 3)),
                        "b1": normal(118, 3),
                        "W2": normal(119, (3, 1)),
                        "b2": normal(120, 1),
                    },
                    0.1,
                ),
                call({"W": normal(121, (2, 2)), "bias": normal(122, 2)}, 2.0),
            )
        ),
        "overfitting.polynomial_features": Probes(
            (
                call(normal(123, 4), 3),
                call(np.array([2.0, -1.0]), 0),
                call(np.array([0.5, 1.5, -2.0]), 2),
            )
        ),
        "overfitting.fit_polynomial": Probes(
            (
                call(x_poly, y_poly, 2),
                call(x_poly_val, y_poly_val, 3),
            )
        ),
        "overfitting.best_polynomial_degree": Probes(
            (
                call(x_poly, y_poly, x_poly_val, y_poly_val, 6),
                call(x_poly, y_poly, x_poly_val, y_poly_val, 2),
            )
        ),
        "overfitting.spurious_features": Probes(
            (
                call(*spurious["train"], *spurious["val"], ["a", "b", "c", "d"]),
                call(*spurious["train"], *spurious["val"], ["a", "b", "c", "d"], tolerance=0.2),
            )
        ),
        # digits
        "digits.train_classifier": Probes(
            (
                call(*tiny, Rng(0), {"n_hidden": 4, "max_epochs": 3, "learning_rate": 0.5}),
                call(*tiny, Rng(1), {"bogus": 1}),
                call(*tiny, Rng(2), {"n_hidden": 3, "optimizer": "adam", "max_epochs": 2}),
                call(*tiny, Rng(3), {"n_hidden": 4, "max_epochs": 2, "keep_prob": 0.5}),
            )
        ),
        "digits.predict": Probes(
            (
                call(digits_params, normal(67, (6, 4), 2.0)),
                call(digits_params, normal(68, (3, 4), 2.0)),
            )
        ),
        "digits.search_hyperparameters": Probes(
            (
                call(*tiny, [frozen, trained], Rng(0)),
                call(*tiny, [trained, frozen, trained], Rng(1)),
                call(*blobs, *blobs, [trained, {**trained, "n_hidden": 3}], Rng(2)),
            )
        ),
    }


PROBES: dict[str, Probes] = _probes()


def by_name() -> dict[str, Mistake]:
    """The catalogue keyed by mistake name."""
    return {m.name: m for m in MISTAKES}
