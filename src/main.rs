//! The `bianzhi` binary: clap arguments → settings → library calls. The only place
//! that prints or sets exit codes (0 ok, 1 invalid input, 2 usage, 3 infeasible,
//! 4 no solution within the limits, 5 internal or output failure, 6 an acceptance test
//! of compare failed).

use bianzhi::{Error, Issue};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;

/// The exit codes (DESIGN §8), shown under the top-level help.
const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  invalid input (every problem listed as file:row: column), or plans that fail verify
  2  usage (a bad flag or value, an output that would touch the inputs)
  3  infeasible: the rules in conflict are named, with how much each must give way
  4  no solution within the limits (--time-limit, --gap)
  5  internal error, or an output that could not be written
  6  an acceptance test of compare failed

Examples:
  bianzhi validate scenarios/demo-city
  bianzhi solve scenarios/demo-city --plans 3 --out out/demo
  bianzhi <COMMAND> --help    (an example for each command)";

#[derive(Parser, Debug)]
#[command(
    name = "bianzhi",
    version,
    about = "编制调剂方案规划 — plans the redistribution of staffing quotas",
    after_help = EXIT_CODES
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// What `compare` prints on stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CompareFormat {
    Table,
    Csv,
    Json,
}

/// The language of a report or diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum LangArg {
    /// 中文 (the default)
    Zh,
    /// English (names and reasons written in the data stay as written)
    En,
}

impl From<LangArg> for bianzhi::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Zh => bianzhi::Lang::Zh,
            LangArg::En => bianzhi::Lang::En,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Solve a scenario: ranked, explained, verified plans written to plans.json
    #[command(after_help = "\
Examples:
  bianzhi solve scenarios/demo-city
  bianzhi solve scenarios/demo-city --plans 5 --out out/demo --format json
  bianzhi solve province/ --time-limit 60 --gap 0.0001 --threads 2 --timings

Exit codes: 0 ok (also plans cut short by --time-limit, status time_limit), 1 invalid
input, 2 usage, 3 infeasible (the conflicting rules named), 4 no plan within the
limits, 5 internal error or an output that could not be written")]
    Solve(SolveArgs),
    /// Write the leaders' report of a plans.json: an offline HTML page, a workbook with a
    /// 审核意见 column, and a Markdown summary
    #[command(after_help = "\
Without --html, --xlsx or --md all three are written beside PLANS.json (report.html,
plans.xlsx, summary.md); with any of them, only those. The plans must have been made
from this scenario and model (their digests are checked) and must pass verify.

Examples:
  bianzhi report scenarios/demo-city out/demo-city/baseline/plans.json
  bianzhi report scenarios/demo-city plans.json --html 方案.html --lang en
  bianzhi template > mine.html.j2 && bianzhi report scenarios/demo-city plans.json --template mine.html.j2

Exit codes: 0 ok, 1 invalid input (plans made from other data or another model, plans
that fail verify, a bad template), 2 usage, 5 internal error or a file that could not be
written (then none is written)")]
    Report {
        /// Scenario folder (holding scenario.toml), or its scenario.toml
        scenario: PathBuf,
        /// The plans.json to report on
        plans: PathBuf,
        /// Policy model the plans were made with, overriding the scenario's: a path, or a
        /// name (NAME.toml in the current folder, else the built-in NAME)
        #[arg(long)]
        model: Option<PathBuf>,
        /// Write the HTML report to this file
        #[arg(long)]
        html: Option<PathBuf>,
        /// Write the workbook to this file
        #[arg(long)]
        xlsx: Option<PathBuf>,
        /// Write the Markdown summary to this file
        #[arg(long)]
        md: Option<PathBuf>,
        /// Language of the report's words
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
        /// A restyled HTML template (minijinja) instead of the built-in one (`bianzhi template` prints it)
        #[arg(long)]
        template: Option<PathBuf>,
    },
    /// What changes between two plans: moves, requests and pool balances that differ
    #[command(after_help = "\
A plan is named FILE#K (plan K of FILE; FILE alone is plan 1). Both must have been made
from this scenario's data; each may come from another model, found by its name (beside
the scenario, else built-in) when it is not the scenario's.

Examples:
  bianzhi diff scenarios/demo-city out/plans.json#1 out/plans.json#2
  bianzhi diff scenarios/demo-city base/plans.json strict/plans.json --format json

