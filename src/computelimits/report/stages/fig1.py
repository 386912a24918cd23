"""Figure 1 (a, b): the simulation of section 2 and the crossing sample sizes."""

from __future__ import annotations

import os

from .._common import (
    _AGREES,
    _figure,
    _interval,
    _pv,
)
from ..model import Comparison, ReportTable, Section
from ..pipeline import STAGES, ReportContext

#: Bootstrap resamples of the Figure 1 crossing intervals.
CROSSING_BOOTSTRAP = 200


@STAGES.register("figure1")
def stage_figure1(ctx: ReportContext) -> Section:
    """Figure 1 (a, b): the four models of section 2, and the crossing sample sizes."""
    from ...plotting.simulation import plot_figure1a, plot_figure1b
    from ...simulation import SimulationSettings, run_simulation

    s = ctx.settings
    st = SimulationSettings(sims=s.sims, seed=s.seed)
    backend = "processes" if s.sims >= 20 and (os.cpu_count() or 1) > 1 else "serial"
    res = run_simulation(st, backend=backend, progress=ctx.step)
    tab = res.crossings(bootstrap=CROSSING_BOOTSTRAP, seed=s.seed)
    a = plot_figure1a(res)
    fa = _figure("figure1a", "Figure 1(a): average performance as sample sizes increase",
                 f"-log10 of the normalised prediction MSE, averaged over {st.sims} simulations "
                 "per case (95% intervals shaded); crosses mark where each model reaches the "
                 f"oracle's performance at n = {tab.reference_n}.", a, data=res.to_frame(), inputs=())
    b = plot_figure1b(res)
    fb = _figure("figure1b", "Figure 1(b): average computation required to improve performance",
                 "Mean FLOPs of one fit against average performance, one point per sample size.", b,
                 data=res.to_frame(), inputs=())
    ct = tab.to_frame()
    table = ReportTable(
        name="figure1_crossings",
        title=f"Sample size at which each model matches the oracle at n = {tab.reference_n}",
        frame=ct, caption=(f"Interpolated in log n between grid sizes; {tab.level:.0%} bootstrap "
                           f"intervals over the {st.sims} replications ({tab.bootstrap} resamples). "
                           "paper_n: section 2."))
    curves = ReportTable(name="figure1_curves", title="Figure 1 curves (data behind the plots)",
                         frame=res.to_frame(), show=False)
    cmps = []
    for m in ("oracle", "flexible", "regularized"):
        if m not in tab.paper:
            continue
        paper, digits = _pv("Figure 1", "crossing_n", item=m)
        ours = tab.n.get(m)
        lo, hi = tab.ci.get(m, (None, None))
        has_ci = ours is not None and m != tab.reference_model and (lo is not None
                                                                     or hi is not None)
        if m == tab.reference_model:
            why = "The reference sample size, by construction."
        elif ours is None:
            why = (f"Never reached on the simulated grid (up to n = {max(st.n):,}) with "
                   f"{st.sims} replications.")
        elif lo is not None and hi is not None and lo <= paper <= hi:
            why = (f"The paper's value is inside our {tab.level:.0%} interval "
                   f"({lo:,.0f} to {hi:,.0f}) from {st.sims} replications.")
        else:
            iv = (f" ({tab.level:.0%} interval {_interval(lo, hi, 4)})"
                  if lo is not None or hi is not None else "")
            why = (f"Monte-Carlo estimate from {st.sims} replications{iv}; the paper averaged "
                   f"{_pv('Figure 1', 'sims', item='simulation')[0]:.0f} and does not state the "
                   "noise level, coefficients or Lasso penalty (the defaults are calibrated to its "
                   "two numbers; docs/simulation.md).")
        c = Comparison(source="Figure 1", item=f"{m} model: sample size to match the "
                       f"oracle at n = {tab.reference_n}", paper=paper, ours=ours, digits=digits,
                       why=why, interval=(lo, hi) if has_ci else None, interval_of="ours",
                       headline=m != tab.reference_model)
        if c.category == "matches" and m != tab.reference_model:
            c.why = _AGREES
        cmps.append(c)
    intro = (
        f"Section 2's illustration: a linear model with d = {st.d} covariates of which s = {st.s} "
        "matter, fitted by an oracle (the true covariates), an expert (one wrong), a flexible "
        "least-squares model (all) and a regularised Lasso (all). "
        f"This run: {st.sims} replications per case (the paper: "
        f"{_pv('Figure 1', 'sims', item='simulation')[0]:.0f}; `--sims 1000` reproduces that "
        f"scale), seed {st.seed}, {backend} backend, {res.elapsed_s:.1f} s.")
    return Section(key="figure1", title="Figure 1: flexibility, data and computation (simulation)",
                   intro=intro, figures=[fa, fb], tables=[table, curves], comparisons=cmps,
                   data={"settings": st.to_dict(), "crossings": tab.to_dict(),
                         "backend": backend, "elapsed_s": res.elapsed_s})
