//! Which decisions exist at all: the static eligibility of DESIGN §6 evaluated on the
//! input state — what a line may give (`line_reclaimable`), where given-up quota goes
//! (`Collectors`), who may merge and host (`Candidates`), who may receive
//! (`may_receive`). The model's constraint families only add rows over these; the
//! stock-take, `validate`, `decompose` and `explain` ask the same questions here.

use crate::domain::{Function, Line, Scenario, Unit};
use crate::policy::Policy;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Why a unit that must merge (vanished) cannot be merged at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotMergeable {
    Protected,
    /// A line would release quota of a type with no `reclaim.into` pool.
    NoPoolFor(String),
}

/// A merge group: (parent, sector) when the policy compares them, the level and the
/// region.
type GroupKey<'a> = (Option<&'a str>, Option<&'a str>, &'a str, &'a str);

pub struct Candidates<'a> {
    pub s: &'a Scenario,
    pub p: &'a Policy,
    /// Unit id → index in `s.units`.
    pub unit_idx: HashMap<&'a str, usize>,
    /// Units overstaffed in at least one type (input state).
    pub overstaffed_any: HashSet<&'a str>,
    /// (unit, type) pairs with a request.
    pub requested: HashSet<(&'a str, &'a str)>,
    /// Requests per (unit, type).
    pub requests_of: HashMap<(&'a str, &'a str), Vec<usize>>,
    /// Mergeable unit → eligible hosts (sorted by id).
    pub hosts: BTreeMap<&'a str, Vec<&'a str>>,
    /// Vanished units of an eligible kind that must merge, with the reason when they
    /// cannot be merged at all.
    pub forced: BTreeMap<&'a str, Option<NotMergeable>>,
    /// Collecting pools by (region, type).
    pub collectors: Collectors<'a>,
}

impl<'a> Candidates<'a> {
    pub fn new(s: &'a Scenario, p: &'a Policy) -> Candidates<'a> {
        let unit_idx: HashMap<&str, usize> = s.units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
        let overstaffed_any: HashSet<&str> =
            s.lines.iter().filter(|l| l.is_overstaffed()).map(|l| l.unit.as_str()).collect();
        let mut requests_of: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, r) in s.requests.iter().enumerate() {
            requests_of.entry((r.unit.as_str(), r.ty.as_str())).or_default().push(i);
        }
        let requested = requests_of.keys().copied().collect();
        let mut c = Candidates {
            s,
            p,
            unit_idx,
            overstaffed_any,
            requested,
            requests_of,
            hosts: BTreeMap::new(),
            forced: BTreeMap::new(),
            collectors: Collectors::new(s),
        };
        c.find_merges();
        c
    }

    pub fn unit(&self, id: &str) -> &'a Unit {
        &self.s.units[self.unit_idx[id]]
    }

    fn eligible_kind(&self, u: &Unit) -> bool {
        self.p.consolidation.kinds.contains(&u.kind)
    }

    /// The merge group of a unit: (parent, sector, level) as the policy compares them.
    fn group_key(&self, u: &'a Unit) -> GroupKey<'a> {
        let cons = &self.p.consolidation;
        (
            cons.same_parent.then(|| u.parent.as_deref().unwrap_or("")),
            cons.same_sector.then_some(u.sector.as_str()),
            u.level.as_str(),
            u.region.as_str(),
        )
    }

    /// Where a unit's quota given up in a type goes (reclaim, merge release).
    pub fn give_pool(&self, u: &Unit, ty: &str) -> Option<&'a str> {
        self.collectors.pool_for(self.p, u, ty)
    }

    /// Why a unit can never be merged, if it cannot.
    pub fn not_mergeable(&self, u: &Unit) -> Option<NotMergeable> {
        if u.protected {
            return Some(NotMergeable::Protected);
        }
        self.s
            .lines_of(&u.id)
            .iter()
            .find(|l| l.quota > l.staff && self.give_pool(u, &l.ty).is_none())
            .map(|l| NotMergeable::NoPoolFor(l.ty.clone()))
    }

    pub fn may_host(&self, h: &Unit) -> bool {
        self.eligible_kind(h) && (self.p.receiving.overstaffed_may_receive || !self.overstaffed_any.contains(h.id.as_str()))
    }

    fn find_merges(&mut self) {
        let s = self.s;
        let p = self.p;
        let cons = &p.consolidation;
        let mut groups: BTreeMap<GroupKey, Vec<&Unit>> = BTreeMap::new();
        for u in s.units.iter().filter(|u| self.eligible_kind(u)) {
            groups.entry(self.group_key(u)).or_default().push(u);
        }
        for u in &s.units {
            if !self.eligible_kind(u) {
                continue;
            }
            let vanished = u.function == Function::Vanished;
            let small = s.total_quota(&u.id) <= cons.max_quota;
            let blocked = self.not_mergeable(u);
            if vanished && cons.vanished_must_merge {
                self.forced.insert(u.id.as_str(), blocked.clone());
            }
            if !(small || vanished) || blocked.is_some() {
                continue;
            }
            let hosts: Vec<&str> = groups[&self.group_key(u)]
                .iter()
                .filter(|h| h.id != u.id && self.may_host(h))
                .map(|h| h.id.as_str())
                .collect();
            if !hosts.is_empty() || self.forced.contains_key(u.id.as_str()) {
                self.hosts.insert(u.id.as_str(), hosts);
            }
        }
    }

    /// Reclaimable quota of a line: min(v − keep_vacant, ⌊max_share·v⌋) when the line
    /// may give at all (type has a pool, unit not protected, no request of the type).
    pub fn reclaim_max(&self, l: &Line) -> i64 {
        let has_request = self.requested.contains(&(l.unit.as_str(), l.ty.as_str()));
        let u = self.unit(&l.unit);
        line_reclaimable(self.p, u, l, has_request, self.give_pool(u, &l.ty).is_some())
    }

    /// Whether a unit may receive in a type despite being overstaffed there.
    pub fn may_receive(&self, unit: &str, ty: &str) -> bool {
        may_receive(self.s, self.p, unit, ty)
    }
}

