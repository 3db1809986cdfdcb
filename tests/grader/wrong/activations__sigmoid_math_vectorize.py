"""Scalar math.exp wrapped in np.vectorize: math.exp(1000) raises OverflowError at z = -1000."""

MISTAKES = ("sigmoid-overflow-warning",)

import math

import numpy as np


def _scalar_sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


def sigmoid(z):
    return np.vectorize(_scalar_sigmoid, otypes=[float])(z)
