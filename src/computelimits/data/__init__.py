"""Packaged data files (read with importlib.resources; nothing is read at import time)."""
