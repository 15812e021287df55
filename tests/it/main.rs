//! The one integration-test binary: every module below is a group of tests over the
//! public library API or the `bianzhi` binary. Tests never read outside the repo.

mod common;

mod alternatives_text;
mod browser;
mod cli;
mod compare;
mod compare_html;
mod contracts;
mod decompose;
mod determinism;
mod diverse;
mod infeasible;
mod init;
mod ledger;
mod loading;
mod models;
mod oracle;
mod properties;
mod readme;
mod ranges;
mod report;
mod report_html;
mod report_xlsx;
mod scenarios;
mod schema;
mod slurm;
mod snapshots;
mod unchanged;
mod validation;
mod xlsx;
mod years;
