"""The gap as an absolute difference: a validation loss below the training loss reads as a gap."""

MISTAKES = ()


def generalization_gap(train_loss, val_loss):
    return abs(float(val_loss) - float(train_loss))
