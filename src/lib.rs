//! bianzhi plans the redistribution of government staffing quotas (编制).
//!
//! A scenario (unit register, establishment lines, revolving pools, requests) and a
//! policy model are loaded and validated into plain data ([`Scenario`], [`Policy`]);
//! the optimizer turns one round of redistribution into a mixed-integer program and
//! returns ranked, explained plans, each re-checked by an independent verifier.
//! See ARCHITECTURE.md for the code map and DESIGN's §5–§8 for the contracts.

mod alternatives;
mod analyze;
mod compare;
mod domain;
mod error;
mod explain;
mod gen;
mod horizon;
mod init;
mod model;
mod load;
mod plan;
mod policy;
mod report;
mod rules;
mod schema;
mod search;
mod solve;
#[doc(hidden)]
pub mod testkit;
mod text;
mod validate;
mod verify;
mod workers;

pub use domain::{
    Choice, Date, DecisionCounts, DiverseRef, DonorCount, Function, Grant, Line, MergeCount, ModelRef, Move, Plan, PlansDoc, Pool,
    PoolChange, Request, RequestCount, RequestOutcome, RequestRange, Scenario, ScenarioRef, Sectors, SolverRef, Unit,
    UnitChange, UnitKind, YearPlan, PLANS_FORMAT,
};
pub use error::{did_you_mean, Error, Issue, Severity};
pub use policy::{Attrition, Consolidation, Grants, Policy, Reclaim, Receiving, Reserve, Tier, Weights};
pub use load::{load_manifest, Manifest, ManifestModel, MAX_YEARS};
pub use policy::builtin::{builtin_model, is_model_name, resolve_model, BuiltinModel, ModelSource, BUILTIN_MODELS};
pub use validate::{load_scenario, read_scenario, Loaded, RawScenario, MAX_COUNT};
pub use rules::reclaimable_vacancy;
pub use analyze::{stocktake, PoolNote, SmallUnits, Stocktake, SupplyNote, TierNote, Totals, UnitFact, UnitNote};
pub use schema::{model_schema, plans_schema, schema_text};
pub use report::{
    build_report, check_made_from, check_output_dir, diff_plans, plan_pattern, plan_selector, read_plans, render_diff,
    render_html, render_markdown, render_plans, render_stocktake, render_stocktake_json, render_xlsx, write_all_atomic,
    write_atomic, write_atomic_via, DiffSide, PlanDiff, Report, DEFAULT_TEMPLATE,
};
pub use compare::{
    accept::AcceptTest, judge_compare, merge_compare, prepare_sweep, render_compare_html, render_compare_csv,
    render_compare_table, run_sweep, set::Setting, CompareResults, CompareRow, Shard, Sweep,
    SweepRequest, COMPARE_FORMAT,
};
pub use horizon::solve_years;
pub use search::{explain_infeasible, solve_ranked, Phases, Ranked};
pub use solve::{Session, SolveOptions, SolveOutcome, Status};
pub use verify::{evaluate, verify_doc, verify_plan, Evaluation, Violation};
pub use init::starter_scenario;
pub use gen::{demo_city, generate, GenOptions, GeneratedScenario};
pub use model::{build_model, Mip};
pub use plan::{Decisions, Pattern};
pub use explain::{move_reason, pattern_differences, Conflict, Difference, MoveReason, PlanState, PoolRoom, WhyNot};
pub use text::{labels, render_difference, render_move_reason, render_why_not, Labels, Lang};
pub use rules::{Relaxation, Rule, RuleInfo, Written};
