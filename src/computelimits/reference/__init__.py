"""Numbers the paper prints, with where they are printed and how many digits.

``paper_tables.csv`` is transcribed by hand from Thompson, Greenewald, Lee and Manso, "The
Computational Limits of Deep Learning" (arXiv:2007.05558v2) and edited directly (append rows for
other tables and figures). Columns:

``source``
    Where the number is printed: ``"Table 1"``, ``"Section 3.2"``, ``"Figure 4"`` ...
``column``
    The table column (``"(1)"``, ``"(2)"`` ...), or for numbers quoted in the text the regression
    they refer to (``"per-pass polynomial"``); may be empty.
``item``
    What the number is about, usually a benchmark id (``imagenet``, ``coco`` ...).
``quantity``
    ``const``, ``const_se``, ``slope``, ``slope_se``, ``year``, ``year_se``, ``nobs``, ``r2``,
    ``r2_adj``, ``resid_se``, ``resid_df``, ``f``, ``f_df1``, ``f_df2``, ``*_stars`` (number of
    significance stars printed), ``exponent``, ``exponent_ci_lower`` ... (free, snake_case).
``value``
    The number as printed.
``digits``
    Decimals printed (negative: rounded to tens, hundreds ...); a reproduction agrees when it is
    within half a unit of the last printed digit (:func:`tolerance`).
``note``
    The printed context or a caveat.

Nothing is read at import time.
"""

from __future__ import annotations

import math
from functools import cache

__all__ = ["load_paper_values", "paper_value", "tolerance", "agrees", "REFERENCE_COLUMNS"]

REFERENCE_COLUMNS = ("source", "column", "item", "quantity", "value", "digits", "note")


@cache
def _table():
    import io
    from importlib import resources

    import pandas as pd

    raw = resources.files("computelimits.reference").joinpath("paper_tables.csv").read_bytes()
    df = pd.read_csv(io.BytesIO(raw), dtype={"source": str, "column": str, "item": str,
                                             "quantity": str, "note": str},
                     keep_default_na=False)
    df["value"] = df["value"].astype(float)
    df["digits"] = df["digits"].astype(int)
    return df


def load_paper_values(source: str | None = None, item: str | None = None,
                      quantity: str | None = None):
    """The paper's printed numbers as a DataFrame (a fresh copy), optionally filtered.

    Parameters
    ----------
    source : str, optional
        ``"Table 1"`` ... ``"Table 4"``, ``"Section 3.2"`` ... (case-insensitive).
    item : str, optional
        Benchmark id or other item.
    quantity : str, optional

    Examples
    --------
    >>> t1 = load_paper_values("Table 1")
    >>> float(t1.query("column == '(2)' and quantity == 'slope'")["value"].iloc[0])
    -0.11
    """
    import numpy as np

    df = _table()
    mask = np.ones(len(df), dtype=bool)
    if source is not None:
        mask &= df["source"].str.lower() == str(source).lower()
    if item is not None:
        mask &= df["item"].str.lower() == str(item).lower()
    if quantity is not None:
        mask &= df["quantity"] == str(quantity)
    return df[mask].reset_index(drop=True).copy()


def paper_value(source: str, quantity: str, item: str | None = None,
                column: str | None = None) -> tuple[float, int]:
    """One printed number and its digits: ``(value, digits)``.

    Raises
    ------
    KeyError
        When no row, or more than one, matches.

    Examples
    --------
    >>> paper_value("Table 2", "year", item="imagenet", column="(2)")
    (-0.04, 2)
    """
    df = load_paper_values(source, item, quantity)
    if column is not None:
        df = df[df["column"] == column]
    if len(df) != 1:
        raise KeyError(f"{len(df)} reference rows for source={source!r}, quantity={quantity!r}, "
                       f"item={item!r}, column={column!r}")
    return float(df["value"].iloc[0]), int(df["digits"].iloc[0])


def tolerance(digits: int) -> float:
    """Half a unit of the last printed digit: ``0.5 * 10**-digits`` (0.005 for 2 decimals)."""
    return 0.5 * 10.0 ** (-int(digits))


def agrees(ours: float, printed: float, digits: int) -> bool:
    """Whether ``ours`` rounds to ``printed`` at ``digits`` decimals (within :func:`tolerance`,
    with a little slack for binary floating point)."""
    if not (math.isfinite(ours) and math.isfinite(printed)):
        return False
    return abs(float(ours) - float(printed)) <= tolerance(digits) * (1 + 1e-9)
