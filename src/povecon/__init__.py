"""povecon: reproducible poverty econometrics.

The public API is flat: ``import povecon as pe`` then ``pe.fgt``, ``pe.gini``,
``pe.mpi``, ``pe.MPISpec``, ``pe.PovertyPanel`` ...
"""

__version__ = "0.1.0"

from . import errors  # noqa: F401
from . import inference  # noqa: F401
from ._result import Estimate  # noqa: F401
from .result import ContrastResult, Result, Summary, contrast, did  # noqa: F401
from .errors import (  # noqa: F401
    DataError,
    EstimationError,
    InputError,
    PovEconError,
    ReproduceError,
    SpecError,
)

# --- survey design ---------------------------------------------------------
from .survey import SurveyDesign  # noqa: F401

# --- datasets (transcribed report data, simulator) -------------------------
from . import datasets  # noqa: F401

# --- measures: poverty, inequality, lines, grouped data --------------------
from . import measures  # noqa: F401
from .measures import (  # noqa: F401
    RelativeLine,
    arpr,
    atkinson,
    chu,
    cv,
    decile_ratio,
    fgt,
    fgt_decomposition,
    ge,
    ge_decomposition,
    gini,
    gini_decomposition,
    headcount,
    lorenz,
    mld,
    palma,
    poverty_gap,
    poverty_line,
    qsr,
    quantile,
    quantile_ratio,
    sen,
    squared_gap,
    sst,
    takayama,
    theil,
    time_to_exit,
    watts,
)
# grouped data
from .measures.grouped import (  # noqa: F401
    GroupedDistribution,
    GroupedPoverty,
    LorenzCurve,
    grouped_poverty,
    lorenz_fit,
)

# --- multidimensional poverty ---------------------------------------------
from .mpi import (  # noqa: F401
    Dimension,
    Indicator,
    MPIResult,
    MPISpec,
    china_basic_needs,
    global_mpi,
    mpi,
)
from .mpi.robustness import (  # noqa: F401
    dominance as mpi_dominance,
    k_curve as mpi_k_curve,
    weight_robustness as mpi_weight_robustness,
)

# --- decompositions --------------------------------------------------------
from . import decompose  # noqa: F401
from .decompose import (  # noqa: F401
    Decomposition,
    by_subgroup,
    datt_ravallion,
    gini_by_source,
    oaxaca_blinder,
    sectoral,
    shapley_by_source,
    shapley_poverty_change,
    shorrocks_by_source,
    source_shares,
)

# --- poverty dynamics ------------------------------------------------------
from .dynamics import (  # noqa: F401
    HausmanResult,
    PanelModelResult,
    PanelResult,
    PanelVulnerabilityResult,
    PovertyPanel,
    SurvivalResult,
    WarningEvaluation,
    cre_probit,
    dynamic_probit,
    fe_logit,
    hausman,
    lpm_fe,
    model_table,
    reentry_hazard,
    vulnerability_cjs,
    vulnerability_panel,
    VulnerabilityResult,
    MonitorRules,
    classify as monitor_classify,
    evaluate_warning,
    risk_codes,
)

# --- China policy constants ------------------------------------------------
from . import china  # noqa: F401
from .china import (  # noqa: F401
    PolicyConstant,
    constants_frame,
    exited_household_classes,
    policy_constant,
    risk_typology,
)

# --- MPI parity with mpitb and OPHI practice: indicator association -----------
from .mpi.association import AssociationResult, mpi_association  # noqa: F401,E402

# --- weight calibration (raking, linear GREG) --------------------------------
from .calibration import Calibration, calibrate  # noqa: F401

# --- paper-ready tables and Stata files -------------------------------------
from . import tables  # noqa: F401
from .tables import Table, table  # noqa: F401
from .io import DtaLabels, dta_labels, read_dta, write_dta  # noqa: F401

# --- poverty curves and stochastic dominance ---------------------------------
from .measures.curves import CurveResult, lorenz_curve, poverty_curve, quantile_curve  # noqa: F401,E402
from .measures.dominance import DominanceResult, dominance  # noqa: F401,E402

# --- chronic poverty: Foster duration-adjusted FGT, spells, chronic MPI -------
from .dynamics.chronic import chronic_mpi  # noqa: F401,E402

# --- progressivity, redistribution and poverty-intensity decompositions ---------
from .measures.progressivity import (concentration, j_divergence, j_divergence_decomposition,  # noqa: F401,E402
                                     progressivity, squared_gap_decomposition, watts_decomposition)

# --- growth incidence and pro-poor growth -----------------------------------
from .measures.growth import (  # noqa: F401,E402
    GrowthIncidence,
    PovertyElasticities,
    ProPoorGrowth,
    growth_incidence,
    poverty_elasticities,
    pro_poor_growth,
)

# --- EU median indicators, rank-dependent inequality and polarization indices --
from .measures.indices import (  # noqa: F401,E402
    bonferroni,
    der_polarization,
    fw_polarization,
    median_poor,
    rmir,
    rmpg,
    sgini,
    zenga,
)

# --- registry scale: the estimators on dask DataFrames and Parquet files -------
from . import registry  # noqa: F401,E402
from .registry import scan  # noqa: F401,E402
