"""Matplotlib figures. Each submodule imports matplotlib lazily, inside its functions.

This package imports nothing at import time: ``import computelimits.plotting.<figure>`` and call
its functions, which accept ``ax=None`` and return the axes.
"""
