"""The reproduction report: every figure and table of the paper, beside its printed values."""

from .pipeline import STAGES, ReportSettings, ReproduceResult, reproduce

__all__ = ["reproduce", "ReproduceResult", "ReportSettings", "STAGES"]
