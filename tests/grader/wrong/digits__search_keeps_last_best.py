"""A >= comparison while scanning the configs: the last of tied configs wins, not the first."""

MISTAKES = ("search-last-on-ties",)

import numpy as np


def search_hyperparameters(X_train, y_train, X_val, y_val, configs, rng):
    best, best_acc, accuracies = None, -1.0, []
    for config in configs:
        params = train_classifier(X_train, y_train, X_val, y_val, rng, config)
        acc = float(np.mean(predict(params, X_val) == np.asarray(y_val)))
        accuracies.append(acc)
        if acc >= best_acc:
            best, best_acc = config, acc
    return best, accuracies
