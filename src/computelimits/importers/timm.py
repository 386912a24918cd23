"""Import timm (pytorch-image-models) ImageNet results with per-image multiply-adds.

timm publishes ``results-imagenet.csv`` (its own re-evaluation of each pretrained checkpoint on the
ImageNet-1k validation set: ``model`` = ``architecture.pretrained_tag``, ``img_size``, ``top1``,
``top5``, ``param_count`` in millions) and ``benchmark-infer-*.csv`` files (``model`` =
architecture, ``infer_img_size``, ``infer_gmacs`` = giga multiply-accumulates per image at that
size). They join on (architecture, image size).

timm rows carry no publication date, and a checkpoint is often timm's own retraining, not the
paper's weights, so a row becomes a record only through a **paper mapping**
(``data/timm_papers.csv``, or a user file with the same columns): ``timm_model`` (checkpoint),
``img_size``, ``model`` (name as the paper gives it), ``arxiv_id``, ``paper_title``, ``use``,
``citation``, ``note``. ``use`` is

- ``record``: the checkpoint is the paper's released weights (ported or original), so timm's
  top-1/top-5 and its multiply-adds make a record of that paper;
- ``compute``: only the architecture at that resolution is the paper's (timm's weights are a
  re-training), so only multiply-adds and parameters are usable: the build script attaches them to
  the paper's own record; :func:`import_timm` drops such rows (their scores are not the paper's).

``infer_gmacs`` is multiply-adds, written with ``flops_unit`` = ``GMAC`` (1 MAC = 2 FLOP); the
benchmark file it came from is named in ``flops_per_pass_source``.

timm's results are licensed Apache-2.0.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataValidationError, InputError, ValidationProblem
from ._common import (
    ImportResult,
    dropped_frame,
    file_label,
    parse_number,
    records_frame,
)

__all__ = ["PAPERS_FILE", "MAPPING_COLUMNS", "read_timm", "load_timm_papers", "import_timm",
           "DEFAULT_BENCHMARK_FILE"]

#: Packaged paper mapping of timm checkpoints.
PAPERS_FILE = "timm_papers.csv"
MAPPING_COLUMNS: tuple[str, ...] = ("timm_model", "img_size", "model", "arxiv_id", "paper_title", "use",
                                    "citation", "note")
#: The benchmark file the packaged dataset uses (every results row joins to it).
DEFAULT_BENCHMARK_FILE = "benchmark-infer-amp-nchw-pt291-cu128-4090.csv"


def _read_csv(path: Path, need: tuple[str, ...], what: str):
    import pandas as pd

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataValidationError([ValidationProblem(path.name, None, None, what, msg)]) from None
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise DataValidationError([ValidationProblem(
            path.name, None, c, f"{what} with a column '{c}'", "no such column") for c in missing])
    return df


def read_timm(results: str | Path, benchmark: str | Path):
    """timm results joined to a benchmark file's multiply-adds.

    Parameters
    ----------
    results : str or Path
        ``results-imagenet.csv`` (or another ``results-*.csv`` with the same columns).
    benchmark : str or Path
        A ``benchmark-infer-*.csv`` with ``infer_gmacs`` (the CPU files without it are refused).

    Returns
    -------
    pandas.DataFrame
        ``row`` (1-based), ``timm_model``, ``architecture``, ``img_size`` (int), ``top1``,
        ``top5``, ``param_count`` (millions), ``gmacs`` (NaN when the benchmark file has no row
        for the architecture at that size), ``results_file``, ``benchmark_file``.
    """
    import pandas as pd

    rp, bp = Path(results), Path(benchmark)
    res = _read_csv(rp, ("model", "img_size", "top1", "top5", "param_count"), "a timm results CSV")
    bench = _read_csv(bp, ("model", "infer_img_size"), "a timm benchmark-infer CSV")
    if "infer_gmacs" not in bench.columns:
        raise DataValidationError([ValidationProblem(
            bp.name, None, "infer_gmacs", "a timm benchmark file with multiply-adds per image "
            "(column 'infer_gmacs'; the CPU benchmark files have none)", "no such column")])
    gm: dict[tuple[str, int], float] = {}
    for r in bench.itertuples(index=False):
        size = parse_number(r.infer_img_size)
        g = parse_number(r.infer_gmacs)
        if size is not None and g is not None and g > 0:
            gm.setdefault((r.model.strip(), int(size)), g)
    out = []
    for i, r in enumerate(res.itertuples(index=False), start=1):
        name = r.model.strip()
        size = parse_number(r.img_size)
        out.append(dict(
            row=i, timm_model=name, architecture=name.split(".", 1)[0],
            img_size=int(size) if size is not None else -1,
            top1=parse_number(r.top1), top5=parse_number(r.top5),
            param_count=parse_number(r.param_count),
            gmacs=gm.get((name.split(".", 1)[0], int(size)) if size is not None else ("", -1),
                         float("nan")),
            results_file=rp.name, benchmark_file=bp.name))
    df = pd.DataFrame(out)
    for c in ("top1", "top5", "param_count", "gmacs"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    return df


def load_timm_papers(path: str | Path | None = None):
    """The paper mapping of timm checkpoints (packaged ``data/timm_papers.csv`` by default).

    Checks every row (known ``use``, valid arXiv id, citation present, image size a number, no
    checkpoint listed twice at one size) and raises :class:`DataValidationError` otherwise.
    """
    import io

    import pandas as pd

    from ..arxiv import parse_arxiv

    if path is None:
        from ..packaged import packaged_path

        raw = packaged_path(PAPERS_FILE).read_bytes()
        name = f"computelimits/data/{PAPERS_FILE}"
        df = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
        missing = [c for c in MAPPING_COLUMNS if c not in df.columns]
        if missing:  # pragma: no cover - packaged file
            raise DataValidationError([ValidationProblem(name, None, missing[0], "a mapping column",
                                                         "no such column")])
    else:
        name = Path(path).name
        df = _read_csv(Path(path), MAPPING_COLUMNS, "a timm paper mapping CSV")
    problems: list[ValidationProblem] = []
    seen: dict[tuple, int] = {}
    for i, r in enumerate(df.to_dict("records"), start=1):
        if r["use"] not in ("record", "compute"):
            problems.append(ValidationProblem(name, i, "use", "'record' or 'compute'", repr(r["use"])))
        if not r["timm_model"].strip() or "." not in r["timm_model"]:
            problems.append(ValidationProblem(name, i, "timm_model",
                                              "a checkpoint name 'architecture.tag'", repr(r["timm_model"])))
        if not r["model"].strip():
            problems.append(ValidationProblem(name, i, "model", "the model name the paper uses"))
        if parse_number(r["img_size"]) is None:
            problems.append(ValidationProblem(name, i, "img_size", "an image size in pixels", repr(r["img_size"])))
        try:
            parse_arxiv(r["arxiv_id"])
        except InputError:
            problems.append(ValidationProblem(name, i, "arxiv_id", "an arXiv id", repr(r["arxiv_id"])))
        if not r["citation"].strip():
            problems.append(ValidationProblem(name, i, "citation", "where the mapping comes from"))
        key = (r["timm_model"].strip(), r["img_size"].strip())
        if key in seen:
            problems.append(ValidationProblem(name, i, "timm_model",
                                              f"each checkpoint and size once; same as row {seen[key]}"))
        seen[key] = i
    if problems:
        raise DataValidationError(problems)
    df = df.copy()
    df["img_size"] = df["img_size"].map(lambda s: int(float(s)))
    df["arxiv_id"] = df["arxiv_id"].map(lambda s: parse_arxiv(s).id)
    return df


def import_timm(results: str | Path, benchmark: str | Path, papers: str | Path | None = None) -> ImportResult:
    """Records of timm checkpoints that are a paper's released weights.

    Parameters
    ----------
    results : str or Path
        ``results-imagenet.csv``.
    benchmark : str or Path
        ``benchmark-infer-*.csv`` with ``infer_gmacs`` (e.g. :data:`DEFAULT_BENCHMARK_FILE`).
    papers : str or Path, optional
        Paper mapping (columns :data:`MAPPING_COLUMNS`); the packaged one by default.

    Returns
    -------
    ImportResult
        ``(records, dropped)``: one ``top1`` and one ``top5`` record per mapped ``record``
        checkpoint (ImageNet, dated by the paper's arXiv id), with ``flops_per_pass`` in GMAC and
        parameters; dropped rows with reasons (no paper mapping, compute-only mapping, no
        multiply-adds at that size).
    """
    table = read_timm(results, benchmark)
    mapping = load_timm_papers(papers)
    src_r = table["results_file"].iloc[0] if len(table) else file_label(results)
    mp = {(r["timm_model"], r["img_size"]): r for r in mapping.to_dict("records")}
    rows: list[dict] = []
    dropped: list[dict] = []
    for r in table.to_dict("records"):
        ref = f"row {r['row']}"
        m = mp.get((r["timm_model"], r["img_size"]))
        if m is None:
            dropped.append(dict(source=src_r, row=ref, model=r["timm_model"],
                                reason="no paper mapping for this checkpoint and size: cannot be dated"))
            continue
        if m["use"] != "record":
            dropped.append(dict(source=src_r, row=ref, model=r["timm_model"],
                                reason="compute-only mapping: timm's weights are not the paper's, so "
                                       "its score is not the paper's"))
            continue
        rec = timm_values(r, m)
        rec["notes"] = (f"timm re-evaluation of the paper's released weights ({r['timm_model']} at "
                        f"{r['img_size']}px)" + (f"; {m['note']}" if m["note"] else ""))
        if not rec.get("flops_per_pass"):
            dropped.append(dict(source=src_r, row=ref, model=r["timm_model"], field="flops_per_pass",
                                reason=f"no multiply-adds for {r['architecture']} at {r['img_size']}px "
                                       f"in {r['benchmark_file']}"))
        for metric in ("top1", "top5"):
            v = r[metric]
            if v is None or v != v:
                dropped.append(dict(source=src_r, row=ref, model=r["timm_model"], field=metric,
                                    reason="no score"))
                continue
            rows.append({**rec, "metric": metric, "metric_value": v,
                         "metric_value_source": f"timm {r['results_file']} row {r['row']} ('{metric}' of "
                                                f"{r['timm_model']} at {r['img_size']}px)"})
    found = {(r["timm_model"], r["img_size"]) for r in table.to_dict("records")}
    for key, m in sorted(mp.items()):
        if key not in found:
            dropped.append(dict(source=PAPERS_FILE if papers is None else file_label(papers),
                                row=f"{key[0]} at {key[1]}px", model=m["model"],
                                reason=f"mapped checkpoint not in {src_r}"))
    return ImportResult(records_frame(rows), dropped_frame(dropped))


def timm_values(r: dict, m: dict) -> dict:
    """Schema values a timm row gives a paper's model: paper identity, per-pass multiply-adds and
    parameters, with sources (scores are added by the caller, only for ``record`` mappings)."""
    out: dict = dict(model=m["model"], paper_title=m["paper_title"] or None, arxiv_id=m["arxiv_id"],
                     benchmark="imagenet")
    g = r["gmacs"]
    if g == g and g is not None:
        out["flops_per_pass"] = g
        out["flops_unit"] = "GMAC"
        out["flops_per_pass_source"] = (f"timm {r['benchmark_file']} ('infer_gmacs' = {g!r} GMAC per image "
                                        f"of {r['architecture']} at {r['img_size']}px; mapping: {m['citation']})")
    p = r["param_count"]
    if p == p and p is not None:
        from decimal import Decimal

        out["params"] = float(Decimal(repr(p)) * Decimal(1_000_000))
        out["params_source"] = (f"timm {r['results_file']} row {r['row']} ('param_count' = {p!r} M "
                                f"of {r['timm_model']})")
    return out
