"""The agreement table: which estimator was checked against which peer, on which data, how closely.

One entry per (estimator, peer) check, each naming the test that performs it as
``file::function``. ``tests/test_agreement.py`` checks that every named test is defined in
its file and that ``docs/reference/agreement.md`` is the page rendered from this registry.
After editing the registry, regenerate the page from the repository root with::

    python -m tests.agreement

Only checks that exist in the tests are listed; the tolerance is the one the test asserts.
Reference numbers of peers that are not installed are stored in the tests (R and Stata are
not needed to run them); tests on reference data skip when ``POVECON_REFERENCE_DATA`` lacks
the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "agreement.md"

EUSILC = "EU-SILC sample (laeken `eusilc`)"
SYN = "mpitb `syn_cdta`"
API = "R survey's `apiclus1`"
NLSW = "Stata `nlsw88`"
WAGE = "Vella-Verbeek wage panel (linearmodels `wage_panel`)"
SIM = "simulated"


@dataclass(frozen=True)
class Check:
    """One estimator checked against one peer by one test."""

    estimator: str
    peer: str
    data: str
    tolerance: str
    test: str  # "tests/<file>.py::<function>"
    conventions: tuple[str, ...] = field(default_factory=tuple)  # "difference: the switch that reproduces the peer"


@dataclass(frozen=True)
class Internal:
    """An estimator checked only by brute force, identities or simulation (no external peer)."""

    estimator: str
    how: str
    test: str


# --- checked against external software or published numbers -----------------------------------
CHECKS: tuple[Check, ...] = (
    # measures: R survey, laeken, published examples
    Check("`pe.fgt` (alpha 0, 1, 2): value and linearized SE", "R survey (`svymean`)", EUSILC,
          "value rel 1e-12; SE rel 1e-9", "tests/test_measures_survey.py::test_fgt_matches_r_survey",
          ("poor is `y < z` in both (R: `eqIncome < z`); `strict=False` gives `y <= z`",)),
    Check("`pe.fgt` with `by=` and `domain=`", "R survey (`svyby`, `subset`)", EUSILC,
          "value rel 1e-12; SE rel 1e-9",
          "tests/test_measures_survey.py::test_fgt_by_region_and_domain_match_r_survey",
          ("a domain keeps the full design (R `subset` of the design, not of the data)",)),
    Check("`pe.fgt` headcount (live R run)", "R survey (`svymean`, run by `Rscript` when installed)", EUSILC,
          "value rel 1e-12; SE rel 1e-9", "tests/test_measures_survey.py::test_live_r_survey_headcount"),
    Check("`pe.contrast` of `pe.fgt` between two regions", "R survey (`svycontrast` on `svyby(covmat = TRUE)`)",
          EUSILC, "SE rel 1e-9; df = 6000 PSUs - 9 strata; interval rel 1e-9",
          "tests/test_measures_spine.py::test_eusilc_fixed_line_region_contrast_matches_r_survey",
          ("intervals: t on the design df, as R `confint(..., df = degf(des))`; R's default `confint` "
           "is normal",)),
    Check("`pe.arpr`, `pe.poverty_line`, `pe.gini`, `pe.qsr` (points, national and by region)", "R laeken 0.5.2",
          EUSILC, "rel 1e-12", "tests/test_measures_survey.py::test_laeken_point_estimates",
          ("laeken reports percents: compared as 100 x povecon",
           "quantiles: laeken's weighted median rule is povecon's default `rule=\"eurostat\"`",
           "Gini: laeken's is the plug-in, `convention=\"plugin\"` (the default)",
           "ARPR by region uses the national threshold, as laeken's `breakdown=`")),
    Check("`pe.quantile`, `pe.poverty_line` (median rule on ties)", "R laeken's `weightedMedian` rule, worked by "
          "hand (no laeken output)", "Haughton and Khandker (2009) incomes; 1, 2, 3", "exact",
          "tests/test_measures_known.py::test_eurostat_median_rule",
          ("average of the neighbours where the cumulative share hits p exactly: `rule=\"eurostat\"`; "
           "`rule=\"inverse\"` gives the left-continuous inverse CDF",)),
    Check("`pe.gini` on 1..5", "R ineq (`Gini`, `Gini(corr = TRUE)`); Cowell (2011)", "published example",
          "abs 1e-12", "tests/test_measures_known.py::test_gini_of_one_to_n",
          ("plug-in vs small-sample corrected: `convention=\"plugin\"` (default) or `convention=\"corrected\"` "
           "(= ineq `corr = TRUE`)",)),
    Check("`pe.fgt` (alpha 0, 1, 2)", "published example (Haughton and Khandker 2009, ch. 4)",
          "published example", "abs 1e-12", "tests/test_measures_known.py::test_fgt_haughton_khandker"),
    Check("`pe.watts`", "published example (Haughton and Khandker 2009, ch. 4)", "published example",
          "abs 5e-8 (printed digits)", "tests/test_measures_known.py::test_watts_haughton_khandker"),
    Check("`pe.time_to_exit`", "published example (Haughton and Khandker 2009, ch. 4; Morduch 1998)",
          "published example", "rel 1e-6", "tests/test_measures_known.py::test_time_to_exit_is_watts_over_growth",
          ("exit time among the poor (default) or the population: `among=\"population\"`",)),
    Check("`pe.sen`", "published example (Haughton and Khandker 2009, ch. 4)", "published example",
          "abs 1e-12", "tests/test_measures_known.py::test_sen_plugin_haughton_khandker",
          ("plug-in form (default) vs Sen's finite form: `convention=\"sen1976\"` "
           "(checked in `test_sen_1976_finite_form`)",)),
    Check("`pe.sen` (`convention=\"sen1976\"`)", "published formula (Sen 1976, Econometrica 44(2))",
          "published example", "abs 1e-12", "tests/test_measures_known.py::test_sen_1976_finite_form"),
    Check("`pe.sst`", "published formula (Shorrocks 1995 rank formula)", "published example", "abs 1e-12",
          "tests/test_measures_known.py::test_sst_shorrocks_rank_formula",
          ("the handbook's printed 0.0625 is reproduced by no formula; the test follows Shorrocks (1995) "
           "(0.125)",)),
    Check("`pe.theil`, `pe.mld`, `pe.ge`, `pe.cv`, `pe.atkinson`", "published closed forms (Cowell 2011, ch. 3)",
          "published example", "rel 1e-6", "tests/test_measures_known.py::test_two_point_entropy_closed_forms"),
    Check("`pe.squared_gap_decomposition`, `pe.watts_decomposition`",
          "published example (Haughton and Khandker 2009, ch. 4)", "published example",
          "abs 1e-15 (P2 = 0.0136); Watts abs 5e-8",
          "tests/test_progressivity.py::test_squared_gap_split_haughton_khandker"),
    # calibration: R survey
    Check("`pe.calibrate` (linear, bounded, raking): weights, means, headcount, totals, `by=`",
          "R survey 4.1.1 (`calibrate`)", SIM, "rel 1e-6; df as R `degf`",
          "tests/test_calibration.py::test_simulated_sample_matches_r_survey",
          ("raking: `method=\"raking\"` (R `calfun = \"raking\"`); bounds: `bounds=(0.75, 1.4)`",)),
    Check("`pe.calibrate` (linear, raking): weights, means, headcount, totals, ratio", "R survey 4.1.1 "
          "(`calibrate`, `rake`)", API, "rel 1e-6; df = 14",
          "tests/test_calibration.py::test_api_cluster_sample_matches_r_survey",
          ("finite-population correction: `SurveyDesign(fpc=\"fpc\")`",)),
    Check("calibrated replicate weights (JK1), `se=\"replicate\"`", "R survey 4.1.1 (`as.svrepdesign(type = "
          "\"JK1\", mse = TRUE)` + `calibrate`)", API, "rel 1e-6",
          "tests/test_calibration.py::test_api_replicate_weights_are_calibrated_replicate_by_replicate",
          ("JK1 scale with fpc: `replicate_scale=14/15 * (1 - 15/757)`; variance about the full-sample "
           "estimate (R `mse = TRUE`), povecon's only rule",)),
    # MPI: mpitbR, R survey, published example
    Check("`pe.mpi` levels M0, H, A, hd, hdk, actb, pctb (nation, area, 20 regions, 2 rounds)", "R mpitbR 1.0.0",
          SYN, "values rel 1e-6 (mpitbR fits levels by IRLS); SEs rel 1e-10",
          "tests/test_mpi_vs_mpitbr.py::test_levels_equal_mpitbr",
          ("pctb: povecon percent, mpitbR share: compared as 100 x mpitbR",
           "k: mpitb's `klist = 33` is `k=33` (read as 0.33, not 1/3)",
           "mpitbR gives no SE for actb and pctb: points only",
           "intervals: mpitbR logit-based for proportions, povecon symmetric t on the design df "
           "(SEs compared, not intervals)")),
    Check("`MPIResult.change` (abs, rel, annualized abs and rel) of M0, H, A, hd, hdk", "R mpitbR 1.0.0",
          SYN, "value and SE rel 1e-10", "tests/test_mpi_vs_mpitbr.py::test_changes_equal_mpitbr",
          ("mpitbR `ctype`/`ann` map to `ctype` `abs`, `rel`, `ann_abs`, `ann_rel`; years: `years=8.5`",
           "intervals of changes: mpitbR normal, povecon t on the design df")),
    Check("stored mpitbR fixtures (live R run)", "R mpitbR 1.0.0 (run by `Rscript` when installed)", SYN,
          "rel 1e-12", "tests/test_mpi_vs_mpitbr.py::test_mpitbr_reproduces_fixtures"),
    Check("`pe.mpi`: M0, H, A, hd, hdk, pctb, popshare, grp_pctb, changes of M0 and H", "R survey 4.1 "
          "(`svymean`, `svyratio`, `svycontrast`)", SYN, "value rel 1e-10; SE rel 1e-8",
          "tests/test_mpi_estimate.py::test_syn_cdta_against_r_survey",
          ("pctb in percent on both sides (R script: `I(100 * ...)`)",)),
    Check("stored R survey MPI fixtures (live R run)", "R survey (run by `Rscript`)", SYN, "rel 1e-12",
          "tests/test_mpi_estimate.py::test_r_script_reproduces_fixture"),
    Check("`pe.mpi` vuln, sev, ineq, dst_H, dst_A, dst_M0, dst_share", "R survey 4.1.1 (`svymean` + "
          "`svycontrast`; mpitbR has none of these)", SYN, "value and SE rel 1e-10",
          "tests/test_mpi_parity.py::test_new_measures_equal_r_survey_on_syn_cdta",
          ("poor is `c >= k` with a 1e-9 tolerance on both sides",)),
    Check("`pe.contrast` / `pe.did` of `pe.mpi` between rounds", "R survey (`svycontrast`)", SYN,
          "value rel 1e-10; SE rel 1e-8; df = 597",
          "tests/test_mpi_result.py::test_syn_cdta_contrast_between_rounds_matches_r_survey"),
    Check("`pe.mpi` H, A, M0, M1, M2, hdk, hd", "published example (Alkire and Foster 2011, section 3)",
          "published example", "rel 1e-6; M1, M2 abs 5e-7 (printed digits)",
          "tests/test_mpi_estimate.py::test_alkire_foster_2011_worked_example"),
    Check("`pe.mpi_association` (Cramer's V, unweighted)", "scipy (`stats.contingency.association`)", SIM,
          "rel 1e-12", "tests/test_mpi_parity.py::test_cramers_v_equals_scipy_unweighted"),
    # grouped data: PovcalNet / PIP
    Check("`pe.lorenz_fit`, `pe.grouped_poverty` (GQ and Beta Lorenz curves)", "R wbpip (World Bank PIP; "
          "PovcalNet) test values", "published example (wbpip test suite)",
          "parameters abs 1e-10; FGT abs 1e-10 to 1e-6; Beta Gini abs 1e-5 (PIP integrates numerically)",
          "tests/test_grouped.py::test_pip_gq_and_beta_benchmark"),
    # panel models: plm, lme4, Stata
    Check("`pe.fe_logit`", "Stata `clogit` (example quoted in statsmodels' test suite)", "published example",
          "coefficient abs 1e-6; SE abs 1e-5", "tests/test_dynamics_models.py::test_conditional_logit_stata_known_answer"),
    Check("`pe.hausman`", "R plm (`phtest`)", WAGE, "statistic rel 1e-6; FE rtol 1e-8; RE rtol 1e-6",
          "tests/test_dynamics_models.py::test_hausman_equals_r_plm",
          ("the statistic's chi2 df is `chi2_df`; `df` (design df) is None",)),
    Check("`pe.cre_probit` (random-effects probit)", "R lme4 (`glmer`, nAGQ = 24)", WAGE,
          "coefficients abs 2e-4; SEs rel 2e-3; sigma_u^2 rel 2e-3; log-likelihood abs 1e-3",
          "tests/test_dynamics_models.py::test_re_probit_equals_lme4_glmer",
          ("ML model without a design: normal intervals",)),
    Check("`pe.dynamic_probit`", "R lme4 (`glmer`, nAGQ = 24; not fully converged)", WAGE,
          "coefficients abs 1e-2; our log-likelihood at R's estimates abs 2e-3, ours >= R's",
          "tests/test_dynamics_models.py::test_dynamic_probit_likelihood_matches_lme4_and_is_maximal"),
    # files
    Check("`pe.read_dta`, `pe.dta_labels`", "Stata (`sysuse nlsw88`; `describe`, `label list`)", NLSW,
          "exact", "tests/test_dta.py::test_nlsw88_labels_are_read"),
    Check("`pe.write_dta` round trip", "Stata file (`nlsw88`)", NLSW, "exact",
          "tests/test_dta.py::test_nlsw88_round_trip"),
    # command line
    Check("`povecon measures` (fgt0 by region, domain; Gini by region; ARPR)", "R survey; R laeken 0.5.2", EUSILC,
          "SE rel 1e-9; value rel 1e-12", "tests/test_cli_commands.py::test_eusilc_against_r"),
    Check("`povecon mpi` (levels and changes)", "R survey 4.1", SYN, "value rel 1e-9; SE rel 1e-6",
          "tests/test_cli_commands.py::test_mpi_syn_cdta_levels_and_changes"),
)

# --- checked against a Python engine fitted directly in the test -------------------------------
# These are not independent implementations of the method: povecon calls the same engine (or one
# sharing its conventions); the test shows povecon passes data, weights and clusters through right.
ENGINE_CHECKS: tuple[Check, ...] = (
    Check("`pe.lpm_fe`", "linearmodels `PanelOLS` (entity and time effects, clustered)", SIM, "rel 1e-12",
          "tests/test_dynamics_models.py::test_lpm_fe_equals_linearmodels_and_recovers"),
    Check("`pe.lpm_fe` (`engine=\"pyfixest\"`)", "pyfixest vs linearmodels", SIM,
          "coefficients rel 1e-9; SEs differ by one common factor",
          "tests/test_dynamics_engines.py::test_pyfixest_engine_matches_linearmodels",
          ("small-sample factor (linearmodels counts household effects nested in clusters): `engine=`",)),
    Check("`pe.lpm_fe` with weights", "linearmodels `PanelOLS(weights=)`", SIM, "rel 1e-10",
          "tests/test_dynamics_weights.py::test_lpm_fe_weighted_equals_panelols_and_scale_free"),
    Check("`pe.cre_probit(estimator=\"pooled\")` with weights", "statsmodels GLM probit (`var_weights`, "
          "clustered)", SIM, "rel 1e-7",
          "tests/test_dynamics_weights.py::test_pooled_probit_weighted_equals_glm_and_scale_free"),
    Check("`pe.reentry_hazard` with weights", "statsmodels GLM (`var_weights`, clustered sandwich)", SIM,
          "rel 1e-9", "tests/test_dynamics_weights.py::test_reentry_hazard_weighted_equals_glm_sandwich_and_scale_free"),
    Check("transition probabilities (`PovertyPanel.transition_matrix`): SE", "statsmodels WLS, cluster SE", SIM,
          "value rel 1e-12; SE rel 1e-10 after the cluster-count factor",
          "tests/test_dynamics_panel.py::test_transition_se_equals_statsmodels_cluster",
          ("povecon counts all households as PSUs (the origin state is a domain): SE x "
           "sqrt(H/(H-1) (G-1)/G); no switch",)),
    Check("Kaplan-Meier survival SE", "statsmodels `SurvfuncRight` (Greenwood)", SIM, "rel 1e-10",
          "tests/test_dynamics_weights.py::test_km_linearized_se_is_greenwood_with_equal_weights",
          ("povecon's variance carries the clusters' m/(m-1) factor: Greenwood = SE x sqrt((m-1)/m); "
           "no switch",)),
    Check("`pe.vulnerability_cjs` (CJS three-step FGLS)", "statsmodels, step by step", SIM, "rel 1e-10",
          "tests/test_dynamics_vulnerability.py::test_cjs_recovers_planted_mean_and_variance_and_equals_statsmodels_steps"),
)

@dataclass(frozen=True)
class Convention:
    """A convention where a peer differs, the switch that reproduces the peer, and the test showing it."""

    topic: str
    povecon: str
    peer: str
    switch: str
    test: str


CONVENTIONS: tuple[Convention, ...] = (
    Convention("Gini", "plug-in (population) value", "R ineq `Gini(corr = TRUE)`: n/(n-1) corrected",
               "`convention=\"corrected\"` (`\"plugin\"` is laeken's)", "tests/test_measures_known.py::test_gini_of_one_to_n"),
    Convention("Sen index", "plug-in form", "Sen (1976) finite form", "`convention=\"sen1976\"`",
               "tests/test_measures_known.py::test_sen_1976_finite_form"),
    Convention("quantiles and the median", "Eurostat rule (laeken `weightedMedian`): average of the neighbours "
               "where the cumulative share hits p exactly", "left-continuous inverse of the weighted CDF",
               "`rule=\"inverse\"`", "tests/test_growth.py::test_gic_weighted_by_initial_quantiles_gives_the_growth_of_the_mean"),
    Convention("poverty line", "strict: poor if `y < z`", "weak: poor if `y <= z`", "`strict=False`",
               "tests/test_measures_properties.py::test_strict_and_weak_comparison"),
    Convention("MPI pctb", "percent (sums to 100)", "mpitbR: share of M0 (sums to 1)",
               "none; multiply mpitbR's by 100", "tests/test_mpi_vs_mpitbr.py::test_levels_equal_mpitbr"),
    Convention("MPI cutoff k", "fractions; integers in (1, 100] read as percents", "mpitb: integer percents "
               "(`klist(33)` is 0.33, not 1/3)", "`k=33`", "tests/test_mpi_estimate.py::test_global_mpi_hand_computed"),
    Convention("intervals", "t on the design df (PSUs - strata, as R `degf`)", "R `confint` and mpitbR changes: "
               "normal; mpitbR levels: logit", "none; a normal interval is `value +- "
               "povecon.inference.critical(level) * se`",
               "tests/test_measures_spine.py::test_eusilc_fixed_line_region_contrast_matches_r_survey"),
    Convention("replicate and bootstrap variance", "about the full-sample estimate (R survey `mse = TRUE`)",
               "R survey default `mse = FALSE`: about the replicates' mean", "none; povecon always uses the mse form",
               "tests/test_calibration.py::test_api_replicate_weights_are_calibrated_replicate_by_replicate"),
    Convention("Kaplan-Meier SE", "clusters' m/(m-1) factor on the variance", "Greenwood (statsmodels): no factor",
               "none; multiply by sqrt((m-1)/m)",
               "tests/test_dynamics_weights.py::test_km_linearized_se_is_greenwood_with_equal_weights"),
    Convention("fixed-effects LPM SEs", "linearmodels small-sample factor", "pyfixest's factor",
               "`engine=\"pyfixest\"`", "tests/test_dynamics_engines.py::test_pyfixest_engine_matches_linearmodels"),
    Convention("ARPR density bandwidth", "on the number of observations (scale-free in the weights)",
               "R convey `h_fun`: on sum(w)", "none (not compared with convey's numbers)",
               "tests/test_measures_spine.py::test_eusilc_arpr_region_contrast_against_direct_linearization"),
)

# --- no external cross-check: brute force, identities or simulation only -----------------------
INTERNAL: tuple[Internal, ...] = (
    Internal("linearized SEs of every measure (`pe.gini`, `pe.theil`, `pe.sen`, `pe.watts`, ...)",
             "linearized variable = numerical derivative of the estimate in the weights",
             "tests/test_measures_survey.py::test_linearized_variable_is_weight_derivative"),
    Internal("SEs of ARPR, relative lines, Gini, QSR", "Monte Carlo sampling SD (rel 0.15)",
             "tests/test_measures_survey.py::test_relative_line_and_ratio_ses_match_simulation"),
    Internal("`pe.arpr` by region: contrast SE", "direct linearization written in the test (rel 1e-8); "
             "bandwidth on n, where convey's uses sum(w) (not scale-free): no switch",
             "tests/test_measures_spine.py::test_eusilc_arpr_region_contrast_against_direct_linearization"),
    Internal("`pe.gini(convention=\"convey\")`", "no test compares it with R convey", "—"),
    Internal("`pe.takayama`, `pe.chu`", "closed-form identities (Gini of censored incomes; Zheng 1997)",
             "tests/test_measures_known.py::test_takayama_is_gini_of_censored"),
    Internal("`pe.lorenz`, `pe.decile_ratio`, `pe.palma`", "hand-computed values",
             "tests/test_measures_known.py::test_quantile_ratio_and_shares"),
    Internal("decompositions of FGT, GE and Gini by group", "linearized variables = weight derivatives",
             "tests/test_measures_survey.py::test_decomposition_linearized_variables_are_weight_derivatives"),
    Internal("poverty, quantile and Lorenz curves", "per-line loop and ultimate-cluster variance by hand",
             "tests/test_curves.py::test_poverty_curve_matches_a_per_line_loop_under_a_stratified_clustered_design"),
    Internal("dominance tests and crossings", "Davidson-Duclos curves and variances recomputed; DASP formula "
             "for the crossing SE (no DASP numbers)",
             "tests/test_dominance.py::test_t_statistics_of_two_independent_samples"),
    Internal("growth incidence, Ravallion-Chen rate, PEGR, Kakwani elasticities", "identities of the papers; "
             "bootstrap", "tests/test_growth.py::test_rc_rate_by_watts_is_the_mean_of_the_log_gic_up_to_the_initial_headcount"),
    Internal("concentration, Kakwani, Reynolds-Smolensky, J-divergence", "pairwise sums and explicit loops",
             "tests/test_progressivity.py::test_progressivity_known_answers_and_identities"),
    Internal("`pe.gini_by_source`, `pe.shorrocks_by_source`, `pe.shapley_by_source`", "hand-computed small example",
             "tests/test_decompose_sources.py::test_lerman_yitzhaki_known_answer"),
    Internal("`pe.datt_ravallion`, Shapley and sectoral (Ravallion-Huppi) changes", "hand-computed; identities",
             "tests/test_decompose_change.py::test_datt_ravallion_known_answer"),
    Internal("`pe.oaxaca_blinder`", "textbook formulas (Jann 2008, eq. 3) on simulated wages",
             "tests/test_decompose_gaps.py::test_threefold_matches_formulas"),
    Internal("chronic poverty (Foster 2009, spells, chronic MPI)", "hand-worked panel; pandas brute force",
             "tests/test_chronic.py::test_brute_force_values_and_ses"),
    Internal("`pe.mpi` linearized SEs", "textbook delta method written in the test",
             "tests/test_mpi_estimate.py::test_linearized_se_against_textbook_formula"),
    Internal("`pe.mpi_association` with weights", "brute-force weighted tables",
             "tests/test_mpi_parity.py::test_weighted_association_equals_a_brute_force_table"),
    Internal("survey design variance (`SurveyDesign`)", "textbook variance of a mean",
             "tests/test_survey_design.py::test_srs_linearized_variance_is_textbook_variance_of_mean"),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _test_cell(test: str) -> str:
    return f"`{test}`" if "::" in test else test


def render() -> str:
    """The Markdown page, generated from the registry."""
    lines = [
        "# Agreement with peer software",
        "",
        "<!-- Generated by `python -m tests.agreement` from tests/agreement.py; do not edit by hand. -->",
        "",
        "Every check below is a test of the suite; the tolerance is the one it asserts. Reference",
        "numbers of R, Stata and published sources are stored in the tests, so they run without",
        "those programs; tests on the reference data sets (EU-SILC sample, `syn_cdta`, `apiclus1`,",
        "`nlsw88`) skip when `POVECON_REFERENCE_DATA` does not hold the file.",
        "",
        "## Checked against other software and published numbers",
        "",
        "| estimator | peer | data | tolerance | test | conventions (switch that reproduces the peer) |",
        "|---|---|---|---|---|---|",
    ]

    def row(c: Check) -> str:
        conv = "<br>".join(_cell(x) for x in c.conventions) or "none"
        return (f"| {_cell(c.estimator)} | {_cell(c.peer)} | {_cell(c.data)} | {_cell(c.tolerance)} | "
                f"{_test_cell(c.test)} | {conv} |")

    lines += [row(c) for c in CHECKS]
    lines += [
        "",
        "## Checked against a Python engine fitted directly",
        "",
        "These compare povecon with a direct fit of the engine it builds on (or of one sharing its",
        "conventions): they check that data, weights and clusters pass through correctly, not the",
        "method itself.",
        "",
        "| estimator | peer | data | tolerance | test | conventions (switch that reproduces the peer) |",
        "|---|---|---|---|---|---|",
    ]
    lines += [row(c) for c in ENGINE_CHECKS]
    lines += [
        "",
        "## Conventions that differ, and the switch",
        "",
        "| topic | povecon (default) | peer | switch that reproduces the peer | test |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {_cell(c.topic)} | {_cell(c.povecon)} | {_cell(c.peer)} | {_cell(c.switch)} | "
              f"{_test_cell(c.test)} |" for c in CONVENTIONS]
    lines += [
        "",
        "## No external cross-check",
        "",
        "These estimators are checked only by brute force, identities or simulation written in the",
        "tests; no other software's numbers are compared.",
        "",
        "| estimator | how it is checked | test |",
        "|---|---|---|",
    ]
    lines += [f"| {_cell(i.estimator)} | {_cell(i.how)} | {_test_cell(i.test)} |" for i in INTERNAL]
    n_ext = len(CHECKS)
    lines += [
        "",
        f"{n_ext} checks against other software or published numbers, {len(ENGINE_CHECKS)} against a "
        f"Python engine, {len(INTERNAL)} estimators without an external check.",
        "",
    ]
    return "\n".join(lines)


def all_tests() -> list[str]:
    """Every ``file::function`` named by the registry."""
    return ([c.test for c in CHECKS + ENGINE_CHECKS] + [c.test for c in CONVENTIONS]
            + [i.test for i in INTERNAL if "::" in i.test])


if __name__ == "__main__":
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
