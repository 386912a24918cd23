"""Former home of the table renderer, kept as an import path for modules not yet on the protocol.

The renderer is :mod:`computelimits.presentation`; escaping is :mod:`computelimits.escaping`.
"""

from __future__ import annotations

from ..escaping import escape_html as html_escape
from ..escaping import escape_latex as latex_escape
from ..presentation import FORMATS, check_format, render_table

__all__ = ["render_table", "latex_escape", "html_escape", "FORMATS", "check_format"]
