"""``reproduce``: run every report stage, then write the output folder atomically."""

from __future__ import annotations

import datetime as _dt
import json
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._registry import Registry
from ..io import atomic_write_text, check_writable, output_folder
from .model import Section

__all__ = ["ReportSettings", "ReportContext", "ReproduceResult", "STAGES", "reproduce"]

#: Report stages in order of registration; each is ``fn(ctx) -> Section``. Filled when the package
#: :mod:`computelimits.report` is imported (it imports ``stages``, then ``modern``), which Python
#: does before this module; this module imports no stage, so the stages can import it.
STAGES: Registry[Callable[[ReportContext], Section]] = Registry("report stage")

DEPENDENCIES = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "scikit-learn", "typer",
                "rich", "dask", "distributed", "torch")


@dataclass(frozen=True)
class ReportSettings:
    """Settings of a reproduction run.

    Parameters
    ----------
    sims : int
        Monte-Carlo replications for the Figure 1 simulation (the paper used 1000).
    seed : int
        Master seed: every random step (simulation, bootstrap) is derived from it.
    bootstrap : int
        Pairs-bootstrap replications for projection intervals.
    stages : tuple of str, optional
        Run only these stages (default: all).
    include_extra_data : bool
        Keep models trained on data beyond the benchmark's (``extra_training_data``: JFT-300M,
        ImageNet-21k ...) in every fit and table; ``False`` leaves them out.
    epoch_models : str, optional
        An Epoch AI notable-models CSV for Figure 2a (default: the extract bundled with the
        package, :func:`computelimits.report.inputs.resolve_input`).
    """

    sims: int = 100
    seed: int = 0
    bootstrap: int = 500
    stages: tuple[str, ...] | None = None
    include_extra_data: bool = True
    epoch_models: str | None = None

    @property
    def input_paths(self) -> dict[str, str]:
        """Input key -> the user's file, for the inputs given explicitly."""
        return {"epoch_models": self.epoch_models} if self.epoch_models else {}

    def __post_init__(self):
        from ..fitting.core import check_count

        check_count(self.sims, "sims", "simulations", minimum=1)
        check_count(self.bootstrap)
        if self.stages is not None:
            for s in self.stages:
                STAGES.get(s)


@dataclass
class ReportContext:
    """What stages share: settings and lazily loaded data."""

    settings: ReportSettings
    cache: dict[str, Any] = field(default_factory=dict)
    #: ``step(done, total)``: progress within the running stage (e.g. simulations finished);
    #: set by :func:`reproduce` for each stage, ``None`` when nobody listens.
    step: Callable[[int, int], None] | None = None

    #: the input files read so far (key -> :class:`~computelimits.report.inputs.ReportInput`)
    inputs: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def input(self, key: str):
        """The report input ``key`` (the user's file where the settings name one), recorded."""
        if key not in self.inputs:
            from .inputs import resolve_input

            self.inputs[key] = resolve_input(key, self.settings.input_paths.get(key))
        return self.inputs[key]

    @property
    def models(self):
        from ..datasets import load_models

        return self.get("models", lambda: load_models(include_extra_data=self.settings.include_extra_data))


@dataclass(frozen=True)
class ReproduceResult:
    """What ``reproduce`` wrote and how long each stage took."""

    out_dir: Path
    files: tuple[str, ...]
    stage_seconds: dict[str, float]
    failed: dict[str, str]
    sections: tuple[Section, ...]

    @property
    def ok(self) -> bool:
        return not self.failed


def _substep(progress: Callable[[str, int, int], None], name: str, i: int,
             total: int) -> Callable[[int, int], None]:
    def step(done: int, of: int) -> None:
        progress(f"{name} {done}/{of}", i, total)

    return step


def _versions() -> dict[str, str | None]:
    from importlib import metadata

    out: dict[str, str | None] = {}
    for name in ("computelimits", *DEPENDENCIES):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _dataset_hashes() -> dict[str, str]:
    from ..datasets import load_manifest

    return {k: v.get("sha256") for k, v in sorted(load_manifest().get("files", {}).items())}


