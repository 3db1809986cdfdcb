"""range(n // batch_size) batches: the last, smaller batch is silently dropped."""

MISTAKES = ("minibatches-drop-last",)


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[k * batch_size : (k + 1) * batch_size] for k in range(n // batch_size)]
