//! The `bianzhi` binary: clap arguments → settings → library calls. The only place
//! that prints or sets exit codes (0 ok, 1 invalid input, 2 usage, 3 infeasible,
//! 4 no solution within the limits, 5 internal or output failure).

use bianzhi::{Error, Issue};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;

#[derive(Parser, Debug)]
#[command(name = "bianzhi", version, about = "编制调剂方案规划 — plans the redistribution of staffing quotas")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Solve a scenario: ranked, explained, verified plans written to plans.json
    Solve {
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
    },
    /// Check a scenario and its policy model; exit 1 listing every problem
    Validate {
        scenario: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Stock-take (摸清底数): vacancy, overstaffing, small units, leader ratios, pools, demand
    Analyze {
        scenario: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Re-check the plans of a plans.json against a scenario, without the solver
    Verify {
        scenario: PathBuf,
        plans: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Write the optimisation model as MPS with its row and column names
    ExportMps {
        scenario: PathBuf,
        /// Policy model, overriding the scenario's: a path, or a name (NAME.toml in the
        /// current folder, else the built-in NAME; see `bianzhi models`)
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Generate a synthetic scenario calibrated to the demo city
    Gen {
        #[arg(long)]
        units: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Chinese column headers, as a real-name-system export has them
        #[arg(long)]
        chinese_headers: bool,
        /// One region (地区) per city level and county, each with its own pools
        #[arg(long)]
        regions: bool,
    },
    /// List the built-in policy models, or print one's TOML to start a model of your own
    Models {
        /// Print this built-in model's TOML (`bianzhi models baseline > my-model.toml`)
        name: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a small valid starter scenario into DIR: every column of every table, a
    /// few illustrative rows to replace, and `model = "baseline"`
    Init {
        /// Folder to create or fill; refused when it already holds a scenario.toml
        dir: PathBuf,
        /// Chinese column headers (单位代码, 编制类型, …), as a real-name-system export has them
        #[arg(long)]
        chinese_headers: bool,
    },
    /// Print the JSON Schema of plans.json or of a policy model (TOML read as JSON), for
    /// editors and other tools; see README
    Schema {
        #[arg(value_enum)]
        document: SchemaDocument,
    },
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
