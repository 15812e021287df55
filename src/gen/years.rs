//! Several plan years (`gen --years N`): which year each request is for, and the
//! retirements the register lists per line.

use super::calibration::{RETIRE_LISTED_MIN_STAFF, RETIRE_LISTED_SHARE, RETIRE_RATE};
use super::draft::{Draft, RequestDraft};
use super::rng::Rng;

/// Spreads the requests evenly over years 1..=`years` (⌈n/N⌉ or ⌊n/N⌋ each), at random.
/// Only the year changes, so every other file is the one-year scenario's.
pub(super) fn assign_years(requests: &mut [RequestDraft], years: usize, rng: &mut Rng) {
    if years <= 1 {
        return;
    }
    let mut spread: Vec<usize> = (0..requests.len()).map(|k| 1 + k % years).collect();
    rng.shuffle(&mut spread);
    for (r, year) in requests.iter_mut().zip(spread) {
        r.year = year;
    }
}

/// Listed retirements (退休人数) for `years` years: every overstaffed line and about half
/// of the lines with [`RETIRE_LISTED_MIN_STAFF`] staff or more, each year around
/// [`RETIRE_RATE`] of the staff and in all never more than the staff. Other lines list
/// none and retire at the model's `[attrition] rate`.
pub(super) fn assign_retiring(units: &mut [Draft], years: usize, rng: &mut Rng) {
    if years <= 1 {
        return;
    }
    for l in units.iter_mut().flat_map(|u| u.lines.iter_mut()) {
        let listed = l.overstaffed || (l.staff >= RETIRE_LISTED_MIN_STAFF && rng.chance(RETIRE_LISTED_SHARE));
        if !listed {
            continue;
        }
        let mut left = l.staff;
        for _ in 0..years {
            // From half to one and a half times the mean, as age cohorts differ.
            let spread = 0.5 + rng.unit();
            let n = rng.round_stochastic(l.staff as f64 * RETIRE_RATE * spread).min(left);
            left -= n;
            l.retiring.push(n);
        }
    }
}
