"""Every contract function is graded on every kind of input its contract allows.

A function whose contract takes a scalar ("float", "float or ndarray") must be graded on a
Python scalar, a numpy scalar and a 0-d array; a function that takes an array of data, on an
integer array (``np.zeros_like(x)`` on one truncates, ``x -= ...`` on one raises). The graded
suite runs on the reference with ``record_inputs`` watching what each graded test passes to the
function it grades. Counts (n, depth, degree, patience), step sizes and other settings, and
random generators are not data here.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

from record_inputs import INTEGER_ARRAY, NUMPY_SCALAR, PYTHON_SCALAR, ZERO_D

from autograder.contract import EXERCISES, TOPICS
from autograder.reference import load_reference

REPO = Path(__file__).resolve().parents[2]
SCALAR = (PYTHON_SCALAR, NUMPY_SCALAR, ZERO_D)
ARRAY = (INTEGER_ARRAY,)
BOTH = (*SCALAR, INTEGER_ARRAY)

# For each contract function: the kinds of input that some graded test of it must give to one
# of the arguments named (from the solutions' docstrings). An empty dict: no data argument.
REQUIRED: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
    **{
        f"activations.{name}": {("z",): BOTH}
        for name in EXERCISES["activations"]
        if name != "softmax"
    },
    "activations.softmax": {("z",): ARRAY},
    "costs.mse": {("y_true", "y_pred"): ARRAY},
    "costs.mse_gradient": {("y_true", "y_pred"): ARRAY},
    "costs.half_squared_error": {("target", "output"): BOTH},
    "costs.half_squared_error_gradient": {("target", "output"): BOTH},
    "costs.quadratic_cost": {("Y", "A"): ARRAY},
    "costs.binary_cross_entropy": {("y_true", "p"): ARRAY},
    "costs.cross_entropy": {("labels",): ARRAY},
    "costs.softmax_cross_entropy_gradient": {("logits",): ARRAY},
    "gradient_descent.gradient_step": {("params",): BOTH},
    "gradient_descent.line_cost": {("w",): SCALAR, ("x", "z"): ARRAY},
    "gradient_descent.line_gradient": {("w",): SCALAR, ("x", "z"): ARRAY},
    "gradient_descent.fit_line": {("x", "z"): ARRAY},
    "gradient_descent.gradient_descent": {("x0",): BOTH},
    "gradient_descent.learning_rate_regime": {("curvature", "learning_rate"): SCALAR},
    "gradient_descent.best_of_restarts": {("starts",): ARRAY},
    "gradient_descent.minibatches": {},
    "gradient_descent.momentum_step": {("params",): BOTH},
    "gradient_descent.adam_step": {("params",): BOTH},
    "layers.linear_forward": {("X",): ARRAY},
    "layers.linear_backward": {("dZ",): ARRAY},
    "layers.sigmoid_forward": {("Z",): ARRAY},
    "layers.sigmoid_backward": {("dA",): ARRAY},
    "layers.tanh_forward": {("Z",): ARRAY},
    "layers.tanh_backward": {("dA",): ARRAY},
    "layers.relu_forward": {("Z",): ARRAY},
    "layers.relu_backward": {("dA",): ARRAY},
    "layers.softmax_cross_entropy_forward": {("logits",): ARRAY},
    "layers.softmax_cross_entropy_backward": {("cache",): ARRAY},
    "layers.dropout_forward": {("A",): ARRAY},
    "layers.dropout_backward": {("dout",): ARRAY},
    "backprop.chain_forward": {("x",): SCALAR},
    "backprop.chain_backward": {("x",): SCALAR},
    "backprop.chain_train_step": {("x",): SCALAR},
    "backprop.chain_train": {("x",): SCALAR},
    "backprop.init_mlp": {},
    "backprop.mlp_forward": {("X",): ARRAY},
    "backprop.mlp_loss_and_gradients": {("X",): ARRAY},
    "backprop.numerical_gradient": {("x",): ARRAY},
    "backprop.relative_error": {("a", "b"): ARRAY},
    "backprop.gradient_check": {("params",): ARRAY},
    "backprop.layer_gradient_norms": {},
    "backprop.init_weights": {},
    "overfitting.train_validation_split": {("X",): ARRAY},
    "overfitting.generalization_gap": {("train_loss", "val_loss"): SCALAR},
    "overfitting.early_stopping_epoch": {("val_losses",): ARRAY},
    "overfitting.is_overfitting": {("train_losses", "val_losses"): ARRAY},
    "overfitting.l2_penalty": {("params",): ARRAY},
    "overfitting.l2_gradient": {("params",): ARRAY},
    "overfitting.polynomial_features": {("x",): ARRAY},
    "overfitting.fit_polynomial": {("x", "y"): ARRAY},
    "overfitting.best_polynomial_degree": {("x_train", "y_train", "x_val", "y_val"): ARRAY},
    "overfitting.spurious_features": {("X_train", "X_val"): ARRAY},
    "digits.train_classifier": {("X_train",): ARRAY},
    "digits.predict": {("X",): ARRAY},
    "digits.search_hyperparameters": {("X_train",): ARRAY},
}


def test_the_table_names_every_contract_function_and_real_arguments():
    reference = load_reference(REPO / "solutions")
    functions = {f"{t}.{n}" for t in TOPICS for n in EXERCISES[t]}
    assert set(REQUIRED) == functions
    for function, needs in REQUIRED.items():
        names = set(inspect.signature(reference[function]).parameters)
        for arguments in needs:
            assert set(arguments) <= names, (function, arguments, names)


def test_every_function_is_graded_on_every_kind_of_input_it_takes(tmp_path):
    record = tmp_path / "inputs.json"
    env = {
        **os.environ,
        "RECORD_INPUTS": str(record),
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(REPO)]),
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/public",
            "tests/hidden",
            "-q",
            "-p",
            "record_inputs",
        ]
        + ["-p", "no:cacheprovider", "--impl", "solutions"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    seen = {tuple(row) for row in json.loads(record.read_text())}
    missing = [
        f"{function}: {kind} as {' or '.join(arguments)}"
        for function, needs in REQUIRED.items()
        for arguments, kinds in needs.items()
        for kind in kinds
        if not any((function, argument, kind) in seen for argument in arguments)
    ]
    assert not missing, f"{len(missing)} kinds of input no graded test gives:\n" + "\n".join(
        missing
    )
