"""Counts patience correctly but returns the epoch it stopped at, not the best one."""

MISTAKES = ("early-stop-returns-last-epoch",)

import numpy as np


def early_stopping_epoch(val_losses, patience=5):
    losses = np.asarray(val_losses, dtype=float)
    if losses.size == 0:
        raise ValueError("no epochs")
    best, waited = np.inf, 0
    for epoch, loss in enumerate(losses):
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return len(losses) - 1