/// Whether a unit may receive in a type: not overstaffed there (超编只出不进), unless
/// the policy lets overstaffed units receive. Needs no candidate index.
pub fn may_receive(s: &Scenario, p: &Policy, unit: &str, ty: &str) -> bool {
    p.receiving.overstaffed_may_receive || !s.line(unit, ty).is_some_and(Line::is_overstaffed)
}

/// The absorb hub a unit's line of type `ty` belongs to (DESIGN §6 消化超编): overstaffing
/// passes only within one (type, sector, level, region).
pub type AbsorbHub<'a> = (&'a str, &'a str, &'a str, &'a str);

/// [`AbsorbHub`] of `unit`'s line of type `ty`.
pub fn absorb_hub<'a>(unit: &'a Unit, ty: &'a str) -> AbsorbHub<'a> {
    (ty, unit.sector.as_str(), unit.level.as_str(), unit.region.as_str())
}

/// Whether a unit of a hub's group may take in another's excess staff of type `ty`, and
/// with what vacancy: never when its own line is overstaffed there (absorbs are
/// independent of `receiving.overstaffed_may_receive`, which is about grants); a unit
/// without a line of the type has vacancy 0. The model gives such a unit room only with
/// a vacancy or a grantable request; `decompose` joins it on any request (it only
/// over-joins).
pub fn absorb_receiver_vacancy(s: &Scenario, unit: &str, ty: &str) -> Option<i64> {
    match s.line(unit, ty) {
        Some(l) if l.is_overstaffed() => None,
        Some(l) => Some(l.vacancy()),
        None => Some(0),
    }
}

/// Reclaimable vacancy of a line under `[reclaim]`: min(v − keep, ⌊share·v⌋), ≥ 0.
pub fn reclaimable_vacancy(policy: &Policy, vacancy: i64) -> i64 {
    let by_share = (policy.reclaim.max_share * vacancy as f64 + 1e-9).floor() as i64;
    (vacancy - policy.reclaim.keep_vacant).min(by_share).max(0)
}

/// What a line may give under `[reclaim]`: nothing for a protected unit, a line with
/// no pool to give to (`has_pool`: its region's collecting pool or `reclaim.into`), or
/// a (unit, type) with a request of its own; otherwise its reclaimable vacancy.
pub fn line_reclaimable(policy: &Policy, unit: &Unit, line: &Line, has_request: bool, has_pool: bool) -> i64 {
    if unit.protected || has_request || !has_pool {
        return 0;
    }
    reclaimable_vacancy(policy, line.vacancy())
}

/// The collecting pools of a scenario by (region, type).
pub struct Collectors<'a>(std::collections::HashMap<(&'a str, &'a str), &'a str>);

impl<'a> Collectors<'a> {
    pub fn new(s: &'a Scenario) -> Collectors<'a> {
        Collectors(
            s.pools
                .iter()
                .filter(|p| p.collects && !p.region.is_empty())
                .map(|p| ((p.region.as_str(), p.ty.as_str()), p.id.as_str()))
                .collect(),
        )
    }

    /// Where quota a unit gives up in a type goes (reclaim and merge release): the
    /// collecting pool of the unit's region for that type, else the model's
    /// `reclaim.into` pool.
    pub fn pool_for(&self, policy: &'a Policy, unit: &Unit, ty: &str) -> Option<&'a str> {
        if !unit.region.is_empty() {
            if let Some(&id) = self.0.get(&(unit.region.as_str(), ty)) {
                return Some(id);
            }
        }
        policy.into_pool(ty)
    }
}
