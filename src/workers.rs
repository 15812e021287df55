//! The one place that runs jobs on N threads: a pool of `threads` workers, or with one
//! thread the jobs in order on the calling thread; results in job order; and the time a
//! run's jobs share, handed to each job as it starts.
//!
//! Why in order on the calling thread for one thread: a caller that is itself a task of
//! a pool (a `compare` row solving its parts) then keeps to its own thread instead of
//! lending it to its pool's other tasks while it waits on a pool of ours.
//!
//! **Invariant:** the only importer of `rayon`. A pool that cannot be started is an
//! `Error`, never a quiet fallback; a job's own error is a value in its slot, and a
//! job's panic reaches the caller.

use crate::error::Error;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Runs jobs `threads` at a time.
pub(crate) struct Workers {
    threads: usize,
    /// None with one thread: the jobs run on the calling thread.
    pool: Option<rayon::ThreadPool>,
}

impl Workers {
    /// `threads` workers (at least one), named `bianzhi-{name}-{i}`; with one, none is
    /// started.
    pub(crate) fn new(threads: usize, name: &'static str) -> Result<Workers, Error> {
        let threads = threads.max(1);
        let pool = match threads {
            1 => None,
            n => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(move |i| format!("bianzhi-{name}-{i}"))
                    .build()
                    .map_err(|e| Error::Solver(format!("cannot start solver threads: {e}")))?,
            ),
        };
        Ok(Workers { threads, pool })
    }

    /// `one` on every job; the results in job order, whatever order the jobs ran in.
    pub(crate) fn run<J: Sync, T: Send>(&self, jobs: &[J], one: impl Fn(&J) -> T + Sync) -> Vec<T> {
        match &self.pool {
            Some(pool) => pool.install(|| jobs.par_iter().map(&one).collect()),
            None => jobs.iter().map(one).collect(),
        }
    }

    /// As [`Workers::run`], each job handed its time limit as it starts (None: no
    /// limit), shared out of `budget` by `split`.
    pub(crate) fn run_timed<J: Sync, T: Send>(
        &self,
        jobs: &[J],
        budget: &Budget,
        split: Split,
        one: impl Fn(&J, Option<f64>) -> T + Sync,
    ) -> Vec<T> {
        let n = jobs.len();
        let (started, finished) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let threads = self.threads as f64;
        let total_weight = match split {
            Split::ByWeight(weights) => {
                assert_eq!(weights.len(), n, "one weight per job");
                weights.iter().sum::<usize>().max(1)
            }
            _ => 1,
        };
        let indexed: Vec<(usize, &J)> = jobs.iter().enumerate().collect();
        self.run(&indexed, |&(i, job)| {
            // A job's place among the others when it starts: counted before it runs.
            let started_before = started.fetch_add(1, Ordering::Relaxed);
            let limit = budget.limit.map(|t| match split {
                Split::Whole => budget.left(t),
                // Jobs still to finish over workers, at most all that is left.
                Split::AmongUnfinished => {
                    let left = n - finished.load(Ordering::Relaxed);
                    budget.left(t) * (threads / left.max(1) as f64).min(1.0)
                }
                // Jobs still to start (this one included) over workers.
                Split::AmongUnstarted => {
                    let left = n - started_before;
                    budget.left(t) * (threads / left.max(1) as f64).min(1.0)
                }
                Split::ByWeight(weights) => (t - budget.reserve) * (threads * weights[i] as f64 / total_weight as f64).min(1.0),
            });
            let out = one(job, limit);
            finished.fetch_add(1, Ordering::Relaxed);
            out
        })
    }
}

/// The time a run's jobs share: `limit` seconds (None: no limit) counted from `since`,
/// less `reserve` kept back for the caller's own work after the jobs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Budget {
    limit: Option<f64>,
    since: Instant,
    reserve: f64,
}

impl Budget {
    /// `limit` seconds from `since`, nothing kept back.
    pub(crate) fn new(limit: Option<f64>, since: Instant) -> Budget {
        Budget { limit, since, reserve: 0.0 }
    }

    /// The same, keeping back `reserve(limit)` seconds.
    pub(crate) fn keeping_back(self, reserve: impl Fn(f64) -> f64) -> Budget {
        Budget { reserve: self.limit.map_or(0.0, reserve), ..self }
    }

    /// Seconds left now, less the reserve (never below 0); None without a limit.
    pub(crate) fn left_now(&self) -> Option<f64> {
        self.limit.map(|t| self.left(t))
    }

    fn left(&self, limit: f64) -> f64 {
        (limit - self.reserve - self.since.elapsed().as_secs_f64()).max(0.0)
    }
}

