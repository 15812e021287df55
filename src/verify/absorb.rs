//! 消化超编, checked: staff move only out of an overstaffed line, within its excess and
//! its hub, into a line that stays within quota.

use super::evaluator::Evaluator;
use super::LineKey;
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Evaluator<'a> {
    /// Staff move only out of an overstaffed line, only its excess, within one sector and
    /// level, into a line that is not overstaffed, not merged, gives nothing in the type
    /// and ends with staff ≤ quota.
    pub(super) fn check_absorbs(&mut self) {
        let mut absorbed_out: BTreeMap<LineKey<'a>, i64> = BTreeMap::new();
        let mut absorbing: BTreeSet<LineKey<'a>> = BTreeSet::new();
        for a in &self.absorbs {
            let (u, w, ty) = (a.from, a.to, a.ty);
            *absorbed_out.entry((&u.id, ty)).or_insert(0) += a.amount;
            absorbing.insert((&w.id, ty));
            if u.id == w.id {
                self.found.flag(Rule::AbsorbReceiver, format!("{}: a unit cannot absorb its own staff", a.text));
            }
            if u.region != w.region {
                self.found.flag(Rule::AbsorbHub,
                    format!("{}: {} is in region {} but {} is in region {}", a.text, u.id, u.region, w.id, w.region),
                );
            }
            if u.sector != w.sector || u.level != w.level {
                self.found.flag(Rule::AbsorbHub,
                    format!(
                        "{}: {} is {} {} but {} is {} {}",
                        a.text, u.id, u.sector, u.level, w.id, w.sector, w.level
                    ),
                );
            }
            if !self.overstaffed_in(&u.id, ty) {
                let (q, s) = self.input_line(&u.id, ty);
                self.found.flag(Rule::AbsorbSender,
                    format!("{}: {} is not overstaffed in {ty} ({s} staff, {q} quota)", a.text, u.id),
                );
            }
            if let Some(host) = self.merged.get(u.id.as_str()) {
                self.found.flag(Rule::MergeIsolated,
                    format!("{}: {} is merged into {host} and gives nothing else", a.text, u.id),
                );
            }
            if self.overstaffed_in(&w.id, ty) {
                let (q, s) = self.input_line(&w.id, ty);
                self.found.flag(Rule::AbsorbReceiver,
                    format!("{}: {} is overstaffed in {ty} ({s} staff, {q} quota)", a.text, w.id),
                );
            }
            if let Some(host) = self.merged.get(w.id.as_str()) {
                self.found.flag(Rule::AbsorbReceiver,
                    format!("{}: {} is merged into {host}", a.text, w.id),
                );
            }
            if self.receives.contains(&(u.id.as_str(), ty)) {
                self.found.flag(Rule::AbsorbSenderReceives,
                    format!("{}: {} receives {ty} in the same plan", a.text, u.id),
                );
            }
        }
        for ((unit, ty), total) in absorbed_out {
            let (q, s) = self.input_line(unit, ty);
            let excess = s - q;
            // An absorb out of a line that is not overstaffed is absorb.sender already.
            if excess > 0 && total > excess {
                self.found.flag(Rule::AbsorbLimit,
                    format!("{unit} {ty}: absorbs {total} staff out, its excess is {excess}"),
                );
            }
        }
        for (unit, ty) in absorbing {
            let (q, s) = self.final_line(unit, ty);
            if s > q {
                self.found.flag(Rule::AbsorbCapacity,
                    format!("{unit} {ty}: ends with {s} staff on {q} quota after absorbing"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::verify::evaluate;
    use crate::verify::fixture::*;

    #[test]
    fn absorb_beyond_excess() {
        check_breaks(valid_with(2, absorb("U4", "U5", 3)), "absorb.limit");
        check_breaks(valid_with(2, absorb("U1", "U5", 1)), "absorb.sender");
    }

    #[test]
    fn absorb_receiver_ending_over_quota() {
        check_breaks(valid_with(2, absorb("U4", "U7", 2)), "absorb.capacity");
    }

    #[test]
    fn absorb_receiver_rules() {
        let mut s = scenario();
        s.units.iter_mut().find(|u| u.id == "U5").unwrap().level = "county".into();
        let evaluation = evaluate(&s, &policy(), &valid_moves());
        assert!(rules_of(&evaluation.violations).contains(&"absorb.group"));
        // U6 receives a grant in the type, so it may not give staff away.
        let mut moves = valid_moves();
        moves.push(absorb("U6", "U5", 1));
        check_breaks(moves, "absorb.receiving");
        check_breaks(valid_with(2, absorb("U4", "U2", 1)), "absorb.receiver");
    }
}
