"""(z > 0).astype(float): a Python float compared with 0 is a bool, which has no astype."""

MISTAKES = ("array-only-code",)


def relu_prime(z):
    return (z > 0).astype(float)
