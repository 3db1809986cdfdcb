"""The course contract as the grader knows it: topics, their exercises and their given helpers.

Graders and submissions outside this repository rely on these names; ``tests/grader``
checks that ``solutions/`` and ``exercises/`` define exactly these functions with the same
signatures.
"""

from __future__ import annotations

EXERCISES: dict[str, tuple[str, ...]] = {
    "activations": (
        "sigmoid",
        "sigmoid_prime",
        "tanh",
        "tanh_prime",
        "relu",
        "relu_prime",
        "leaky_relu",
        "leaky_relu_prime",
        "softmax",
    ),
    "costs": (
        "mse",
        "mse_gradient",
        "half_squared_error",
        "half_squared_error_gradient",
        "quadratic_cost",
        "binary_cross_entropy",
        "cross_entropy",
        "softmax_cross_entropy_gradient",
    ),
    "gradient_descent": (
        "gradient_step",
        "line_cost",
        "line_gradient",
        "fit_line",
        "gradient_descent",
        "learning_rate_regime",
        "best_of_restarts",
        "minibatches",
        "momentum_step",
        "adam_step",
    ),
    "layers": (
        "linear_forward",
        "linear_backward",
        "sigmoid_forward",
        "sigmoid_backward",
        "tanh_forward",
        "tanh_backward",
        "relu_forward",
        "relu_backward",
        "softmax_cross_entropy_forward",
        "softmax_cross_entropy_backward",
        "dropout_forward",
        "dropout_backward",
    ),
    "backprop": (
        "chain_forward",
        "chain_backward",
        "chain_train_step",
        "chain_train",
        "init_mlp",
        "mlp_forward",
        "mlp_loss_and_gradients",
        "numerical_gradient",
        "relative_error",
        "gradient_check",
        "layer_gradient_norms",
        "init_weights",
    ),
    "overfitting": (
        "train_validation_split",
        "generalization_gap",
        "early_stopping_epoch",
        "is_overfitting",
        "l2_penalty",
        "l2_gradient",
        "polynomial_features",
        "fit_polynomial",
        "best_polynomial_degree",
        "spurious_features",
    ),
    "digits": ("train_classifier", "predict", "search_hyperparameters"),
}

GIVEN: dict[str, tuple[str, ...]] = {
    "overfitting": ("pool_attendance",),
    "digits": ("load_digits",),
}

TOPICS: tuple[str, ...] = tuple(EXERCISES)


def exercise_for_test(topic: str, test_name: str) -> str | None:
    """Return ``"topic.function"`` for a test named ``test_<function>...`` in that topic.

    The longest exercise name that the test name starts with wins, so ``test_sigmoid_prime_x``
    belongs to ``sigmoid_prime`` and not to ``sigmoid``. ``None`` when no exercise matches.
    """
    body = test_name.removeprefix("test_").split("[")[0]
    matches = [
        name for name in EXERCISES.get(topic, ()) if body == name or body.startswith(name + "_")
    ]
    return f"{topic}.{max(matches, key=len)}" if matches else None
