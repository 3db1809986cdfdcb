"""Python's max(0.0, z) where np.maximum is meant: fine on a number, raises on an array."""

MISTAKES = ("scalar-only-code",)


def relu(z):
    return max(0.0, z)
