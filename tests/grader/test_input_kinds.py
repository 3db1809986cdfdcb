"""Every contract function is graded on every kind of input its contract allows.

A function whose contract takes a scalar ("float", "float or ndarray") must be graded on a
Python scalar, a numpy scalar and a 0-d array; a function that takes an array of data, on an
integer array (``np.zeros_like(x)`` on one truncates, ``x -= ...`` on one raises). Settings are
graded in numpy's forms too (numpy code passes numbers it read from arrays): every count or size
documented as ``int`` on a numpy integer and a 0-d integer array, every rate, step, fraction or
tolerance documented as ``float`` on a numpy float and a 0-d float array (their Python forms have
the function's other tests). The graded suite runs on the reference with ``record_inputs``
watching what each graded test passes to the function it grades; a bool never counts. Random
generators, callables, strings and lists (of starts, names, or configs for the search, which
hands each to ``train_classifier``, whose config is here) are left out.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from record_inputs import (
    INTEGER_ARRAY,
    NUMPY_FLOAT,
    NUMPY_INTEGER,
    NUMPY_SCALAR,
    PYTHON_SCALAR,
    ZERO_D,
    ZERO_D_FLOAT,
    ZERO_D_INTEGER,
    kinds_of,
)

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
    "backprop.chain_backward": {("x",): SCALAR, ("target",): SCALAR},
    "backprop.chain_train_step": {("x",): SCALAR, ("target",): SCALAR},
    "backprop.chain_train": {("x",): SCALAR, ("target",): SCALAR},
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

COUNT = (NUMPY_INTEGER, ZERO_D_INTEGER)
REAL = (NUMPY_FLOAT, ZERO_D_FLOAT)

# For each contract function with settings: the kinds of input some graded test must give to
# each of its settings (every argument documented as int or float that is not data above).
SETTINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "activations.leaky_relu": {"alpha": REAL},
    "activations.leaky_relu_prime": {"alpha": REAL},
    "activations.softmax": {"axis": COUNT},
    "costs.binary_cross_entropy": {"eps": REAL},
    "costs.cross_entropy": {"eps": REAL},
    "gradient_descent.gradient_step": {"learning_rate": REAL},
    "gradient_descent.fit_line": {"w0": REAL, "learning_rate": REAL, "n_iterations": COUNT},
    "gradient_descent.gradient_descent": {"learning_rate": REAL, "n_steps": COUNT},
    "gradient_descent.best_of_restarts": {"learning_rate": REAL, "n_steps": COUNT},
    # n: a numpy integer only; the contract draws one rng.permutation(n), which numpy refuses
    # for a 0-d array.
    "gradient_descent.minibatches": {"n": (NUMPY_INTEGER,), "batch_size": COUNT},
    "gradient_descent.momentum_step": {"learning_rate": REAL, "beta": REAL},
    "gradient_descent.adam_step": {
        "learning_rate": REAL,
        "beta1": REAL,
        "beta2": REAL,
        "eps": REAL,
    },
    "layers.dropout_forward": {"keep_prob": REAL},
    "layers.dropout_backward": {"cache": REAL},
    "backprop.chain_train_step": {"learning_rate": REAL},
    "backprop.chain_train": {"learning_rate": REAL, "max_epochs": COUNT, "tolerance": REAL},
    "backprop.init_mlp": {"n_inputs": COUNT, "n_hidden": COUNT, "n_outputs": COUNT},
    "backprop.mlp_loss_and_gradients": {"l2": REAL},
    "backprop.numerical_gradient": {"h": REAL},
    "backprop.gradient_check": {"h": REAL},
    "backprop.layer_gradient_norms": {"depth": COUNT, "width": COUNT},
    "backprop.init_weights": {"fan_in": COUNT, "fan_out": COUNT},
    "overfitting.train_validation_split": {"validation_fraction": REAL},
    "overfitting.early_stopping_epoch": {"patience": COUNT},
    "overfitting.is_overfitting": {"patience": COUNT},
    "overfitting.l2_penalty": {"lam": REAL},
    "overfitting.l2_gradient": {"lam": REAL},
    "overfitting.polynomial_features": {"degree": COUNT},
    "overfitting.fit_polynomial": {"degree": COUNT},
    "overfitting.best_polynomial_degree": {"max_degree": COUNT},
    "overfitting.spurious_features": {"tolerance": REAL},
    "digits.train_classifier": {"config": (*COUNT, *REAL)},  # n_hidden, learning_rate, ...
}
# Settings inside another argument: keep_prob in dropout's cache, the numbers of a config.
NESTED = {("layers.dropout_backward", "cache"), ("digits.train_classifier", "config")}


def test_the_table_names_every_contract_function_and_real_arguments():
    reference = load_reference(REPO / "solutions")
    functions = {f"{t}.{n}" for t in TOPICS for n in EXERCISES[t]}
    assert set(REQUIRED) == functions
    for function, needs in REQUIRED.items():
        names = set(inspect.signature(reference[function]).parameters)
        for arguments in needs:
            assert set(arguments) <= names, (function, arguments, names)


def test_the_settings_table_names_every_number_that_is_not_data():
    """Each argument annotated int or float is data (REQUIRED) or a setting (SETTINGS)."""
    reference = load_reference(REPO / "solutions")
    numbers = {
        (function, parameter.name)
        for function in REQUIRED
        for parameter in inspect.signature(reference[function]).parameters.values()
        if parameter.annotation in ("int", "float")
    }
    data = {(f, argument) for f, needs in REQUIRED.items() for group in needs for argument in group}
    settings = {(f, argument) for f, needs in SETTINGS.items() for argument in needs}
    assert NESTED <= settings
    assert numbers - data == settings - NESTED


def test_a_bool_is_no_number_and_a_setting_kind_follows_the_dtype():
    for value in (True, np.bool_(False), np.array(True), np.array([True, False])):
        assert kinds_of(value) == set(), value
    assert kinds_of(np.int64(3)) == {NUMPY_SCALAR, NUMPY_INTEGER}
    assert kinds_of(np.float64(0.5)) == {NUMPY_SCALAR, NUMPY_FLOAT}
    assert kinds_of(np.array(3)) == {ZERO_D, ZERO_D_INTEGER}
    assert kinds_of(np.array(0.5)) == {ZERO_D, ZERO_D_FLOAT}
    assert kinds_of((np.array([True]), np.array(0.5))) == {ZERO_D, ZERO_D_FLOAT}
    assert kinds_of(3) == kinds_of(0.5) == {PYTHON_SCALAR}


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
    ] + [
        f"{function}: {kind} as the setting {argument}"
        for function, needs in SETTINGS.items()
        for argument, kinds in needs.items()
        for kind in kinds
        if (function, argument, kind) not in seen
    ]
    assert not missing, f"{len(missing)} kinds of input no graded test gives:\n" + "\n".join(
        missing
    )
