"""backprop-lab's autograder: a pytest plugin and the ``autograder`` command."""

__version__ = "0.1.0"