/// How a [`Budget`] is shared among the jobs of one run.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Split<'a> {
    /// Every job may take all that is left as it starts.
    Whole,
    /// As each job starts: `threads / n` of what is left (at most all), n the jobs not
    /// yet finished. Every job has its turn by the deadline, and one that finishes early
    /// leaves its time to the later ones.
    AmongUnfinished,
    /// As [`Split::AmongUnfinished`], n the jobs not yet started (this one included).
    AmongUnstarted,
    /// Job i gets `(limit − reserve) · min(threads · wᵢ / Σw, 1)`, fixed before any job
    /// starts: as if the jobs shared the workers evenly in proportion to their weights.
    ByWeight(&'a [usize]),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn results_come_back_in_job_order() {
        let workers = Workers::new(3, "test").expect("a pool starts");
        // Later jobs finish first.
        let jobs: Vec<u64> = (0..9).collect();
        let out = workers.run(&jobs, |&j| {
            std::thread::sleep(Duration::from_millis(5 * (9 - j)));
            j * 10
        });
        assert_eq!(out, (0..9).map(|j| j * 10).collect::<Vec<_>>());
    }

    #[test]
    fn one_thread_runs_the_jobs_in_order_on_the_calling_thread() {
        let workers = Workers::new(1, "test").expect("no pool needed");
        let caller = std::thread::current().id();
        let order = std::sync::Mutex::new(Vec::new());
        let out = workers.run(&[1, 2, 3], |&j| {
            order.lock().unwrap().push(j);
            std::thread::current().id() == caller
        });
        assert_eq!(out, vec![true; 3]);
        assert_eq!(*order.lock().unwrap(), vec![1, 2, 3]);
        let none = Workers::new(0, "test").expect("no pool needed");
        assert!(none.threads == 1 && none.pool.is_none());
    }

    #[test]
    fn a_jobs_error_comes_back_in_its_place() {
        for threads in [1, 2] {
            let workers = Workers::new(threads, "test").expect("a pool starts");
            let out: Vec<Result<u32, Error>> =
                workers.run(&[1, 2, 3], |&j| if j == 2 { Err(Error::Solver(format!("job {j} failed"))) } else { Ok(j) });
            assert!(matches!(&out[1], Err(Error::Solver(m)) if m == "job 2 failed"), "{out:?}");
            assert!(matches!(out[..], [Ok(1), Err(_), Ok(3)]), "{out:?}");
        }
    }

    #[test]
    fn a_pool_runs_jobs_on_its_own_named_threads() {
        let workers = Workers::new(2, "test").expect("a pool starts");
        let names = workers.run(&[0, 1], |_| std::thread::current().name().map(str::to_string));
        assert!(names.iter().all(|n| n.as_deref().is_some_and(|n| n.starts_with("bianzhi-test-"))), "{names:?}");
    }

    #[test]
    fn shares_of_a_budget() {
        let one = Workers::new(1, "test").expect("no pool needed");
        let since = Instant::now();
        let limits = |budget: Budget, split: Split| one.run_timed(&[(); 4], &budget, split, |_, limit| limit);
        // No limit: none for any job.
        assert_eq!(limits(Budget::new(None, since), Split::AmongUnfinished), vec![None; 4]);
        // In order on one thread: the first of four gets a quarter of what is left, the
        // last all of it.
        let fair = limits(Budget::new(Some(100.0), since), Split::AmongUnfinished);
        let fair: Vec<f64> = fair.into_iter().map(|l| l.expect("a limit")).collect();
        assert!((fair[0] - 25.0).abs() < 0.5 && (fair[3] - 2.0 * fair[2]).abs() < 0.5, "{fair:?}");
        let unstarted = limits(Budget::new(Some(100.0), since), Split::AmongUnstarted);
        assert!(unstarted[0].is_some_and(|l| (l - 25.0).abs() < 0.5), "{unstarted:?}");
        // The reserve is kept back from every share.
        let kept = limits(Budget::new(Some(100.0), since).keeping_back(|t| 0.1 * t), Split::Whole);
        assert!(kept.iter().all(|l| l.is_some_and(|l| l <= 90.0 && l > 89.0)), "{kept:?}");
        // By weight: fixed shares of the whole, none above it.
        let weights = [1, 3, 0, 0];
        let by_weight = limits(Budget::new(Some(8.0), since), Split::ByWeight(&weights));
        assert_eq!(by_weight, vec![Some(2.0), Some(6.0), Some(0.0), Some(0.0)]);
        let two = Workers::new(2, "test").expect("a pool starts");
        let by_weight = two.run_timed(&[(); 2], &Budget::new(Some(8.0), since), Split::ByWeight(&[1, 3]), |_, l| l);
        assert_eq!(by_weight, vec![Some(4.0), Some(8.0)]);
    }
}
