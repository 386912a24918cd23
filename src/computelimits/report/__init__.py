"""The reproduction report: every figure and table of the paper, beside its printed values.

Importing this package registers the report's stages (:mod:`computelimits.report.stages`, then
the language-model chapter :mod:`computelimits.report.modern`) in
:data:`STAGES`; nothing heavy (numpy, pandas, matplotlib) is imported until a stage runs.
"""

# isort: off
from . import stages as _stages  # noqa: F401  (registers the stages, in the paper's order)
from . import modern as _modern  # noqa: F401  (the language-model chapter, registered last)
# isort: on
from .inputs import ReportInput, resolve_input
from .pipeline import STAGES, ReportSettings, ReproduceResult, reproduce

__all__ = ["reproduce", "ReproduceResult", "ReportSettings", "STAGES", "ReportInput",
           "resolve_input"]
