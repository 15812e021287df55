//! The ranked tie-break on one live model (DESIGN §12): among the plans of the next
//! ranked objective value, the one farthest from the plans already given. Used by
//! `search::whole`; the parts' tie-break is `search::parts::pop_farthest`.

use super::distance::{slack, start_of, Indicators};
use crate::plan::{Decisions, Pattern};
use crate::rules::Rule;
use crate::search::document;
use crate::solve::Session;

/// Branch-and-bound nodes the ranked tie-break may spend per plan.
const TIE_NODES: i64 = 200;

/// Ranked mode's tie-break on one live model (DESIGN §12): `found` is the next ranked
/// plan (objective `value`, the best left under the cuts); among plans of that same
/// objective, look for the one farthest from the `earlier` plans, within `seconds`.
/// The objective value is held by a row (`tie_row`, added on first use and switched off
/// after), so ranked objective values never change; the policy objective is restored.
pub(crate) fn farthest_tie(
    session: &mut Session,
    tie_row: &mut Option<usize>,
    found: &[f64],
    value: f64,
    earlier: &[Pattern],
    seconds: f64,
) -> Option<Vec<f64>> {
    let row = *tie_row.get_or_insert_with(|| {
        let coeffs = session.cost_row();
        let at = session.n_rows();
        session.add_row(&Rule::RankTie.row_name(&[]), &coeffs, f64::NEG_INFINITY, f64::INFINITY);
        at
    });
    let indicators = Indicators::of(&session.index);
    let before = Decisions::read(&session.index, found);
    let (coeffs, offset) = indicators.distance_objective(session.col_names.len(), earlier);
    // The row bound is on Σ costs·x (no constant); `value` includes the constant.
    session.set_row_bounds(row, value - session.offset - slack(value), f64::INFINITY);
    session.set_objective(&coeffs, offset);
    session.set_start(&start_of(&session.index, &before));
    // A node limit, so the tie chosen is the same on a loaded machine as on an idle one;
    // the time cap (well above what the nodes take) only guards against a pathological
    // model, and a solve it cuts off is not used.
    session.limit_next_solve_nodes(TIE_NODES);
    session.limit_next_solve(seconds);
    let out = session.solve();
    session.restore_objective();
    session.set_row_bounds(row, f64::NEG_INFINITY, f64::INFINITY);
    if !out.status.has_solution() || out.seconds >= seconds * 0.95 {
        return None;
    }
    let after = Decisions::read(&session.index, &out.values);
    let far = |d: &Decisions| earlier.iter().map(|q| document::distance(&d.pattern(), q)).sum::<usize>();
    (far(&after) > far(&before)).then_some(out.values)
}
