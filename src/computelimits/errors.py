"""Exceptions raised at the package's boundaries.

Every error a user can cause (a bad CSV, an unknown chip, a target that makes no sense) is a
:class:`ComputeLimitsError`. The command line turns it into one line on stderr and exit status 2,
never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ComputeLimitsError",
    "InputError",
    "DataValidationError",
    "ValidationProblem",
    "UnknownNameError",
]


class ComputeLimitsError(Exception):
    """Base class for every error a user of the package can trigger."""


class InputError(ComputeLimitsError, ValueError):
    """A value given by the user (option, argument, target) is outside what is accepted."""


@dataclass(frozen=True)
class ValidationProblem:
    """One problem found in one cell (or row) of a tabular input.

    Attributes
    ----------
    file : str
        File name (or ``"<DataFrame>"`` for in-memory data).
    row : int or None
        1-based data row as a spreadsheet shows it: row 1 is the first row *after* the header,
        ``None`` for a problem with the whole file (e.g. a missing column).
    column : str or None
        Column name, ``None`` for whole-row problems.
    expected : str
        What was expected, in words.
    got : str or None
        What was found, if it helps.
    """

    file: str
    row: int | None
    column: str | None
    expected: str
    got: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        msg = f"{', '.join(where)}: expected {self.expected}"
        if self.got is not None:
            msg += f", got {self.got!s}"
        return msg


class DataValidationError(ComputeLimitsError, ValueError):
    """A table failed validation; carries one :class:`ValidationProblem` per problem."""

    def __init__(self, problems: list[ValidationProblem]):
        self.problems = list(problems)
        head = str(self.problems[0]) if self.problems else "invalid data"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(head + suffix)

    def report(self, limit: int = 20) -> str:
        """All problems, one per line (at most ``limit``)."""
        lines = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines)


class UnknownNameError(ComputeLimitsError, KeyError):
    """A name (hardware, benchmark, registry entry) that is unknown or ambiguous."""

    def __init__(self, kind: str, name: str, candidates: list[str] | None = None,
                 ambiguous: bool = False):
        self.kind, self.name, self.candidates = kind, name, list(candidates or [])
        what = "ambiguous" if ambiguous else "unknown"
        msg = f"{what} {kind} '{name}'"
        if self.candidates:
            msg += "; did you mean: " + ", ".join(self.candidates) + "?"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]
