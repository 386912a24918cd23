"""The report's stages: one module per item of the paper, each registering a function that
returns a :class:`~computelimits.report.model.Section`.

Stages run in the order they are registered in :data:`computelimits.report.STAGES`:

==============  ==========  ================================================================
``data``        fig6        Figure 6: what the bundled dataset holds, beside the paper's counts
``figure1``     fig1        Figure 1 (a, b): the simulation, and the crossing points 15 / 175 / 1,500
``figure2``     fig2        Figure 2a (training compute vs hardware, Epoch AI data) and 2b (ImageNet)
``tables12``    tab12       Tables 1 and 2, the ImageNet headline numbers, the split by period
``figure3``     fig3_10     Figure 3 and Table 3: hardware burden, polynomial model
``figure10``    fig3_10     Figure 10 and Table 4: hardware burden, exponential model (1/error)
``figure4``     fig4        Figure 4: computation, CO2 and dollars to reach the targets
``figures789``  fig789      Figures 7 (imputation), 8 (10 % quantile), 9 (alternative forms)
``backtest``    holdup      How well do these projections hold up? (rolling-origin backtest)
==============  ==========  ================================================================

Division of labour: stages compute with the library's public functions and assemble sections;
the sentences that explain differences are in :mod:`computelimits.report.prose`, regression
tables in :mod:`computelimits.report.regression`, shared helpers in
:mod:`computelimits.report._common`, and multi-panel layouts in
:mod:`computelimits.plotting.report`. Inputs are explicit (:mod:`computelimits.report.inputs`).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
Figures 1-4 and 6-10, Tables 1-4.
"""

# Importing a module registers its stages; the order of these lines is the report's order.
# isort: off
from . import fig6  # noqa: F401
from . import fig1  # noqa: F401
from . import fig2  # noqa: F401
from . import tab12  # noqa: F401
from . import fig3_10  # noqa: F401
from . import fig4  # noqa: F401
from . import fig789  # noqa: F401
from . import holdup  # noqa: F401
# isort: on

from .._common import BURDEN_BENCHMARKS
from .fig1 import stage_figure1
from .fig2 import stage_figure2
from .fig3_10 import stage_figure3, stage_figure10
from .fig4 import stage_figure4
from .fig6 import stage_data
from .fig789 import stage_figures789
from .holdup import stage_backtest
from .tab12 import stage_tables12

__all__ = ["BURDEN_BENCHMARKS", "stage_data", "stage_figure1", "stage_figure2", "stage_tables12", "stage_figure3",
           "stage_figure10", "stage_figure4", "stage_figures789", "stage_backtest"]
