//! The compare sweep on a real Slurm: tests/slurm/run starts a one-node cluster on this
//! machine (munged, slurmctld, slurmd, in a temporary folder), submits the demo city's
//! 6-row sweep as a 3-task job array of tests/slurm/sweep.sbatch (the README's recipe),
//! merges the shards and checks them equal to the unsharded run, timing fields aside.
//! It stops every daemon it started, whatever happens.
//!
//! tests/slurm/setup installs slurm-wlm, munge and python3 (apt-get, as root) when
//! missing; when it cannot, this test fails saying what to install, like the browser
//! test: a cluster test that skips itself would pass on a machine that never ran it.

use crate::common::repo;
use std::process::Command;

#[test]
fn the_sweep_sharded_over_a_slurm_job_array_merges_into_the_unsharded_results() {
    let slurm = repo().join("tests/slurm");
    let setup = Command::new("bash").arg(slurm.join("setup")).output().expect("bash runs");
    assert!(
        setup.status.success(),
        "tests/slurm/setup failed; the Slurm test needs slurm-wlm, munge and python3, and root to start slurmd \
         (as root: apt-get update && apt-get install -y --no-install-recommends slurm-wlm munge python3)\n{}",
        String::from_utf8_lossy(&setup.stderr)
    );

    let run = Command::new("bash").arg(slurm.join("run")).arg(env!("CARGO_BIN_EXE_bianzhi")).output().expect("bash runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "tests/slurm/run failed ({}):\n{stdout}\n{stderr}", run.status);
    print!("{stdout}");
    assert!(stdout.contains("all 3 array tasks COMPLETED with exit 0"), "{stdout}");
    assert!(stdout.contains("equal: results.json and results.csv (6 rows"), "{stdout}");
}
