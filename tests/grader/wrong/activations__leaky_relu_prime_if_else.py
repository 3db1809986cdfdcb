"""An if/else on the input: correct for one number, raises on an array."""

MISTAKES = ("scalar-only-code",)


def leaky_relu_prime(z, alpha=0.01):
    if z > 0:
        return 1.0
    return alpha
