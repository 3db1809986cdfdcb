"""Stops at the first epoch whose loss rises, ignoring patience."""

MISTAKES = ("early-stop-first-increase",)


def early_stopping_epoch(val_losses, patience=5):
    losses = [float(v) for v in val_losses]
    if not losses:
        raise ValueError("no epochs")
    for epoch in range(1, len(losses)):
        if losses[epoch] > losses[epoch - 1]:
            return epoch - 1
    return len(losses) - 1