def reproduce(out_dir: str | Path = "computelimits-report", *, sims: int = 100, seed: int = 0,
              bootstrap: int = 500, force: bool = False, stages: list[str] | None = None,
              epoch_models: str | Path | None = None,
              progress: Callable[[str, int, int], None] | None = None,
              render_processes: int | None = None,
              include_extra_data: bool = True) -> ReproduceResult:
    """Rebuild the paper's figures and tables from the bundled data, beside the published values.

    Parameters
    ----------
    out_dir : path
        Output folder (default ``computelimits-report``); must be absent or empty unless ``force``.
    sims : int
        Figure 1 simulation replications (1000 = paper scale).
    seed : int
        Master seed.
    bootstrap : int
        Bootstrap replications for projection intervals.
    force : bool
        Replace an earlier output in ``out_dir`` (refused if it holds files we did not write).
    stages : list of str, optional
        Subset of :data:`STAGES` to run.
    include_extra_data : bool
        Keep models trained on data beyond the benchmark's (JFT-300M, ImageNet-21k ...) in
        every fit and table (default); ``False`` leaves them out.
    epoch_models : path, optional
        An Epoch AI notable-models CSV (e.g. a newer export of
        https://epoch.ai/data/notable_ai_models.csv) for Figure 2a; default: the extract bundled
        with the package. Recorded in ``manifest.json`` with its sha256 either way.
    progress : callable, optional
        ``progress(description, index, total)``: called with the stage name before each stage,
        with ``"<stage> <done>/<of>"`` as a long stage advances (the simulations of Figure 1),
        and with ``"writing"`` (index = total) before the files are written.
    render_processes : int, optional
        Processes rendering the figures (default: the CPUs available, at most 4, where the
        platform can fork; see :func:`computelimits.report.figure_files.render_processes`).
        The files are the same for any value.

    Returns
    -------
    ReproduceResult

    Notes
    -----
    Everything is built in a temporary folder beside ``out_dir`` and moved into place at the end,
    so an interrupted run never leaves a half-written report where an old one was
    (:func:`computelimits.io.output_folder`).

    References
    ----------
    Thompson et al., "The Computational Limits of Deep Learning", Figures 1-4, 6-10, Tables 1-4.
    """
    from .figure_files import write_figures
    from .render import inline_svg, render_html, render_markdown, write_tables

    settings = ReportSettings(sims=int(sims), seed=int(seed), bootstrap=int(bootstrap),
                              stages=tuple(stages) if stages else None,
                              include_extra_data=bool(include_extra_data),
                              epoch_models=None if epoch_models is None else str(epoch_models))
    out = Path(out_dir)
    check_writable(out, force=force, what="folder")
    ctx = ReportContext(settings)
    for key in settings.input_paths:  # a missing user file fails before any work
        ctx.input(key)
    names = list(settings.stages) if settings.stages else STAGES.names()

    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams["svg.hashsalt"] = "computelimits"  # byte-stable SVG ids

    sections: list[Section] = []
    timings: dict[str, float] = {}
    failed: dict[str, str] = {}
    t_all = time.perf_counter()
    for i, name in enumerate(names):
        if progress is not None:
            progress(name, i, len(names))
        t0 = time.perf_counter()
        ctx.step = None if progress is None else _substep(progress, name, i, len(names))
        try:
            sections.append(STAGES.get(name)(ctx))
        except Exception as exc:  # a broken stage must not hide the rest of the report
            failed[name] = f"{type(exc).__name__}: {exc}"
            sections.append(Section(key=name, title=f"Stage '{name}'",
                                    notes=[f"This stage failed: {type(exc).__name__}: {exc}"],
                                    data={"traceback": traceback.format_exc()}))
        timings[name] = time.perf_counter() - t0
    if progress is not None:
        progress("writing", len(names), len(names))
    from .._version import __version__
    from .citation import citation_section

    # every section rests on the bundled dataset and the paper's printed values
    for key in ("models", "paper_values", *(k for sec in sections for f in sec.figures
                                            for k in f.inputs)):
        ctx.input(key)
    sections.append(citation_section(ctx.inputs, __version__))

    with output_folder(out, force=force) as tmp:  # all files or none, swapped in at the end
        t0 = time.perf_counter()
        figs = write_figures(sections, tmp / "figures", processes=render_processes)
        for fd in figs.values():
            fd["svg_inline"] = inline_svg((tmp / fd["svg"]).read_text("utf-8"))
        figure_inputs = {f.name: [ctx.input(k).name for k in f.inputs] or ["simulated (seed)"]
                         for sec in sections for f in sec.figures}
        write_tables(sections, tmp / "tables")
        created = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()

        title = "The Computational Limits of Deep Learning, reproduced"
        meta = [f"computelimits {__version__}; created {created}; seed {settings.seed}; "
                f"{settings.sims} simulations per case; bootstrap {settings.bootstrap}"
                + ("." if settings.include_extra_data else
                   "; models trained on extra data (JFT, ImageNet-21k ...) left out."),
                "Thompson, Greenewald, Lee, Manso (arXiv:2007.05558), rebuilt from the open "
                "dataset bundled with computelimits. Paper values are shown beside ours."]
        atomic_write_text(tmp / "report.md", render_markdown(title, meta, sections, figs))
        atomic_write_text(tmp / "report.html", render_html(title, meta, sections, figs))
        timings["write"] = time.perf_counter() - t0
        manifest = {
            "computelimits_version": __version__,
            "created_utc": created,
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "versions": _versions(),
            "settings": {"sims": settings.sims, "seed": settings.seed,
                         "bootstrap": settings.bootstrap, "stages": names,
                         "include_extra_data": settings.include_extra_data,
                         "epoch_models": settings.epoch_models},
            "dataset_sha256": _dataset_hashes(),
            "inputs": {k: v.to_dict() for k, v in sorted(ctx.inputs.items())},
            "figure_inputs": figure_inputs,
            "stage_seconds": {k: round(v, 3) for k, v in timings.items()},
            "total_seconds": round(time.perf_counter() - t_all, 3),
            "failed_stages": failed,
            "figures": sorted(f for n in figs for f in figs[n]["files"]),
            "tables": sorted(p.name for p in (tmp / "tables").iterdir()),
            "results": {s.key: s.data for s in sections if s.data and "traceback" not in s.data},
        }
        from ..io import to_jsonable

        atomic_write_text(tmp / "manifest.json",
                          json.dumps(to_jsonable(manifest), indent=2, allow_nan=False) + "\n")
        files = tuple(sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file()))
    return ReproduceResult(out_dir=out, files=files, stage_seconds=timings, failed=failed,
                           sections=tuple(sections))
