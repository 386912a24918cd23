"""The Figure 1 simulation: model complexity, regularisation, data and computation.

See :func:`run_simulation` and ``docs/simulation.md``.
"""
