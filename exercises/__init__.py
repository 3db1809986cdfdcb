"""The exercises of the backprop-lab course: one module per topic, each function a stub to write.

Written from the reference solutions by ``autograder stubs``."""