Exit codes: 0 ok, 1 invalid input (a plan made from other data), 2 usage (no plan K),
5 stdout could not be written")]
    Diff {
        /// Scenario folder (holding scenario.toml), or its scenario.toml
        scenario: PathBuf,
        /// First plan: FILE or FILE#K
        a: PathBuf,
        /// Second plan: FILE or FILE#K
        b: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name
        #[arg(long)]
        model: Option<PathBuf>,
        /// What stdout shows: tables, or the diff as JSON
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Language of the words
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Print the built-in HTML report template (minijinja), to restyle for `report --template`
    #[command(after_help = "\
Examples:
  bianzhi template > office.html.j2

Exit codes: 0 ok, 2 usage, 5 stdout could not be written")]
    Template,
    /// Compare policy variants: models × every --set value, solved side by side, measured,
    /// judged against a baseline; results.csv, results.json, compare.html
    #[command(after_help = "\
Variants are the models given (--model, each scenario's own when none) × the cartesian
product of every --set; a variant is named after its model and overrides in key order,
baseline[reclaim.keep_vacant=0]. Every variant is built and checked before the first
solve. Rows (scenario × variant × repeat) are solved --threads at a time, one HiGHS
thread each; an infeasible variant or one cut by --time-limit (per row) is a row with
its status. Under --out: results.csv (UTF-8 with BOM), results.json, compare.html and
variants/<scenario>/<NNN-variant>/ with each row's plans.json and the variant's
model.toml. A failed --accept test exits 6.

--shard I/N runs rows I, I+N, I+2N, … (auto/N takes I from SLURM_ARRAY_TASK_ID or
JOB_COMPLETION_INDEX); --merge joins the shard folders into the unsharded results and
judges the tests there.

Examples:
  bianzhi compare scenarios/demo-city --set reserve.min_available.POOL-MUNI=20,50,100
  bianzhi compare scenarios/demo-city --model baseline --model strict-control \\
      --set reclaim.keep_vacant=0,1,2 --baseline 'baseline[reclaim.keep_vacant=1]' \\
      --accept 'rate.key >= baseline - 0.02' --out out/sweep
  bianzhi compare scenarios/demo-city --set tiers.key.weight=100,200 --shard auto/8 --out out/shard-$SLURM_ARRAY_TASK_ID
  bianzhi compare --merge out/shard-1 out/shard-2 --out out/sweep

Exit codes: 0 ok (infeasible rows included), 1 invalid input (a value a model may not
hold; a shard folder of another sweep, or given twice), 2 usage (a bad --set, --accept or
--baseline; a shard missing), 5 a row failed with an error or an output could not be
written, 6 an acceptance test failed (everything is still written)")]
    Compare {
        /// Scenario folders (each holding scenario.toml)
        #[arg(required_unless_present = "merge")]
        scenarios: Vec<PathBuf>,
        /// A policy model to sweep (repeatable): a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME); default each scenario's own
        #[arg(long = "model")]
        models: Vec<PathBuf>,
        /// KEY=V1,V2,…: a key of the policy model and the values it takes (repeatable),
        /// e.g. reclaim.keep_vacant=0,1,2 or reserve.min_available.POOL-MUNI=20,50
        #[arg(long = "set", value_name = "KEY=V1,V2,…")]
        sets: Vec<String>,
        /// Ranked plans per variant (the metrics are plan 1's)
        #[arg(long, default_value_t = 1)]
        plans: usize,
        /// Solve each variant this many times (to see the spread of seconds)
        #[arg(long, default_value_t = 1)]
        repeat: usize,
        /// The variant the acceptance tests compare with, by name
        #[arg(long, value_name = "VARIANT")]
        baseline: Option<String>,
        /// "METRIC OP BOUND", e.g. "rate.key >= baseline - 0.02", "staff_moved <= baseline * 1.1",
        /// "objective >= baseline - 1%", "requests_funded >= 60" (repeatable)
        #[arg(long, value_name = "TEST")]
        accept: Vec<String>,
        /// Output folder (default out/compare)
        #[arg(long)]
        out: Option<PathBuf>,
        /// What stdout shows: a table, the CSV, or the results.json document
        #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
        format: CompareFormat,
        /// Rows solved at a time, one HiGHS thread each (default: the machine's cores)
        #[arg(long)]
        threads: Option<usize>,
        /// Wall-clock limit in seconds for each row's solve
        #[arg(long)]
        time_limit: Option<f64>,
        /// Relative MIP gap at which a row's plan counts as solved (default 0)
        #[arg(long)]
        gap: Option<f64>,
        /// Run only rows I, I+N, I+2N, … of the sweep: I/N, or auto/N with I from
        /// SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
        /// Join these shard folders (each the --out of one --shard run) into --out
        #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with_all = ["scenarios", "models", "sets", "shard", "baseline", "accept"])]
        merge: Vec<PathBuf>,
    },
    /// Check a scenario and its policy model; exit 1 listing every problem
    #[command(after_help = "\
Examples:
  bianzhi validate scenarios/demo-city
  bianzhi validate scenarios/demo-city --model models/baseline.toml

Exit codes: 0 ok, 1 invalid input (every problem listed as file:row: column), 2 usage,
5 stdout could not be written")]
    Validate {
        /// Scenario folder (holding scenario.toml), or its scenario.toml
        scenario: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Stock-take (摸清底数): vacancy, overstaffing, small units, leader ratios, pools, demand
    #[command(after_help = "\
Examples:
  bianzhi analyze scenarios/demo-city
  bianzhi analyze scenarios/demo-city --format json > stocktake.json

Exit codes: 0 ok, 1 invalid input (as validate), 2 usage, 5 stdout could not be written")]
    Analyze {
        /// Scenario folder (holding scenario.toml), or its scenario.toml
        scenario: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
        /// What stdout shows: tables, or the stock-take as JSON
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Re-check the plans of a plans.json against a scenario, without the solver
    #[command(after_help = "\
Examples:
  bianzhi verify scenarios/demo-city out/demo-city/baseline/plans.json

Exit codes: 0 ok (every plan holds every rule), 1 invalid input or a plan that breaks a
rule (each violation listed), 2 usage, 5 stdout could not be written")]
    Verify {
        /// Scenario folder (holding scenario.toml), or its scenario.toml
        scenario: PathBuf,
        /// The plans.json to re-check
        plans: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Write the optimisation model as MPS with its row and column names
    #[command(after_help = "\
Examples:
  bianzhi export-mps scenarios/demo-city -o demo.mps

Exit codes: 0 ok, 1 invalid input, 2 usage (an output inside the scenario folder),
5 the file could not be written")]
    ExportMps {
        /// Scenario folder (holding scenario.toml), or its scenario.toml
        scenario: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
        /// The MPS file to write (outside the scenario folder)
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Generate a synthetic scenario calibrated to the demo city
    #[command(after_help = "\
Examples:
  bianzhi gen --units 5000 -o city5k
  bianzhi gen --units 5000 --years 3 -o city5k-3y
  bianzhi gen --units 300000 --seed 2 --regions -o province

Exit codes: 0 ok, 2 usage (a folder that already holds a scenario), 5 a file could not
be written")]
    Gen {
        /// Number of units (单位) to generate
        #[arg(long)]
        units: usize,
        /// Random seed: the same seed and size give the same files
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder to write the scenario into (must not hold a scenario already)
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Chinese column headers, as a real-name-system export has them
        #[arg(long)]
        chinese_headers: bool,
        /// One region (地区) per city level and county, each with its own pools
        #[arg(long)]
        regions: bool,
        /// Plan years: requests spread over years 1..N (年度), retirements listed per
        /// line (退休人数), an attrition rate in the model and `years = N` in
        /// scenario.toml, so `solve` plans N years
        #[arg(long, default_value_t = 1)]
        years: usize,
    },
    /// List the built-in policy models, or print one's TOML to start a model of your own
    #[command(after_help = "\
Examples:
  bianzhi models
  bianzhi models baseline > my-model.toml

Exit codes: 0 ok, 2 usage (no such built-in model), 5 stdout could not be written")]
    Models {
        /// Print this built-in model's TOML (`bianzhi models baseline > my-model.toml`)
        name: Option<String>,
        /// What stdout shows: a table of the built-ins, or the list as JSON
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a small valid starter scenario into DIR: every column of every table, a
    /// few illustrative rows to replace, and `model = "baseline"`
    #[command(after_help = "\
Examples:
  bianzhi init my-county
  bianzhi init my-county --chinese-headers && bianzhi validate my-county

Exit codes: 0 ok, 2 usage (DIR already holds a scenario.toml or one of the files),
5 a file could not be written")]
    Init {
        /// Folder to create or fill; refused when it already holds a scenario.toml
        dir: PathBuf,
        /// Chinese column headers (单位代码, 编制类型, …), as a real-name-system export has them
        #[arg(long)]
        chinese_headers: bool,
    },
    /// Print the JSON Schema of plans.json or of a policy model (TOML read as JSON), for
    /// editors and other tools; see models/README.md
    #[command(after_help = "\
Examples:
  bianzhi schema model > bianzhi-model.schema.json
  bianzhi schema plans > bianzhi-plans.schema.json

Exit codes: 0 ok, 2 usage, 5 stdout could not be written")]
    Schema {
        /// Which document: `plans` (plans.json) or `model` (a policy model TOML)
        #[arg(value_enum)]
        document: SchemaDocument,
    },
}

// `solve`'s flags as written; `cli` resolves them into checked settings, taking every
// field apart so that a new flag cannot be silently ignored. (A plain comment: a doc
// comment here would become the subcommand's help text.)
#[derive(clap::Args, Debug)]
struct SolveArgs {
    /// Scenario folder (holding scenario.toml), or its scenario.toml
    scenario: PathBuf,
    /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
    /// current folder, else the built-in NAME; see `bianzhi models`)
    #[arg(long)]
    model: Option<PathBuf>,
    /// How many ranked plans
    #[arg(long, default_value_t = 3)]
    plans: usize,
    /// Output folder (default out/<scenario>/<model>/)
    #[arg(long)]
    out: Option<PathBuf>,
    /// What stdout shows: the plans as tables, or the plans.json document
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Wall-clock limit in seconds for the whole solve
    #[arg(long)]
    time_limit: Option<f64>,
    /// Relative MIP gap at which a plan counts as solved (default 0: proven optimal)
    #[arg(long)]
    gap: Option<f64>,
    /// Solver threads: independent parts solved side by side, or HiGHS threads
    /// for a model that does not split
    #[arg(long)]
    threads: Option<u32>,
    /// Run HiGHS presolve (off by default: slower on these models, see benches/README.md)
    #[arg(long)]
    presolve: bool,
    /// Solve the whole model at once instead of its independent parts (to compare)
    #[arg(long)]
    no_decompose: bool,
    /// Print each phase's wall time to stderr (load, validate, decompose, solve, …),
    /// one line per phase, in seconds
    #[arg(long)]
    timings: bool,
    /// Also write the leaders' report beside plans.json: report.html, plans.xlsx and
    /// summary.md (Chinese; see `bianzhi report` for English or other paths)
    #[arg(long)]
    report: bool,
    /// Alternatives instead of ranked plans: plans 2…K each within EPS (relative, e.g.
    /// 0.02) of plan 1's objective, each as different as possible from the earlier
    /// plans (requests funded, donor units, merged units)
    #[arg(long, value_name = "EPS", allow_negative_numbers = true)]
    diverse: Option<f64>,
    /// Per request, prove the least and most it can be granted in any plan within EPS
    /// (of --diverse, else 0) of plan 1, and which requests every such plan funds
    #[arg(long)]
    ranges: bool,
    /// Plan N years (default: the scenario's `[scenario] years`, else 1): year 1 as
    /// usual, then each year on the state the year before leaves — grants filled,
    /// retirements (`retiring` column or the model's `attrition.rate`), ledger
    /// returns falling due — with that year's requests (`year` column); plans.json
    /// gains `years`
    #[arg(long, value_name = "N")]
    years: Option<usize>,
}

/// The documents `bianzhi schema` describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SchemaDocument {
    /// plans.json as `solve` writes it
    Plans,
    /// A policy model file (models/*.toml)
    Model,
}

fn print_issues(issues: &[Issue]) {
    for i in issues {
        eprintln!("{i}");
    }
    let errors = issues.iter().filter(|i| i.is_error()).count();
    let warnings = issues.len() - errors;
    if errors > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s); nothing was written");
    }
}

/// Writes to stdout; a closed pipe (`bianzhi analyze … | head`) ends the run quietly
/// instead of panicking.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(5);
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match cli::run(args.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                Error::Invalid(issues) => print_issues(issues),
                other => eprintln!("error: {other}"),
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
