"""The report's "Citing" section: the paper, the software and every input file with its licence.

Built from the inputs the run actually read (:mod:`computelimits.report.inputs`) and the bundled
data manifest, so the block names exactly the files behind the report. The repository's
``CITATION.cff`` carries the same information for the software.
"""

from __future__ import annotations

from typing import Any

from .model import ReportTable, Section

__all__ = ["citation_section", "PAPER_CITATION"]

PAPER_CITATION = ("Thompson, N. C., Greenewald, K., Lee, K., & Manso, G. F. (2020). The "
                  "Computational Limits of Deep Learning. arXiv:2007.05558.")


def citation_section(inputs: dict[str, Any], version: str) -> Section:
    """A section citing the paper, computelimits ``version`` and each input with its licence."""
    import pandas as pd

    from ..datasets import load_manifest

    files = load_manifest().get("files", {})
    rows = []
    for _key, inp in sorted(inputs.items()):
        meta = files.get(inp.name, {}) if inp.origin == "bundled" else {}
        rows.append({"file": inp.name, "what": inp.description, "licence": inp.licence,
                     "credit": meta.get("attribution") or ("see the file's own source"
                                                           if inp.origin == "given" else
                                                           inp.licence),
                     "sha256": inp.sha256})
    frame = pd.DataFrame(rows, columns=["file", "what", "licence", "credit", "sha256"])
    display = frame.assign(sha256=frame["sha256"].str[:12])
    intro = (
        f"Cite the paper: {PAPER_CITATION}\n\n"
        f"Cite the software and this dataset version: computelimits {version} (the bundled "
        "dataset is versioned with the package; manifest.json gives the sha256 of every input "
        "below). The repository's CITATION.cff has both in machine-readable form.\n\n"
        "Credit the data sources with their licences:")
    table = ReportTable(name="sources", title="Data behind this report", frame=frame,
                        display=display,
                        caption="Every input file of this run, with its licence and credit; "
                                "full sha256 in tables/sources.csv and manifest.json.")
    return Section(key="citing", title="Citing this report", intro=intro, tables=[table])
