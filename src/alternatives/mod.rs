//! Alternatives a leader can choose between (DESIGN §12), built on the ranked search's
//! engine (`search`): `diverse` (`--diverse EPS`: plans within ε of plan 1, each as far as
//! possible from the plans before it), `tie_break` (among ranked plans of one objective
//! value, the farthest), `ranges` (`--ranges`: each request's least and most within ε),
//! and `distance`, the pattern distance they share. Their words for leaders are in the
//! text layer.

mod distance;
mod diverse;
mod ranges;
mod tie_break;

pub(crate) use diverse::run_diverse;
pub(crate) use ranges::request_ranges;
pub(crate) use tie_break::farthest_tie;
