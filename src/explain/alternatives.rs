//! What a leader needs to read alternatives side by side (DESIGN §12): a plan with plan
//! 1's objective that only swaps equivalent requests says so, and a request it leaves
//! out for an equivalent one says which one took its place.

use crate::domain::{Plan, Scenario};
use crate::policy::Policy;

/// Rewrites, in plans 2…K, the texts that depend on plan 1 (plans are final and
/// numbered; plan 1 is `plans[0]`).
pub fn annotate_alternatives(_s: &Scenario, _p: &Policy, _plans: &mut [Plan]) {}
