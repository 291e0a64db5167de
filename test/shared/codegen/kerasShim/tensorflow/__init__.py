"""A recording stand-in for TensorFlow, used only by Netwright's tests.

Running a generated module's main() against it lists what the module builds - every layer's
Keras class, keyword arguments and inputs, the model, the strategy and the compile call - so the
tests check the generated Python by executing it, on machines without TensorFlow installed.
It computes nothing.
"""
from . import keras
from . import distribute
from .keras.layers import RECORD

__all__ = ['keras', 'distribute', 'RECORD']
