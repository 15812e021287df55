//! The rules every user shares, below the model, the stock-take, `validate`,
//! `decompose` and `explain`: static eligibility on the input state
//! ([`eligibility`]) and the one catalogue of rule identities ([`catalogue`]).
//! Depends on `domain` and `policy` only; no solver, no IO, no text for people.

mod catalogue;
mod eligibility;

pub use catalogue::{name_part, Relaxation, Rule, RuleInfo, Written};

pub use eligibility::{absorb_hub, absorb_receiver_vacancy, line_reclaimable, may_receive, reclaimable_vacancy, AbsorbHub, Candidates, Collectors, NotMergeable};
