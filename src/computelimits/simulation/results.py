"""Results of the Figure 1 simulation: immutable values with curves, the crossing table and
summaries.

Performance of one fit is ``-log10(NMSE)`` with ``NMSE = ||theta_hat - theta||^2 / ||theta||^2``
(the prediction MSE against the true predictor over isotropic Gaussian queries, normalised by the
mean square of the true predictor). Two averages over replications are available everywhere:

``"mean_log"`` (default)
    mean over replications of ``-log10(NMSE)``, i.e. the average performance; this is what the
    Figure 1 caption describes ("averaged over 1000 simulations per case") and it reproduces the
    flexible model's 1,500.
``"log_mean"``
    ``-log10`` of the mean NMSE over replications.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2 and
Figure 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InputError, UnknownNameError
from ..presentation import Presentable, Text
from .models import MODELS, PENALTIES
from .settings import SimulationSettings

__all__ = ["SimulationResult", "CrossingTable", "AVERAGES", "paper_figure1"]

#: The two averages over replications.
AVERAGES = ("mean_log", "log_mean")


def _check_average(average: str) -> str:
    a = str(average).lower().replace("-", "_")
    if a not in AVERAGES:
        raise UnknownNameError("average", average, list(AVERAGES))
    return a


def _readonly(a: Any) -> np.ndarray:
    arr = np.array(a, dtype=float, copy=True)
    arr.setflags(write=False)
    return arr


def paper_figure1() -> dict[str, float]:
    """The paper's Figure 1 crossing sample sizes, from the bundled reference table.

    Returns
    -------
    dict
        ``{"oracle": 15.0, "flexible": 1500.0, "regularized": 175.0}`` (section 2 of the paper),
        the rows ``source == "Figure 1"``, ``quantity == "crossing_n"`` of
        ``computelimits/reference/paper_tables.csv``.
    """
    from ..reference import load_paper_values

    df = load_paper_values("Figure 1", quantity="crossing_n")
    return {str(r.item): float(r.value) for r in df.itertuples()}


def _crossing(n: np.ndarray, perf: np.ndarray, ref: float) -> tuple[float | None, int | None]:
    """First grid n with ``perf >= ref``; crossing interpolated linearly in ``log10 n``."""
    hit = np.flatnonzero(perf >= ref)
    if hit.size == 0:
        return None, None
    i = int(hit[0])
    if i == 0:
        return float(n[0]), int(n[0])
    x0, x1 = math.log10(n[i - 1]), math.log10(n[i])
    p0, p1 = perf[i - 1], perf[i]
    t = (ref - p0) / (p1 - p0) if p1 != p0 else 1.0
    return float(10 ** (x0 + t * (x1 - x0))), int(n[i])


@dataclass(frozen=True)
class CrossingTable(Presentable):
    """The sample size at which each model first matches the reference model's performance at
    the reference sample size (paper: the oracle at n = 15).

    Attributes
    ----------
    reference_model, reference_n : str, int
    reference_performance : float
        The reference model's average performance at ``reference_n``.
    average : str
        ``"mean_log"`` or ``"log_mean"``.
    n : dict
        Model -> crossing sample size, interpolated linearly in ``log10 n`` between the two grid
        sizes around the crossing; ``None`` when never reached on the grid.
    n_grid : dict
        Model -> first grid sample size at which the performance is reached (``None``: never).
    ci : dict
        Model -> ``(lower, upper)`` bootstrap percentile interval over replications (``None``
        bounds when more than ``(1 - level) / 2`` of the resamples never reach it).
    level : float
    paper : dict
        The paper's values (section 2), for comparison; empty unless the run has the paper's
        ``d = 1000``, ``s = 10`` and reference (the oracle at n = 15).
    """

    reference_model: str
    reference_n: int
    reference_performance: float
    average: str
    n: Mapping[str, float | None]
    n_grid: Mapping[str, int | None]
    ci: Mapping[str, tuple[float | None, float | None]]
    level: float
    bootstrap: int
    paper: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``reference_n`` and one entry per model (null when never reached), plus details."""
        out: dict[str, Any] = {
            "reference_model": self.reference_model,
            "reference_n": self.reference_n,
            "reference_performance": self.reference_performance,
            "average": self.average,
        }
        for m, v in self.n.items():
            out[m] = v
        out["n_grid"] = dict(self.n_grid)
        out["ci"] = {m: list(v) for m, v in self.ci.items()}
        out["level"] = self.level
        out["bootstrap"] = self.bootstrap
        out["paper"] = dict(self.paper)
        return out

    def to_frame(self):
        """One row per model: ``model``, ``crossing_n``, ``ci_lower``, ``ci_upper``,
        ``first_grid_n``, ``paper_n``."""
        import pandas as pd

        rows = []
        for m, v in self.n.items():
            lo, hi = self.ci.get(m, (None, None))
            rows.append({
                "model": m,
                "crossing_n": np.nan if v is None else v,
                "ci_lower": np.nan if lo is None else lo,
                "ci_upper": np.nan if hi is None else hi,
                "first_grid_n": self.n_grid.get(m),
                "paper_n": self.paper.get(m, np.nan),
            })
        return pd.DataFrame(rows)

    def _summary_blocks(self) -> list[Text]:
        lines = [
            f"Sample size at which each model matches the {self.reference_model} at "
            f"n = {self.reference_n}\n(performance {self.reference_performance:.3f}, "
            f"average {self.average}, {self.level:.0%} bootstrap intervals)",
            f"{'model':<14}{'crossing n':>12}{'interval':>22}{'paper':>10}",
        ]
        for m, v in self.n.items():
            lo, hi = self.ci.get(m, (None, None))
            iv = "" if lo is None and hi is None else (
                f"[{'-' if lo is None else f'{lo:,.0f}'}, {'never' if hi is None else f'{hi:,.0f}'}]"
            )
            val = "never" if v is None else f"{v:,.0f}"
            p = self.paper.get(m)
            lines.append(f"{m:<14}{val:>12}{iv:>22}{'' if p is None else f'{p:,.0f}':>10}")
        return [Text("\n".join(lines).splitlines())]


