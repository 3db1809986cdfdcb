"""Reference solutions of the backprop-lab course: the single source of ``exercises/``."""
