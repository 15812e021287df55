//! How often each decision recurs over a document's plans (DESIGN §12): per request in
//! how many plans it is funded, per donor candidate in how many it gives, per merge
//! candidate in how many it is merged. A report groups them as 必选 (every plan),
//! 可选 (some) and 不选 (none) with `domain::Choice`.

use crate::domain::{DecisionCounts, DonorCount, MergeCount, Move, Plan, RequestCount, Scenario};
use crate::policy::Policy;
use crate::rules::Candidates;
use std::collections::{BTreeMap, BTreeSet};

/// Counts over `plans`: every request; every unit with a line that may give quota back;
/// every unit that has a host it may merge into. Units a plan uses outside those lists
/// (none, when the plans came from these rules) are counted too, so a count is never lost.
pub fn decision_counts(s: &Scenario, p: &Policy, plans: &[Plan]) -> DecisionCounts {
    let c = Candidates::new(s, p);
    let mut funded: BTreeMap<&str, usize> = s.requests.iter().map(|r| (r.id.as_str(), 0)).collect();
    let mut gives: BTreeMap<&str, usize> =
        s.lines.iter().filter(|l| c.reclaim_max(l) > 0).map(|l| (l.unit.as_str(), 0)).collect();
    let mut merges: BTreeMap<&str, usize> = c.hosts.iter().filter(|(_, hs)| !hs.is_empty()).map(|(u, _)| (*u, 0)).collect();
    for plan in plans {
        for r in plan.requests.iter().filter(|r| r.granted > 0) {
            *funded.entry(r.request.as_str()).or_default() += 1;
        }
        let mut donors: BTreeSet<&str> = BTreeSet::new();
        for mv in &plan.moves {
            match mv {
                Move::Reclaim { from, .. } => {
                    donors.insert(from.as_str());
                }
                Move::Merge { from, .. } => *merges.entry(from.as_str()).or_default() += 1,
                _ => {}
            }
        }
        for d in donors {
            *gives.entry(d).or_default() += 1;
        }
    }
    DecisionCounts {
        plans: plans.len(),
        requests: funded.into_iter().map(|(r, n)| RequestCount { request: r.to_string(), funded: n }).collect(),
        donors: gives.into_iter().map(|(u, n)| DonorCount { unit: u.to_string(), gives: n }).collect(),
        merges: merges.into_iter().map(|(u, n)| MergeCount { unit: u.to_string(), merges: n }).collect(),
    }
}