@dataclass(frozen=True)
class SimulationResult(Presentable):
    """Per-replication outcomes of a Figure 1 simulation run (an immutable value).

    Attributes
    ----------
    settings : SimulationSettings
    nmse : ndarray, shape (sims, models, sizes)
        Normalised prediction MSE of every fit.
    flops : ndarray, shape (sims, models, sizes)
        FLOPs of every fit (stand-alone algorithm, :mod:`computelimits.simulation.fit_flops`).
    penalty : ndarray, shape (sims, sizes)
        Lasso ``lambda`` chosen (NaN when the regularized model was not run).
    backend : str
        Backend that ran it (metadata; not part of equality).
    elapsed_s : float
        Wall-clock seconds (metadata; not part of equality).
    """

    settings: SimulationSettings
    nmse: np.ndarray
    flops: np.ndarray
    penalty: np.ndarray
    backend: str = field(default="serial", compare=False)
    elapsed_s: float = field(default=math.nan, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "nmse", _readonly(self.nmse))
        object.__setattr__(self, "flops", _readonly(self.flops))
        object.__setattr__(self, "penalty", _readonly(self.penalty))
        S, M, N = self.settings.sims, len(self.settings.models), len(self.settings.n)
        if self.nmse.shape != (S, M, N) or self.flops.shape != (S, M, N):
            raise InputError(
                f"result arrays must have shape (sims, models, sizes) = {(S, M, N)}, got "
                f"{self.nmse.shape} and {self.flops.shape}"
            )
        if self.penalty.shape != (S, N):
            raise InputError(f"penalty must have shape {(S, N)}, got {self.penalty.shape}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SimulationResult):
            return NotImplemented
        return (
            self.settings == other.settings
            and np.array_equal(self.nmse, other.nmse)
            and np.array_equal(self.flops, other.flops)
            and np.array_equal(self.penalty, other.penalty, equal_nan=True)
        )

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ basic views
    @property
    def models(self) -> tuple[str, ...]:
        """Model names, in the order of the model axis."""
        return self.settings.models

    @property
    def n(self) -> np.ndarray:
        """Sample sizes, in the order of the size axis."""
        return np.asarray(self.settings.n)

    @property
    def performance(self) -> np.ndarray:
        """``-log10(NMSE)`` per replication, model and sample size."""
        with np.errstate(divide="ignore"):
            return -np.log10(self.nmse)

    def _model_index(self, model: str) -> int:
        key = str(model).lower()
        if key not in self.models:
            raise UnknownNameError("simulation model", model, list(self.models))
        return self.models.index(key)

    def curve(self, model: str, average: str = "mean_log", level: float = 0.95):
        """Average performance of ``model`` per sample size with a ``level`` interval.

        Returns
        -------
        mean, lower, upper : ndarray
            ``mean_log``: mean of ``-log10 NMSE`` with a Student-t interval;
            ``log_mean``: ``-log10`` of the mean NMSE with a delta-method interval.
        """
        return self._curves(self.nmse[:, [self._model_index(model)], :], average, level)

    def _curves(self, nmse: np.ndarray, average: str, level: float):
        from scipy import stats

        average = _check_average(average)
        if not 0 < level < 1:
            raise InputError(f"level must be in (0, 1), got {level}")
        S = nmse.shape[0]
        if average == "mean_log":
            perf = -np.log10(nmse)
            mean = perf.mean(axis=0)
            half = (
                stats.t.ppf(0.5 + level / 2, S - 1) * perf.std(axis=0, ddof=1) / math.sqrt(S)
                if S > 1 else np.full_like(mean, np.nan)
            )
            return mean, mean - half, mean + half
        m = nmse.mean(axis=0)
        mean = -np.log10(m)
        if S > 1:
            se = nmse.std(axis=0, ddof=1) / math.sqrt(S) / (m * math.log(10))
            half = stats.norm.ppf(0.5 + level / 2) * se
        else:
            half = np.full_like(mean, np.nan)
        return mean, mean - half, mean + half

    # ------------------------------------------------------------------ tables
    def to_frame(self, level: float = 0.95):
        """One row per (model, n).

        Columns: ``model``, ``n``, ``sims``, ``performance_mean`` (mean of ``-log10 NMSE``),
        ``performance_sd``, ``ci_lower``, ``ci_upper`` (Student-t, ``level``),
        ``performance_log_mean`` (``-log10`` of the mean NMSE), ``log_mean_ci_lower``,
        ``log_mean_ci_upper`` (delta method), ``nmse_mean``, ``nmse_median``, ``flops_mean``,
        ``flops_sd``, ``penalty_mean`` (Lasso ``lambda``; NaN for the other models).
        """
        import pandas as pd

        S = self.settings.sims
        perf = self.performance
        m1, l1, u1 = self._curves(self.nmse, "mean_log", level)
        m2, l2, u2 = self._curves(self.nmse, "log_mean", level)
        pen = np.nanmean(self.penalty, axis=0) if np.isfinite(self.penalty).any() else None
        frames = []
        for i, model in enumerate(self.models):
            frames.append(pd.DataFrame({
                "model": model,
                "n": self.n,
                "sims": S,
                "performance_mean": m1[i],
                "performance_sd": perf[:, i].std(axis=0, ddof=1) if S > 1 else np.nan,
                "ci_lower": l1[i],
                "ci_upper": u1[i],
                "performance_log_mean": m2[i],
                "log_mean_ci_lower": l2[i],
                "log_mean_ci_upper": u2[i],
                "nmse_mean": self.nmse[:, i].mean(axis=0),
                "nmse_median": np.median(self.nmse[:, i], axis=0),
                "flops_mean": self.flops[:, i].mean(axis=0),
                "flops_sd": self.flops[:, i].std(axis=0, ddof=1) if S > 1 else np.nan,
                "penalty_mean": pen if (MODELS.get(model).penalized and pen is not None)
                else np.nan,
            }))
        return pd.concat(frames, ignore_index=True)

    def curves_for(self, average: str = "mean_log", level: float = 0.95) -> dict[str, dict]:
        """Per model: ``n``, ``performance_mean``, ``performance_ci`` (pairs), ``flops_mean``."""
        mean, lo, hi = self._curves(self.nmse, average, level)
        fm = self.flops.mean(axis=0)
        return {
            m: {
                "n": [int(v) for v in self.n],
                "performance_mean": mean[i].tolist(),
                "performance_ci": np.stack([lo[i], hi[i]], axis=1).tolist(),
                "flops_mean": fm[i].tolist(),
            }
            for i, m in enumerate(self.models)
        }

    @property
    def curves(self) -> dict[str, dict]:
        """:meth:`curves_for` with the default average (mean of ``-log10 NMSE``) and 95%."""
        return self.curves_for()

    def crossings(
        self,
        reference_model: str = "oracle",
        reference_n: int | None = None,
        average: str = "mean_log",
        level: float = 0.95,
        bootstrap: int = 200,
        seed: int | None = None,
    ) -> CrossingTable:
        """The crossing table: for each model, the sample size at which its average performance
        first reaches the reference model's average performance at ``reference_n``.

        Parameters
        ----------
        reference_model : str
            Default the oracle (paper, section 2).
        reference_n : int, optional
            Default ``settings.reference_n`` (15); must be on the grid.
        average : {"mean_log", "log_mean"}
        level : float
            Level of the bootstrap intervals.
        bootstrap : int
            Resamples of the replications (paired across models); 0 for none.
        seed : int, optional
            Seed of the resampling (default: ``settings.seed``).

        Notes
        -----
        The crossing is interpolated linearly in ``log10 n`` between the last grid size below
        the reference performance and the first at or above it. The reference model's own entry
        is ``reference_n``. The paper reports flexible ~1,500 and Lasso ~175 (section 2).
        """
        average = _check_average(average)
        ref_i = self._model_index(reference_model)
        ref_n = self.settings.reference_n if reference_n is None else int(reference_n)
        grid = self.n
        hits = np.flatnonzero(grid == ref_n)
        if hits.size == 0:
            raise InputError(f"reference_n={ref_n} is not one of the simulated sample sizes")
        col = int(hits[0])
        mean, _, _ = self._curves(self.nmse, average, 0.95)
        ref_perf = float(mean[ref_i, col])
        n_out: dict[str, float | None] = {}
        n_grid: dict[str, int | None] = {}
        for i, m in enumerate(self.models):
            if i == ref_i:
                n_out[m], n_grid[m] = float(ref_n), ref_n
            else:
                n_out[m], n_grid[m] = _crossing(grid, mean[i], ref_perf)
        ci: dict[str, tuple[float | None, float | None]] = {}
        B = int(bootstrap)
        S = self.settings.sims
        if B > 0 and S > 1:
            rng = np.random.default_rng(
                np.random.SeedSequence(self.settings.seed if seed is None else int(seed),
                                       spawn_key=(2,))
            )
            counts = rng.multinomial(S, np.full(S, 1.0 / S), size=B) / S  # B x S weights
            flat = self.nmse.reshape(S, -1)
            if average == "mean_log":
                boot = -(counts @ np.log10(flat))
            else:
                boot = -np.log10(counts @ flat)
            boot = boot.reshape(B, *self.nmse.shape[1:])
            alpha = (1 - level) / 2
            for i, m in enumerate(self.models):
                if i == ref_i:
                    ci[m] = (float(ref_n), float(ref_n))
                    continue
                vals = np.array([
                    np.inf if (c := _crossing(grid, boot[b, i], boot[b, ref_i, col])[0]) is None
                    else c
                    for b in range(B)
                ])
                lo, hi = np.quantile(vals, [alpha, 1 - alpha], method="inverted_cdf")
                ci[m] = (None if not np.isfinite(lo) else float(lo),
                         None if not np.isfinite(hi) else float(hi))
        return CrossingTable(
            reference_model=self.models[ref_i], reference_n=ref_n,
            reference_performance=ref_perf, average=average, n=n_out, n_grid=n_grid, ci=ci,
            level=level, bootstrap=B if S > 1 else 0, paper=self._paper(ref_i, ref_n),
        )

    def _paper(self, ref_i: int, ref_n: int) -> dict[str, float]:
        """The paper's crossings, only when the run has the paper's d, s and reference."""
        st = self.settings
        if (st.d, st.s, ref_n, self.models[ref_i]) != (1000, 10, 15, "oracle"):
            return {}
        return {m: v for m, v in paper_figure1().items() if m in self.models}

    # ------------------------------------------------------------------ rendering
    def summary(self, fmt: str = "text", *, average: str = "mean_log") -> str:
        """Settings, the crossing table and performance/FLOPs at a few n, as text, HTML or LaTeX."""
        return self._render(fmt, average=average)

    def _summary_blocks(self, average: str = "mean_log") -> list[Text]:
        st = self.settings
        head = (
            f"Figure 1 simulation: {st.sims} replications, d={st.d}, s={st.s}, "
            f"sigma={st.sigma:g}, coef={st.coef:g}\n"
            f"penalty={PENALTIES.get(st.penalty).describe(st)}"
            + f", {len(st.n)} sample sizes from {st.n[0]} to {st.n_max}, seed={st.seed}"
        )
        parts = [head, ""]
        if "oracle" in self.models and st.reference_n in st.n:
            parts += [str(self.crossings(average=average)), ""]
        mean, lo, hi = self._curves(self.nmse, average, 0.95)
        fm = self.flops.mean(axis=0)
        pick = np.unique(np.linspace(0, len(st.n) - 1, min(len(st.n), 10)).round().astype(int))
        short = [m[:11] for m in self.models]
        parts.append(f"Average performance (-log10 NMSE, {average}; ± half-width of the 95% "
                     f"interval)")
        parts.append(f"{'n':>6}" + "".join(f"{m:>16}" for m in short))
        for j in pick:
            parts.append(f"{st.n[j]:>6}" + "".join(
                f"{mean[i, j]:>9.3f} ±{(hi[i, j] - lo[i, j]) / 2:5.3f}"
                for i in range(len(self.models))))
        parts += ["", "Mean computation per fit (FLOPs)", f"{'n':>6}"
                  + "".join(f"{m:>16}" for m in short)]
        for j in pick:
            parts.append(f"{st.n[j]:>6}" + "".join(f"{fm[i, j]:>16.3e}"
                                                   for i in range(len(self.models))))
        return [Text("\n".join(parts).splitlines())]

    def to_dict(self, average: str = "mean_log", level: float = 0.95) -> dict[str, Any]:
        """JSON-ready: ``settings``, ``curves`` (per model), ``crossings`` (when the oracle ran),
        ``backend``, ``elapsed_s``."""
        out: dict[str, Any] = {
            "settings": self.settings.to_dict(),
            "average": _check_average(average),
            "curves": self.curves_for(average, level),
        }
        if "oracle" in self.models:
            out["crossings"] = self.crossings(average=average, level=level).to_dict()
        out["backend"] = self.backend
        out["elapsed_s"] = None if math.isnan(self.elapsed_s) else self.elapsed_s
        return out

    # ------------------------------------------------------------------ persistence
    def to_npz(self, path) -> None:
        """Save the per-replication arrays and settings (``numpy.savez_compressed``)."""
        import io
        import json

        from ..io import atomic_write_bytes

        buf = io.BytesIO()
        np.savez_compressed(
            buf, nmse=self.nmse, flops=self.flops, penalty=self.penalty,
            settings=np.array(json.dumps(self.settings.to_dict())),
        )
        atomic_write_bytes(path, buf.getvalue())

    @classmethod
    def from_npz(cls, path) -> SimulationResult:
        """Load a result saved by :meth:`to_npz`."""
        import json

        with np.load(path, allow_pickle=False) as z:
            st = SimulationSettings.from_dict(json.loads(str(z["settings"])))
            return cls(st, z["nmse"], z["flops"], z["penalty"])
